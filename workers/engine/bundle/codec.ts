/**
 * Bundle JSON validation: everything a reader relies on is checked before use (the file may come
 * from another browser, a colleague or an attacker). Deep parts (pipeline, estimator) are checked
 * by their own decoders when predicting.
 */
import { AppError } from '../errors';
import { BUNDLE_FORMAT, type ModelBundle } from './types';

const KINDS = new Set(['numeric', 'boolean', 'datetime', 'categorical']);
const TASKS = new Set(['binary', 'multiclass', 'regression']);

function invalid(field: string, en: string, pl: string): AppError {
  return new AppError({
    code: 'INVALID_MODEL',
    message: { pl: `nieprawidłowy plik modelu: ${pl}`, en: `invalid model file: ${en}` },
    details: { field },
    hint: {
      pl: 'wczytaj plik modelu zapisany przez DataGenius PRO',
      en: 'load a model file saved by DataGenius PRO'
    }
  });
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Parses JSON text or takes an object; @throws AppError INVALID_MODEL naming the bad field. */
export function decodeBundle(json: unknown): ModelBundle {
  let o = json;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o);
    } catch {
      throw invalid('json', 'not JSON', 'to nie jest JSON');
    }
  }
  if (!isObj(o)) throw invalid('root', 'not an object', 'to nie jest obiekt');
  if (o.format !== BUNDLE_FORMAT)
    throw invalid(
      'format',
      `format ${JSON.stringify(o.format)}, expected '${BUNDLE_FORMAT}'`,
      `format ${JSON.stringify(o.format)}, oczekiwano '${BUNDLE_FORMAT}'`
    );
  for (const f of ['id', 'createdAt', 'target'] as const)
    if (typeof o[f] !== 'string') throw invalid(f, `${f} is not text`, `${f} nie jest tekstem`);
  if (!Number.isInteger(o.version) || (o.version as number) < 1)
    throw invalid('version', 'version is not a positive integer', 'wersja nie jest liczbą ≥ 1');
  if (!TASKS.has(o.problemType as string))
    throw invalid('problemType', 'unknown problem type', 'nieznany typ problemu');
  if (!isStrArray(o.classes))
    throw invalid('classes', 'classes is not a list of text', 'classes nie jest listą tekstów');
  if (o.problemType !== 'regression' && o.classes.length < 2)
    throw invalid('classes', 'fewer than 2 classes', 'mniej niż 2 klasy');
  if (!isStrArray(o.feature_names))
    throw invalid(
      'feature_names',
      'feature_names is not a list of text',
      'feature_names nie jest listą tekstów'
    );
  if (
    !Array.isArray(o.inputSchema) ||
    !o.inputSchema.every(
      (c) => isObj(c) && typeof c.name === 'string' && KINDS.has(c.kind as string)
    )
  )
    throw invalid('inputSchema', 'bad input schema', 'zły schemat wejścia');
  if (!isObj(o.model) || typeof o.model.family !== 'string' || typeof o.model.format !== 'string')
    throw invalid('model', 'no estimator', 'brak estymatora');
  if (!isObj(o.metrics) || !isObj(o.metrics.cv) || !isObj(o.metrics.holdout))
    throw invalid('metrics', 'no metrics', 'brak metryk');
  if (!Array.isArray(o.leaderboard))
    throw invalid('leaderboard', 'no leaderboard', 'brak rankingu');
  if (!Array.isArray(o.referenceProfile))
    throw invalid('referenceProfile', 'no reference profile', 'brak profilu referencyjnego');
  return o as unknown as ModelBundle;
}

/** The bundle as JSON text (typed arrays are already base64 inside). */
export function encodeBundle(b: ModelBundle): string {
  return JSON.stringify(b);
}
