// Guards the summaries built on SHAP and the holdout importance (issue 6): groupShap sums design
// features back to their raw column, meanAbsShap ranks them, and permutationImportance finds the
// only informative column of a synthetic dataset.
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import type { ModelBundle } from '../../workers/engine/bundle/types';
import { explainBundle } from '../../workers/engine/explain/explain-bundle';
import { groupShap, meanAbsShap } from '../../workers/engine/explain/group';
import { permutationImportance } from '../../workers/engine/explain/permutation-importance';
import type { ShapValues } from '../../workers/engine/explain/types';
import { frameFromColumns } from '../../workers/engine/frame/index';
import type { EncodedTarget, Frame } from '../../workers/engine/frame/types';
import type { EncodedModel, ModelFamily } from '../../workers/engine/models/types';
import { decodePipeline } from '../../workers/engine/preprocess/index';
import { createRng } from '../../workers/engine/rng';

/** 2 outputs × 2 rows × 4 features; value(o, r, f) = 100·o + 10·r + f + 1, sign alternating. */
function handShap(): ShapValues {
  const values = new Float64Array(16);
  for (let o = 0; o < 2; o++)
    for (let r = 0; r < 2; r++)
      for (let f = 0; f < 4; f++)
        values[(o * 2 + r) * 4 + f] = (f % 2 ? -1 : 1) * (100 * o + 10 * r + f + 1);
  return {
    method: 'tree',
    nRows: 2,
    nFeatures: 4,
    nOutputs: 2,
    outputNames: ['a', 'b'],
    featureNames: ['p', 'q=1', 'q=2', 'p_missing'],
    baseValue: Float64Array.of(0.5, -0.5),
    values,
    margin: Float64Array.of(1, 2, 3, 4)
  };
}

describe('groupShap()', () => {
  it('sums the features of each raw column, in order of first appearance', () => {
    const g = groupShap(handShap(), Int32Array.of(3, 1, 1, 3), ['target', 'q', 'x', 'p']);
    expect(g.featureNames).toEqual(['p', 'q']);
    expect(g.members).toEqual([
      [0, 3],
      [1, 2]
    ]);
    // o = 0, r = 0: p = 1 − 4 = −3, q = −2 + 3 = 1; o = 1, r = 1: p = 111 − 114, q = −112 + 113.
    expect(Array.from(g.values)).toEqual([-3, 1, -3, 1, -3, 1, -3, 1]);
    expect(Array.from(g.baseValue)).toEqual([0.5, -0.5]);
    expect(Array.from(g.margin)).toEqual([1, 2, 3, 4]);
  });

  it('rejects a source of the wrong length or out of range', () => {
    expect(() => groupShap(handShap(), Int32Array.of(0, 1), ['a', 'b'])).toThrow(
      expect.objectContaining({ code: 'GROUP_MISMATCH' })
    );
    expect(() => groupShap(handShap(), Int32Array.of(0, 1, 2, 9), ['a', 'b', 'c'])).toThrow(
      expect.objectContaining({ code: 'GROUP_MISMATCH' })
    );
  });
});

describe('meanAbsShap()', () => {
  it('per output: mean |φ| over rows; overall: summed over outputs; sorted descending', () => {
    const s = handShap();
    // Output 0: feature f → (|f + 1| + |10 + f + 1|) / 2 = f + 6.
    expect(meanAbsShap(s, 0)).toEqual([
      { name: 'p_missing', value: 9 },
      { name: 'q=2', value: 8 },
      { name: 'q=1', value: 7 },
      { name: 'p', value: 6 }
    ]);
    // Overall: (f + 6) + (f + 106).
    expect(meanAbsShap(s).map((x) => x.value)).toEqual([118, 116, 114, 112]);
    expect(() => meanAbsShap(s, 2)).toThrow(expect.objectContaining({ code: 'EXPLAIN_OPTION' }));
  });
});

/** y depends on x0 only; x1, x2 and the category c are noise. */
function synthetic(
  n: number,
  task: 'regression' | 'binary'
): { frame: Frame; target: EncodedTarget } {
  const rng = createRng(11);
  const x0 = Array.from({ length: n }, () => rng.next() * 4 - 2);
  const x1 = Array.from({ length: n }, () => rng.next() * 4 - 2);
  const x2 = Array.from({ length: n }, () => rng.next() * 4 - 2);
  const c = Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)]);
  const y = x0.map((v) =>
    task === 'regression'
      ? 3 * v + 0.1 * (rng.next() - 0.5)
      : Number(v + 0.2 * (rng.next() - 0.5) > 0)
  );
  const frame = frameFromColumns(['x0', 'x1', 'c', 'x2', 'y'], [x0, x1, c, x2, y]);
  return {
    frame,
    target: {
      task,
      y: Float64Array.from(y),
      classes: task === 'binary' ? ['0', '1'] : [],
      column: 'y'
    }
  };
}

