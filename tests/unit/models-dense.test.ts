// Guards the dense families (baseline, linear, logistic, k-NN, naive Bayes) on tiny hand-computed
// cases, a brute-force k-NN reference, sample-weight semantics, the registry's encode → decode
// round trip, and typed errors for bad parameters, inputs, encodings and cancellation.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../workers/engine/rng';
import { baselineTrainer } from '../../workers/engine/models/baseline';
import { knnTrainer } from '../../workers/engine/models/knn';
import { linearTrainer, type LinearModel } from '../../workers/engine/models/linear';
import { logisticTrainer, type LogisticModel } from '../../workers/engine/models/logistic';
import { naiveBayesTrainer } from '../../workers/engine/models/naive-bayes';
import { TRAINERS_DENSE, decodeModel } from '../../workers/engine/models/registry';
import { encodeF64 } from '../../workers/engine/bundle/base64';
import type {
  DesignMatrix,
  FitContext,
  ModelTask,
  ModelTrainer
} from '../../workers/engine/models/types';

const dm = (...columns: number[][]): DesignMatrix => ({
  nRows: columns[0]?.length ?? 0,
  columns: columns.map((c) => Float64Array.from(c)),
  names: columns.map((_, j) => `x${j}`),
  kinds: columns.map(() => 'numeric' as const),
  source: Int32Array.from(columns, (_, j) => j)
});
const ctx = (
  task: ModelTask,
  nClasses = task === 'regression' ? 1 : 2,
  extra: Partial<FitContext> = {}
): FitContext => ({
  task,
  nClasses,
  seed: 1,
  ...extra
});
const y = (...v: number[]) => Float64Array.from(v);
const t = (x: unknown) => x as ModelTrainer;

async function errorOf(
  fn: () => unknown
): Promise<{ name: string; code: string; message: string; details: Record<string, unknown> }> {
  try {
    await fn();
  } catch (e) {
    return e as never;
  }
  throw new Error('expected an error');
}

/** Seeded random design: nRows × nFeatures uniform in [−2, 2]. */
function randomDesign(nRows: number, nFeatures: number, seed: number): DesignMatrix {
  const rng = createRng(seed);
  return dm(
    ...Array.from({ length: nFeatures }, () =>
      Array.from({ length: nRows }, () => rng.next() * 4 - 2)
    )
  );
}

describe('linear: hand-computed one-feature solutions', () => {
  // x = 1 2 3 4, y = 2 4 5 9: x̄ = 2.5, ȳ = 5, Sxx = 5, Sxy = 11.
  const X = dm([1, 2, 3, 4]);
  const Y = y(2, 4, 5, 9);
  it('fit() with l1Ratio 0 is ridge: β = Sxy / (Sxx + α), intercept unpenalised', async () => {
    const m = (await t(linearTrainer).fit(X, Y, { alpha: 1 }, ctx('regression'))) as LinearModel;
    expect(m.coef[0]).toBeCloseTo(11 / 6, 13);
    expect(m.intercept[0]).toBeCloseTo(5 - 2.5 * (11 / 6), 13);
    expect(m.predict(dm([0]))[0]).toBeCloseTo(5 - 2.5 * (11 / 6), 13);
  });
  it('fit() with l1Ratio > 0 soft-thresholds: β = S(Sxy, αρ) / (Sxx + α(1 − ρ))', async () => {
    const m = (await t(linearTrainer).fit(
      X,
      Y,
      { alpha: 2, l1Ratio: 0.5 },
      ctx('regression')
    )) as LinearModel;
    expect(m.coef[0]).toBeCloseTo(10 / 6, 10);
    const zero = (await t(linearTrainer).fit(
      X,
      Y,
      { alpha: 20, l1Ratio: 1 },
      ctx('regression')
    )) as LinearModel;
    expect(zero.coef[0]).toBe(0);
    expect(zero.intercept[0]).toBe(5);
  });
});

