/**
 * The report worker's typed interface (comlink). The main thread holds a `Remote<ReportApi>`; the
 * worker (`workers/report.worker.ts`) exposes `createReportApi()` from `./report-api-impl.ts`.
 * The input is the engine's ReportInput (plain summary data: dataset info, EDA results, the
 * bundle, confusion counts, ROC points, mean |SHAP|); the rendered file comes back as bytes whose
 * buffer is transferred, never copied.
 */
import type { ReportInput, ReportOptions } from '../engine/report/types';

/** Output formats of a report. */
export type ReportFormat = 'html' | 'md' | 'pdf';

export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'pdf'];

/** Absolute URLs of the PDF fonts (DejaVu Sans regular and bold) on the app's own origin. */
export interface FontUrls {
  regular: string;
  bold: string;
}

export interface RenderedReport {
  /** The file's bytes (UTF-8 text for HTML / Markdown); the buffer is transferred. */
  bytes: Uint8Array;
  /** MIME type for the download Blob, e.g. 'application/pdf'. */
  mime: string;
  /** File name extension without the dot: 'html', 'md' or 'pdf'. */
  fileExtension: string;
  /** Milliseconds: building the report model, and rendering it to the format. */
  ms: { build: number; render: number };
}

export interface ReportApi {
  /**
   * Where the PDF fonts are fetched from (once per worker, on the first PDF render). URLs must be
   * on the worker's own origin: the app makes no request elsewhere. Throws REPORT_FAILED for a
   * URL that is not.
   */
  setFontUrls(urls: FontUrls): Promise<void>;
  /**
   * buildReport + the format's renderer. Every failure (bad options, fonts not loaded, a renderer
   * error) rejects with AppError REPORT_FAILED naming the format — never another format instead.
   */
  render(input: ReportInput, opts: ReportOptions, format: ReportFormat): Promise<RenderedReport>;
}
