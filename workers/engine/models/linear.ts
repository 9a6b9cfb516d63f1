/**
 * Linear regression with an L2 (ridge) and optional L1 (elastic net) penalty, intercept not
 * penalised (the data are centred with the weighted means first, so the intercept is ȳ − x̄·β).
 *
 * Objective (w = sample weights, 1 by default):
 *   Σ w_i (y_i − b − x_i·β)² + alpha · (1 − l1Ratio) · ‖β‖² + 2 · alpha · l1Ratio · ‖β‖₁
 * l1Ratio = 0 is scikit-learn `Ridge(alpha)` exactly (closed form by Cholesky of the p × p normal
 * equations); l1Ratio > 0 equals scikit-learn `ElasticNet(alpha = alpha / Σw, l1_ratio)` and is
 * solved by cyclic coordinate descent. The scaling is chosen so that the same alpha means the
 * same L2 strength on both sides of l1Ratio = 0 (tuning moves smoothly between them).
 */
import { CancelledError } from '../errors';
import { choleskySolve, weightedMeans } from './linalg';
import { checkTraining } from './inputs';
import { margins, type LinearParts } from './linear-parts';
import { checkTask, isInt, isNum, resolveParams } from './params';
import { encodeF64, readF64, readInt, readParams, readState } from './codec';
import type { CancelSignal } from '../progress';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask, ModelTrainer } from './types';

export const LINEAR_FORMAT = 'dg-linear/1';

export type LinearParams = {
  /** Penalty strength ≥ 0 (scikit-learn Ridge's alpha). */
  alpha: number;
  /** Share of the penalty that is L1, in [0, 1]; 0 = ridge. */
  l1Ratio: number;
  /** Coordinate-descent sweeps (elastic net only). */
  maxIter: number;
  /** Elastic net stops when no coefficient moves more than tol · max |β| in a sweep. */
  tol: number;
};

export const LINEAR_DEFAULTS: Readonly<LinearParams> = Object.freeze({
  alpha: 1,
  l1Ratio: 0,
  maxIter: 10_000,
  tol: 1e-10
});

