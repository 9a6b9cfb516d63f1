// One suite, two kernels: TreeSHAP in TypeScript (tree-shap.ts) and WASM (wasm/shap) must give
// IDENTICAL bits, equal the Shapley values of the path-dependent set function computed by brute
// force over all feature subsets (an independent definition: Lundberg et al. 2018, Algorithm 1 +
// the Shapley formula), and be additive — on random forests with repeated features along paths,
// NaNs, categorical bitsets, float32 splits, zero covers, multiclass and vector leaves.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FlatForest, ForestKind } from '../../workers/engine/gbdt/flat-forest';
import { predictRaw } from '../../workers/engine/gbdt/predict';
import { treeShap } from '../../workers/engine/explain/tree-shap';
import { prepareShap } from '../../workers/engine/explain/tree-shap-prep';
import { randomForest, randomRows, rng } from './predict-forests';
import { shapKernels, wasmShap } from './treeshap-kernels';

/** Random covers, consistent (internal = sum of children) unless `inconsistent`; some zero. */
function withCovers(f: FlatForest, seed: number, zeroShare = 0, inconsistent = false): FlatForest {
  const rand = rng(seed);
  const nTrees = f.treeStart.length - 1;
  for (let t = 0; t < nTrees; t++) {
    const s = f.treeStart[t];
    // Complete trees in heap order: children after parents, so a backward pass sums bottom-up.
    for (let n = f.treeStart[t + 1] - 1; n >= s; n--) {
      if (f.left[n] < 0 || inconsistent) f.cover[n] = rand() < zeroShare ? 0 : 0.5 + rand() * 10;
      else f.cover[n] = f.cover[s + f.left[n]] + f.cover[s + f.right[n]];
    }
  }
  return f;
}

interface Spec {
  nTrees: number;
  depth: number;
  nFeatures: number;
  nOutputs?: number;
  kind?: ForestKind;
  vectorLeaves?: boolean;
  nCatFeatures?: number;
  float32Splits?: boolean;
  seed: number;
  zeroShare?: number;
  inconsistent?: boolean;
}

function make(s: Spec): FlatForest {
  const f = randomForest({ ...s, catShare: s.nCatFeatures ? 0.3 : 0 });
  return withCovers(f, s.seed + 100, s.zeroShare ?? 0, s.inconsistent ?? false);
}

