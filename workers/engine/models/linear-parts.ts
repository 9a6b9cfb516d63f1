/**
 * What linear SHAP needs from a fitted linear family: margins m_k = intercept[k] + Σ_j
 * coef[k × nFeatures + j] · x_j, and the link that turns margins into predictions.
 */
import { checkShape } from './inputs';
import type { DesignMatrix } from './types';

export interface LinearParts {
  /** identity (ridge / elastic net), logistic (binary: p(class 1) = σ(m_0)), softmax (multiclass). */
  readonly link: 'identity' | 'logistic' | 'softmax';
  readonly nFeatures: number;
  /** 1 for identity and logistic, K for softmax. */
  readonly nOutputs: number;
  /** Float64Array, length nOutputs × nFeatures, row-major (one row per output). */
  readonly coef: Float64Array;
  /** Float64Array, length nOutputs. */
  readonly intercept: Float64Array;
}

/** Margins of every row. @returns Float64Array, length nRows × nOutputs, row-major. */
export function margins(m: LinearParts, X: DesignMatrix): Float64Array {
  checkShape(X, m.nFeatures);
  const { nOutputs: K, nFeatures: p, coef, intercept } = m;
  const n = X.nRows;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) out.set(intercept, i * K);
  // Column by column: each feature column is read once, sequentially.
  for (let j = 0; j < p; j++) {
    const c = X.columns[j];
    for (let k = 0; k < K; k++) {
      const b = coef[k * p + j];
      if (b === 0) continue;
      for (let i = 0; i < n; i++) out[i * K + k] += b * c[i];
    }
  }
  return out;
}
