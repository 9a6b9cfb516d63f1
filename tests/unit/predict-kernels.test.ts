// One suite, two kernels (STYLE.md: the TS reference and the WASM kernel run the same cases):
// predictRaw must give IDENTICAL bits for the golden XGBoost model, random forests with float32
// thresholds, categorical bitsets, NaNs, out-of-range codes, multiclass and averaging forests.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { buildLeafMasks } from '../../workers/engine/gbdt/leaf-masks';
import { leafIndices, predictRaw, prepareForest } from '../../workers/engine/gbdt/predict';
import { createWasmPredictor } from '../../workers/engine/gbdt/wasm-predict';
import { importXGBoostJson } from '../../workers/engine/gbdt/xgboost-import';
import { repoRoot } from './helpers';
import { randomForest, randomRows } from './predict-forests';

const wasmFile = path.join(repoRoot, 'wasm/predict/build/predict.wasm');
if (!existsSync(wasmFile)) execFileSync('node', [path.join(repoRoot, 'wasm/build.mjs')]);
const wasm = createWasmPredictor(new Uint8Array(readFileSync(wasmFile)));

type Predict = (f: FlatForest, X: Float64Array, nRows: number) => Float64Array;
/** Prepared once, predicting twice (the second call must reuse the prepared forest). */
function twice(load: (f: FlatForest) => { predictRaw(X: Float64Array, n: number): Float64Array }) {
  return (f: FlatForest, X: Float64Array, n: number): Float64Array => {
    const h = load(f);
    const a = h.predictRaw(X, n);
    const b = h.predictRaw(X, n);
    expect(b).toEqual(a);
    (h as { dispose?: () => void }).dispose?.();
    return b;
  };
}

const kernels: [string, Predict][] = [
  ['ts', predictRaw],
  ['ts prepared (leaf masks)', twice(prepareForest)],
  ['wasm', (f, X, n) => wasm.predictRaw(f, X, n)],
  ['wasm load() (default layout)', twice((f) => wasm.load(f))],
  ['wasm load() (leaf masks)', twice((f) => wasm.load(f, { layout: 'masks' }))],
  ['wasm load() (node walk)', twice((f) => wasm.load(f, { layout: 'nodes' }))]
];

function golden(): { forest: FlatForest; X: Float64Array; n: number } {
  const dir = path.resolve(repoRoot, '../shared/golden/xgboost-treeshap');
  const forest = importXGBoostJson(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')));
  const ref = JSON.parse(readFileSync(path.join(dir, 'shap_reference.json'), 'utf8'));
  const rows: (number | null)[][] = [...ref.rows.X, ...ref.rows_with_missing.X];
  const X = Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v));
  return { forest, X, n: rows.length };
}

const cases: { name: string; make: () => { forest: FlatForest; X: Float64Array; n: number } }[] = [
  { name: 'golden XGBoost breast_cancer (25 rows)', make: golden },
  ...[false, true].map((f32) => ({
    name: `boosting, float32Splits=${f32}, NaN, categorical bitsets`,
    make: () => {
      const forest = randomForest({
        nTrees: 30,
        depth: 5,
        nFeatures: 6,
        nCatFeatures: 2,
        catShare: 0.3,
        float32Splits: f32,
        seed: 3
      });
      return { forest, X: randomRows(forest, 700, { nanShare: 0.1, nCatFeatures: 2 }), n: 700 };
    }
  })),
  {
    name: 'boosting on few distinct thresholds (dense layout with a joint two-feature table)',
    make: () => {
      const forest = randomForest({
        nTrees: 40,
        depth: 6,
        nFeatures: 5,
        nCatFeatures: 1,
        catShare: 0.2,
        seed: 12
      });
      // Features 1 and 2: thresholds on a coarse grid (≤ 9 distinct values → ≤ 11 codes each).
      for (let n = 0; n < forest.feature.length; n++) {
        if (forest.catOffset[n] < 0 && (forest.feature[n] === 1 || forest.feature[n] === 2))
          forest.threshold[n] = Math.round(forest.threshold[n] * 2) / 2;
      }
      const X = randomRows(forest, 900, { nanShare: 0.1, nCatFeatures: 1 });
      for (let i = 0; i < X.length; i += 7) X[i] = Math.round(X[i] * 2) / 2; // values on the grid
      return { forest, X, n: 900 };
    }
  },
  {
    name: 'multiclass boosting (K = 3, one tree per class per round)',
    make: () => {
      const forest = randomForest({ nTrees: 24, depth: 4, nFeatures: 5, nOutputs: 3, seed: 5 });
      return { forest, X: randomRows(forest, 500, { nanShare: 0.05 }), n: 500 };
    }
  },
  {
    name: 'averaging, vector leaves (K = 4), categorical',
    make: () => {
      const forest = randomForest({
        ...{ nTrees: 15, depth: 6, nFeatures: 4, nOutputs: 4, kind: 'averaging' as const },
        ...{ vectorLeaves: true, nCatFeatures: 1, catShare: 0.5, seed: 9 }
      });
      return { forest, X: randomRows(forest, 600, { nanShare: 0.2, nCatFeatures: 1 }), n: 600 };
    }
  },
  {
    name: 'averaging, one output per tree (K = 2)',
    make: () => {
      const forest = randomForest({
        ...{ nTrees: 7, depth: 3, nFeatures: 3, nOutputs: 2, kind: 'averaging' as const },
        seed: 11
      });
      return { forest, X: randomRows(forest, 300, { nanShare: 0.1 }), n: 300 };
    }
  }
];

