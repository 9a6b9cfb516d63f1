// Guards exact linear SHAP (issue 6): φ = coefficient × (x − mean of the background), on the
// margin (value, log-odds, softmax logits), checked against values computed here from the
// definition, and additivity to the model's own margin.
import { describe, expect, it } from 'vitest';
import { fullBackground, kmeansBackground } from '../../workers/engine/explain/background';
import { explainModel } from '../../workers/engine/explain/explain-model';
import { linearTrainer } from '../../workers/engine/models/linear';
import { logisticTrainer } from '../../workers/engine/models/logistic';
import type { LinearParts } from '../../workers/engine/models/linear-parts';
import type { DesignMatrix, ModelTask } from '../../workers/engine/models/types';
import { createRng } from '../../workers/engine/rng';

function synthetic(n: number, p: number, seed: number): DesignMatrix {
  const rng = createRng(seed);
  return {
    nRows: n,
    columns: Array.from({ length: p }, (_, j) =>
      Float64Array.from({ length: n }, () => (rng.next() - 0.5) * (j + 1) + j)
    ),
    names: Array.from({ length: p }, (_, j) => `x${j}`),
    kinds: Array.from({ length: p }, () => 'numeric' as const),
    source: Int32Array.from({ length: p }, (_, j) => j)
  };
}

/** The definition, written out: coef[k, j] · (x_j − Σ_i x_ij / n). */
function expected(parts: LinearParts, X: DesignMatrix, bg: DesignMatrix): Float64Array {
  const { nOutputs: K, nFeatures: p } = parts;
  const n = X.nRows;
  const out = new Float64Array(K * n * p);
  const mean = bg.columns.map((c) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i];
    return s / c.length;
  });
  for (let k = 0; k < K; k++)
    for (let r = 0; r < n; r++)
      for (let j = 0; j < p; j++)
        out[(k * n + r) * p + j] = parts.coef[k * p + j] * (X.columns[j][r] - mean[j]);
  return out;
}

async function fit(task: ModelTask, K: number, X: DesignMatrix) {
  const rng = createRng(7);
  const y = Float64Array.from({ length: X.nRows }, (_, i) => {
    const s = X.columns[0][i] - X.columns[1][i] + 0.3 * X.columns[2][i];
    if (task === 'regression') return s + rng.next();
    return K === 2
      ? Number(s + rng.next() - 0.5 > -1)
      : Math.min(K - 1, Math.floor(rng.next() * K));
  });
  const trainer = task === 'regression' ? linearTrainer : logisticTrainer;
  const params = trainer.defaults(task, X.nRows, X.columns.length);
  const model = await trainer.fit(X, y, params as never, { task, nClasses: K, seed: 1 });
  return model as typeof model & LinearParts;
}

describe('explainModel() on linear models', () => {
  const X = synthetic(120, 4, 3);
  const rows = { ...X, nRows: 10, columns: X.columns.map((c) => c.slice(0, 10)) };

  for (const [task, K] of [
    ['regression', 1],
    ['binary', 2],
    ['multiclass', 3]
  ] as const) {
    it(`${task}: φ equals coef × (x − mean) exactly and adds up to the margin`, async () => {
      const model = await fit(task, K, X);
      const shap = explainModel(model, rows, { background: X, seed: 1 });
      const nOut = task === 'multiclass' ? 3 : 1;
      expect(shap.method).toBe('linear');
      expect([shap.nRows, shap.nFeatures, shap.nOutputs]).toEqual([10, 4, nOut]);
      expect(shap.values).toEqual(expected(model, rows, X));
      // Margin: the model's own link applied to it gives its probabilities.
      const pred = model.predict(rows);
      for (let r = 0; r < 10; r++) {
        if (task === 'regression') expect(shap.margin[r]).toBeCloseTo(pred[r], 12);
        else if (task === 'binary')
          expect(1 / (1 + Math.exp(-shap.margin[r]))).toBeCloseTo(pred[2 * r + 1], 12);
        else {
          const z = [0, 1, 2].map((k) => Math.exp(shap.margin[k * 10 + r]));
          const s = z[0] + z[1] + z[2];
          for (let k = 0; k < 3; k++) expect(z[k] / s).toBeCloseTo(pred[r * 3 + k], 12);
        }
        for (let k = 0; k < nOut; k++) {
          let sum = shap.baseValue[k];
          for (let j = 0; j < 4; j++) sum += shap.values[(k * 10 + r) * 4 + j];
          expect(Math.abs(sum - shap.margin[k * 10 + r])).toBeLessThan(1e-12);
        }
      }
    });
  }

  it('kmeansBackground() keeps the data mean, so linear SHAP does not depend on k-means', () => {
    const bg = kmeansBackground(X, 8, 5);
    expect(bg.X.nRows).toBeLessThanOrEqual(8);
    expect(bg.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const full = fullBackground(X);
    for (let j = 0; j < 4; j++) {
      let m = 0;
      let w = 0;
      for (let i = 0; i < bg.X.nRows; i++) m += bg.weights[i] * bg.X.columns[j][i];
      for (let i = 0; i < X.nRows; i++) w += full.weights[i] * X.columns[j][i];
      expect(m).toBeCloseTo(w, 12);
    }
  });
});
