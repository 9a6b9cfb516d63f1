/**
 * `datagenius predict`: score a file with a saved model bundle — the engine's `predictBundle`
 * (no training libraries) — and write a CSV of the input columns plus `Label` and, for
 * classifiers, `Score` (probability of the predicted class) and `Score_<class>` per class, with
 * the engine's CSV writer (RFC 4180, formula cells neutralised; report/csv.ts).
 */
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { decodeBundle, predictBundleOutput } from '../engine/index';
import type { BundlePrediction, ModelBundle, ProblemType } from '../engine/index';
import {
  outputClassColumn,
  outputLabels,
  outputScores,
  predictionColumns as outputColumns,
  predictionOutput,
  type PredictionOutput
} from '../engine/bundle/output';
import type { CsvColumn } from '../engine/report/csv';
import { useTreePredictWasm } from '../node/gbdt-wasm';
import { createPredictPool } from '../node/predict-pool';
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

/** Files with fewer rows are predicted on the calling thread (starting workers costs ≈ 0.1 s). */
export const POOL_MIN_ROWS = 100_000;

/** Reads and validates a bundle file. @throws FILE_NOT_FOUND, INVALID_MODEL. */
export async function readBundle(file: string): Promise<ModelBundle> {
  return decodeBundle(await readBundleText(file));
}

async function readBundleText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw fileNotFound(file, e);
  }
}

/**
 * Output columns after the input ones: Label, Score, Score_<class> (classification) — the
 * engine's bundle/output.ts `predictionColumns`, which the browser's export uses too.
 */
export function predictionColumns(
  bundle: Pick<ModelBundle, 'problemType' | 'classes'>,
  p: BundlePrediction,
  taken: Set<string>
): CsvColumn[] {
  return outputColumns(predictionOutput(bundle, p), taken);
}

/**
 * Runs predict; returns the summary and the CSV columns for the caller to write.
 * @throws FILE_NOT_FOUND, INVALID_MODEL, DataValidationError SCHEMA_MISMATCH, load errors.
 */
export async function predict(
  args: PredictArgs,
  /** The CLI's own bundled entry (it serves pool workers); without it one thread predicts. */
  script?: string | URL
): Promise<{ summary: PredictSummary; columns: CsvColumn[] }> {
  const text = await readBundleText(args.model);
  const bundle = decodeBundle(text);
  const threads = args.threads ?? availableParallelism();
  // Columns the model saw as categories are read as text whatever type the new file has.
  const categorical = bundle.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);
  // Scoring needs one row, not the training minimum.
  const load = { ...args, minRows: args.minRows ?? 1 };
  // Tree models predict on the WASM kernel when it is built (same numbers as the TypeScript one).
  useTreePredictWasm();
  const { prediction, input } = await withLoadedFile(load, async (db, info) => {
    const frame = await loadFrame(db, info, categorical);
    let prediction: PredictionOutput;
    if (script && threads > 1 && frame.nRows >= POOL_MIN_ROWS) {
      // Every core: the same numbers as one thread (rows are independent).
      const pool = createPredictPool(text, { threads, script });
      try {
        prediction = await pool.predict(frame);
      } finally {
        await pool.close();
      }
    } else prediction = predictBundleOutput(bundle, frame);
    return { prediction, input: await loadText(db, info) };
  });
  const taken = new Set(input.map((c) => c.name));
  const columns: CsvColumn[] = [...input, ...outputColumns(prediction, taken)];
  const summary: PredictSummary = {
    ok: true,
    problemType: bundle.problemType,
    target: bundle.target,
    family: bundle.family,
    modelId: bundle.id,
    rows: prediction.nRows,
    columns: columns.map((c) => c.name),
    out: args.out ?? null
  };
  if (args.json && !args.out) summary.predictions = inline(prediction);
  return { summary, columns };
}

function inline(out: PredictionOutput): PredictSummary['predictions'] {
  const labels = outputLabels(out);
  const label = Array.isArray(labels) ? labels : Array.from(labels);
  const score = outputScores(out);
  if (!score) return { label };
  const probabilities: Record<string, number[]> = {};
  out.classes.forEach((c, k) => {
    probabilities[c] = Array.from(outputClassColumn(out, k));
  });
  return { label, score: Array.from(score), probabilities };
}
