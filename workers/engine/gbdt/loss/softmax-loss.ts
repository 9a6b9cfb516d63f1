/**
 * Multiclass log-loss with a softmax link (scikit-learn HalfMultinomialLoss): K raw outputs and K
 * trees per round; p = softmax(raw), gradient_k = p_k − [y = k], hessian_k = p_k(1 − p_k) — the
 * diagonal of the softmax Hessian, as scikit-learn uses (XGBoost uses 2·p_k(1 − p_k); the factor 2
 * only rescales λ and minHessianToSplit). Base scores = log class priors, centred to mean 0
 * (softmax is shift-invariant; scikit-learn's symmetric multinomial link does the same).
 */
import { expNonPositive } from './exp';
import type { GbdtObjective } from './types';
import { log } from '../../math/index';

const EPS = 1e-15;

/**
 * Writes softmax(raw[o … o + K)) into p. exp of (raw − max) ≤ 0 through `expNonPositive`
 * (loss/exp.ts): the same bits in every JS engine, so a fit is too.
 */
function softmaxRow(raw: Float64Array, o: number, k: number, p: Float64Array): void {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, raw[o + j]);
  let s = 0;
  for (let j = 0; j < k; j++) s += p[j] = expNonPositive(raw[o + j] - m);
  for (let j = 0; j < k; j++) p[j] /= s;
}

export function softmaxLoss(nClasses: number): GbdtObjective {
  const K = nClasses;
  const p = new Float64Array(K);
  return {
    nOutputs: K,
    link: 'softmax',
    baseScore(y, rows) {
      const counts = new Float64Array(K);
      for (const r of rows) counts[y[r]]++;
      const out = new Float64Array(K);
      let mean = 0;
      for (let k = 0; k < K; k++) {
        out[k] = log(Math.max(EPS, counts[k] / Math.max(1, rows.length)));
        mean += out[k] / K;
      }
      for (let k = 0; k < K; k++) out[k] -= mean;
      return out;
    },
    gradients(y, raw, rows, grad, hess) {
      for (const r of rows) {
        softmaxRow(raw, r * K, K, p);
        for (let k = 0; k < K; k++) {
          grad[k][r] = p[k] - (y[r] === k ? 1 : 0);
          hess[k][r] = p[k] * (1 - p[k]);
        }
      }
    },
    loss(y, raw, rows) {
      let s = 0;
      for (const r of rows) {
        softmaxRow(raw, r * K, K, p);
        s -= log(Math.max(EPS, p[y[r]]));
      }
      return s / Math.max(1, rows.length);
    }
  };
}