describe('predictRaw(): TS reference and WASM kernel give identical bits', () => {
  for (const c of cases) {
    test(c.name, () => {
      const { forest, X, n } = c.make();
      const [ts, ...others] = kernels.map(([, predict]) => predict(forest, X, n));
      expect(ts.length).toBe(n * forest.nOutputs);
      for (const wa of others) {
        expect(Array.from(wa)).toEqual(Array.from(ts)); // toEqual distinguishes −0 and NaN bits enough
        expect(new Uint8Array(wa.buffer)).toEqual(new Uint8Array(ts.buffer));
      }
    });
  }

  test('leaf masks apply to trees of ≤ 64 leaves, the node walk takes over beyond', () => {
    const small = randomForest({ nTrees: 3, depth: 6, nFeatures: 4, seed: 4 });
    const deep = randomForest({ nTrees: 3, depth: 7, nFeatures: 4, seed: 4 });
    expect(buildLeafMasks(small)).not.toBeNull();
    expect(buildLeafMasks(deep)).toBeNull();
    expect(wasm.load(small).layout).toBe('dense'); // one output, ≤ 8 features
    expect(wasm.load(small, { layout: 'masks' }).layout).toBe('masks');
    const multi = randomForest({ nTrees: 3, depth: 6, nFeatures: 4, nOutputs: 2, seed: 4 });
    expect(wasm.load(multi).layout).toBe('masks');
    const h = wasm.load(deep);
    expect(h.layout).toBe('nodes');
    const X = randomRows(deep, 300, { nanShare: 0.1 });
    expect(h.predictRaw(X, 300)).toEqual(predictRaw(deep, X, 300));
    expect(prepareForest(deep).predictRaw(X, 300)).toEqual(predictRaw(deep, X, 300));
    h.dispose();
    expect(() => h.predictRaw(X, 300)).toThrow(/dispose/);
  });

  test('loaded forests stay valid while others are loaded, predicted and disposed', () => {
    const made = cases.map((c) => c.make());
    const handles = made.map((m, i) => wasm.load(m.forest, i % 2 ? { layout: 'masks' } : {}));
    const expected = made.map((m) => predictRaw(m.forest, m.X, m.n));
    handles[1].dispose();
    const extra = wasm.load(made[1].forest); // reuses the freed region
    for (let round = 0; round < 2; round++) {
      made.forEach((m, i) => {
        const h = i === 1 ? extra : handles[i];
        expect(h.predictRaw(m.X, m.n)).toEqual(expected[i]);
      });
    }
    // Batches larger than one kernel call (chunked by the adapter) and of zero rows.
    const big = randomForest({ nTrees: 4, depth: 6, nFeatures: 3, seed: 8 });
    const X = randomRows(big, 40_000, { nanShare: 0.05 });
    const hb = wasm.load(big);
    expect(hb.predictRaw(X, 40_000)).toEqual(predictRaw(big, X, 40_000));
    const averaging = randomForest({
      nTrees: 5,
      depth: 5,
      nFeatures: 3,
      kind: 'averaging',
      seed: 6
    });
    const ha = wasm.load(averaging);
    expect(ha.layout).toBe('dense');
    expect(ha.predictRaw(X, 1000)).toEqual(predictRaw(averaging, X, 1000));
    ha.dispose();
    expect(hb.predictRaw(X, 0)).toEqual(new Float64Array(0));
    for (const h of [...handles, extra, hb]) h.dispose();
  });

  test('the same predictor instance serves forests and batches of different sizes', () => {
    for (const c of [...cases].reverse()) {
      const { forest, X, n } = c.make();
      expect(wasm.predictRaw(forest, X, n)).toEqual(predictRaw(forest, X, n));
    }
  });
});

describe.each(kernels)('predictRaw() split rule (%s)', (_, predict) => {
  // One stump: feature 0, threshold fround(0.1), categorical stump on feature 1 as tree 2.
  const stump = randomForest({ nTrees: 2, depth: 1, nFeatures: 2, seed: 1 });
  stump.threshold[0] = Math.fround(0.1);
  stump.feature[0] = 0;
  stump.value.set([0, 1, 2]);
  stump.defaultLeft[0] = 0;
  stump.baseScore[0] = 0;
  stump.feature[3] = 1;
  stump.catOffset[3] = 0;
  stump.catWords = new Uint32Array(8);
  stump.catWords[0] = 1 << 3; // code 3 goes left
  stump.value.set([0, 10, 20], 3);
  stump.defaultLeft[3] = 1;

  const run = (x0: number, x1: number, f32: boolean): number =>
    predict({ ...stump, float32Splits: f32 }, Float64Array.of(x0, x1), 1)[0];

  test('float32Splits compares Math.fround(x) < threshold', () => {
    // 0.1 < fround(0.1) in float64, but fround(0.1) is not < itself.
    expect(run(0.1, 3, false)).toBe(1 + 10);
    expect(run(0.1, 3, true)).toBe(2 + 10);
  });

  test('NaN follows defaultLeft; codes outside 0…255 follow the default side', () => {
    expect(run(NaN, NaN, true)).toBe(2 + 10);
    expect(run(0, 256, true)).toBe(1 + 10);
    expect(run(0, -1, true)).toBe(1 + 10);
    expect(run(0, 4, true)).toBe(1 + 20);
    expect(run(0, 3.7, true)).toBe(1 + 10);
  });
});

test('leafIndices() agrees with the leaves predictRaw() sums', () => {
  const forest = randomForest({ nTrees: 5, depth: 3, nFeatures: 3, seed: 2 });
  const X = randomRows(forest, 50, { nanShare: 0.1 });
  const leaves = leafIndices(forest, X, 50);
  const raw = predictRaw(forest, X, 50);
  for (let r = 0; r < 50; r++) {
    let m = forest.baseScore[0];
    for (let t = 0; t < 5; t++) m += forest.value[forest.treeStart[t] + leaves[r * 5 + t]];
    expect(raw[r]).toBe(m);
  }
});
