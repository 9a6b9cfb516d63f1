// Guards sampling SHAP (issue 6: Kernel / permutation SHAP for the MLP, k-NN, naive Bayes):
// the exact enumeration equals a brute-force Shapley computation written here from the
// definition, the antithetic-permutation estimate lies within its stated standard errors of it,
// additivity is exact, and on a tree whose training data are a full-factorial grid (a product
// distribution) it agrees with path-dependent TreeSHAP.
import { describe, expect, it } from 'vitest';
import { explainModel } from '../../workers/engine/explain/explain-model';
import type { SampledShap } from '../../workers/engine/explain/design-shap';
import type { ShapValues } from '../../workers/engine/explain/types';
import { decisionTreeTrainer } from '../../workers/engine/models/trees';
import type { DesignMatrix, FittedModel } from '../../workers/engine/models/types';
import { createRng } from '../../workers/engine/rng';

function matrix(cols: number[][]): DesignMatrix {
  return {
    nRows: cols[0].length,
    columns: cols.map((c) => Float64Array.from(c)),
    names: cols.map((_, j) => `x${j}`),
    kinds: cols.map(() => 'numeric' as const),
    source: Int32Array.from(cols, (_, j) => j)
  };
}

function randomMatrix(n: number, p: number, seed: number): DesignMatrix {
  const rng = createRng(seed);
  return matrix(
    Array.from({ length: p }, () => Array.from({ length: n }, () => rng.next() * 4 - 2))
  );
}

/** A model from a row function: regression (1 output) or class probabilities. */
function fake(fn: (x: number[]) => number[], family: FittedModel['family'] = 'knn'): FittedModel {
  return {
    family,
    predict(X) {
      const out: number[] = [];
      for (let r = 0; r < X.nRows; r++) out.push(...fn(X.columns.map((c) => c[r])));
      return Float64Array.from(out);
    },
    encode: () => ({ family, format: 'fake', params: {}, state: null })
  };
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

/**
 * Interventional Shapley values by the definition: v(S) = mean over background rows b of
 * g(x_S, b_S̄); φ_j = Σ_{S ⊆ N∖{j}} |S|! (M − |S| − 1)! / M! · (v(S ∪ {j}) − v(S)).
 * @returns values[r][j] for output g (scalar).
 */
function bruteForce(g: (x: number[]) => number, X: DesignMatrix, bg: DesignMatrix): number[][] {
  const M = X.columns.length;
  return Array.from({ length: X.nRows }, (_, r) => {
    const x = X.columns.map((c) => c[r]);
    const v = (S: Set<number>): number => {
      let s = 0;
      for (let b = 0; b < bg.nRows; b++)
        s += g(x.map((xj, j) => (S.has(j) ? xj : bg.columns[j][b])));
      return s / bg.nRows;
    };
    return Array.from({ length: M }, (_, j) => {
      let phi = 0;
      const others = [...Array(M).keys()].filter((i) => i !== j);
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const S = new Set(others.filter((_, t) => (mask >> t) & 1));
        const w = (factorial(S.size) * factorial(M - S.size - 1)) / factorial(M);
        phi += w * (v(new Set([...S, j])) - v(S));
      }
      return phi;
    });
  });
}

function at(s: ShapValues, k: number, r: number, j: number): number {
  return s.values[(k * s.nRows + r) * s.nFeatures + j];
}

function maxAdditivityError(s: ShapValues): number {
  let worst = 0;
  for (let k = 0; k < s.nOutputs; k++)
    for (let r = 0; r < s.nRows; r++) {
      let sum = s.baseValue[k];
      for (let j = 0; j < s.nFeatures; j++) sum += at(s, k, r, j);
      worst = Math.max(worst, Math.abs(sum - s.margin[k * s.nRows + r]));
    }
  return worst;
}

const g6 = (x: number[]): number =>
  x[0] * x[1] + Math.sin(x[2]) + x[3] * x[3] - 0.5 * x[4] * x[5] + Math.max(0, x[0] + x[5]);

