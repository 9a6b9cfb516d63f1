// Guards MlApi.evaluate() end to end in Node with the real engine: a bundle trained by runAutoML
// (in-process executor) is evaluated on the run's own holdout (splitShare with the run's seed).
// Independent expectations: the holdout metric equals the one the AutoML run computed, the
// learning curve's 100 % point refits the same model (same rows, seed, family) and so scores the
// same, SHAP is additive (base + Σ = margin) in both views, a column the model cannot use has
// permutation importance exactly 0, and each failing part is reported without stopping the rest.
import { describe, expect, it } from 'vitest';
import type { EncodedTarget, Frame, ModelBundle } from '../engine/index';
import { runAutoML } from '../engine/automl/run';
import { createLocalExecutor } from '../engine/automl/local-executor';
import { splitShare } from '../engine/automl/split';
import { encodeTarget } from '../engine/frame/target';
import { AppError } from '../engine/errors';
import { createMlApi, type MlApiDeps } from './ml-api-impl';
import type { EvaluationProgress } from './ml-api';
import { defaultExplainEngine } from './ml-api-explain';

function dataset(task: 'binary' | 'multiclass' | 'regression') {
  const n = 150;
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const codes = new Int32Array(n);
  const label: string[] = [];
  const yv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rnd() * 10;
    x1[i] = rnd();
    codes[i] = i % 3;
    const v = x0[i] + (codes[i] === 0 ? 3 : 0) + x1[i];
    yv[i] = v;
    label.push(task === 'binary' ? (v > 6 ? 'yes' : 'no') : v < 4 ? 'lo' : v < 8 ? 'mid' : 'hi');
  }
  const dict = [...new Set(label)];
  const targetCol =
    task === 'regression'
      ? { name: 'y', kind: 'numeric' as const, values: yv }
      : {
          name: 'y',
          kind: 'categorical' as const,
          codes: Int32Array.from(label, (l) => dict.indexOf(l)),
          dictionary: dict
        };
  const frame: Frame = {
    nRows: n,
    columns: [
      { name: 'x0', kind: 'numeric', values: x0 },
      { name: 'x1', kind: 'numeric', values: x1 },
      { name: 'city', kind: 'categorical', codes, dictionary: ['a', 'b', 'c'] },
      targetCol
    ]
  };
  const enc = encodeTarget(frame, 'y', task);
  const target: EncodedTarget = { task, y: enc.y, classes: enc.classes, column: 'y' };
  return { frame, target };
}

async function train(
  task: 'binary' | 'multiclass' | 'regression',
  family: 'gbdt' | 'logistic' | 'linear'
) {
  const { frame, target } = dataset(task);
  const res = await runAutoML(
    frame,
    target,
    {
      targetName: 'y',
      families: [family],
      folds: 3,
      seed: 7,
      tune: false,
      blend: false,
      timeBudgetSeconds: 30
    },
    createLocalExecutor(),
    () => undefined
  );
  const features: Frame = {
    nRows: frame.nRows,
    columns: frame.columns.filter((c) => c.name !== 'y')
  };
  const all = Uint32Array.from({ length: frame.nRows }, (_, i) => i);
  const [cvRows, holdRows] = splitShare(all, target, 0.2, 7);
  return { bundle: res.bundle, features, target, cvRows, holdRows };
}

const testDeps: MlApiDeps = {
  createExecutor: () => createLocalExecutor(),
  loadMlp: async () => ({ trainer: null, info: { backend: null, reason: 'test' } }),
  transferResult: (r) => r
};

