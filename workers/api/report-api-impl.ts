/**
 * The report worker's implementation of ReportApi: the engine's buildReport and its three
 * renderers. The PDF fonts are loaded once per worker (the same byte arrays serve every later
 * report, which also keeps jsPDF's per-font binary-string cache warm) from URLs the main thread
 * passes in — the worker cannot know the app's base path. Every rejection is an AppError
 * REPORT_FAILED naming the requested format; a failure never yields another format.
 */
import { transfer } from 'comlink';
import { AppError } from '../engine/errors';
import { buildReport } from '../engine/report/build';
import { reportFailed } from '../engine/report/errors';
import { renderHtml } from '../engine/report/html';
import { renderMarkdown } from '../engine/report/markdown';
import { renderPdf, type PdfFonts } from '../engine/report/pdf';
import type { ReportInput, ReportOptions } from '../engine/report/types';
import {
  REPORT_FORMATS,
  type FontUrls,
  type RenderedReport,
  type ReportApi,
  type ReportFormat
} from './report-api';

/** What the implementation needs; tests hand in fakes. */
export interface ReportApiDeps {
  /** Loads the font files (default: `fetchFonts`, same-origin fetch). */
  loadFonts?(urls: FontUrls): Promise<PdfFonts>;
  /** Marks the result for transfer (comlink's `transfer` in the worker; identity in tests). */
  transferResult?(r: RenderedReport): RenderedReport;
  /** Milliseconds clock (default performance.now). */
  now?(): number;
}

const MIME: Record<ReportFormat, string> = {
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  pdf: 'application/pdf'
};

/** The error every failure becomes: REPORT_FAILED kept as is, anything else wrapped. */
function asReportFailed(format: string, e: unknown): AppError {
  if (e instanceof AppError && e.code === 'REPORT_FAILED') return e;
  const reason =
    e instanceof AppError
      ? `${e.messages.en} / ${e.messages.pl}`
      : 'internal error / błąd wewnętrzny';
  const err = reportFailed(format.toUpperCase(), reason, e);
  if (e instanceof AppError) err.details.causeCode = e.code;
  return err;
}

/**
 * Fetches the two font files. Only URLs on this context's own origin are accepted (the app
 * promises that no request leaves it); in Node (no `location`) any http(s) / file URL a test
 * passes is taken as given.
 */
export async function fetchFonts(urls: FontUrls): Promise<PdfFonts> {
  const get = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const [regular, bold] = await Promise.all([get(urls.regular), get(urls.bold)]);
  return { regular, bold };
}

function checkSameOrigin(urls: FontUrls): void {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  for (const url of [urls.regular, urls.bold]) {
    let ok = typeof url === 'string';
    if (ok) {
      try {
        const u = new URL(url);
        ok = origin ? u.origin === origin : true;
      } catch {
        ok = false;
      }
    }
    if (!ok)
      throw reportFailed(
        'PDF',
        `font URL "${String(url).slice(0, 120)}" is not on the app's origin / adres czcionki spoza aplikacji`
      );
  }
}

export function createReportApi(deps: ReportApiDeps = {}): ReportApi {
  const loadFonts = deps.loadFonts ?? fetchFonts;
  const now = deps.now ?? (() => performance.now());
  const out = deps.transferResult ?? ((r: RenderedReport) => transfer(r, [r.bytes.buffer]));
  let urls: FontUrls | null = null;
  let fonts: Promise<PdfFonts> | null = null;

  /** One load per worker; a failed load is forgotten so the next PDF tries again. */
  const fontsOnce = (): Promise<PdfFonts> => {
    if (!urls) throw reportFailed('PDF', 'font URLs not set / nie podano adresów czcionek');
    if (!fonts) {
      const p = loadFonts(urls);
      fonts = p;
      p.catch(() => {
        if (fonts === p) fonts = null;
      });
    }
    return fonts;
  };

  return {
    async setFontUrls(next) {
      checkSameOrigin(next);
      if (urls?.regular !== next.regular || urls?.bold !== next.bold) fonts = null;
      urls = { regular: next.regular, bold: next.bold };
    },

    async render(input: ReportInput, opts: ReportOptions, format: ReportFormat) {
      const name = typeof format === 'string' ? format : String(format);
      try {
        if (!REPORT_FORMATS.includes(format))
          throw reportFailed(
            name.slice(0, 20),
            'unknown format (html, md, pdf) / nieznany format (html, md, pdf)'
          );
        const t0 = now();
        const model = buildReport(input, opts);
        const t1 = now();
        let bytes: Uint8Array;
        if (format === 'pdf') bytes = await renderPdf(model, { fonts: fontsOnce });
        else
          bytes = new TextEncoder().encode(
            format === 'html' ? renderHtml(model) : renderMarkdown(model)
          );
        const t2 = now();
        return out({
          bytes,
          mime: MIME[format],
          fileExtension: format,
          ms: { build: t1 - t0, render: t2 - t1 }
        });
      } catch (e) {
        throw asReportFailed(name.slice(0, 20), e);
      }
    }
  };
}
