/**
 * `datagenius predict`: score a file with a saved model bundle — the engine's `predictBundle`
 * (no training libraries) — and write a CSV of the input columns plus `Label` and, for
 * classifiers, `Score` (probability of the predicted class) and `Score_<class>` per class, with
 * the engine's CSV writer (RFC 4180, formula cells neutralised; report/csv.ts).
 */
import { readFile } from 'node:fs/promises';
import { decodeBundle, predictBundle } from '../engine/index';
import type { BundlePrediction, ModelBundle, ProblemType } from '../engine/index';
import type { CsvColumn } from '../engine/report/csv';
import type { PredictArgs } from './args';
import { loadFrame, loadText } from './frame';
import { fileNotFound, withLoadedFile } from './load-file';

export interface PredictSummary {
  ok: true;
  problemType: ProblemType;
  /** The bundle's target, family and id. */
  target: string;
  family: string;
  modelId: string;
  rows: number;
  /** Header of the CSV. */
  columns: string[];
  /** Where the CSV was written, or null (stdout, or inline with --json). */
  out: string | null;
  /** With --json and no --out: the predictions themselves. */
  predictions?: {
    label: (string | number)[];
    score?: number[];
    /** Class label → probability per row. */
    probabilities?: Record<string, number[]>;
  };
}

/** Reads and validates a bundle file. @throws FILE_NOT_FOUND, INVALID_MODEL. */
export async function readBundle(file: string): Promise<ModelBundle> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fileNotFound(file, e);
  }
  return decodeBundle(text);
}

/** `base`, or `base_pred`, `base_pred2`, … — the first not in `taken` (then added to it). */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 1; taken.has(name); k++) name = `${base}_pred${k > 1 ? k : ''}`;
  taken.add(name);
  return name;
}

/** Output columns after the input ones: Label, Score, Score_<class> (classification). */
export function predictionColumns(
  bundle: ModelBundle,
  p: BundlePrediction,
  taken: Set<string>
): CsvColumn[] {
  const cols: CsvColumn[] = [{ name: freeName('Label', taken), values: p.label }];
  if (bundle.problemType === 'regression' || !p.score) return cols;
  cols.push({ name: freeName('Score', taken), values: p.score });
  const K = bundle.classes.length;
  const n = p.score.length;
  bundle.classes.forEach((c, k) => {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) values[r] = p.values[r * K + k];
    cols.push({ name: freeName(`Score_${c}`, taken), values });
  });
  return cols;
}

/**
 * Runs predict; returns the summary and the CSV columns for the caller to write.
 * @throws FILE_NOT_FOUND, INVALID_MODEL, DataValidationError SCHEMA_MISMATCH, load errors.
 */
export async function predict(
  args: PredictArgs
): Promise<{ summary: PredictSummary; columns: CsvColumn[] }> {
  const bundle = await readBundle(args.model);
  // Columns the model saw as categories are read as text whatever type the new file has.
  const categorical = bundle.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);
  // Scoring needs one row, not the training minimum.
  const load = { ...args, minRows: args.minRows ?? 1 };
  const { prediction, input } = await withLoadedFile(load, async (db, info) => {
    const frame = await loadFrame(db, info, categorical);
    const prediction = predictBundle(bundle, frame);
    return { prediction, input: await loadText(db, info) };
  });
  const taken = new Set(input.map((c) => c.name));
  const columns: CsvColumn[] = [...input, ...predictionColumns(bundle, prediction, taken)];
  const summary: PredictSummary = {
    ok: true,
    problemType: bundle.problemType,
    target: bundle.target,
    family: bundle.family,
    modelId: bundle.id,
    rows: prediction.label.length,
    columns: columns.map((c) => c.name),
    out: args.out ?? null
  };
  if (args.json && !args.out) summary.predictions = inline(bundle, prediction);
  return { summary, columns };
}

function inline(bundle: ModelBundle, p: BundlePrediction): PredictSummary['predictions'] {
  if (bundle.problemType === 'regression' || !p.score) return { label: p.label };
  const K = bundle.classes.length;
  const probabilities: Record<string, number[]> = {};
  bundle.classes.forEach((c, k) => {
    probabilities[c] = Array.from(p.score as Float64Array, (_, r) => p.values[r * K + k]);
  });
  return { label: p.label, score: Array.from(p.score), probabilities };
}
