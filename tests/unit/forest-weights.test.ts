// Guards sample weights in the forest trainers (how AutoML's class weights reach the trees):
// uniform weights change nothing, weights up-weight a class's leaf probabilities, bad weights are
// a typed error.
import { describe, expect, it } from 'vitest';
import { fitDecisionTree, fitForest } from '../../workers/engine/forest/forest';
import { predictProba } from '../../workers/engine/gbdt/predict';
import { loadDataset, rowMajor } from './gbdt-data';

const d = loadDataset('titanic_survival');
const all = Uint32Array.from({ length: d.y.length }, (_, i) => i);
const X = rowMajor(d.X, all);

describe('forest sample weights', () => {
  it('fitDecisionTree with weights 2 everywhere grows the same tree as without weights', () => {
    const a = fitDecisionTree(d.X, d.kinds, d.y, { task: 'classification', seed: 1 });
    const b = fitDecisionTree(
      d.X,
      d.kinds,
      d.y,
      { task: 'classification', seed: 1 },
      undefined,
      undefined,
      new Float64Array(d.y.length).fill(2)
    );
    expect(Array.from(b.forest.feature)).toEqual(Array.from(a.forest.feature));
    expect(Array.from(b.forest.threshold)).toEqual(Array.from(a.forest.threshold));
    expect(predictProba(b.forest, X, d.y.length)).toEqual(predictProba(a.forest, X, d.y.length));
  });

  it('fitForest with class 1 weighted 3× predicts class 1 more often (mean P(class 1) rises)', () => {
    const p = { task: 'classification' as const, nEstimators: 20, seed: 3 };
    const plain = predictProba(fitForest(d.X, d.kinds, d.y, p).forest, X, d.y.length);
    const w = Float64Array.from(d.y, (c) => (c === 1 ? 3 : 1));
    const weighted = predictProba(
      fitForest(d.X, d.kinds, d.y, p, undefined, undefined, w).forest,
      X,
      d.y.length
    );
    const mean1 = (q: Float64Array) =>
      q.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) / d.y.length;
    expect(mean1(weighted)).toBeGreaterThan(mean1(plain) + 0.05);
  });

  it('rejects negative or mis-sized weights with INVALID_INPUT', () => {
    const bad = new Float64Array(d.y.length).fill(1);
    bad[5] = -1;
    expect(() =>
      fitForest(
        d.X,
        d.kinds,
        d.y,
        { task: 'classification', nEstimators: 2 },
        undefined,
        undefined,
        bad
      )
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      fitDecisionTree(
        d.X,
        d.kinds,
        d.y,
        { task: 'classification' },
        undefined,
        undefined,
        new Float64Array(3)
      )
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
