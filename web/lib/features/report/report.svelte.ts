/**
 * ReportState: the session's report as runes. `generate(format, sources)` assembles the
 * ReportInput from the session (input.ts), renders it in the report worker (one per session page,
 * spawned on first use) and hands the bytes to `download` with a safe file name from the session
 * name. Options (sections left out, language, title, author) are plain state the panel binds to;
 * they are saved with the session (REPORT_OPTIONS) on every generation and restored by
 * `restore()`. A failure is shown as a PublicError (REPORT_FAILED from the worker) and leaves the
 * state usable; a worker that died is replaced on the next generation.
 */
import type { Lang, PublicError } from '$engine';
import type { ReportSectionId } from '$engine/report/types';
import { REPORT_SECTIONS } from '$engine/report/types';
import { reportFailed } from '$engine/report/errors';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';
import { sanitizeFileName } from '$lib/charts/export';
import type { RenderedReport, ReportApi, ReportFormat } from '$workers/api/report-api';
import { assembleReportInput, availableSections, type ReportSources } from './input';

export type ReportPhase = 'idle' | 'running' | 'done' | 'error';

/** The report worker as ReportState sees it (a fake in tests). */
export interface ReportWorkerHandle {
  api: Pick<ReportApi, 'render'>;
  terminate(): void;
  /** Rejects when the worker dies (out of memory, failed to load): a dead worker never answers. */
  crashed?: Promise<never>;
}

/** What the session keeps (state key REPORT_OPTIONS). */
export interface StoredReportOptions {
  /** Sections the user unchecked (new sections, e.g. SHAP after Explain, start checked). */
  excluded: ReportSectionId[];
  /** null = the UI language at generation time. */
  lang: Lang | null;
  title: string;
  author: string;
}

export const REPORT_OPTIONS_KEY = 'REPORT_OPTIONS';

/**
 * The PDF fonts under the app's static root: the engine's PDF_FONT_FILES (pdf.ts) as absolute
 * paths, spelled out so the page does not import the PDF renderer (a test keeps them equal).
 */
export const PDF_FONT_PATHS = {
  regular: '/fonts/DejaVuSans.ttf',
  bold: '/fonts/DejaVuSans-Bold.ttf'
} as const;

export interface ReportDeps {
  worker: () => ReportWorkerHandle;
  /** Saves the file (an `<a download>` with an object URL in the app). */
  download: (blob: Blob, fileName: string) => void;
  /** Saves the options with the session (sessions.patchState); failures are ignored. */
  saveOptions?: (opts: StoredReportOptions) => Promise<void>;
  /** The UI language (default language of the report). */
  uiLang: () => Lang;
  /** Milliseconds clock (default performance.now). */
  now?: () => number;
}

/** The last generated report (for "generated in N ms"). */
export interface LastReport {
  format: ReportFormat;
  fileName: string;
  bytes: number;
  /** Wall time on the page: assembly + worker round trip (build + render + transfer). */
  ms: number;
  worker: RenderedReport['ms'];
}

const LANGS: readonly Lang[] = ['pl', 'en'];

/** Whether `p` has already rejected (checked after a microtask turn). */
async function settled(p: Promise<never>): Promise<boolean> {
  let done = false;
  p.catch(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

/** The file name of a report: sanitized session name + format extension. */
export function reportFileName(name: string | null | undefined, ext: string): string {
  return `${sanitizeFileName(name ?? '', 'report')}-report.${ext}`;
}

export class ReportState {
  phase = $state<ReportPhase>('idle');
  /** The format being generated (null when idle). */
  running = $state<ReportFormat | null>(null);
  error = $state.raw<PublicError | null>(null);
  last = $state.raw<LastReport | null>(null);

  excluded = $state<ReportSectionId[]>([]);
  /** null = follow the UI language. */
  lang = $state<Lang | null>(null);
  title = $state('');
  author = $state('');

  #deps: ReportDeps;
  #worker: ReportWorkerHandle | undefined;

  constructor(deps: ReportDeps) {
    this.#deps = deps;
  }

  /** Takes stored options (anything malformed is ignored field by field). */
  restore(stored: unknown): void {
    if (!stored || typeof stored !== 'object') return;
    const o = stored as Partial<Record<keyof StoredReportOptions, unknown>>;
    if (Array.isArray(o.excluded))
      this.excluded = o.excluded.filter((s): s is ReportSectionId =>
        REPORT_SECTIONS.includes(s as ReportSectionId)
      );
    if (LANGS.includes(o.lang as Lang)) this.lang = o.lang as Lang;
    if (typeof o.title === 'string') this.title = o.title.slice(0, 200);
    if (typeof o.author === 'string') this.author = o.author.slice(0, 200);
  }

  get options(): StoredReportOptions {
    return {
      excluded: [...this.excluded],
      lang: this.lang,
      title: this.title,
      author: this.author
    };
  }

  /** The report's language: chosen, else the UI's. */
  get reportLang(): Lang {
    return this.lang ?? this.#deps.uiLang();
  }

  isIncluded(id: ReportSectionId): boolean {
    return !this.excluded.includes(id);
  }

  setIncluded(id: ReportSectionId, on: boolean): void {
    const rest = this.excluded.filter((s) => s !== id);
    this.excluded = on ? rest : [...rest, id];
  }

  /** Sections that will be rendered for `sources`: those with data, minus the unchecked ones. */
  sectionsFor(sources: ReportSources): ReportSectionId[] {
    return availableSections(assembleReportInput(sources)).filter((s) => this.isIncluded(s));
  }

  /**
   * Renders the report in the worker and downloads it.
   * @returns false when it failed (see `error`) or another generation is running.
   */
  async generate(format: ReportFormat, sources: ReportSources): Promise<boolean> {
    if (this.phase === 'running') return false;
    const now = this.#deps.now ?? (() => performance.now());
    this.phase = 'running';
    this.running = format;
    this.error = null;
    const t0 = now();
    try {
      const input = assembleReportInput(sources);
      const sections = availableSections(input).filter((s) => this.isIncluded(s));
      if (!sections.length)
        throw reportFailed(format.toUpperCase(), 'no section selected / nie wybrano żadnej sekcji');
      const opts = {
        sections,
        lang: this.reportLang,
        ...(this.title.trim() ? { title: this.title.trim() } : {}),
        ...(this.author.trim() ? { author: this.author.trim() } : {})
      };
      void this.#deps.saveOptions?.(this.options).catch(() => undefined);
      const worker = (this.#worker ??= this.#deps.worker());
      const render = worker.api.render(input, opts, format);
      let out: RenderedReport;
      try {
        out = await (worker.crashed ? Promise.race([render, worker.crashed]) : render);
      } catch (e) {
        // A worker that died answers nothing again: a new one starts on the next generation.
        if (worker.crashed && (await settled(worker.crashed))) this.#drop();
        throw e;
      }
      const fileName = reportFileName(sources.name, out.fileExtension);
      this.#deps.download(new Blob([out.bytes as BlobPart], { type: out.mime }), fileName);
      this.last = {
        format,
        fileName,
        bytes: out.bytes.byteLength,
        ms: now() - t0,
        worker: out.ms
      };
      this.phase = 'done';
      return true;
    } catch (e) {
      const err = toPublicError(e);
      this.error =
        err.code === 'INTERNAL'
          ? reportFailed(format.toUpperCase(), 'internal error / błąd wewnętrzny').toPublic()
          : err;
      this.phase = 'error';
      return false;
    } finally {
      this.running = null;
    }
  }

  #drop(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  dispose(): void {
    this.#drop();
  }
}