/** Shapley values of v(S) (path-dependent expectation) by enumerating all subsets. */
function bruteForce(f: FlatForest, x: Float64Array, t: number, out: number): number[] {
  const M = f.nFeatures;
  const s = f.treeStart[t];
  // The child the row takes at n: the split rule of flat-forest.ts, written out independently.
  const hotOf = (n: number): number => {
    const v = x[f.feature[n]];
    let left: boolean;
    if (Number.isNaN(v)) left = f.defaultLeft[n] === 1;
    else if (f.catOffset[n] < 0) left = (f.float32Splits ? Math.fround(v) : v) < f.threshold[n];
    else if (v < 0 || v >= 256) left = f.defaultLeft[n] === 1;
    else {
      const code = Math.floor(v);
      left = ((f.catWords[f.catOffset[n] + Math.floor(code / 32)] >>> (code % 32)) & 1) === 1;
    }
    return s + (left ? f.left[n] : f.right[n]);
  };
  const frac = (c: number, n: number): number => (f.cover[n] > 0 ? f.cover[c] / f.cover[n] : 0);
  const value = (n: number) => f.value[n * f.valueWidth + (f.valueWidth > 1 ? out : 0)];
  const v = (S: number, n: number): number => {
    if (f.left[n] < 0) return value(n);
    const l = s + f.left[n];
    const r = s + f.right[n];
    if ((S >> f.feature[n]) & 1) return v(S, hotOf(n));
    return frac(l, n) * v(S, l) + frac(r, n) * v(S, r);
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array<number>(M).fill(0);
  for (let S = 0; S < 1 << M; S++) {
    const size = [...Array(M).keys()].filter((i) => (S >> i) & 1).length;
    const vS = v(S, s);
    for (let i = 0; i < M; i++) {
      if ((S >> i) & 1) continue;
      const w = (fact(size) * fact(M - size - 1)) / fact(M);
      phi[i] += w * (v(S | (1 << i), s) - vS);
    }
  }
  return phi;
}

/** Expected φ of the whole forest by brute force, explain layout. */
function bruteForest(f: FlatForest, X: Float64Array, nRows: number): Float64Array {
  const M = f.nFeatures;
  const K = f.nOutputs;
  const out = new Float64Array(K * nRows * M);
  const prep = prepareShap(f);
  for (let r = 0; r < nRows; r++) {
    const x = X.subarray(r * M, (r + 1) * M);
    for (let t = 0; t < f.treeStart.length - 1; t++) {
      const k = f.treeOutput[t];
      for (const o of k >= 0 ? [k] : [...Array(K).keys()]) {
        const phi = bruteForce(f, x, t, o);
        const c = f.kind === 'averaging' ? prep.counts[o] : 1;
        for (let i = 0; i < M; i++) out[(o * nRows + r) * M + i] += phi[i] / c;
      }
    }
  }
  return out;
}

const cases: { name: string; spec: Spec; rows: number; nan: number }[] = [
  {
    name: 'boosting, depth 5, repeated features',
    spec: { nTrees: 6, depth: 5, nFeatures: 4, seed: 1 },
    rows: 40,
    nan: 0.1
  },
  {
    name: 'boosting, float32 splits, categorical',
    spec: { nTrees: 5, depth: 4, nFeatures: 5, nCatFeatures: 2, float32Splits: true, seed: 2 },
    rows: 40,
    nan: 0.15
  },
  {
    name: 'multiclass boosting (K = 3)',
    spec: { nTrees: 9, depth: 3, nFeatures: 4, nOutputs: 3, seed: 3 },
    rows: 30,
    nan: 0.1
  },
  {
    name: 'averaging, vector leaves (K = 3), categorical',
    spec: {
      nTrees: 4,
      depth: 4,
      nFeatures: 5,
      nOutputs: 3,
      kind: 'averaging',
      vectorLeaves: true,
      nCatFeatures: 1,
      seed: 4
    },
    rows: 30,
    nan: 0.2
  },
  {
    name: 'averaging, one output per tree (K = 2)',
    spec: { nTrees: 6, depth: 3, nFeatures: 4, nOutputs: 2, kind: 'averaging', seed: 5 },
    rows: 30,
    nan: 0.1
  },
  {
    name: 'zero-cover leaves',
    spec: { nTrees: 5, depth: 4, nFeatures: 4, seed: 6, zeroShare: 0.3 },
    rows: 40,
    nan: 0.1
  },
  {
    name: 'inconsistent covers (children do not sum to parent)',
    spec: { nTrees: 5, depth: 4, nFeatures: 4, seed: 7, inconsistent: true, zeroShare: 0.1 },
    rows: 40,
    nan: 0.1
  }
];

function additivityError(
  f: FlatForest,
  X: Float64Array,
  n: number,
  r: ReturnType<typeof treeShap>
) {
  const raw = predictRaw(f, X, n);
  let worst = 0;
  for (let o = 0; o < f.nOutputs; o++) {
    for (let i = 0; i < n; i++) {
      let sum = r.baseValue[o];
      for (let j = 0; j < f.nFeatures; j++) sum += r.values[(o * n + i) * f.nFeatures + j];
      expect(r.margin[o * n + i]).toBe(raw[i * f.nOutputs + o]);
      worst = Math.max(worst, Math.abs(sum - r.margin[o * n + i]));
    }
  }
  return worst;
}

describe.each(shapKernels)('treeShap (%s)', (_, shap) => {
  test.each(cases)('equals brute-force Shapley values and is additive: $name', (c) => {
    const f = make(c.spec);
    const X = randomRows(f, c.rows, {
      nanShare: c.nan,
      nCatFeatures: c.spec.nCatFeatures,
      seed: c.spec.seed
    });
    const r = shap(f, X, c.rows);
    const ref = bruteForest(f, X, c.rows);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(r.values[i] - ref[i]));
    expect(worst).toBeLessThan(1e-10);
    expect(additivityError(f, X, c.rows, r)).toBeLessThan(1e-9);
  });

  test('a stump, by hand: φ = value − cover-weighted mean, base = the mean', () => {
    // x0 < 0.5 → leaf 2.0 (cover 3), else leaf −1.0 (cover 1); boosting with baseScore 0.25.
    const f: FlatForest = {
      kind: 'boosting',
      link: 'identity',
      nFeatures: 2,
      nOutputs: 1,
      baseScore: Float64Array.of(0.25),
      treeStart: Int32Array.of(0, 3),
      treeOutput: Int32Array.of(0),
      feature: Int32Array.of(0, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      defaultLeft: Uint8Array.of(0, 0, 0),
      value: Float64Array.of(1.25, 2, -1),
      valueWidth: 1,
      cover: Float64Array.of(4, 3, 1),
      catOffset: Int32Array.of(-1, -1, -1),
      catWords: new Uint32Array(0),
      float32Splits: false
    };
    const r = shap(f, Float64Array.of(0, 9, 1, 9, NaN, 9), 3);
    const mean = (3 * 2 + 1 * -1) / 4; // 1.25
    expect(r.baseValue[0]).toBe(0.25 + mean);
    expect(Array.from(r.values)).toEqual([2 - mean, 0, -1 - mean, 0, -1 - mean, 0]); // NaN → right
    expect(Array.from(r.margin)).toEqual([2.25, -0.75, -0.75]);
  });

  test('a single-leaf tree contributes only to the base value; zero rows give empty arrays', () => {
    const f = make({ nTrees: 2, depth: 0, nFeatures: 3, seed: 8 });
    const X = randomRows(f, 5);
    const r = shap(f, X, 5);
    expect(Array.from(r.values)).toEqual(new Array(15).fill(0));
    expect(r.baseValue[0]).toBeCloseTo(f.baseScore[0] + f.value[0] + f.value[1], 14);
    const empty = shap(f, new Float64Array(0), 0);
    expect(empty.values.length).toBe(0);
    expect(empty.margin.length).toBe(0);
  });

  test('X shorter than nRows × nFeatures → DataValidationError INVALID_INPUT', () => {
    const f = make({ nTrees: 2, depth: 2, nFeatures: 3, seed: 9 });
    expect(() => shap(f, new Float64Array(5), 2)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' })
    );
  });

  test('a split feature ≥ nFeatures → DataValidationError INVALID_MODEL naming it', () => {
    const f = make({ nTrees: 1, depth: 2, nFeatures: 3, seed: 10 });
    f.feature[1] = 3;
    expect(() => shap(f, new Float64Array(3), 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL', details: { tree: 0, node: 1, feature: 3 } })
    );
  });

  test('a child index outside its tree → DataValidationError INVALID_MODEL naming the node', () => {
    const f = make({ nTrees: 2, depth: 2, nFeatures: 3, seed: 10 });
    f.left[f.treeStart[1]] = 99;
    expect(() => shap(f, new Float64Array(3), 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL', details: { tree: 1, node: 0, child: 99 } })
    );
  });
});

/** Number of positions whose float64 bit patterns differ (toEqual on large arrays is slow). */
function differentBits(a: Float64Array, b: Float64Array): number {
  expect(b.length).toBe(a.length);
  const x = new BigInt64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigInt64Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

describe('TS and WASM kernels give identical bits', () => {
  test.each([
    {
      name: 'boosting depth 6, float32, categorical, 1,100 rows (3 WASM chunks)',
      spec: { nTrees: 30, depth: 6, nFeatures: 12, nCatFeatures: 3, float32Splits: true, seed: 11 },
      rows: 1100
    },
    {
      name: 'multiclass boosting K = 4',
      spec: { nTrees: 20, depth: 5, nFeatures: 8, nOutputs: 4, seed: 12 },
      rows: 600
    },
    {
      name: 'averaging vector leaves K = 3, zero covers',
      spec: {
        nTrees: 10,
        depth: 7,
        nFeatures: 6,
        nOutputs: 3,
        kind: 'averaging' as const,
        vectorLeaves: true,
        nCatFeatures: 2,
        seed: 13,
        zeroShare: 0.2
      },
      rows: 520
    }
  ])('$name', ({ spec, rows }) => {
    const f = make(spec);
    const X = randomRows(f, rows, { nanShare: 0.1, nCatFeatures: spec.nCatFeatures, seed: 5 });
    const a = treeShap(f, X, rows);
    const b = wasmShap(f, X, rows);
    expect(differentBits(a.values, b.values)).toBe(0);
    expect(Array.from(b.baseValue)).toEqual(Array.from(a.baseValue));
    expect(Array.from(b.margin)).toEqual(Array.from(a.margin));
  });

  test('property: random forests and rows — identical bits and additivity to 1e-9', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          nTrees: fc.integer({ min: 1, max: 8 }),
          depth: fc.integer({ min: 0, max: 7 }),
          nFeatures: fc.integer({ min: 1, max: 7 }),
          nOutputs: fc.integer({ min: 1, max: 3 }),
          averaging: fc.boolean(),
          vectorLeaves: fc.boolean(),
          float32Splits: fc.boolean(),
          cat: fc.boolean(),
          zeroShare: fc.constantFrom(0, 0, 0.3),
          nan: fc.double({ min: 0, max: 0.5, noNaN: true }),
          rows: fc.integer({ min: 1, max: 40 })
        }),
        (p) => {
          const spec: Spec = {
            ...p,
            kind: p.averaging ? 'averaging' : 'boosting',
            vectorLeaves: p.averaging && p.vectorLeaves,
            // randomForest puts numeric splits on features ≥ nCatFeatures: keep one numeric.
            nCatFeatures: p.cat && p.nFeatures > 1 ? 1 : 0
          };
          const f = make(spec);
          const X = randomRows(f, p.rows, {
            nanShare: p.nan,
            nCatFeatures: spec.nCatFeatures,
            seed: p.seed
          });
          const a = treeShap(f, X, p.rows);
          const b = wasmShap(f, X, p.rows);
          expect(differentBits(a.values, b.values)).toBe(0);
          expect(additivityError(f, X, p.rows, a)).toBeLessThan(1e-9);
        }
      ),
      { numRuns: 150, seed: 42 }
    );
  });
});