const CHECKS = {
  alpha: [(v: unknown) => isNum(v) && v >= 0, 'a number ≥ 0'],
  l1Ratio: [(v: unknown) => isNum(v) && v >= 0 && v <= 1, 'a number in [0, 1]'],
  maxIter: [(v: unknown) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  tol: [(v: unknown) => isNum(v) && v > 0, 'a number > 0']
} as const;

const resolve = (given: Readonly<Record<string, unknown>> | null | undefined): LinearParams =>
  resolveParams('linear', { ...LINEAR_DEFAULTS }, given, CHECKS);

const TASKS: readonly ModelTask[] = ['regression'];

export class LinearModel implements FittedModel, LinearParts {
  readonly family = 'linear' as const;
  readonly link = 'identity' as const;
  readonly nOutputs = 1;
  /**
   * @param coef Float64Array, length nFeatures. @param intercept Float64Array, length 1.
   */
  constructor(
    readonly params: LinearParams,
    readonly nFeatures: number,
    readonly coef: Float64Array,
    readonly intercept: Float64Array
  ) {}

  predict(X: DesignMatrix): Float64Array {
    return margins(this, X);
  }

  encode(): EncodedModel {
    return {
      family: 'linear',
      format: LINEAR_FORMAT,
      params: { ...this.params },
      state: {
        nFeatures: this.nFeatures,
        coef: encodeF64(this.coef),
        intercept: encodeF64(this.intercept)
      }
    };
  }
}

export const linearTrainer: ModelTrainer<LinearParams> = {
  family: 'linear',
  tasks: TASKS,
  input: 'dense',
  needsScaling: true,
  defaults: () => ({ ...LINEAR_DEFAULTS }),
  space: {
    alpha: { type: 'float', low: 1e-3, high: 1e3, log: true },
    l1Ratio: { type: 'choice', values: [0, 0.1, 0.5, 0.9, 1] }
  },
  async fit(X, y, given, ctx) {
    const params = resolve(given);
    checkTask('linear', ctx.task, TASKS);
    const w = checkTraining(X, y, ctx);
    const p = X.columns.length;
    const xMean = weightedMeans(X.columns, w);
    const yMean = weightedMeans([y], w)[0];
    const xc = X.columns.map((c, j) => c.map((v) => v - xMean[j]));
    const yc = y.map((v) => v - yMean);
    const coef =
      p === 0
        ? new Float64Array(0)
        : params.l1Ratio === 0
          ? ridge(xc, yc, w, params.alpha)
          : elasticNet(xc, yc, w, params, ctx.signal);
    let b = yMean;
    for (let j = 0; j < p; j++) b -= xMean[j] * coef[j];
    return new LinearModel(params, p, coef, Float64Array.of(b));
  }
};

/** (Xcᵀ W Xc + αI) β = Xcᵀ W yc. @returns Float64Array, length p. */
function ridge(xc: Float64Array[], yc: Float64Array, w: Float64Array, alpha: number): Float64Array {
  const p = xc.length;
  const n = yc.length;
  const G = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const wx = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const cj = xc[j];
    for (let i = 0; i < n; i++) wx[i] = w[i] * cj[i];
    for (let k = j; k < p; k++) {
      const ck = xc[k];
      let s = 0;
      for (let i = 0; i < n; i++) s += wx[i] * ck[i];
      G[j * p + k] = G[k * p + j] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += wx[i] * yc[i];
    rhs[j] = s;
    G[j * p + j] += alpha;
  }
  return choleskySolve(G, rhs);
}

/**
 * Cyclic coordinate descent on the centred data: β_j ← S(z_j, α·ρ) / (a_j + α(1 − ρ)) with
 * a_j = Σ w x_j², z_j = Σ w x_j (r + x_j β_j), S the soft threshold; the residual r is kept current.
 */
function elasticNet(
  xc: Float64Array[],
  yc: Float64Array,
  w: Float64Array,
  { alpha, l1Ratio, maxIter, tol }: LinearParams,
  signal?: CancelSignal
): Float64Array {
  const p = xc.length;
  const n = yc.length;
  const beta = new Float64Array(p);
  const r = Float64Array.from(yc);
  const a = Float64Array.from(xc, (c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * c[i] * c[i];
    return s;
  });
  const l1 = alpha * l1Ratio;
  const l2 = alpha * (1 - l1Ratio);
  for (let sweep = 0; sweep < maxIter; sweep++) {
    if (signal?.aborted) throw new CancelledError('linear');
    let maxDelta = 0;
    let maxBeta = 0;
    for (let j = 0; j < p; j++) {
      if (a[j] === 0) continue; // a constant column carries no information
      const c = xc[j];
      const old = beta[j];
      let z = 0;
      for (let i = 0; i < n; i++) z += w[i] * c[i] * r[i];
      z += a[j] * old;
      const next = (Math.sign(z) * Math.max(Math.abs(z) - l1, 0)) / (a[j] + l2);
      const d = next - old;
      if (d !== 0) {
        for (let i = 0; i < n; i++) r[i] -= d * c[i];
        beta[j] = next;
      }
      maxDelta = Math.max(maxDelta, Math.abs(d));
      maxBeta = Math.max(maxBeta, Math.abs(next));
    }
    if (maxDelta <= tol * maxBeta || maxBeta === 0) break;
  }
  return beta;
}

/** Rebuilds a LinearModel from its encoding. @throws AppError INVALID_MODEL. */
export function decodeLinear(e: EncodedModel): LinearModel {
  const s = readState(e, 'linear', LINEAR_FORMAT);
  const nFeatures = readInt(s, 'nFeatures', 0);
  const params = readParams(e, resolve);
  return new LinearModel(
    params,
    nFeatures,
    readF64(s, 'coef', nFeatures),
    readF64(s, 'intercept', 1)
  );
}
