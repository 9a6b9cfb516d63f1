/**
 * Training data for the MLP: input checks (typed errors naming the bad value), the target as the
 * network sees it (class codes, one-hot rows, or a standardised value), sample weights, and the
 * seeded stratified split that early stopping validates on.
 */
import { DataValidationError } from '../engine/errors';
import { shuffleInPlace, type Rng } from '../engine/rng';
import type { DesignMatrix, FitContext, ModelTask } from '../engine/models/types';

/** Fewer validation rows than this make early stopping noise: train all epochs instead. */
const MIN_VALIDATION_ROWS = 10;

function invalid(en: string, pl: string, details: Record<string, unknown>): DataValidationError {
  return new DataValidationError({
    code: 'INVALID_INPUT',
    message: {
      en: `invalid MLP training data: ${en}`,
      pl: `nieprawidłowe dane uczące MLP: ${pl}`
    },
    details
  });
}

/**
 * Throws INVALID_INPUT unless X is a dense, finite nRows × nFeatures matrix (≥ 2 rows, ≥ 1
 * feature), y holds class codes 0 … nClasses − 1 (or finite values for regression) and sample
 * weights are finite, non-negative and not all zero.
 */
export function checkMlpData(X: DesignMatrix, y: Float64Array, ctx: FitContext): void {
  const n = X.nRows;
  if (!Number.isInteger(n) || n < 2 || X.columns.length < 1)
    throw invalid(
      `${n} rows × ${X.columns.length} features`,
      `${n} wierszy × ${X.columns.length} cech`,
      {
        nRows: n,
        nFeatures: X.columns.length
      }
    );
  X.columns.forEach((c, f) => {
    const name = X.names[f] ?? `#${f}`;
    if (c.length !== n)
      throw invalid(
        `feature ${name} has ${c.length} values, expected ${n}`,
        `cecha ${name} ma ${c.length} wartości, oczekiwano ${n}`,
        {
          feature: name,
          length: c.length
        }
      );
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(c[i]))
        throw invalid(
          `feature ${name} has ${c[i]} in row ${i} (impute missing values first)`,
          `cecha ${name} ma ${c[i]} w wierszu ${i} (najpierw uzupełnij braki)`,
          { feature: name, row: i, value: String(c[i]) }
        );
  });
  if (y.length !== n)
    throw invalid(
      `target has ${y.length} values, expected ${n}`,
      `zmienna celu ma ${y.length} wartości, oczekiwano ${n}`,
      {
        length: y.length
      }
    );
  const K = ctx.nClasses;
  if (
    ctx.task !== 'regression' &&
    !(Number.isInteger(K) && (ctx.task === 'binary' ? K === 2 : K >= 3))
  )
    throw invalid(`nClasses = ${K} for ${ctx.task}`, `nClasses = ${K} dla ${ctx.task}`, {
      nClasses: K
    });
  for (let i = 0; i < n; i++) {
    const v = y[i];
    const ok =
      ctx.task === 'regression' ? Number.isFinite(v) : Number.isInteger(v) && v >= 0 && v < K;
    if (!ok)
      throw invalid(`target value ${v} in row ${i}`, `wartość celu ${v} w wierszu ${i}`, {
        row: i,
        value: String(v)
      });
  }
  const w = ctx.sampleWeight;
  if (w) {
    if (w.length !== n || !w.every((v) => Number.isFinite(v) && v >= 0) || !w.some((v) => v > 0))
      throw invalid(
        'sample weights must be n finite values ≥ 0, not all zero',
        'wagi wierszy muszą być n skończonymi wartościami ≥ 0, nie wszystkie zerowe',
        { length: w.length }
      );
  }
}

/** The target as the network trains on it. */
export interface TrainingTargets {
  task: ModelTask;
  /** Columns of the target tensor: nClasses (multiclass, one-hot) or 1. */
  width: number;
  /** Float64Array, length nRows: class codes, or (y − yMean) / yStd for regression. */
  values: Float64Array;
  /** Float64Array, length nRows: the sample weights (1 when none were given). */
  weight: Float64Array;
  yMean: number;
  yStd: number;
  /** Target rows for `rows`. @returns Float32Array, length rows.length × width, row-major. */
  take(rows: Uint32Array): Float32Array;
}

/** Targets for a checked (checkMlpData) y. */
export function encodeTargets(y: Float64Array, ctx: FitContext): TrainingTargets {
  const n = y.length;
  const weight = ctx.sampleWeight
    ? Float64Array.from(ctx.sampleWeight)
    : new Float64Array(n).fill(1);
  let yMean = 0;
  let yStd = 1;
  let values = y;
  if (ctx.task === 'regression') {
    yMean = y.reduce((a, b) => a + b, 0) / n;
    const variance = y.reduce((a, b) => a + (b - yMean) ** 2, 0) / n;
    // A constant target trains to z = 0 and predicts yMean.
    yStd = variance > 0 ? Math.sqrt(variance) : 1;
    values = y.map((v) => (v - yMean) / yStd);
  }
  const width = ctx.task === 'multiclass' ? ctx.nClasses : 1;
  const take = (rows: Uint32Array): Float32Array => {
    const out = new Float32Array(rows.length * width);
    if (width === 1) rows.forEach((r, i) => (out[i] = values[r]));
    else rows.forEach((r, i) => (out[i * width + values[r]] = 1));
    return out;
  };
  return { task: ctx.task, width, values, weight, yMean, yStd, take };
}

/**
 * Seeded validation split: `fraction` of each class's rows (of all rows for regression), keeping at
 * least one training row per class; none when that would give < 10 validation rows.
 * @returns ascending Uint32Array row lists.
 */
export function splitValidation(
  t: TrainingTargets,
  fraction: number,
  rng: Rng
): { train: Uint32Array; valid: Uint32Array } {
  const n = t.values.length;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  if (fraction <= 0) return { train: all, valid: new Uint32Array(0) };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = t.task === 'regression' ? 0 : t.values[i];
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  }
  const isValid = new Uint8Array(n);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(Uint32Array.from(groups.get(key) as number[]), rng);
    const take = Math.min(Math.round(rows.length * fraction), rows.length - 1);
    for (let j = 0; j < take; j++) isValid[rows[j]] = 1;
  }
  const valid = all.filter((i) => isValid[i] === 1);
  if (valid.length < MIN_VALIDATION_ROWS) return { train: all, valid: new Uint32Array(0) };
  return { train: all.filter((i) => isValid[i] === 0), valid };
}
