/**
 * Logistic regression: binary (one coefficient vector, sigmoid) and multinomial (one vector per
 * class, softmax) as scikit-learn 1.2 `LogisticRegression(multi_class='auto')`. Penalty on the
 * weights only, intercepts unpenalised:
 *   Σ_i w_i ℓ_i + (1 − l1Ratio) / (2C) · ‖W‖² + l1Ratio / C · ‖W‖₁
 * (l1Ratio = 0: sklearn's L2 `C`; l1Ratio > 0: sklearn's `penalty='elasticnet'` with the same C
 * and l1_ratio). Sample weights w_i carry class weights. L2 is solved by L-BFGS to a gradient of
 * `tol` (far tighter than sklearn's default 1e-4, so results are the exact optimum), elastic net
 * by OWL-QN (orthant-wise L-BFGS). Classes absent from the training rows are not fitted: their probability is 0.
 */
import { ModelTrainingError } from '../errors';
import { exp } from '../math';
import { checkTraining, toRowMajor } from './inputs';
import { lbfgs } from './lbfgs';
import { owlqn } from './owlqn';
import { logisticObjective, type LossData } from './logistic-loss';
import { margins, type LinearParts } from './linear-parts';
import { checkTask, isInt, isNum, resolveParams } from './params';
import {
  encodeF64,
  invalidModel,
  readChoice,
  readF64,
  readInt,
  readParams,
  readState
} from './codec';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask, ModelTrainer } from './types';

export const LOGISTIC_FORMAT = 'dg-logistic/1';

export type LogisticParams = {
  /** Inverse penalty strength > 0 (sklearn's C). */
  C: number;
  /** Share of the penalty that is L1, in [0, 1]. */
  l1Ratio: number;
  maxIter: number;
  /** Stop when max |∇f| of the weight-normalised objective ≤ tol. */
  tol: number;
};

export const LOGISTIC_DEFAULTS: Readonly<LogisticParams> = Object.freeze({
  C: 1,
  l1Ratio: 0,
  maxIter: 2000,
  tol: 1e-10
});

const CHECKS = {
  C: [(v: unknown) => isNum(v) && v > 0, 'a number > 0'],
  l1Ratio: [(v: unknown) => isNum(v) && v >= 0 && v <= 1, 'a number in [0, 1]'],
  maxIter: [(v: unknown) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  tol: [(v: unknown) => isNum(v) && v > 0, 'a number > 0']
} as const;

const resolve = (given: Readonly<Record<string, unknown>> | null | undefined): LogisticParams =>
  resolveParams('logistic', { ...LOGISTIC_DEFAULTS }, given, CHECKS);

const TASKS: readonly ModelTask[] = ['binary', 'multiclass'];

export class LogisticModel implements FittedModel, LinearParts {
  readonly family = 'logistic' as const;
  readonly link: 'logistic' | 'softmax';
  readonly nOutputs: number;
  /**
   * @param coef Float64Array, length nOutputs × nFeatures (nOutputs = 1 binary, nClasses
   *   multiclass). @param intercept Float64Array, length nOutputs; −Infinity for a class never
   *   seen in training.
   */
  constructor(
    readonly params: LogisticParams,
    readonly nClasses: number,
    readonly nFeatures: number,
    readonly coef: Float64Array,
    readonly intercept: Float64Array
  ) {
    this.nOutputs = intercept.length;
    this.link = this.nOutputs === 1 ? 'logistic' : 'softmax';
  }

  /** @returns Float64Array, length nRows × nClasses: class probabilities. */
  predict(X: DesignMatrix): Float64Array {
    const m = margins(this, X);
    const K = this.nClasses;
    if (this.nOutputs === 1) {
      const out = new Float64Array(X.nRows * 2);
      for (let i = 0; i < X.nRows; i++) {
        const z = m[i];
        const p1 = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      }
      return out;
    }
    for (let i = 0; i < X.nRows; i++) softmaxInPlace(m, i * K, K);
    return m;
  }

  encode(): EncodedModel {
    return {
      family: 'logistic',
      format: LOGISTIC_FORMAT,
      params: { ...this.params },
      state: {
        nClasses: this.nClasses,
        nFeatures: this.nFeatures,
        link: this.link,
        coef: encodeF64(this.coef),
        intercept: encodeF64(this.intercept)
      }
    };
  }
}

function softmaxInPlace(a: Float64Array, o: number, K: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, a[o + k]);
  let s = 0;
  for (let k = 0; k < K; k++) s += a[o + k] = exp(a[o + k] - max);
  for (let k = 0; k < K; k++) a[o + k] /= s;
}

