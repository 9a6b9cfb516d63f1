/**
 * predictBundle: inference from a model bundle on a raw frame — the same pipeline and estimator
 * as training, no training libraries (DESIGN.md: same numbers in browser, Node and edge).
 */
import { DataValidationError } from '../errors';
import type { Frame } from '../frame/types';
import { decodePipeline } from '../preprocess/index';
import type { EncodedModel } from '../models/types';
import { decodeAnyModel } from './models';
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

/** Raw predictions of one pipeline + estimator pair on all rows of `frame`. */
function predictParts(pipelineJson: unknown, model: EncodedModel, frame: Frame): Float64Array {
  const pipeline = decodePipeline(pipelineJson);
  return decodeAnyModel(model).predict(pipeline.transform(frame));
}

/**
 * @returns labels (class label or value), the predicted class's probability (classification)
 *   and the raw values (probabilities row-major × classes, or regression values).
 * @throws DataValidationError SCHEMA_MISMATCH; AppError INVALID_MODEL.
 */
export function predictBundle(bundle: ModelBundle, frame: Frame): BundlePrediction {
  checkBundleInput(bundle, frame);
  let values: Float64Array;
  if (bundle.model.family === 'blend') {
    const members = (
      bundle.model.state as { members: { pipeline: unknown; model: EncodedModel }[] }
    ).members;
    values = new Float64Array(0);
    members.forEach((m, i) => {
      const p = predictParts(m.pipeline, m.model, frame);
      if (i === 0) values = new Float64Array(p.length);
      for (let j = 0; j < p.length; j++) values[j] += p[j] / members.length;
    });
  } else values = predictParts(bundle.pipeline, bundle.model, frame);
  const n = frame.nRows;
  if (bundle.problemType === 'regression')
    return { label: Array.from(values), score: null, values };
  const K = bundle.classes.length;
  const label: string[] = new Array(n);
  const score = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (values[r * K + c] > values[r * K + best]) best = c;
    label[r] = bundle.classes[best];
    score[r] = values[r * K + best];
  }
  return { label, score, values };
}
