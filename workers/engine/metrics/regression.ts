/** Regression metrics (anchors.json protocol). Arrays are Float64Array or number[], length n. */
import { log1p } from '../math';

/** 1 − Σ(y − ŷ)² / Σ(y − ȳ)², ȳ = mean of y; NaN when y is constant. */
export function r2(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] / y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i] - pred[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return ssTot > 0 ? 1 - ssRes / ssTot : NaN;
}

/** Mean |y − ŷ|. */
export function mae(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - pred[i]);
  return s / y.length;
}

/** √(mean (y − ŷ)²). */
export function rmse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - pred[i]) ** 2;
  return Math.sqrt(s / y.length);
}

/** Mean (y − ŷ)². */
export function mse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - pred[i]) ** 2;
  return s / y.length;
}

/**
 * √(mean (ln(1 + ŷ) − ln(1 + y))²). NaN when any y or ŷ is ≤ −1, where ln(1 + ·) is undefined;
 * values in (−1, 0) are kept (scikit-learn refuses any negative value, PyCaret would then show
 * nothing; the formula itself is defined there, so we report it).
 */
export function rmsle(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > -1 && pred[i] > -1)) return NaN;
    s += (log1p(pred[i]) - log1p(y[i])) ** 2;
  }
  return Math.sqrt(s / y.length);
}

/** Floor of |y| in MAPE's denominator: float64 machine epsilon, as scikit-learn. */
const MAPE_EPS = 2.220446049250313e-16;

/**
 * Mean |y − ŷ| / max(|y|, ε) as a fraction (0.1 = 10 %), scikit-learn's
 * `mean_absolute_percentage_error`: a zero target gives a huge term instead of a division by zero.
 */
export function mape(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++)
    s += Math.abs(y[i] - pred[i]) / Math.max(Math.abs(y[i]), MAPE_EPS);
  return s / y.length;
}