export const logisticTrainer: ModelTrainer<LogisticParams> = {
  family: 'logistic',
  tasks: TASKS,
  input: 'dense',
  needsScaling: true,
  defaults: () => ({ ...LOGISTIC_DEFAULTS }),
  space: {
    C: { type: 'float', low: 1e-3, high: 1e3, log: true },
    l1Ratio: { type: 'choice', values: [0, 0.1, 0.5, 0.9, 1] }
  },
  async fit(X, y, given, ctx) {
    const params = resolve(given);
    checkTask('logistic', ctx.task, TASKS);
    const w = checkTraining(X, y, ctx);
    const K = ctx.nClasses;
    // Classes with positive weight, re-indexed 0 … K' − 1.
    const mass = new Float64Array(K);
    for (let i = 0; i < y.length; i++) mass[y[i]] += w[i];
    const present = [...mass.keys()].filter((k) => mass[k] > 0);
    if (present.length < 2)
      throw new ModelTrainingError({
        code: 'SINGLE_CLASS',
        message: {
          en: `logistic regression needs two classes in the training rows, got ${present.length}`,
          pl: `regresja logistyczna wymaga dwóch klas w wierszach treningowych, jest ${present.length}`
        },
        details: { family: 'logistic', classes: present.length }
      });
    const local = new Int32Array(K).fill(-1);
    present.forEach((k, i) => (local[k] = i));
    const binary = K === 2;
    const nOut = binary ? 1 : present.length;
    const p = X.columns.length;
    const n = X.nRows;
    let wSum = 0;
    for (let i = 0; i < n; i++) wSum += w[i];
    const D: LossData = {
      X: toRowMajor(X),
      n,
      p,
      nOut,
      y: Int32Array.from(y, (v) => local[v]),
      w,
      wSum,
      l2: (1 - params.l1Ratio) / params.C
    };
    const fg = logisticObjective(D, new Float64Array(n * nOut));
    const theta0 = new Float64Array(nOut * (p + 1));
    const res =
      params.l1Ratio === 0
        ? lbfgs(fg, theta0, { ...params, signal: ctx.signal, stage: 'logistic' })
        : owlqn(fg, theta0, {
            l1: params.l1Ratio / params.C / wSum,
            nPenalised: nOut * p,
            maxIter: params.maxIter,
            tol: params.tol,
            signal: ctx.signal
          });
    if (!res.x.every(Number.isFinite))
      throw new ModelTrainingError({
        code: 'NOT_CONVERGED',
        message: {
          en: 'logistic regression diverged (non-finite coefficients)',
          pl: 'regresja logistyczna nie zbiegła (współczynniki nieskończone)'
        },
        details: { family: 'logistic' }
      });
    // Scatter the fitted outputs back to all K classes.
    const outs = binary ? 1 : K;
    const coef = new Float64Array(outs * p);
    const intercept = new Float64Array(outs).fill(binary ? 0 : -Infinity);
    for (let k = 0; k < outs; k++) {
      const l = binary ? 0 : local[k];
      if (l < 0) continue;
      coef.set(res.x.subarray(l * p, (l + 1) * p), k * p);
      intercept[k] = res.x[nOut * p + l];
    }
    return new LogisticModel(params, K, p, coef, intercept);
  }
};

/** Rebuilds a LogisticModel from its encoding. @throws AppError INVALID_MODEL. */
export function decodeLogistic(e: EncodedModel): LogisticModel {
  const s = readState(e, 'logistic', LOGISTIC_FORMAT);
  const nClasses = readInt(s, 'nClasses', 2);
  const nFeatures = readInt(s, 'nFeatures', 0);
  const link = readChoice(s, 'link', ['logistic', 'softmax'] as const);
  if ((link === 'logistic') !== (nClasses === 2))
    throw invalidModel(
      `link ${link} with ${nClasses} classes`,
      `funkcja łącząca ${link} przy ${nClasses} klasach`,
      {
        field: 'link'
      }
    );
  const outs = link === 'logistic' ? 1 : nClasses;
  const intercept = readF64(s, 'intercept', outs, true);
  if (intercept.some((v) => Number.isNaN(v) || v === Infinity))
    throw invalidModel('intercept holds NaN or +∞', 'wyraz wolny zawiera NaN lub +∞', {
      field: 'intercept'
    });
  const params = readParams(e, resolve);
  return new LogisticModel(
    params,
    nClasses,
    nFeatures,
    readF64(s, 'coef', outs * nFeatures),
    intercept
  );
}