describe('logistic: hand-derived optimum', () => {
  it('fit() on x = −1, 1 / y = 0, 1 solves w = 2C·σ(−w) with intercept 0', async () => {
    const m = (await t(logisticTrainer).fit(
      dm([-1, 1]),
      y(0, 1),
      { C: 1 },
      ctx('binary')
    )) as LogisticModel;
    let lo = 0;
    let hi = 2;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (mid - 2 / (1 + Math.exp(mid)) > 0) hi = mid;
      else lo = mid;
    }
    expect(m.coef[0]).toBeCloseTo(lo, 9);
    expect(m.intercept[0]).toBeCloseTo(0, 9);
    const p = m.predict(dm([1]));
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-lo)), 9);
    expect(p[0] + p[1]).toBe(1);
  });
  it('fit() gives probability 0 to a class missing from the training rows', async () => {
    const m = await t(logisticTrainer).fit(
      dm([0, 1, 2, 3]),
      y(0, 0, 2, 2),
      {},
      ctx('multiclass', 3)
    );
    const p = m.predict(dm([1.5]));
    expect(p[1]).toBe(0);
    expect(p[0] + p[2]).toBeCloseTo(1, 14);
  });
  it('a class missing from training survives encode() → decodeModel() (intercept −∞)', async () => {
    const m = await t(logisticTrainer).fit(
      dm([0, 1, 2, 3]),
      y(0, 0, 2, 2),
      {},
      ctx('multiclass', 3)
    );
    const back = decodeModel(JSON.parse(JSON.stringify(m.encode())));
    const q = dm([-1, 1.5, 9]);
    expect(Array.from(back.predict(q))).toEqual(Array.from(m.predict(q)));
  });
  it('fit() with one class throws ModelTrainingError SINGLE_CLASS', async () => {
    const e = await errorOf(() => t(logisticTrainer).fit(dm([0, 1]), y(1, 1), {}, ctx('binary')));
    expect([e.name, e.code]).toEqual(['ModelTrainingError', 'SINGLE_CLASS']);
  });
});

describe('naive Bayes: hand-computed Gaussian densities', () => {
  // class 0: x = 0, 2 (mean 1, var 1); class 1: x = 4, 6 (mean 5, var 1); ε = 1e-9 · Var(x) = 5e-9.
  it('predict() follows the class-conditional normal densities and the priors', async () => {
    const m = await t(naiveBayesTrainer).fit(dm([0, 2, 4, 6]), y(0, 0, 1, 1), {}, ctx('binary'));
    const p = m.predict(dm([3, 1]));
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[3]).toBeCloseTo(Math.exp(-8) / (1 + Math.exp(-8)), 7);
    const skewed = await t(naiveBayesTrainer).fit(
      dm([0, 2, 4, 6, 4, 6]),
      y(0, 0, 1, 1, 1, 1),
      {},
      ctx('binary')
    );
    // at x = 3 the likelihoods still tie (class 1 var stays 1), so the prior 2/3 decides
    expect(skewed.predict(dm([3]))[1]).toBeCloseTo(2 / 3, 7);
  });
});

