// Invariants of the forest trainer: the flat format predicts exactly what the trainer computed from
// the binned rows, class probabilities sum to 1, missing values follow the learned side, a seed
// fixes the model, OOB agrees with a holdout, params are validated, cancellation and progress work.
import { describe, expect, it } from 'vitest';
import { fitDecisionTree, fitForest } from '../../workers/engine/forest/forest';
import { predictRaw } from '../../workers/engine/gbdt/predict';
import { treeCount } from '../../workers/engine/gbdt/flat-forest';
import { foldRows } from '../../workers/engine/eval/folds';
import { accuracy } from '../../workers/engine/metrics/classification';
import { r2 } from '../../workers/engine/metrics/regression';
import { loadDataset, rowMajor, sklearnFolds, takeRows } from './gbdt-data';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('fitForest() flat format', () => {
  for (const [name, algorithm] of [
    ['penguins', 'randomForest'],
    ['titanic_survival', 'extraTrees'],
    ['diabetes', 'randomForest'],
    ['diabetes', 'extraTrees']
  ] as const) {
    it(`${name} ${algorithm}: predictRaw equals the training-time outputs bit for bit`, () => {
      const d = loadDataset(name);
      const task = d.anchor.task === 'regression' ? 'regression' : 'classification';
      const { forest, trainPrediction } = fitForest(d.X, d.kinds, d.y, {
        task,
        algorithm,
        nEstimators: 20,
        seed: 3
      });
      expect(forest.kind).toBe('averaging');
      expect(treeCount(forest)).toBe(20);
      const width = task === 'classification' ? d.nClasses : 1;
      expect(forest.valueWidth).toBe(width);
      expect([...forest.treeOutput].every((k) => k === -1)).toBe(true);
      const raw = predictRaw(forest, rowMajor(d.X, all(d.y.length)), d.y.length);
      expect(raw).toEqual(trainPrediction);
      if (task === 'classification')
        for (let r = 0; r < d.y.length; r++) {
          let s = 0;
          for (let k = 0; k < width; k++) s += raw[r * width + k];
          expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        }
    });
  }

  it('covers are bootstrap-weighted sample counts: each root covers nRows', () => {
    const d = loadDataset('iris');
    const { forest } = fitForest(d.X, d.kinds, d.y, { nEstimators: 5, seed: 1 });
    for (let t = 0; t < 5; t++) expect(forest.cover[forest.treeStart[t]]).toBe(150);
  });
});

