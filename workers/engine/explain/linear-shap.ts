/**
 * Exact SHAP of a linear model on its margin (ridge / elastic net value, logistic log-odds,
 * softmax logits): with independent features and an interventional background, the Shapley value
 * of feature j for output k is coef[k, j] · (x_j − μ_j), μ the (weighted) background mean, and the
 * base value is the margin at μ. Additivity is exact up to rounding.
 */
import type { LinearParts } from '../models/linear-parts';
import { checkShape } from '../models/inputs';
import type { DesignMatrix } from '../models/types';
import type { Background } from './background';
import type { ShapValues } from './types';

/** Weighted column means of a background. @returns Float64Array, length nFeatures. */
export function backgroundMeans(bg: Background): Float64Array {
  const { X, weights } = bg;
  // Equal weights: the textbook mean Σx / n (so "x − mean" is the mean anyone would compute).
  const uniform = weights.every((w) => w === weights[0]);
  return Float64Array.from(X.columns, (c) => {
    let s = 0;
    if (uniform) {
      for (let i = 0; i < X.nRows; i++) s += c[i];
      return s / X.nRows;
    }
    for (let i = 0; i < X.nRows; i++) s += weights[i] * c[i];
    return s;
  });
}

/**
 * @param parts the fitted linear model (LinearModel, LogisticModel).
 * @param X rows to explain (design features, nFeatures = parts.nFeatures).
 * @param bg the background (its weighted mean is the reference point).
 * @param outputNames length parts.nOutputs.
 */
export function linearShap(
  parts: LinearParts,
  X: DesignMatrix,
  bg: Background,
  outputNames: string[]
): ShapValues {
  checkShape(X, parts.nFeatures);
  checkShape(bg.X, parts.nFeatures);
  const { nOutputs: K, nFeatures: p, coef, intercept } = parts;
  const n = X.nRows;
  const mu = backgroundMeans(bg);
  const values = new Float64Array(K * n * p);
  const margin = new Float64Array(K * n);
  const baseValue = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let base = intercept[k];
    for (let j = 0; j < p; j++) base += coef[k * p + j] * mu[j];
    baseValue[k] = base;
    for (let r = 0; r < n; r++) {
      const o = (k * n + r) * p;
      let m = intercept[k];
      for (let j = 0; j < p; j++) {
        const x = X.columns[j][r];
        values[o + j] = coef[k * p + j] * (x - mu[j]);
        m += coef[k * p + j] * x;
      }
      margin[k * n + r] = m;
    }
  }
  return {
    method: 'linear',
    nRows: n,
    nFeatures: p,
    nOutputs: K,
    outputNames,
    featureNames: [...X.names],
    baseValue,
    values,
    margin
  };
}