describe('k-NN: hand-computed votes and a brute-force reference', () => {
  const X = dm([0, 1, 2, 10]);
  it('predict() votes uniformly or by 1 / distance', async () => {
    const u = await t(knnTrainer).fit(X, y(0, 0, 1, 1), { nNeighbors: 3 }, ctx('binary'));
    expect(Array.from(u.predict(dm([1.2])))).toEqual([2 / 3, 1 / 3]);
    const d = await t(knnTrainer).fit(
      X,
      y(0, 0, 1, 1),
      { nNeighbors: 3, weights: 'distance' },
      ctx('binary')
    );
    expect(d.predict(dm([1.2]))[1]).toBeCloseTo(1.25 / (5 + 1.25 + 1 / 1.2), 12);
    const r = await t(knnTrainer).fit(X, y(1, 2, 3, 4), { nNeighbors: 2 }, ctx('regression'));
    expect(r.predict(dm([1.2]))[0]).toBeCloseTo(2.5, 14);
    const rd = await t(knnTrainer).fit(
      X,
      y(1, 2, 3, 4),
      { nNeighbors: 2, weights: 'distance' },
      ctx('regression')
    );
    expect(rd.predict(dm([1.2]))[0]).toBeCloseTo((2 * 5 + 3 * 1.25) / 6.25, 12);
    // an exact match takes all the weight
    expect(rd.predict(dm([2]))[0]).toBe(3);
  });

  it('predict() equals sorting all distances (k = 1, 4, 9; both weightings; 3 classes)', async () => {
    const train = randomDesign(157, 3, 11);
    const test = randomDesign(70, 3, 12);
    const rng = createRng(13);
    const labels = Float64Array.from({ length: 157 }, () => rng.int(3));
    for (const k of [1, 4, 9])
      for (const weights of ['uniform', 'distance'] as const) {
        const m = await t(knnTrainer).fit(
          train,
          labels,
          { nNeighbors: k, weights },
          ctx('multiclass', 3)
        );
        const got = m.predict(test);
        for (let q = 0; q < 70; q++) {
          const d = Array.from({ length: 157 }, (_, r) => ({
            r,
            d: Math.hypot(...train.columns.map((c, j) => c[r] - test.columns[j][q]))
          })).sort((a, b) => a.d - b.d);
          const votes = [0, 0, 0];
          for (const { r, d: dist } of d.slice(0, k))
            votes[labels[r]] += weights === 'uniform' ? 1 : 1 / dist;
          const total = votes.reduce((a, b) => a + b);
          for (let c = 0; c < 3; c++) expect(got[q * 3 + c]).toBeCloseTo(votes[c] / total, 12);
        }
      }
  });

  it('predict() with k = 1 on the training rows returns their own labels and targets', async () => {
    const X2 = randomDesign(300, 4, 5);
    const rng = createRng(6);
    const labels = Float64Array.from({ length: 300 }, () => rng.int(4));
    const p = await (
      await t(knnTrainer).fit(X2, labels, { nNeighbors: 1 }, ctx('multiclass', 4))
    ).predict(X2);
    for (let i = 0; i < 300; i++) expect(p[i * 4 + labels[i]]).toBe(1);
    const targets = Float64Array.from({ length: 300 }, () => rng.next() * 100);
    const r = (
      await t(knnTrainer).fit(
        X2,
        targets,
        { nNeighbors: 1, weights: 'distance' },
        ctx('regression')
      )
    ).predict(X2);
    expect(Array.from(r)).toEqual(Array.from(targets));
  });
});

describe('sample weights', () => {
  const X = dm([0, 1, 2, 3, 4, 5], [1, 0, 1, 1, 0, 0]);
  const Y = y(0, 0, 1, 0, 1, 1);
  const dup = dm([0, 1, 2, 3, 4, 5, 1, 1], [1, 0, 1, 1, 0, 0, 0, 0]);
  const Ydup = y(0, 0, 1, 0, 1, 1, 0, 0);
  const w = y(1, 3, 1, 1, 1, 1);
  for (const [name, tr, task] of [
    ['baseline', baselineTrainer, 'binary'],
    ['logistic', logisticTrainer, 'binary'],
    ['naiveBayes', naiveBayesTrainer, 'binary'],
    ['linear', linearTrainer, 'regression'],
    ['baseline', baselineTrainer, 'regression']
  ] as const) {
    it(`${name} (${task}): weight 3 on a row equals three copies of it`, async () => {
      const a = await t(tr).fit(X, Y, {}, ctx(task, undefined, { sampleWeight: w }));
      const b = await t(tr).fit(dup, Ydup, {}, ctx(task));
      const q = randomDesign(10, 2, 3);
      const pa = a.predict(q);
      const pb = b.predict(q);
      pa.forEach((v, i) => expect(v).toBeCloseTo(pb[i], 8));
    });
  }
});

