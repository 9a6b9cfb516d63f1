// Guards setTreePredictKernel: with the WASM predictor installed, TreeModel.predict (GBDT, random
// forest, extra trees, decision tree) gives the TypeScript predictor's bits — binary, multiclass and
// regression forests trained on real datasets, on random rows with NaN, split-threshold edges and
// category codes in and out of range (fast-check), through both the one-shot path (< 10,000 rows)
// and the prepared-forest path (blocks of 65,536 rows); a prepared forest is loaded once per model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { createWasmPredictor } from '../../workers/engine/gbdt/wasm-predict';
import type { DesignMatrix, ModelFamily } from '../../workers/engine/models/types';
import {
  decodeTreeModel,
  setTreePredictKernel,
  type TreeModel,
  type TreePredictKernel
} from '../../workers/engine/models/trees';
import { datasetsDir, repoRoot, runner } from './helpers';
import { trainBundle } from './predict-bundles';
import { rng } from './predict-forests';

const wasm = createWasmPredictor(
  new Uint8Array(readFileSync(path.join(repoRoot, 'wasm/predict/build/predict.wasm')))
);
/** The WASM predictor, counting preparations and one-shot calls. */
const counts = { load: 0, oneShot: 0 };
const counting: TreePredictKernel = {
  load: (f) => {
    counts.load++;
    return wasm.load(f);
  },
  predictRaw: (f, X, n) => {
    counts.oneShot++;
    return wasm.predictRaw(f, X, n);
  }
};

const models: Record<string, TreeModel> = {};
const TRAIN: [string, string, string, ModelFamily, Record<string, unknown>][] = [
  ['titanic gbdt (binary)', 'titanic_survival.csv', 'survived', 'gbdt', { maxIter: 60 }],
  ['penguins gbdt (multiclass)', 'penguins.csv', 'species', 'gbdt', { maxIter: 30 }],
  ['diabetes gbdt (regression)', 'diabetes.csv', 'progression', 'gbdt', { maxIter: 80 }],
  [
    'titanic random forest',
    'titanic_survival.csv',
    'survived',
    'randomForest',
    { nEstimators: 25 }
  ],
  ['penguins extra trees', 'penguins.csv', 'species', 'extraTrees', { nEstimators: 25 }],
  [
    'diabetes random forest (regression, deep trees)',
    'diabetes.csv',
    'progression',
    'randomForest',
    { nEstimators: 10 }
  ],
  ['seattle decision tree (multiclass)', 'seattle_weather.csv', 'weather', 'decisionTree', {}]
];

beforeAll(async () => {
  const db = await runner();
  for (const [name, file, target, family, params] of TRAIN) {
    const b = await trainBundle(db, path.join(datasetsDir, file), target, family, params);
    models[name] = decodeTreeModel(b.model);
  }
}, 240_000);

afterAll(() => setTreePredictKernel(null));

/** Per feature: the forest's numeric thresholds on it and whether any node splits it by category. */
function featureInfo(f: FlatForest): { thresholds: number[][]; categorical: boolean[] } {
  const thresholds = Array.from({ length: f.nFeatures }, () => [] as number[]);
  const categorical = new Array<boolean>(f.nFeatures).fill(false);
  for (let n = 0; n < f.feature.length; n++) {
    if (f.left[n] < 0) continue;
    if (f.catOffset[n] >= 0) categorical[f.feature[n]] = true;
    else if (Number.isFinite(f.threshold[n])) thresholds[f.feature[n]].push(f.threshold[n]);
  }
  return { thresholds, categorical };
}

/** One cell: NaN, a threshold or its neighbours, a category code (also out of range), or noise. */
function cell(rand: () => number, thresholds: number[], categorical: boolean): number {
  const u = rand();
  if (u < 0.1) return NaN;
  if (categorical && u < 0.6) return Math.floor(rand() * 300) - 20;
  if (thresholds.length && u < 0.85) {
    const t = thresholds[Math.floor(rand() * thresholds.length)];
    const d = [
      0,
      Number.EPSILON * Math.max(1, Math.abs(t)),
      -Number.EPSILON * Math.max(1, Math.abs(t))
    ];
    return t + d[Math.floor(rand() * 3)];
  }
  return (
    (rand() - 0.5) * 2 * (thresholds.length ? Math.max(...thresholds.map(Math.abs)) * 1.5 : 100)
  );
}