describe('fitForest() behaviour', () => {
  it('sends NaN to the learned side', () => {
    for (const nanClass of [0, 1]) {
      const x = new Float64Array(120);
      const y = new Float64Array(120);
      for (let i = 0; i < 100; i++) {
        x[i] = i;
        y[i] = i >= 50 ? 1 : 0;
      }
      for (let i = 100; i < 120; i++) {
        x[i] = NaN;
        y[i] = nanClass;
      }
      const { forest } = fitDecisionTree([x], ['numeric'], y, { maxDepth: 1 });
      expect(forest.defaultLeft[0]).toBe(nanClass === 0 ? 1 : 0);
      const p = predictRaw(forest, new Float64Array([NaN, 10, 90]), 3);
      expect([p[nanClass], p[2 + 0], p[4 + 1]]).toEqual([1, 1, 1]);
    }
  });

  it('is deterministic for a seed', () => {
    const d = loadDataset('wine');
    const a = fitForest(d.X, d.kinds, d.y, { nEstimators: 10, seed: 7 });
    const b = fitForest(d.X, d.kinds, d.y, { nEstimators: 10, seed: 7 });
    const c = fitForest(d.X, d.kinds, d.y, { nEstimators: 10, seed: 8 });
    expect(b.forest).toEqual(a.forest);
    expect(b.oobPrediction).toEqual(a.oobPrediction);
    expect(c.forest.threshold).not.toEqual(a.forest.threshold);
  });

  it('OOB score agrees with a holdout', () => {
    for (const name of ['breast_cancer', 'diabetes']) {
      const d = loadDataset(name);
      const cls = d.anchor.task !== 'regression';
      const { train, test } = foldRows(sklearnFolds(d.y, cls), 0);
      const yTrain = Float64Array.from(train, (r) => d.y[r]);
      const yTest = Float64Array.from(test, (r) => d.y[r]);
      const res = fitForest(takeRows(d.X, train), d.kinds, yTrain, {
        task: cls ? 'classification' : 'regression',
        nEstimators: 60,
        seed: 1
      });
      const out = predictRaw(res.forest, rowMajor(d.X, test), test.length);
      const holdout = cls ? accuracy(out, yTest, 2) : r2(yTest, out);
      console.log(`${name}: OOB ${res.oobScore?.toFixed(4)} holdout ${holdout.toFixed(4)}`);
      expect(Math.abs((res.oobScore as number) - holdout)).toBeLessThan(cls ? 0.05 : 0.1);
      expect(res.oobPrediction?.length).toBe(train.length * (cls ? 2 : 1));
    }
  });

  it('decision tree: shallow, interpretable and accurate on iris', () => {
    const d = loadDataset('iris');
    const fold = sklearnFolds(d.y, true);
    let acc = 0;
    for (let f = 0; f < 5; f++) {
      const { train, test } = foldRows(fold, f);
      const { forest, oobScore } = fitDecisionTree(
        takeRows(d.X, train),
        d.kinds,
        Float64Array.from(train, (r) => d.y[r]),
        { task: 'classification', seed: 0 }
      );
      expect(treeCount(forest)).toBe(1);
      expect(oobScore).toBeUndefined();
      expect(forest.feature.length).toBeLessThanOrEqual(63);
      const out = predictRaw(forest, rowMajor(d.X, test), test.length);
      acc +=
        accuracy(
          out,
          Float64Array.from(test, (r) => d.y[r]),
          3
        ) / 5;
    }
    expect(acc).toBeGreaterThan(0.9);
  });

  it('validates params, reports progress per tree and honours cancellation', () => {
    const d = loadDataset('iris');
    const bad: [Record<string, unknown>, string][] = [
      [{ nEstimators: 0 }, 'nEstimators'],
      [{ maxFeatures: 1.5 }, 'maxFeatures'],
      [{ maxFeatures: 'half' }, 'maxFeatures'],
      [{ minSamplesSplit: 1 }, 'minSamplesSplit'],
      [{ task: 'ranking' }, 'task'],
      [{ nTrees: 5 }, 'parameter name']
    ];
    for (const [params, name] of bad) {
      let err: { code?: string; details?: Record<string, unknown> } = {};
      try {
        fitForest(d.X, d.kinds, d.y, params);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code).toBe('INVALID_PARAM');
      expect(err.details?.param).toBe(name);
    }
    const seen: number[] = [];
    fitForest(d.X, d.kinds, d.y, { nEstimators: 4 }, (p) => seen.push(p.fraction));
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    let err: { name?: string } = {};
    try {
      fitForest(d.X, d.kinds, d.y, { nEstimators: 4 }, undefined, { aborted: true });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.name).toBe('CancelledError');
  });

  it('extra trees classify well', () => {
    const d = loadDataset('breast_cancer');
    const { train, test } = foldRows(sklearnFolds(d.y, true), 0);
    const { forest } = fitForest(
      takeRows(d.X, train),
      d.kinds,
      Float64Array.from(train, (r) => d.y[r]),
      {
        algorithm: 'extraTrees',
        nEstimators: 50,
        seed: 2
      }
    );
    const out = predictRaw(forest, rowMajor(d.X, test), test.length);
    expect(
      accuracy(
        out,
        Float64Array.from(test, (r) => d.y[r]),
        2
      )
    ).toBeGreaterThan(0.93);
  });
});
