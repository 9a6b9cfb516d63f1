// Guards the metric grid (computeMetrics, METRIC_INFO and the single metrics) against hand-computed
// cases, scikit-learn 1.2.1's values (models-sklearn-ref.json) and bounds that hold for any input.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../workers/engine/metrics/compute';
import { METRIC_INFO, metricsFor } from '../../workers/engine/metrics/info';
import { cohenKappa, mcc } from '../../workers/engine/metrics/classification';
import { mape, rmsle } from '../../workers/engine/metrics/regression';
import type { MetricName } from '../../workers/engine/automl/types';

const ref = JSON.parse(readFileSync(new URL('./models-sklearn-ref.json', import.meta.url), 'utf8'));

/** Binary probability rows [1 − p, p]. */
const binary = (p: number[]) => Float64Array.from(p.flatMap((v) => [1 - v, v]));
/** One-hot rows of predicted classes (probability 0.9 on the class, the rest shared). */
const oneHot = (pred: number[], K: number) =>
  Float64Array.from(
    pred.flatMap((c) => Array.from({ length: K }, (_, k) => (k === c ? 0.9 : 0.1 / (K - 1))))
  );

describe('computeMetrics() on hand-computed cases', () => {
  it('binary: scores of class 1 (TP 2, FP 1, FN 1, TN 2)', () => {
    // y = 0 0 1 1 1 0, p(1) = .2 .6 .7 .4 .9 .1 → predicted 0 1 1 0 1 0
    const m = computeMetrics(
      'binary',
      [0, 0, 1, 1, 1, 0],
      binary([0.2, 0.6, 0.7, 0.4, 0.9, 0.1]),
      2
    );
    expect(m.accuracy).toBeCloseTo(4 / 6, 14);
    expect(m.precision).toBeCloseTo(2 / 3, 14);
    expect(m.recall).toBeCloseTo(2 / 3, 14);
    expect(m.f1).toBeCloseTo(2 / 3, 14);
    // p_o = 2/3, p_e = ½·½ + ½·½ = ½ → κ = (2/3 − 1/2) / (1/2)
    expect(m.kappa).toBeCloseTo(1 / 3, 14);
    // (TP·TN − FP·FN) / √(3·3·3·3) = 3 / 9
    expect(m.mcc).toBeCloseTo(1 / 3, 14);
    // pairs (pos > neg): 0.7 → 3, 0.4 → 2, 0.9 → 3 of 9
    expect(m.auc).toBeCloseTo(8 / 9, 14);
    const ll =
      -(
        Math.log(0.8) +
        Math.log(0.4) +
        Math.log(0.7) +
        Math.log(0.4) +
        Math.log(0.9) +
        Math.log(0.9)
      ) / 6;
    expect(m.logloss).toBeCloseTo(ll, 14);
    expect(Object.keys(m).sort()).toEqual(metricsFor('binary').sort());
  });

  it('multiclass: macro recall / precision / F1, kappa and MCC from the confusion matrix', () => {
    // y = 0 0 1 1 2 2, predicted 0 1 1 1 2 0
    const m = computeMetrics('multiclass', [0, 0, 1, 1, 2, 2], oneHot([0, 1, 1, 1, 2, 0], 3), 3);
    expect(m.accuracy).toBeCloseTo(4 / 6, 14);
    // per class P: 1/2, 2/3, 1; R: 1/2, 1, 1/2; F1: 1/2, 4/5, 2/3
    expect(m.precision).toBeCloseTo(13 / 18, 14);
    expect(m.recall).toBeCloseTo(2 / 3, 14);
    expect(m.f1).toBeCloseTo(59 / 90, 14);
    // row sums 2 2 2, column sums 2 3 1 → p_e = 12/36
    expect(m.kappa).toBeCloseTo(0.5, 14);
    // c = 4, s = 6, Σp·t = 12, Σp² = 14, Σt² = 12
    expect(m.mcc).toBeCloseTo(12 / Math.sqrt(22 * 24), 14);
  });

  it('regression: MSE, RMSLE, MAPE as defined', () => {
    const m = computeMetrics('regression', [1, 2, 3, 4], Float64Array.of(1, 2, 3, 5), 1);
    expect(m.mae).toBe(0.25);
    expect(m.mse).toBe(0.25);
    expect(m.rmse).toBe(0.5);
    expect(m.r2).toBeCloseTo(0.8, 14);
    expect(m.rmsle).toBeCloseTo(Math.log(6 / 5) / 2, 14);
    expect(m.mape).toBeCloseTo(1 / 16, 14);
    expect(Object.keys(m).sort()).toEqual(metricsFor('regression').sort());
  });

  it('rmsle() is NaN at or below −1 and mape() divides by machine epsilon at y = 0', () => {
    expect(rmsle([0, 1], [-1, 1])).toBeNaN();
    expect(rmsle([-2, 1], [0, 1])).toBeNaN();
    expect(rmsle([-0.5], [-0.5])).toBe(0);
    expect(mape([0, 2], [1, 2])).toBe(1 / 2.220446049250313e-16 / 2);
  });

  it('kappa is NaN and MCC 0 when one class is everywhere', () => {
    expect(cohenKappa(oneHot([1, 1], 2), [1, 1], 2)).toBeNaN();
    expect(mcc(oneHot([1, 1], 2), [1, 1], 2)).toBe(0);
  });
});