describe('MlApi.evaluate()', () => {
  it.each([
    ['binary', 'gbdt', 'accuracy'],
    ['multiclass', 'logistic', 'accuracy'],
    ['regression', 'linear', 'r2']
  ] as const)(
    '%s / %s: holdout, SHAP, permutation and learning curve',
    async (task, family, metric) => {
      const { bundle, features, target, cvRows, holdRows } = await train(task, family);
      const api = createMlApi(testDeps);
      await api.prepare(features, target);
      const progress: EvaluationProgress[] = [];
      const e = await api.evaluate(
        bundle,
        holdRows,
        { permutationRepeats: 3, learningRepeats: 2 },
        (p) => progress.push(p)
      );
      // The run scored this very holdout: same metric.
      expect(e.metrics[metric]).toBeCloseTo(bundle.metrics.holdout[metric] as number, 12);
      expect(Array.from(e.y)).toEqual(Array.from(holdRows, (r) => target.y[r]));
      const K = task === 'regression' ? 1 : target.classes.length;
      expect(e.predictions).toHaveLength(holdRows.length * K);

      // SHAP: one output for binary / regression, K for multiclass; additive in both views.
      const shap = e.shap;
      expect(e.shapError).toBeUndefined();
      if (!shap) throw new Error('no shap');
      expect(shap.encoded.nOutputs).toBe(task === 'multiclass' ? K : 1);
      expect(shap.grouped.featureNames).toEqual(['x0', 'x1', 'city']);
      for (const s of [shap.encoded, shap.grouped])
        for (let o = 0; o < s.nOutputs; o++)
          for (let r = 0; r < s.nRows; r++) {
            let sum = s.baseValue[o];
            for (let f = 0; f < s.nFeatures; f++)
              sum += s.values[(o * s.nRows + r) * s.nFeatures + f];
            expect(sum).toBeCloseTo(s.margin[o * s.nRows + r], 6);
          }
      // Colour values: the raw x0 of each explained row; the category code for the text column.
      const r0 = holdRows[shap.holdoutIndex[0]];
      expect(shap.groupedValues[0]).toBe(
        (features.columns[0] as { values: Float64Array }).values[r0]
      );
      expect(shap.groupedValues[2]).toBe(r0 % 3);
      expect(shap.groupedCategories).toEqual([null, null, ['a', 'b', 'c']]);

      // Permutation: every input column, sorted by mean drop; x0 drives the target.
      expect(e.permutation?.columns.map((c) => c.name).sort()).toEqual(['city', 'x0', 'x1']);
      expect(e.permutation?.columns[0].name).toBe('x0');
      expect(e.permutation?.columns[0].repeats).toHaveLength(3);

      // Learning curve: 5 shares; the 100 % refit is the AutoML refit (same rows, seed, family).
      const pts = e.learning?.points ?? [];
      expect(pts.map((p) => p.fraction)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
      expect(pts[4].size).toBe(cvRows.length);
      expect(pts[4].mean).toBeCloseTo(bundle.metrics.holdout[metric] as number, 12);
      expect(pts[4].std).toBe(0);
      expect(pts[0].scores).toHaveLength(2);
      expect(progress.map((p) => p.stage)).toEqual(
        expect.arrayContaining(['predict', 'shap', 'permutation', 'learning'])
      );
    },
    60_000
  );

  it('a column the model never sees has permutation importance exactly 0', async () => {
    const { bundle, features, target, holdRows } = await train('binary', 'logistic');
    const withNoise: ModelBundle = bundle;
    const pi = defaultExplainEngine.permutationImportance(withNoise, features, holdRows, target, {
      repeats: 4,
      seed: 1,
      metric: 'accuracy'
    });
    // Shuffling all three columns at once is not what it does: each drop is one column's.
    for (const c of pi.columns) expect(c.repeats).toHaveLength(4);
    const constant: Frame = {
      nRows: features.nRows,
      columns: [
        ...features.columns.filter((c) => c.name !== 'x1'),
        { name: 'x1', kind: 'numeric', values: new Float64Array(features.nRows).fill(0.5) }
      ]
    };
    const pi2 = defaultExplainEngine.permutationImportance(bundle, constant, holdRows, target, {
      repeats: 3,
      seed: 1,
      metric: 'accuracy'
    });
    const x1 = pi2.columns.find((c) => c.name === 'x1');
    expect(x1?.mean).toBe(0);
    expect(x1?.std).toBe(0);
  }, 60_000);

  it('failing parts are reported in place; bad rows and a missing prepare() are typed errors', async () => {
    const { bundle, features, target, holdRows } = await train('binary', 'gbdt');
    const boom = () => {
      throw new AppError({ code: 'EXPLAIN_FAILED', message: { pl: 'x', en: 'x' } });
    };
    const api = createMlApi({
      ...testDeps,
      explain: { explainBundle: boom, permutationImportance: boom }
    });
    expect(((await api.evaluate(bundle, holdRows).catch((e: unknown) => e)) as AppError).code).toBe(
      'NOT_PREPARED'
    );
    await api.prepare(features, target);
    const e = await api.evaluate(bundle, holdRows, { learningCurve: false });
    expect(e.shap).toBeNull();
    expect(e.shapError?.code).toBe('EXPLAIN_FAILED');
    expect(e.permutationError?.code).toBe('EXPLAIN_FAILED');
    expect(e.learning).toBeNull();
    expect(e.predictions.length).toBe(holdRows.length * 2);
    for (const rows of [new Uint32Array(0), Uint32Array.from([0, 9999])]) {
      const err = (await api.evaluate(bundle, rows).catch((x: unknown) => x)) as AppError;
      expect(err.code).toBe('INVALID_ROWS');
    }
  }, 60_000);
});