function design(forest: FlatForest, nRows: number, seed: number): DesignMatrix {
  const rand = rng(seed);
  const { thresholds, categorical } = featureInfo(forest);
  const columns = Array.from({ length: forest.nFeatures }, (_, f) =>
    Float64Array.from({ length: nRows }, () => cell(rand, thresholds[f], categorical[f]))
  );
  return {
    nRows,
    columns,
    names: columns.map((_, f) => `f${f}`),
    kinds: categorical.map((c) => (c ? 'categorical' : 'numeric')),
    source: Int32Array.from(columns, (_, f) => f)
  };
}

/** predict() with the TypeScript predictor and with the WASM one. */
function both(model: TreeModel, X: DesignMatrix): [Float64Array, Float64Array] {
  setTreePredictKernel(null);
  const ts = model.predict(X);
  setTreePredictKernel(counting);
  try {
    return [ts, model.predict(X)];
  } finally {
    setTreePredictKernel(null);
  }
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('TreeModel.predict with the WASM kernel = the TypeScript predictor, bit for bit', () => {
  test('the trained forests cover boosting and averaging, categorical splits, NaN sides and > 64-leaf trees', () => {
    const forests = Object.values(models).map((m) => m.forest);
    expect(new Set(forests.map((f) => f.kind))).toEqual(new Set(['boosting', 'averaging']));
    expect(new Set(forests.map((f) => f.link))).toEqual(
      new Set(['logistic', 'softmax', 'identity'])
    );
    expect(forests.some((f) => f.catOffset.some((c) => c >= 0))).toBe(true);
    expect(forests.some((f) => f.defaultLeft.some((d, n) => d === 1 && f.left[n] >= 0))).toBe(true);
    // A deep regression forest: some tree has more than 64 leaves (the kernel walks its nodes).
    const deep = models['diabetes random forest (regression, deep trees)'].forest;
    const leaves = (t: number) => {
      let k = 0;
      for (let n = deep.treeStart[t]; n < deep.treeStart[t + 1]; n++) if (deep.left[n] < 0) k++;
      return k;
    };
    expect(
      Math.max(...Array.from({ length: deep.treeStart.length - 1 }, (_, t) => leaves(t)))
    ).toBeGreaterThan(64);
  });

  test.each(TRAIN.map((t) => t[0]))(
    '%s: random small batches (fast-check, one-shot path)',
    (name) => {
      const model = models[name];
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 2 ** 30 }),
          (n, seed) => {
            const [ts, w] = both(model, design(model.forest, n, seed));
            expect(bits(w).equals(bits(ts))).toBe(true);
          }
        ),
        { numRuns: 40, seed: 7 }
      );
    }
  );

  test.each(TRAIN.map((t) => t[0]))(
    '%s: 150,000 rows (prepared forest, three blocks), loaded once for two calls',
    (name) => {
      const model = models[name];
      const X = design(model.forest, 150_000, 11);
      const before = counts.load;
      setTreePredictKernel(null);
      const ts = model.predict(X);
      setTreePredictKernel(counting);
      try {
        const a = model.predict(X);
        const b = model.predict(X);
        expect(bits(a).equals(bits(ts))).toBe(true);
        expect(bits(b).equals(bits(ts))).toBe(true);
      } finally {
        setTreePredictKernel(null);
      }
      expect(counts.load - before).toBe(1);
    },
    60_000
  );

  test('a kernel that throws falls back to the TypeScript predictor (same output)', () => {
    const model = models['penguins gbdt (multiclass)'];
    const X = design(model.forest, 12_000, 3);
    setTreePredictKernel(null);
    const ts = model.predict(X);
    setTreePredictKernel({
      load: () => {
        throw new Error('out of memory');
      },
      predictRaw: () => {
        throw new Error('out of memory');
      }
    });
    try {
      expect(bits(model.predict(X)).equals(bits(ts))).toBe(true);
    } finally {
      setTreePredictKernel(null);
    }
  });
});
