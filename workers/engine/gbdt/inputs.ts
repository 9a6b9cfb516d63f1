/**
 * Training-input checks shared by every tree trainer (GBDT, forests, decision tree): shapes and
 * target codes are validated before any compute, with messages naming the bad value.
 */
import { DataValidationError } from '../errors';
import type { FeatureKind } from './params';

function badInput(en: string, pl: string, details: Record<string, unknown>): DataValidationError {
  return new DataValidationError({ code: 'INVALID_INPUT', message: { en, pl }, details });
}

export interface InputCheck {
  /** y holds class codes 0 … K−1 (else any finite number). */
  classification: boolean;
  /** Declared class count (a fold may miss a class); default max code + 1, at least 2. */
  nClasses?: number;
  /** Reject a table with no feature columns. */
  requireFeatures?: boolean;
}

/**
 * Checks X (one Float64Array per feature, each length nRows), the kinds (one per feature) and y
 * (Float64Array, length nRows); returns the class count K (for regression: max(2, max y + 1),
 * which callers ignore). Throws DataValidationError INVALID_INPUT.
 */
export function checkTrainingInputs(
  X: Float64Array[],
  kinds: FeatureKind[],
  y: Float64Array,
  check: InputCheck
): number {
  const n = y.length;
  if (n < 2)
    throw badInput(
      `invalid y: ${n} rows, need at least 2`,
      `nieprawidłowe y: ${n} wierszy, potrzeba co najmniej 2`,
      { rows: n }
    );
  if ((check.requireFeatures && X.length === 0) || kinds.length !== X.length)
    throw badInput(
      `invalid featureKinds: ${kinds.length} kinds for ${X.length} features`,
      `nieprawidłowe featureKinds: ${kinds.length} typów dla ${X.length} cech`,
      { kinds: kinds.length, features: X.length }
    );
  X.forEach((c, f) => {
    if (c.length !== n)
      throw badInput(
        `invalid feature ${f}: length ${c.length}, y has ${n}`,
        `nieprawidłowa cecha ${f}: długość ${c.length}, y ma ${n}`,
        { feature: f, length: c.length, rows: n }
      );
  });
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    const ok = check.classification ? Number.isInteger(v) && v >= 0 : Number.isFinite(v);
    if (!ok)
      throw badInput(`invalid y[${i}]: ${v}`, `nieprawidłowe y[${i}]: ${v}`, { row: i, value: v });
    if (v > max) max = v;
  }
  const k = check.nClasses ?? Math.max(2, max + 1);
  if (max >= k)
    throw badInput(
      `invalid y: class code ${max} with nClasses ${k}`,
      `nieprawidłowe y: kod klasy ${max} przy nClasses ${k}`,
      { max, nClasses: k }
    );
  return k;
}