describe('registry: TRAINERS_DENSE and decodeModel()', () => {
  it('lists the five dense families, each fitting with its defaults and its space bounds', async () => {
    expect(TRAINERS_DENSE.map((tr) => tr.family)).toEqual([
      'baseline',
      'linear',
      'logistic',
      'knn',
      'naiveBayes'
    ]);
    const X = randomDesign(40, 3, 8);
    for (const tr of TRAINERS_DENSE) {
      expect(tr.input).toBe('dense');
      for (const task of tr.tasks) {
        const K = task === 'multiclass' ? 3 : task === 'binary' ? 2 : 1;
        const Y = Float64Array.from({ length: 40 }, (_, i) =>
          task === 'regression' ? X.columns[0][i] * 3 + 1 : i % K
        );
        await tr.fit(X, Y, tr.defaults(task, 40, 3), ctx(task, K));
        for (const [name, range] of Object.entries(tr.space)) {
          const values = range.type === 'choice' ? range.values : [range.low, range.high];
          for (const v of values)
            await tr.fit(X, Y, { ...tr.defaults(task, 40, 3), [name]: v }, ctx(task, K));
        }
      }
    }
  });

  it('encode() → JSON → decodeModel() → predict() gives identical numbers for every family and task', async () => {
    const X = randomDesign(60, 4, 21);
    const Q = randomDesign(25, 4, 22);
    for (const tr of TRAINERS_DENSE)
      for (const task of tr.tasks) {
        const K = task === 'multiclass' ? 3 : task === 'binary' ? 2 : 1;
        const Y = Float64Array.from({ length: 60 }, (_, i) =>
          task === 'regression'
            ? X.columns[1][i] - 2 * X.columns[2][i]
            : (X.columns[0][i] > 0 ? 1 : 0) + (K === 3 && X.columns[3][i] > 1 ? 1 : 0)
        );
        const params =
          tr.family === 'linear'
            ? { l1Ratio: 0.5 }
            : tr.family === 'logistic'
              ? { l1Ratio: 0.3 }
              : {};
        const m = await tr.fit(X, Y, params, ctx(task, K));
        const back = decodeModel(JSON.parse(JSON.stringify(m.encode())));
        expect(back.family).toBe(tr.family);
        expect(Array.from(back.predict(Q))).toEqual(Array.from(m.predict(Q)));
        const again = await tr.fit(X, Y, params, ctx(task, K));
        expect(Array.from(again.predict(Q))).toEqual(Array.from(m.predict(Q)));
      }
  });

  it('decodeModel() throws AppError INVALID_MODEL on garbage', async () => {
    const m = await t(linearTrainer).fit(dm([1, 2, 3]), y(1, 2, 4), {}, ctx('regression'));
    const good = m.encode() as {
      state: Record<string, unknown>;
      params: Record<string, unknown>;
    } & ReturnType<typeof m.encode>;
    const bad: unknown[] = [
      null,
      42,
      [],
      { family: 'linear' },
      { ...good, format: 'dg-linear/9' },
      { ...good, family: 'gbdt' },
      { ...good, state: null },
      { ...good, state: { ...good.state, coef: 'not base64!' } },
      { ...good, state: { ...good.state, coef: encodeF64(Float64Array.of(1, 2)) } },
      { ...good, state: { ...good.state, coef: encodeF64(Float64Array.of(NaN)) } },
      { ...good, state: { ...good.state, nFeatures: -1 } },
      { ...good, params: { alpha: -3 } },
      {
        family: 'knn',
        format: 'dg-knn/1',
        params: {},
        state: {
          task: 'binary',
          nClasses: 2,
          nFeatures: 1,
          nRef: 1,
          refX: encodeF64(Float64Array.of(0)),
          refY: encodeF64(Float64Array.of(7)),
          refW: encodeF64(Float64Array.of(1))
        }
      },
      {
        family: 'naiveBayes',
        format: 'dg-naive-bayes/1',
        params: {},
        state: {
          nClasses: 2,
          nFeatures: 1,
          theta: encodeF64(Float64Array.of(0, 1)),
          variance: encodeF64(Float64Array.of(0, 1)),
          logPrior: encodeF64(Float64Array.of(-1, -1))
        }
      }
    ];
    for (const e of bad) {
      const err = await errorOf(() => decodeModel(e as never));
      expect([err.name, err.code]).toEqual(['AppError', 'INVALID_MODEL']);
    }
  });
});