describe('computeMetrics() vs scikit-learn 1.2.1', () => {
  const keys = ['accuracy', 'auc', 'recall', 'precision', 'f1', 'kappa', 'mcc', 'logloss'] as const;
  ref.metrics.classification.forEach((c: Record<string, unknown>, i: number) => {
    it(`classification case ${i} (K = ${c.K})`, () => {
      const K = c.K as number;
      const m = computeMetrics(
        K === 2 ? 'binary' : 'multiclass',
        c.y as number[],
        Float64Array.from(c.proba as number[]),
        K
      );
      for (const k of keys) expect(m[k]).toBeCloseTo(c[k] as number, 12);
    });
  });
  ref.metrics.regression.forEach((c: Record<string, number[] | number>, i: number) => {
    it(`regression case ${i}`, () => {
      const m = computeMetrics(
        'regression',
        c.y as number[],
        Float64Array.from(c.p as number[]),
        1
      );
      for (const k of ['mae', 'mse', 'rmse', 'r2', 'rmsle', 'mape'] as const)
        expect(m[k]).toBeCloseTo(c[k] as number, 12);
    });
  });
});

/** n rows of K-class probabilities and labels containing at least two classes. */
const classCase = fc.integer({ min: 2, max: 5 }).chain((K) =>
  fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: K - 1 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: K, maxLength: K })
      ),
      {
        minLength: 2,
        maxLength: 40
      }
    )
    .map((rows) => ({
      K,
      y: rows.map((r) => r[0]),
      proba: Float64Array.from(
        rows.flatMap((r) => r[1].map((v) => v / r[1].reduce((a, b) => a + b)))
      )
    }))
);

describe('metric bounds (fast-check)', () => {
  it('every classification metric stays in its range', () => {
    fc.assert(
      fc.property(classCase, ({ K, y, proba }) => {
        const m = computeMetrics(K === 2 ? 'binary' : 'multiclass', y, proba, K);
        for (const k of ['accuracy', 'recall', 'precision', 'f1'] as const)
          expect(m[k]! >= 0 && m[k]! <= 1).toBe(true);
        expect(m.mcc! >= -1 - 1e-12 && m.mcc! <= 1 + 1e-12).toBe(true);
        expect(Number.isNaN(m.kappa!) || (m.kappa! >= -1 - 1e-12 && m.kappa! <= 1 + 1e-12)).toBe(
          true
        );
        expect(Number.isNaN(m.auc!) || (m.auc! >= 0 && m.auc! <= 1)).toBe(true);
        expect(m.logloss! >= 0).toBe(true);
      })
    );
  });

  it('perfect predictions give accuracy, F1, kappa, MCC and AUC of 1', () => {
    fc.assert(
      fc.property(classCase, ({ K, y }) => {
        fc.pre(new Set(y).size >= 2);
        const m = computeMetrics(K === 2 ? 'binary' : 'multiclass', y, oneHot(y, K), K);
        for (const k of ['accuracy', 'f1', 'kappa', 'mcc', 'auc'] as const)
          expect(m[k]).toBeCloseTo(1, 12);
      })
    );
  });

  it('regression errors are ≥ 0, RMSE ≥ MAE, and R2 ≤ 1', () => {
    const pairs = fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true })
      ),
      {
        minLength: 2,
        maxLength: 30
      }
    );
    fc.assert(
      fc.property(pairs, (rows) => {
        const m = computeMetrics(
          'regression',
          rows.map((r) => r[0]),
          Float64Array.from(rows, (r) => r[1]),
          1
        );
        for (const k of ['mae', 'mse', 'rmse', 'rmsle', 'mape'] as const)
          expect(m[k]! >= 0).toBe(true);
        expect(m.rmse! >= m.mae! - 1e-9).toBe(true);
        expect(Number.isNaN(m.r2!) || m.r2! <= 1).toBe(true);
      })
    );
  });
});

describe('METRIC_INFO', () => {
  it('describes every metric with a PyCaret label, a direction and two non-empty explanations', () => {
    const all: MetricName[] = [
      'accuracy',
      'auc',
      'recall',
      'precision',
      'f1',
      'kappa',
      'mcc',
      'logloss',
      'mae',
      'mse',
      'rmse',
      'r2',
      'rmsle',
      'mape'
    ];
    expect(Object.keys(METRIC_INFO).sort()).toEqual([...all].sort());
    const lowerIsBetter = ['logloss', 'mae', 'mse', 'rmse', 'rmsle', 'mape'];
    for (const m of all) {
      const info = METRIC_INFO[m];
      expect(info.higherIsBetter).toBe(!lowerIsBetter.includes(m));
      expect(info.explanation.pl.length).toBeGreaterThan(30);
      expect(info.explanation.en.length).toBeGreaterThan(30);
      expect(info.task).toBe(
        ['mae', 'mse', 'rmse', 'r2', 'rmsle', 'mape'].includes(m) ? 'regression' : 'classification'
      );
    }
    expect(METRIC_INFO.precision.label).toBe('Prec.');
  });
});
