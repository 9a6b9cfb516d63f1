/**
 * Half squared error ½(y − raw)² (scikit-learn HalfSquaredError): gradient raw − y, hessian 1,
 * base score = mean of y.
 */
import type { GbdtObjective } from './types';

export function squaredError(): GbdtObjective {
  return {
    nOutputs: 1,
    link: 'identity',
    baseScore(y, rows) {
      let s = 0;
      for (const r of rows) s += y[r];
      return Float64Array.of(rows.length ? s / rows.length : 0);
    },
    gradients(y, raw, rows, grad, hess) {
      const g = grad[0];
      const h = hess[0];
      for (const r of rows) {
        g[r] = raw[r] - y[r];
        h[r] = 1;
      }
    },
    loss(y, raw, rows) {
      let s = 0;
      for (const r of rows) s += 0.5 * (y[r] - raw[r]) ** 2;
      return s / Math.max(1, rows.length);
    }
  };
}