describe('typed errors', () => {
  const X = dm([0, 1, 2, 3]);
  const Y = y(0, 1, 0, 1);
  it.each([
    [linearTrainer, 'regression', { alpha: -1 }, 'alpha', -1],
    [linearTrainer, 'regression', { l1Ratio: 2 }, 'l1Ratio', 2],
    [logisticTrainer, 'binary', { C: 0 }, 'C', 0],
    [knnTrainer, 'binary', { nNeighbors: 0 }, 'nNeighbors', 0],
    [knnTrainer, 'binary', { weights: 'cosine' }, 'weights', 'cosine'],
    [naiveBayesTrainer, 'binary', { varSmoothing: -1 }, 'varSmoothing', -1],
    [baselineTrainer, 'binary', { depth: 3 }, 'parameter name', 'depth'],
    [linearTrainer, 'binary', {}, 'task', 'binary'],
    [naiveBayesTrainer, 'regression', {}, 'task', 'regression']
  ] as const)(
    'fit() rejects %s params %j with INVALID_PARAM naming %s',
    async (tr, task, params, param, value) => {
      const e = await errorOf(() => t(tr).fit(X, Y, params as never, ctx(task)));
      expect(e.code).toBe('INVALID_PARAM');
      expect(e.details).toMatchObject({ param, value });
      expect(e.message).toContain(String(value));
    }
  );

  it('fit() and predict() reject bad inputs with DataValidationError INVALID_INPUT', async () => {
    const cases: [() => unknown, string][] = [
      [() => t(logisticTrainer).fit(dm([0, NaN]), y(0, 1), {}, ctx('binary')), 'NaN'],
      [() => t(logisticTrainer).fit(X, y(0, 1, 2, 1), {}, ctx('binary')), 'y[2] = 2'],
      [() => t(linearTrainer).fit(X, y(1, 2), {}, ctx('regression')), 'length 2'],
      [() => t(knnTrainer).fit(X, Y, {}, ctx('binary', 2, { sampleWeight: y(1, -1, 1, 1) })), '-1'],
      [
        async () => (await t(knnTrainer).fit(X, Y, {}, ctx('binary'))).predict(dm([1], [2])),
        'feature count: 2'
      ]
    ];
    for (const [fn, named] of cases) {
      const e = await errorOf(fn);
      expect([e.name, e.code]).toEqual(['DataValidationError', 'INVALID_INPUT']);
      expect(e.message).toContain(named);
    }
  });

  it('fit() stops with CancelledError when the signal is aborted (iterative solvers)', async () => {
    const signal = { aborted: true };
    const X2 = randomDesign(50, 3, 2);
    const Y2 = Float64Array.from({ length: 50 }, (_, i) => i % 2);
    for (const [tr, params, task] of [
      [logisticTrainer, {}, 'binary'],
      [logisticTrainer, { l1Ratio: 0.5 }, 'binary'],
      [linearTrainer, { l1Ratio: 0.5 }, 'regression']
    ] as const) {
      const e = await errorOf(() => t(tr).fit(X2, Y2, params, ctx(task, undefined, { signal })));
      expect(e.code).toBe('CANCELLED');
    }
  });
});
