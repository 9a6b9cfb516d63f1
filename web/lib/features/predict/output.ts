/**
 * Pure helpers of the batch-prediction view: the prediction columns (`Label`, `Score`,
 * `Score_<class>`) as the preview shows them, the summary stored with a prediction, the columns a
 * model ignores, safe download names, the exported CSV's header, and the SCHEMA_MISMATCH details.
 * DOM-free and worker-free, so they are tested in Node.
 */
import type { ModelBundle, PublicError, RowPage } from '$engine';
import type { PredictionOutput } from '$engine/bundle/output';
import type { PredictionFormat } from '$workers/api/data-api';
import { sanitizeFileName } from '$lib/charts/export';
import type { PredictionSummary } from '$lib/db/predictions';

/** A preview cell: numbers as numbers, text as text, null = missing. */
export type Cell = string | number | boolean | null;

/** Rows shown in the preview. */
export const PREVIEW_ROWS = 20;

/**
 * Default names of the prediction columns: `Label`, then for classifiers `Score` and one
 * `Score_<class>` per class in the bundle's class order. A name already used by a column of the
 * file (`taken`) gets `_2`, `_3`… (the exported header, when readable, wins over these names).
 */
export function predictionColumnNames(
  out: Pick<PredictionOutput, 'problemType' | 'classes'>,
  taken: readonly string[] = []
): string[] {
  const base =
    out.problemType === 'regression'
      ? ['Label']
      : ['Label', 'Score', ...out.classes.map((c) => `Score_${c}`)];
  const used = new Set(taken);
  return base.map((name) => {
    let n = name;
    for (let i = 2; used.has(n); i++) n = `${name}_${i}`;
    used.add(n);
    return n;
  });
}

/** Index of the predicted class of row `r` (argmax of its probabilities when no index came). */
function classOf(out: PredictionOutput, r: number): number {
  const K = out.classes.length;
  if (out.classIndex) return out.classIndex[r];
  let best = -1;
  let bestP = -Infinity;
  for (let k = 0; k < K; k++) {
    const p = out.values[r * K + k];
    if (p > bestP) [best, bestP] = [k, p];
  }
  return best;
}

/**
 * The prediction cells of row `r`, in predictionColumnNames() order: the label (class name, or the
 * value for regression) and, for classifiers, the predicted class's probability and every class's.
 */
export function predictionCells(out: PredictionOutput, r: number): Cell[] {
  if (out.problemType === 'regression') {
    const v = out.values[r];
    return [Number.isFinite(v) ? v : null];
  }
  const K = out.classes.length;
  const k = classOf(out, r);
  const probs = Array.from(out.values.subarray(r * K, r * K + K), (p) =>
    Number.isFinite(p) ? p : null
  );
  if (k < 0 || k >= K) return [null, null, ...probs];
  return [out.classes[k], probs[k], ...probs];
}

/**
 * Preview rows (row-major): the file's cells of `page` followed by the prediction cells of the
 * same rows. `page.columns` is column-major (RowPage), `page.offset` the first row's index.
 */
export function previewRows(page: RowPage, out: PredictionOutput): Cell[][] {
  const rows: Cell[][] = [];
  const n = Math.min(page.rowCount, Math.max(0, out.nRows - page.offset));
  for (let i = 0; i < n; i++) {
    const inputs = page.columns.map((col) => col[i] ?? null);
    rows.push([...inputs, ...predictionCells(out, page.offset + i)]);
  }
  return rows;
}

/** Class counts (classifiers, every bundle class listed) or min / mean / max (regression). */
export function summarize(out: PredictionOutput): PredictionSummary {
  if (out.problemType !== 'regression') {
    const counts = new Array<number>(out.classes.length).fill(0);
    for (let r = 0; r < out.nRows; r++) {
      const k = classOf(out, r);
      if (k >= 0 && k < counts.length) counts[k]++;
    }
    return {
      kind: 'classes',
      counts: out.classes.map((label, k) => ({ label, count: counts[k] }))
    };
  }
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < out.nRows; r++) {
    const v = out.values[r];
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count
    ? { kind: 'values', count, min, mean: sum / count, max }
    : { kind: 'values', count: 0, min: NaN, mean: NaN, max: NaN };
}

/** Columns of the file that the model does not use, in file order (kept in the export). */
export function extraColumns(fileColumns: readonly string[], bundle: ModelBundle): string[] {
  const inputs = new Set(bundle.inputSchema.map((c) => c.name));
  return fileColumns.filter((c) => !inputs.has(c));
}

/** Names of the bundle's categorical inputs (read as text by the data worker's frame()). */
export function categoricalInputs(bundle: ModelBundle): string[] {
  return bundle.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);
}

/** `<file stem>-predictions.<csv|parquet>` with a stem safe on every file system. */
export function predictionsFileName(fileName: string, format: PredictionFormat): string {
  const stem = sanitizeFileName(fileName.replace(/\.[^./\\]*$/, ''), 'data');
  return `${stem}-predictions.${format}`;
}

/**
 * The first record of a CSV (RFC 4180: quoted fields may hold the delimiter, doubled quotes and
 * line breaks), read in chunks so that a wide header is read whole. A leading BOM is dropped.
 * @returns the header cells, or null when no complete record fits in `maxBytes`.
 */
export async function readCsvHeader(
  blob: Blob,
  delimiter = ',',
  maxBytes = 4 << 20
): Promise<string[] | null> {
  const decoder = new TextDecoder();
  let text = '';
  for (let at = 0; at < Math.min(blob.size, maxBytes); at += 64 << 10) {
    const chunk = new Uint8Array(await blob.slice(at, at + (64 << 10)).arrayBuffer());
    text += decoder.decode(chunk, { stream: true });
    const cells = firstRecord(
      text.replace(/^\uFEFF/, ''),
      delimiter,
      at + chunk.length >= blob.size
    );
    if (cells) return cells;
  }
  return null;
}

/** Parses the first record of `text`; null when it may continue past the end of `text`. */
function firstRecord(text: string, delimiter: string, atEnd: boolean): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      cells.push(cell);
      return cells;
    } else cell += ch;
  }
  if (!atEnd || quoted) return null;
  cells.push(cell);
  return cells;
}

/** One column whose type does not fit the model (SCHEMA_MISMATCH details). */
export interface TypeMismatch {
  column: string;
  expected: string;
  actual: string;
}

/**
 * The lists of a SCHEMA_MISMATCH error (`details.missing`, `details.mismatched`), checked field
 * by field because they crossed a worker boundary; null for any other error.
 */
export function schemaProblems(
  error: PublicError | null
): { missing: string[]; mismatched: TypeMismatch[] } | null {
  if (!error || error.code !== 'SCHEMA_MISMATCH') return null;
  const d = error.details ?? {};
  const missing = Array.isArray(d.missing) ? d.missing.map(String) : [];
  const mismatched = Array.isArray(d.mismatched)
    ? d.mismatched
        .filter((m): m is Record<string, unknown> => !!m && typeof m === 'object')
        .map((m) => ({
          column: String(m.column ?? ''),
          expected: String(m.expected ?? ''),
          actual: String(m.actual ?? '')
        }))
    : [];
  return missing.length || mismatched.length ? { missing, mismatched } : null;
}
