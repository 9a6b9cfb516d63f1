/**
 * Penalised logistic loss and its gradient, binary (one output, sigmoid) and multinomial (K
 * outputs, softmax). Parameters θ = [W (nOut × p, row-major), b (nOut)]. The objective is divided
 * by Σw — the minimiser is unchanged, but the gradient tolerance then means the same on 100 and
 * 100,000 rows:
 *   f(θ) = (Σ_i w_i ℓ_i + l2 / 2 · ‖W‖²) / Σw,   l2 = (1 − l1Ratio) / C   (b unpenalised).
 */
import { exp, log, log1p } from '../math';

export interface LossData {
  /** Float64Array, length n × p, row-major. */
  X: Float64Array;
  n: number;
  p: number;
  /** Outputs: 1 (binary) or K (multinomial). */
  nOut: number;
  /** Int32Array, length n: class index (0/1 for binary, 0 … nOut − 1 for multinomial). */
  y: Int32Array;
  /** Float64Array, length n. */
  w: Float64Array;
  wSum: number;
  l2: number;
}

/** log(1 + e^z) without overflow. */
export const softplus = (z: number): number => (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)));

/** Fills z (length n × nOut) with the margins of θ. */
function marginsOf(D: LossData, theta: Float64Array, z: Float64Array): void {
  const { X, n, p, nOut } = D;
  const bOff = nOut * p;
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let k = 0; k < nOut; k++) {
      let s = theta[bOff + k];
      const wk = k * p;
      for (let j = 0; j < p; j++) s += theta[wk + j] * X[row + j];
      z[i * nOut + k] = s;
    }
  }
}

/**
 * The smooth objective f(θ) and ∇f written into `grad`; `scratch` (length n × nOut) is reused
 * between calls.
 */
export function logisticObjective(D: LossData, scratch: Float64Array) {
  return (theta: Float64Array, grad: Float64Array): number => {
    const { X, n, p, nOut, y, w } = D;
    const z = scratch;
    marginsOf(D, theta, z);
    let loss = 0;
    // z becomes the residual w_i (μ_ik − [y_i = k]) in place.
    for (let i = 0; i < n; i++) {
      if (nOut === 1) {
        const zi = z[i];
        loss += w[i] * (softplus(zi) - (y[i] === 1 ? zi : 0));
        const mu = zi >= 0 ? 1 / (1 + exp(-zi)) : exp(zi) / (1 + exp(zi));
        z[i] = w[i] * (mu - y[i]);
      } else {
        const o = i * nOut;
        let max = -Infinity;
        for (let k = 0; k < nOut; k++) max = Math.max(max, z[o + k]);
        let sum = 0;
        for (let k = 0; k < nOut; k++) sum += exp(z[o + k] - max);
        loss += w[i] * (max + log(sum) - z[o + y[i]]);
        for (let k = 0; k < nOut; k++)
          z[o + k] = w[i] * (exp(z[o + k] - max) / sum - (y[i] === k ? 1 : 0));
      }
    }
    grad.fill(0);
    const bOff = nOut * p;
    for (let i = 0; i < n; i++) {
      const row = i * p;
      for (let k = 0; k < nOut; k++) {
        const r = z[i * nOut + k];
        if (r === 0) continue;
        const wk = k * p;
        for (let j = 0; j < p; j++) grad[wk + j] += r * X[row + j];
        grad[bOff + k] += r;
      }
    }
    let pen = 0;
    for (let j = 0; j < bOff; j++) {
      pen += theta[j] * theta[j];
      grad[j] += D.l2 * theta[j];
    }
    for (let j = 0; j < grad.length; j++) grad[j] /= D.wSum;
    return (loss + (D.l2 / 2) * pen) / D.wSum;
  };
}