async function bundleFor(
  family: ModelFamily,
  frame: Frame,
  target: EncodedTarget,
  train: Uint32Array
) {
  const ex = createLocalExecutor();
  await ex.prepare(frame, target);
  const res = await ex.run({
    family,
    params: {},
    trainRows: train,
    testRows: new Uint32Array(0),
    seed: 1,
    classWeights: null,
    keepModel: true
  });
  const pipeline = res.model!.pipeline;
  return {
    problemType: target.task,
    target: 'y',
    classes: target.classes,
    inputSchema: decodePipeline(pipeline).inputSchema,
    pipeline,
    model: res.model!.model as EncodedModel,
    family
  } as unknown as ModelBundle;
}

describe('permutationImportance()', () => {
  const n = 400;
  const train = Uint32Array.from({ length: 300 }, (_, i) => i);
  const holdout = Uint32Array.from({ length: 100 }, (_, i) => 300 + i);

  it('regression (r2 and mae): only x0 matters; mean and population std over the repeats', async () => {
    const { frame, target } = synthetic(n, 'regression');
    const bundle = await bundleFor('linear', frame, target, train);
    const y = Float64Array.from(holdout, (r) => target.y[r]);
    for (const metric of ['r2', 'mae'] as const) {
      const imp = permutationImportance(bundle, frame, holdout, y, { metric, repeats: 4, seed: 3 });
      expect(imp.metric).toBe(metric);
      expect(imp.columns.map((c) => c.name).sort()).toEqual(['c', 'x0', 'x1', 'x2']);
      expect(imp.columns[0].name).toBe('x0');
      // Shuffling x0 destroys r2 ≈ 1 (drop ≈ 2: r2 of a shuffled perfect predictor ≈ −1).
      expect(imp.columns[0].mean).toBeGreaterThan(metric === 'r2' ? 1 : 1.5);
      for (const c of imp.columns.slice(1)) expect(Math.abs(c.mean)).toBeLessThan(0.02);
      for (const c of imp.columns) {
        expect(c.repeats).toHaveLength(4);
        const mean = c.repeats.reduce((a, b) => a + b, 0) / 4;
        expect(c.mean).toBeCloseTo(mean, 14);
        expect(c.std).toBeCloseTo(
          Math.sqrt(c.repeats.reduce((a, b) => a + (b - mean) ** 2, 0) / 4),
          14
        );
      }
    }
  });

  it('binary (accuracy): only x0 matters', async () => {
    const { frame, target } = synthetic(n, 'binary');
    const bundle = await bundleFor('logistic', frame, target, train);
    const y = Float64Array.from(holdout, (r) => target.y[r]);
    const imp = permutationImportance(bundle, frame, holdout, y, {
      metric: 'accuracy',
      repeats: 3,
      seed: 3
    });
    expect(imp.baseline).toBeGreaterThan(0.9);
    expect(imp.columns[0].name).toBe('x0');
    expect(imp.columns[0].mean).toBeGreaterThan(0.3);
    for (const c of imp.columns.slice(1)) expect(Math.abs(c.mean)).toBeLessThan(0.05);
  });

  it('rejects a target of the wrong length', async () => {
    const { frame, target } = synthetic(n, 'regression');
    const bundle = await bundleFor('linear', frame, target, train);
    expect(() =>
      permutationImportance(bundle, frame, holdout, new Float64Array(3), { metric: 'r2', seed: 1 })
    ).toThrow(expect.objectContaining({ code: 'EXPLAIN_OPTION' }));
  });
});

describe('explainBundle() grouping', () => {
  it('the raw column c gets the sum of its one-hot features; x0 dominates mean |SHAP|', async () => {
    const { frame, target } = synthetic(400, 'regression');
    const train = Uint32Array.from({ length: 300 }, (_, i) => i);
    const bundle = await bundleFor('linear', frame, target, train);
    const rows = Uint32Array.of(300, 301, 302, 303);
    const { shap, grouped } = explainBundle(bundle, frame, rows, { backgroundRows: train });
    const cIdx = grouped.featureNames.indexOf('c');
    const members = shap.featureNames
      .map((n, f) => (n.startsWith('c') ? f : -1))
      .filter((f) => f >= 0);
    expect(members.length).toBeGreaterThan(1);
    expect(grouped.members[cIdx]).toEqual(members);
    for (let r = 0; r < 4; r++) {
      const sum = members.reduce((a, f) => a + shap.values[r * shap.nFeatures + f], 0);
      expect(grouped.values[r * grouped.nFeatures + cIdx]).toBe(sum);
    }
    expect(meanAbsShap(grouped)[0].name).toBe('x0');
  });
});
