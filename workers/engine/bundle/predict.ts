/**
 * predictBundle: inference from a model bundle on a raw frame — the same pipeline and estimator
 * as training, no training libraries (DESIGN.md: same numbers in browser, Node and edge).
 */
import { DataValidationError } from '../errors';
import type { Frame } from '../frame/types';
import { decodePipeline } from '../preprocess/index';
import { alignColumns } from '../preprocess/align';
import type { EncodedModel } from '../models/types';
import { decodeAnyModel } from './models';
import { outputLabels, outputOfValues, outputScores, type PredictionOutput } from './output';
import type { BundlePrediction, ModelBundle } from './types';

const MAX_LISTED = 20;

/**
 * Checks a new frame against the bundle's input schema. Extra columns are ignored.
 * @throws DataValidationError SCHEMA_MISMATCH with details {missing: string[], mismatched:
 *   {column, expected, actual}[]} and a message listing them.
 */
export function checkBundleInput(bundle: ModelBundle, frame: Frame): void {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const missing: string[] = [];
  const mismatched: { column: string; expected: string; actual: string }[] = [];
  for (const col of bundle.inputSchema) {
    const got = byName.get(col.name);
    if (!got) {
      missing.push(col.name);
      continue;
    }
    const want = col.kind === 'categorical' ? 'categorical' : 'numeric';
    const have = got.kind === 'categorical' ? 'categorical' : 'numeric';
    // Numbers in a text column are accepted when the model wants text (codes are looked up by label).
    if (want === 'numeric' && have === 'categorical')
      mismatched.push({ column: col.name, expected: col.kind, actual: got.kind });
  }
  if (!missing.length && !mismatched.length) return;
  const list = (xs: string[]) =>
    xs.slice(0, MAX_LISTED).join(', ') +
    (xs.length > MAX_LISTED ? ` (+${xs.length - MAX_LISTED})` : '');
  const parts = { pl: [] as string[], en: [] as string[] };
  if (missing.length) {
    parts.pl.push(`brakuje kolumn: ${list(missing)}`);
    parts.en.push(`missing columns: ${list(missing)}`);
  }
  if (mismatched.length) {
    const m = mismatched.map((x) => `${x.column} (${x.expected} ≠ ${x.actual})`);
    parts.pl.push(`niezgodne typy: ${list(m)}`);
    parts.en.push(`type mismatches: ${list(m)}`);
  }
  throw new DataValidationError({
    code: 'SCHEMA_MISMATCH',
    message: {
      pl: `plik nie pasuje do modelu — ${parts.pl.join('; ')}.`,
      en: `the file does not match the model — ${parts.en.join('; ')}.`
    },
    details: { missing, mismatched },
    hint: {
      pl: 'Wczytaj plik z tymi samymi kolumnami co dane treningowe.',
      en: 'Load a file with the same columns as the training data.'
    }
  });
}

/**
 * Rows per pipeline + model pass on large frames: every step is row-wise, so blocks give the same
 * numbers while the design matrix of one block (and its row-major copy) stays in cache and a
 * million-row file never holds its whole design matrix at once.
 */
const PREDICT_BLOCK_ROWS = 65_536;

/**
 * Decoded pipeline + estimator per encoded model object: a bundle that predicts many batches (a
 * worker pool, the edge API) decodes its forest — and prepares the WASM predictor — once. Keyed by
 * the objects themselves; bundles are not mutated after decoding.
 */
const decoded = new WeakMap<
  object,
  {
    pipelineJson: unknown;
    pipeline: ReturnType<typeof decodePipeline>;
    fitted: ReturnType<typeof decodeAnyModel>;
  }
>();

function decodeParts(pipelineJson: unknown, model: EncodedModel) {
  let d = decoded.get(model);
  if (!d || d.pipelineJson !== pipelineJson) {
    d = { pipelineJson, pipeline: decodePipeline(pipelineJson), fitted: decodeAnyModel(model) };
    decoded.set(model, d);
  }
  return d;
}

/** Raw predictions of one pipeline + estimator pair on all rows of `frame`. */
function predictParts(pipelineJson: unknown, model: EncodedModel, frame: Frame): Float64Array {
  const { pipeline, fitted } = decodeParts(pipelineJson, model);
  const n = frame.nRows;
  if (n <= PREDICT_BLOCK_ROWS) return fitted.predict(pipeline.transform(frame));
  // Columns coerced to their training kinds once (a number column a category model reads is
  // turned into text here, not once per block).
  const aligned: Frame = { nRows: n, columns: alignColumns(pipeline.inputSchema, frame) };
  let out: Float64Array | null = null;
  let width = 0;
  for (let r0 = 0; r0 < n; r0 += PREDICT_BLOCK_ROWS) {
    const r1 = Math.min(n, r0 + PREDICT_BLOCK_ROWS);
    const rows = new Uint32Array(r1 - r0);
    for (let i = 0; i < rows.length; i++) rows[i] = r0 + i;
    const p = fitted.predict(pipeline.transform(aligned, rows));
    if (!out) {
      width = p.length / rows.length;
      out = new Float64Array(n * width);
    }
    out.set(p, r0 * width);
  }
  return out as Float64Array;
}

/**
 * Raw model values of `bundle` on every row of `frame`: the pipeline, then the estimator (a blend
 * averages its members).
 * @returns Float64Array: classification nRows × classes row-major probabilities; regression nRows.
 */
function predictValues(bundle: ModelBundle, frame: Frame): Float64Array {
  if (bundle.model.family !== 'blend') return predictParts(bundle.pipeline, bundle.model, frame);
  const members = (bundle.model.state as { members: { pipeline: unknown; model: EncodedModel }[] })
    .members;
  let values = new Float64Array(0);
  members.forEach((m, i) => {
    const p = predictParts(m.pipeline, m.model, frame);
    if (i === 0) values = new Float64Array(p.length);
    for (let j = 0; j < p.length; j++) values[j] += p[j] / members.length;
  });
  return values;
}

/**
 * The batch path: predictions as typed arrays (class index per row + probabilities, or values),
 * no label strings — what the ML worker returns and the writers (bundle/output.ts) read.
 * @throws DataValidationError SCHEMA_MISMATCH; AppError INVALID_MODEL.
 */
export function predictBundleOutput(bundle: ModelBundle, frame: Frame): PredictionOutput {
  checkBundleInput(bundle, frame);
  return outputOfValues(bundle, predictValues(bundle, frame));
}

/**
 * @returns labels (class label or value), the predicted class's probability (classification)
 *   and the raw values (probabilities row-major × classes, or regression values).
 * @throws DataValidationError SCHEMA_MISMATCH; AppError INVALID_MODEL.
 */
export function predictBundle(bundle: ModelBundle, frame: Frame): BundlePrediction {
  const out = predictBundleOutput(bundle, frame);
  const labels = outputLabels(out);
  return {
    label: Array.isArray(labels) ? labels : Array.from(labels),
    score: outputScores(out),
    values: out.values
  };
}
