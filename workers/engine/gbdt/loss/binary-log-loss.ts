/**
 * Binary log-loss on the raw margin (scikit-learn HalfBinomialLoss): p = sigmoid(raw), gradient
 * p − y, hessian p(1 − p), base score = log-odds of the positive rate (clipped away from 0 and 1).
 * Training gradients use `logistic` (fdlibm's exp in plain arithmetic, loss/exp.ts) so that the
 * TypeScript trainer, the WASM kernel and every JS engine agree bit for bit.
 */
import { expNonPositive } from './exp';
import type { GbdtObjective } from './types';
import { exp, log, log1p } from '../../math/index';

const EPS = 1e-15;

/** Logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}

/** log(1 + exp(x)) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

/**
 * sigmoid(x) through `expNonPositive` (loss/exp.ts), the training gradients' definition: the same
 * bits in every JS engine and in the WASM kernel. p = 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below.
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + expNonPositive(-x));
  const e = expNonPositive(x);
  return e / (1 + e);
}

export function binaryLogLoss(): GbdtObjective {
  return {
    nOutputs: 1,
    link: 'logistic',
    baseScore(y, rows) {
      let s = 0;
      for (const r of rows) s += y[r];
      const p = Math.min(1 - EPS, Math.max(EPS, rows.length ? s / rows.length : 0.5));
      return Float64Array.of(log(p / (1 - p)));
    },
    gradients(y, raw, rows, grad, hess) {
      const g = grad[0];
      const h = hess[0];
      // logisticGradient() per row; wasm/hist's `logisticGradients` is its bit-exact twin.
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const p = logistic(raw[r]);
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
