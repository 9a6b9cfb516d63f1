// Guards target encoding: the full-training table against the m-estimate formula by hand, the
// out-of-fold training values against an independent re-derivation, and the leakage test — a
// column that identifies rows must not let the training design matrix predict the target.
import { describe, expect, test } from 'vitest';
import { kFold } from '../../workers/engine/eval/folds';
import { frameFromColumns } from '../../workers/engine/frame/index';
import type { EncodedTarget } from '../../workers/engine/frame/index';
import { fitPipeline } from '../../workers/engine/preprocess/index';
import type { PipelineOptions } from '../../workers/engine/preprocess/index';
import { createRng } from '../../workers/engine/rng';

const noRare = { rareMinCount: 0, rareMinFraction: 0 };
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/** Pearson correlation; 0 when either side is constant (no linear information). */
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa < 1e-24 || sbb < 1e-24 ? 0 : sab / Math.sqrt(saa * sbb);
}

describe('target encoding values', () => {
  // cat u: y 1,1,0; v: y 0; w: y 1,0 → prior 3/6 = 0.5.
  const f = () =>
    frameFromColumns(['c'], [['u', 'u', 'u', 'v', 'w', 'w', 'u', 'v', 'w', 'new', null]]);
  const y: EncodedTarget = {
    task: 'binary',
    y: Float64Array.from([1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    classes: ['0', '1']
  };
  const opts: PipelineOptions = {
    flavour: 'dense',
    ...noRare,
    maxOneHotLevels: 2,
    targetSmoothing: 2
  };

  test('transform uses the full-training table (Σy + m·prior) / (n + m); unseen → prior', () => {
    const { pipeline, train } = fitPipeline(f(), all(6), y, opts);
    expect(train.names).toEqual(['c_te']);
    const t = pipeline.transform(f(), Uint32Array.from([6, 7, 8, 9]));
    // u: (2 + 2·0.5) / (3 + 2) = 0.6; v: (0 + 1) / (1 + 2) = 1/3; w: (1 + 1) / (2 + 2) = 0.5.
    expect(Array.from(t.columns[0])).toEqual([0.6, 1 / 3, 0.5, 0.5]);
  });

  test('training rows get out-of-fold values: each row encoded from the other folds only', () => {
    const { train } = fitPipeline(f(), all(6), y, { ...opts, targetFolds: 3, seed: 7 });
    const fold = kFold(6, 3, 7);
    const cats = ['u', 'u', 'u', 'v', 'w', 'w'];
    const expected = cats.map((c, i) => {
      const others = cats.map((_, j) => j).filter((j) => fold[j] !== fold[i] && cats[j] === c);
      const s = others.reduce((acc, j) => acc + y.y[j], 0);
      return (s + 2 * 0.5) / (others.length + 2);
    });
    Array.from(train.columns[0]).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 15));
  });

  test('multiclass: one column per class (smoothed class rates, summing to 1); regression: smoothed mean', () => {
    const mc: EncodedTarget = {
      task: 'multiclass',
      y: Float64Array.from([0, 1, 2, 2, 1, 0, 0, 0, 0, 0, 0]),
      classes: ['A', 'B', 'C']
    };
    const { pipeline, train } = fitPipeline(f(), all(6), mc, opts);
    expect(train.names).toEqual(['c_te=A', 'c_te=B', 'c_te=C']);
    const t = pipeline.transform(f(), Uint32Array.from([6]));
    // u (rows 0–2: A, B, C), prior (2/6, 2/6, 2/6), m = 2 → (1 + 2/3) / 5 each.
    t.columns.forEach((c) => expect(c[0]).toBeCloseTo(5 / 3 / 5, 15));
    for (let i = 0; i < 6; i++)
      expect(train.columns.reduce((s, c) => s + c[i], 0)).toBeCloseTo(1, 12);
    const reg: EncodedTarget = {
      task: 'regression',
      y: Float64Array.from([3, 5, 10, 1, 2, 4, 0, 0, 0, 0, 0]),
      classes: []
    };
    const r = fitPipeline(f(), all(6), reg, opts).pipeline.transform(
      f(),
      Uint32Array.from([6, 10])
    );
    // prior 25/6; u: (18 + 2·25/6) / 5; missing (row 10) is unseen in training → prior.
    expect(r.columns[0][0]).toBeCloseTo((18 + (2 * 25) / 6) / 5, 12);
    expect(r.columns[0][1]).toBeCloseTo(25 / 6, 12);
  });

  test("tree flavour above maxTreeLevels uses target encoding (kind 'numeric', NaN-free)", () => {
    const { train } = fitPipeline(f(), all(6), y, { flavour: 'tree', ...noRare, maxTreeLevels: 2 });
    expect(train.names).toEqual(['c_te']);
    expect(train.kinds).toEqual(['numeric']);
  });
});

describe('no target leakage through the encoder', () => {
  // 10,000 rows: a chance correlation on random data has a standard error of ≈ 0.01–0.015.
  const n = 10_000;
  const rng = createRng(123);
  const yv = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  const target: EncodedTarget = { task: 'binary', y: yv, classes: ['0', '1'] };
  const opts: PipelineOptions = {
    flavour: 'dense',
    dropIdLike: false,
    ...noRare,
    targetSmoothing: 1
  };

  test('a unique random string per row: out-of-fold training column ⟂ y, an in-sample encoding ≈ y', () => {
    const ids = Array.from({ length: n }, () => Math.floor(rng.next() * 2 ** 48).toString(36));
    const f = frameFromColumns(['key'], [ids]);
    const { pipeline, train } = fitPipeline(f, all(n), target, opts);
    expect(train.names).toEqual(['key_te']);
    expect(Math.abs(corr(train.columns[0], yv))).toBeLessThan(0.06);
    // The naive encoding (the full-training table applied to the same rows) memorises y.
    expect(corr(pipeline.transform(f).columns[0], yv)).toBeGreaterThan(0.99);
  });

  test('pairs of rows per category (not ID-like): out-of-fold ⟂ y on random data, in-sample strongly correlated', () => {
    const keys = Array.from({ length: n }, (_, i) => `k${i >> 1}`);
    const f = frameFromColumns(['key'], [keys]);
    const { pipeline, train } = fitPipeline(f, all(n), target, { ...opts, dropIdLike: true });
    expect(train.names).toEqual(['key_te']);
    expect(Math.abs(corr(train.columns[0], yv))).toBeLessThan(0.06);
    expect(corr(pipeline.transform(f).columns[0], yv)).toBeGreaterThan(0.5);
  });

  test('a category that does carry signal keeps it out-of-fold', () => {
    const keys = Array.from({ length: n }, (_, i) => `g${i % 40}`);
    const ys = Float64Array.from(keys, (k, i) =>
      Number(k.slice(1)) < 20 ? (i % 10 < 8 ? 1 : 0) : i % 10 < 2 ? 1 : 0
    );
    const f = frameFromColumns(['key'], [keys]);
    const { train } = fitPipeline(f, all(n), { task: 'binary', y: ys, classes: ['0', '1'] }, opts);
    expect(corr(train.columns[0], ys)).toBeGreaterThan(0.5);
  });
});