describe('sampling SHAP (explainModel on k-NN / naive Bayes / MLP-like models)', () => {
  const bg = randomMatrix(12, 6, 1);
  const X = randomMatrix(5, 6, 2);
  const ref = bruteForce(g6, X, bg);

  it('exact enumeration equals the brute-force Shapley values', () => {
    const s = explainModel(
      fake((x) => [g6(x)]),
      X,
      { background: bg, backgroundSize: 100, seed: 1, exact: true }
    );
    expect(s.estimate?.maxStdError).toBe(0);
    for (let r = 0; r < 5; r++)
      for (let j = 0; j < 6; j++) expect(at(s, 0, r, j)).toBeCloseTo(ref[r][j], 12);
    expect(maxAdditivityError(s)).toBeLessThan(1e-12);
  });

  it('the permutation estimate lies within its standard errors of the exact values', () => {
    const s = explainModel(
      fake((x) => [g6(x)]),
      X,
      {
        background: bg,
        backgroundSize: 100,
        seed: 3,
        samples: 200,
        exact: false
      }
    ) as SampledShap;
    expect(s.method).toBe('permutation');
    expect(s.estimate).toEqual({
      samples: 200,
      background: 12,
      maxStdError: Math.max(...s.stdError)
    });
    expect(maxAdditivityError(s)).toBeLessThan(1e-10);
    let within3 = 0;
    for (let r = 0; r < 5; r++)
      for (let j = 0; j < 6; j++) {
        // Additive terms (sin x2, x3²) have the same contribution in every ordering: their
        // standard error is rounding noise, hence the 1e-12 floor.
        const err = Math.abs(at(s, 0, r, j) - ref[r][j]);
        const se = s.stdError[r * 6 + j];
        if (err <= 3 * se + 1e-12) within3++;
        expect(err).toBeLessThan(5 * se + 1e-12);
      }
    // Normal errors: 99.7 % within 3 SE; allow one miss in 30.
    expect(within3).toBeGreaterThanOrEqual(29);
  });

  it('the standard error shrinks as 1 / √samples', () => {
    const run = (samples: number) =>
      explainModel(
        fake((x) => [g6(x)]),
        X,
        { background: bg, backgroundSize: 100, seed: 4, samples, exact: false }
      ).estimate!.maxStdError;
    const ratio = run(800) / run(200);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.65);
  });

  it('multiclass: one set per class, each additive to its class probability', () => {
    const probs = (x: number[]): number[] => {
      const z = [x[0] * x[1], Math.sin(x[2]) + x[3], x[4] - x[5] * x[0]].map(Math.exp);
      const t = z[0] + z[1] + z[2];
      return z.map((v) => v / t);
    };
    const s = explainModel(fake(probs, 'naiveBayes'), X, {
      background: bg,
      backgroundSize: 100,
      seed: 1,
      samples: 32,
      outputNames: ['a', 'b', 'c']
    });
    expect([s.nRows, s.nFeatures, s.nOutputs, s.values.length, s.margin.length]).toEqual([
      5, 6, 3, 90, 15
    ]);
    expect(s.outputNames).toEqual(['a', 'b', 'c']);
    for (let k = 0; k < 3; k++)
      for (let r = 0; r < 5; r++)
        expect(s.margin[k * 5 + r]).toBeCloseTo(probs(X.columns.map((c) => c[r]))[k], 12);
    expect(maxAdditivityError(s)).toBeLessThan(1e-12);
  });

  it('binary: one output, the positive class probability', () => {
    const s = explainModel(
      fake((x) => {
        const p = 1 / (1 + Math.exp(-g6(x)));
        return [1 - p, p];
      }),
      X,
      { background: bg, backgroundSize: 100, seed: 1, samples: 16 }
    );
    expect(s.nOutputs).toBe(1);
    expect(s.margin[0]).toBeCloseTo(1 / (1 + Math.exp(-g6(X.columns.map((c) => c[0])))), 12);
    expect(maxAdditivityError(s)).toBeLessThan(1e-12);
  });

  it('rejects a background with other features (INVALID_INPUT)', () => {
    expect(() =>
      explainModel(
        fake((x) => [g6(x)]),
        X,
        { background: randomMatrix(4, 5, 9), seed: 1 }
      )
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('rejects bad options with typed errors', () => {
    expect(() =>
      explainModel(
        fake((x) => [g6(x)]),
        X,
        { seed: 1, samples: 0 }
      )
    ).toThrow(/samples/);
    expect(() =>
      explainModel(
        fake((x) => [g6(x)]),
        X,
        { seed: 1, outputNames: ['a', 'b'] }
      )
    ).toThrow(expect.objectContaining({ code: 'EXPLAIN_OPTION' }));
  });
});

describe('sampling SHAP vs path-dependent TreeSHAP', () => {
  // Claim tested: for a tree whose covers are the sample counts of its training set, and a
  // training set that is a full-factorial grid (its empirical distribution is the product of its
  // marginals), path-dependent TreeSHAP's cover-weighted expectation E[f | x_S] equals the
  // interventional expectation over that same training set as background. So exact
  // interventional SHAP with background = the grid equals TreeSHAP, and the sampled estimate is
  // within its standard errors of it. (On correlated data the two differ by design.)
  const grid: number[][] = [[], [], []];
  for (let a = 0; a < 4; a++)
    for (let b = 0; b < 4; b++)
      for (let c = 0; c < 4; c++) {
        grid[0].push(a);
        grid[1].push(b);
        grid[2].push(c);
      }
  const train = matrix(grid);
  const y = Float64Array.from(
    grid[0],
    (a, i) => a * grid[1][i] + (grid[2][i] > 1 ? 2 : 0) + 0.5 * a
  );
  const X = matrix([
    [0, 3, 1.5, 2],
    [3, 0, 2.5, 1],
    [1, 2, 3, 0]
  ]);

  it('exact and sampled SHAP agree with TreeSHAP on a decision tree', async () => {
    const model = await decisionTreeTrainer.fit(
      train,
      y,
      { ...decisionTreeTrainer.defaults('regression', 64, 3), maxDepth: 6 } as never,
      { task: 'regression', nClasses: 1, seed: 1 }
    );
    const tree = explainModel(model, X, { seed: 1 });
    expect(tree.method).toBe('tree');
    const exact = explainModel(model, X, {
      background: train,
      backgroundSize: 64,
      seed: 1,
      method: 'sampling',
      exact: true
    });
    for (let i = 0; i < tree.values.length; i++)
      expect(exact.values[i]).toBeCloseTo(tree.values[i], 9);
    expect(exact.baseValue[0]).toBeCloseTo(tree.baseValue[0], 9);
    const sampled = explainModel(model, X, {
      background: train,
      backgroundSize: 64,
      seed: 2,
      samples: 100,
      method: 'sampling',
      exact: false
    }) as SampledShap;
    for (let i = 0; i < tree.values.length; i++)
      expect(Math.abs(sampled.values[i] - tree.values[i])).toBeLessThanOrEqual(
        4 * sampled.stdError[i] + 1e-12
      );
  });
});
