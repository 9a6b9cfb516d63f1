/**
 * Helpers for the dense families' bundle encoding: typed arrays as base64 (bundle/base64.ts) and
 * strict readers that turn any malformed field into AppError INVALID_MODEL naming the field.
 */
import { AppError } from '../errors';
import { decodeF64, encodeF64 } from '../bundle/base64';
import type { EncodedModel, ModelFamily } from './types';

export { encodeF64 };

/** AppError INVALID_MODEL with a message naming the problem. */
export function invalidModel(
  en: string,
  pl: string,
  details: Record<string, unknown> = {}
): AppError {
  return new AppError({
    code: 'INVALID_MODEL',
    message: { en: `invalid model: ${en}`, pl: `nieprawidłowy model: ${pl}` },
    hint: {
      en: 'The model file is damaged or comes from another version; train or export it again.',
      pl: 'Plik modelu jest uszkodzony lub pochodzi z innej wersji; wytrenuj go lub wyeksportuj ponownie.'
    },
    details
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `state` object of `e` after checking family and format. @throws INVALID_MODEL. */
export function readState(
  e: EncodedModel,
  family: ModelFamily,
  format: string
): Record<string, unknown> {
  if (!isObject(e)) throw invalidModel('not an object', 'to nie jest obiekt');
  if (e.family !== family || e.format !== format)
    throw invalidModel(
      `family/format ${String(e.family)}/${String(e.format)}, expected ${family}/${format}`,
      `rodzina/format ${String(e.family)}/${String(e.format)}, oczekiwano ${family}/${format}`,
      { field: 'format', value: e.format }
    );
  if (!isObject(e.state))
    throw invalidModel('state missing', 'brak stanu modelu', { field: 'state' });
  if (e.params !== undefined && !isObject(e.params))
    throw invalidModel('params is not an object', 'params nie jest obiektem', { field: 'params' });
  return e.state;
}

/** An integer field ≥ min. @throws INVALID_MODEL. */
export function readInt(s: Record<string, unknown>, field: string, min: number): number {
  const v = s[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw invalidModel(`${field} = ${String(v)}`, `${field} = ${String(v)}`, { field, value: v });
  return v;
}

/**
 * A base64 Float64Array field of exactly `length` values, all finite (unless allowNonFinite).
 * @throws INVALID_MODEL.
 */
export function readF64(
  s: Record<string, unknown>,
  field: string,
  length: number,
  allowNonFinite = false
): Float64Array {
  const a = decodeF64(s[field]);
  if (!a || a.length !== length)
    throw invalidModel(
      `${field} is not ${length} float64 values in base64`,
      `${field} nie zawiera ${length} wartości float64 w base64`,
      { field, expected: length }
    );
  if (!allowNonFinite && !a.every(Number.isFinite))
    throw invalidModel(
      `${field} holds a non-finite value`,
      `${field} zawiera wartość nieskończoną`,
      {
        field
      }
    );
  return a;
}

/** A string field among `allowed`. @throws INVALID_MODEL. */
export function readChoice<T extends string>(
  s: Record<string, unknown>,
  field: string,
  allowed: readonly T[]
): T {
  const v = s[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw invalidModel(`${field} = ${String(v)}`, `${field} = ${String(v)}`, { field, value: v });
  return v as T;
}

/**
 * The hyper-parameters stored in an encoding, checked like a fit's (`resolve` is the family's
 * resolver); a bad value becomes INVALID_MODEL rather than INVALID_PARAM, because the file is at
 * fault, not the caller.
 */
export function readParams<P>(e: EncodedModel, resolve: (given: Record<string, unknown>) => P): P {
  try {
    return resolve((e.params ?? {}) as Record<string, unknown>);
  } catch (err) {
    const details = (err as { details?: Record<string, unknown> }).details ?? {};
    throw invalidModel(
      `params.${String(details.param)} = ${String(details.value)}`,
      `params.${String(details.param)} = ${String(details.value)}`,
      { field: 'params', ...details }
    );
  }
}
