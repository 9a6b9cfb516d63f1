/**
 * Binary log-loss on the raw margin (scikit-learn HalfBinomialLoss): p = sigmoid(raw), gradient
 * p − y, hessian p(1 − p), base score = log-odds of the positive rate (clipped away from 0 and 1).
 */
import type { GbdtObjective } from './types';

const EPS = 1e-15;

/** Logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + exp(x)) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function binaryLogLoss(): GbdtObjective {
  return {
    nOutputs: 1,
    link: 'logistic',
    baseScore(y, rows) {
      let s = 0;
      for (const r of rows) s += y[r];
      const p = Math.min(1 - EPS, Math.max(EPS, rows.length ? s / rows.length : 0.5));
      return Float64Array.of(Math.log(p / (1 - p)));
    },
    gradients(y, raw, rows, grad, hess) {
      const g = grad[0];
      const h = hess[0];
      for (const r of rows) {
        const p = sigmoid(raw[r]);
        g[r] = p - y[r];
        h[r] = p * (1 - p);
      }
    },
    loss(y, raw, rows) {
      // −[y log p + (1 − y) log(1 − p)] = log(1 + e^raw) − y · raw
      let s = 0;
      for (const r of rows) s += log1pExp(raw[r]) - y[r] * raw[r];
      return s / Math.max(1, rows.length);
    }
  };
}
