// Guards the metric functions against hand-computed values and their bounds.
import { describe, expect, it } from 'vitest';
import { binaryAuc, rocAuc } from './auc';
import { accuracy, logLoss } from './classification';
import { mae, r2, rmse } from './regression';

describe('metrics', () => {
  it('binaryAuc() counts ties as one half', () => {
    expect(binaryAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1))).toBeCloseTo(
      0.75,
      12
    );
    expect(binaryAuc(Float64Array.of(0.5, 0.5), Uint8Array.of(0, 1))).toBe(0.5);
    expect(binaryAuc(Float64Array.of(1, 2), Uint8Array.of(1, 1))).toBeNaN();
  });

  it('rocAuc() is the one-vs-rest macro mean for K > 2 and uses column 1 for K = 2', () => {
    const p3 = Float64Array.of(0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7);
    expect(rocAuc(p3, [0, 1, 2], 3)).toBe(1);
    expect(rocAuc(Float64Array.of(0.9, 0.1, 0.2, 0.8), [0, 1], 2)).toBe(1);
  });

  it('accuracy() takes the first maximum and logLoss() clips and renormalises', () => {
    expect(accuracy(Float64Array.of(0.5, 0.5, 0.2, 0.8), [0, 1], 2)).toBe(1);
    expect(logLoss(Float64Array.of(1, 0), [0], 2)).toBeLessThan(1e-14);
    expect(logLoss(Float64Array.of(0.5, 0.5), [1], 2)).toBeCloseTo(Math.LN2, 12);
  });

  it('r2(), mae(), rmse() match hand-computed values', () => {
    const y = [1, 2, 3, 4];
    const p = [1, 2, 3, 5];
    expect(r2(y, p)).toBeCloseTo(1 - 1 / 5, 12);
    expect(mae(y, p)).toBe(0.25);
    expect(rmse(y, p)).toBe(0.5);
  });
});
