/**
 * Shape and value checks of a dense family's inputs (DesignMatrix, y, sample weights), done
 * before any compute so that a bad fold surfaces as DataValidationError INVALID_INPUT naming the
 * value instead of NaN coefficients.
 */
import { DataValidationError } from '../errors';
import { invalidParam } from './params';
import type { DesignMatrix, FitContext } from './types';

function badInput(en: string, pl: string, details: Record<string, unknown>): DataValidationError {
  return new DataValidationError({ code: 'INVALID_INPUT', message: { en, pl }, details });
}

/** Throws INVALID_INPUT unless X has nFeatures (when given) columns of length nRows. */
export function checkShape(X: DesignMatrix, nFeatures?: number): void {
  if (!X || !Array.isArray(X.columns) || !Number.isInteger(X.nRows) || X.nRows < 0)
    throw badInput('invalid design matrix', 'nieprawidłowa macierz cech', {});
  if (nFeatures !== undefined && X.columns.length !== nFeatures)
    throw badInput(
      `invalid feature count: ${X.columns.length}, the model was trained on ${nFeatures}`,
      `nieprawidłowa liczba cech: ${X.columns.length}, model wytrenowano na ${nFeatures}`,
      { features: X.columns.length, expected: nFeatures }
    );
  X.columns.forEach((c, j) => {
    if (!(c instanceof Float64Array) || c.length !== X.nRows)
      throw badInput(
        `invalid column ${j}: length ${c?.length}, expected ${X.nRows}`,
        `nieprawidłowa kolumna ${j}: długość ${c?.length}, oczekiwano ${X.nRows}`,
        { column: j }
      );
  });
}

/**
 * Training inputs of a dense family: X shaped and finite (dense pipelines impute everything), y
 * of length nRows (class codes 0 … nClasses − 1 for classification, finite numbers for
 * regression), sample weights finite, ≥ 0 and not all 0.
 * @returns Float64Array, length nRows: the weights (all 1 when none are given).
 */
export function checkTraining(X: DesignMatrix, y: Float64Array, ctx: FitContext): Float64Array {
  checkShape(X);
  const n = X.nRows;
  if (n < 1) throw badInput('no training rows', 'brak wierszy treningowych', { rows: n });
  if (!(y instanceof Float64Array) || y.length !== n)
    throw badInput(
      `invalid y: length ${y?.length}, expected ${n}`,
      `nieprawidłowe y: długość ${y?.length}, oczekiwano ${n}`,
      { rows: n }
    );
  X.columns.forEach((c, j) => {
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(c[i]))
        throw badInput(
          `invalid value ${c[i]} in feature '${X.names?.[j] ?? j}', row ${i}: dense models need imputed numbers`,
          `nieprawidłowa wartość ${c[i]} w cesze '${X.names?.[j] ?? j}', wiersz ${i}: modele gęste wymagają uzupełnionych liczb`,
          { column: j, row: i }
        );
  });
  const classify = ctx.task !== 'regression';
  if (classify && (!Number.isInteger(ctx.nClasses) || ctx.nClasses < 2))
    throw invalidParam('nClasses', ctx.nClasses, 'an integer ≥ 2');
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (classify ? !(Number.isInteger(v) && v >= 0 && v < ctx.nClasses) : !Number.isFinite(v))
      throw badInput(
        `invalid y[${i}] = ${v}: expected ${classify ? `a class code 0 … ${ctx.nClasses - 1}` : 'a finite number'}`,
        `nieprawidłowe y[${i}] = ${v}: oczekiwano ${classify ? `kodu klasy 0 … ${ctx.nClasses - 1}` : 'liczby skończonej'}`,
        { row: i, value: v }
      );
  }
  const w = ctx.sampleWeight;
  if (w === null || w === undefined) return new Float64Array(n).fill(1);
  if (!(w instanceof Float64Array) || w.length !== n)
    throw badInput(
      `invalid sampleWeight: length ${w?.length}, expected ${n}`,
      `nieprawidłowe wagi wierszy: długość ${w?.length}, oczekiwano ${n}`,
      { rows: n }
    );
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(w[i]) && w[i] >= 0))
      throw badInput(
        `invalid sampleWeight[${i}] = ${w[i]}: expected a finite number ≥ 0`,
        `nieprawidłowa waga wiersza ${i}: ${w[i]} (oczekiwano liczby skończonej ≥ 0)`,
        { row: i, value: w[i] }
      );
    sum += w[i];
  }
  if (!(sum > 0))
    throw badInput('all sample weights are 0', 'wszystkie wagi wierszy są zerowe', {});
  return w;
}

/** Row-major copy of the columns. @returns Float64Array, length nRows × nFeatures. */
export function toRowMajor(X: DesignMatrix): Float64Array {
  const p = X.columns.length;
  const out = new Float64Array(X.nRows * p);
  for (let j = 0; j < p; j++) {
    const c = X.columns[j];
    for (let i = 0; i < X.nRows; i++) out[i * p + j] = c[i];
  }
  return out;
}
