/**
 * `datagenius report <file> [--target COL] [--model model.json] --format html|pdf|md --out FILE`:
 * the report the browser generates, from the CLI. Loads the file and runs the EDA (with the
 * target: --target, else the model's target when the file has it); with --model also the
 * leaderboard and metrics from the bundle, the evaluation on the file's labelled rows (confusion
 * matrix, ROC) and SHAP of up to 200 rows through the explain engine — best effort: when the
 * explanation fails the report simply has no SHAP section (stated on stderr). Polish by default.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, predictBundle, runEda } from '../engine/index';
import type { Frame, ModelBundle } from '../engine/index';
import { explainBundle } from '../engine/explain/explain-bundle';
import {
  buildReport,
  evaluationFromProba,
  PDF_FONT_FILES,
  renderHtml,
  renderMarkdown,
  renderPdf,
  shapSummary
} from '../engine/report/index';
import type { EvaluationData, PdfFonts, ReportInput, ShapSummary } from '../engine/report/index';
import type { ReportArgs } from './args';
import { loadFrame } from './frame';
import { readBundle } from './predict';
import { jsonSafe } from './profile';
import { withLoadedFile } from './load-file';

/** Rows explained for the SHAP section (importance is their mean |SHAP|). */
const SHAP_ROWS = 200;

export interface ReportSummary {
  ok: true;
  format: 'html' | 'pdf' | 'md';
  out: string;
  bytes: number;
  sections: string[];
  /** Milliseconds: analysis (EDA + model evaluation + SHAP) and rendering. */
  timings: { analysis: number; render: number };
}

/**
 * Directory holding DejaVuSans*.ttf: $DATAGENIUS_FONTS, else the repository's static/fonts found by
 * walking up from this module (source or the bundled dist/ and dist/chunks/).
 */
export function fontsDir(): string {
  const env = process.env.DATAGENIUS_FONTS;
  if (env) return env;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'static');
    if (existsSync(path.join(candidate, PDF_FONT_FILES.regular)))
      return path.join(candidate, 'fonts');
    dir = path.dirname(dir);
  }
  return path.resolve('static/fonts');
}

/** Node's font loader for renderPdf. */
export async function nodeFonts(dir = fontsDir()): Promise<PdfFonts> {
  const read = async (f: string) =>
    new Uint8Array(await readFile(path.join(dir, path.basename(f))));
  return { regular: await read(PDF_FONT_FILES.regular), bold: await read(PDF_FONT_FILES.bold) };
}

/** Class code of every row whose target is one of the bundle's classes (−1 otherwise). */
function targetCodes(frame: Frame, bundle: ModelBundle): Int32Array | null {
  const col = frame.columns.find((c) => c.name === bundle.target);
  if (!col) return null;
  const index = new Map(bundle.classes.map((c, k) => [c, k]));
  const codes = new Int32Array(frame.nRows).fill(-1);
  for (let r = 0; r < frame.nRows; r++) {
    let label: string | null;
    if (col.kind === 'categorical') label = col.codes[r] < 0 ? null : col.dictionary[col.codes[r]];
    else {
      const v = col.values[r];
      label = Number.isNaN(v) ? null : col.kind === 'boolean' ? (v ? 'true' : 'false') : String(v);
    }
    if (label !== null) codes[r] = index.get(label) ?? -1;
  }
  return codes;
}

function evaluate(bundle: ModelBundle, frame: Frame, source: string): EvaluationData | undefined {
  if (bundle.problemType === 'regression') return undefined;
  const codes = targetCodes(frame, bundle);
  if (!codes) return undefined;
  const K = bundle.classes.length;
  const p = predictBundle(bundle, frame);
  const keep: number[] = [];
  codes.forEach((c, r) => {
    if (c >= 0) keep.push(r);
  });
  if (!keep.length) return undefined;
  const proba = new Float64Array(keep.length * K);
  keep.forEach((r, i) => proba.set(p.values.subarray(r * K, (r + 1) * K), i * K));
  return evaluationFromProba(
    proba,
    Int32Array.from(keep, (r) => codes[r]),
    bundle.classes,
    source
  );
}

function explainRows(
  bundle: ModelBundle,
  frame: Frame,
  warn: (line: string) => void
): ShapSummary | undefined {
  const n = Math.min(SHAP_ROWS, frame.nRows);
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  try {
    const { grouped } = explainBundle(bundle, frame, rows, {
      samples: 32,
      backgroundSize: 16,
      seed: 42
    });
    return shapSummary(grouped, 0, 3);
  } catch (e) {
    warn(`SHAP skipped: ${e instanceof AppError ? e.code : 'error'}`);
    return undefined;
  }
}

/** Runs the report command; writes `args.out`. @throws load errors, INVALID_MODEL, REPORT_FAILED, WRITE_FAILED. */
export async function report(
  args: ReportArgs,
  warn: (line: string) => void = () => {}
): Promise<ReportSummary> {
  const bundle = args.model ? await readBundle(args.model) : undefined;
  const categorical =
    bundle?.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name) ?? [];
  const t0 = performance.now();
  const input = await withLoadedFile(args, async (db, info): Promise<ReportInput> => {
    const names = new Set(info.columns.map((c) => c.name));
    const target = args.target ?? (bundle && names.has(bundle.target) ? bundle.target : undefined);
    const eda = jsonSafe(await runEda(db, info, { target }));
    const base: ReportInput = { dataset: info, datasetName: path.basename(args.file), eda, bundle };
    if (!bundle) return base;
    const frame = await loadFrame(db, info, categorical);
    return {
      ...base,
      evaluation: evaluate(bundle, frame, path.basename(args.file)),
      shap: explainRows(bundle, frame, warn)
    };
  });
  const t1 = performance.now();
  const model = buildReport(input, { lang: args.lang, title: args.title, author: args.author });
  let bytes: Uint8Array;
  if (args.format === 'pdf') bytes = await renderPdf(model, { fonts: () => nodeFonts() });
  else
    bytes = new TextEncoder().encode(
      args.format === 'html' ? renderHtml(model) : renderMarkdown(model)
    );
  const t2 = performance.now();
  try {
    await writeFile(args.out, bytes);
  } catch (e) {
    throw new AppError({
      code: 'WRITE_FAILED',
      message: {
        pl: `Nie można zapisać pliku „${args.out}”.`,
        en: `Cannot write the file "${args.out}".`
      },
      hint: { pl: 'Sprawdź ścieżkę i uprawnienia.', en: 'Check the path and permissions.' },
      details: { file: args.out },
      cause: e
    });
  }
  return {
    ok: true,
    format: args.format,
    out: args.out,
    bytes: bytes.length,
    sections: model.sections.map((s) => s.id),
    timings: { analysis: Math.round(t1 - t0), render: Math.round(t2 - t1) }
  };
}

export function formatReport(s: ReportSummary, lang: 'pl' | 'en'): string {
  return lang === 'pl'
    ? `Zapisano raport ${s.format.toUpperCase()} (${s.bytes} B, sekcje: ${s.sections.join(', ')}) do ${s.out}\n`
    : `Wrote the ${s.format.toUpperCase()} report (${s.bytes} B, sections: ${s.sections.join(', ')}) to ${s.out}\n`;
}
