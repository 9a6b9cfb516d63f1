/**
 * Gaussian naive Bayes (scikit-learn `GaussianNB`): per class k and feature j a normal density
 * with the class's mean θ_kj and population variance σ²_kj + ε, ε = varSmoothing · max_j Var(x_j)
 * (variance over all training rows, unweighted, as sklearn; when every feature is constant, ε =
 * varSmoothing so that no variance is 0). Priors are the (weighted) class shares; means and
 * variances use the sample weights too. Classes absent from the training rows get probability 0.
 *   log p(k | x) ∝ log π_k − ½ Σ_j [log(2π σ²_kj) + (x_j − θ_kj)² / σ²_kj]
 */
import { exp, log } from '../math';
import { checkShape, checkTraining } from './inputs';
import { checkTask, isNum, resolveParams } from './params';
import { encodeF64, readF64, readInt, readParams, readState, invalidModel } from './codec';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask, ModelTrainer } from './types';

export const NAIVE_BAYES_FORMAT = 'dg-naive-bayes/1';

export type NaiveBayesParams = {
  /** Share of the largest feature variance added to every variance (sklearn var_smoothing). */
  varSmoothing: number;
};

export const NAIVE_BAYES_DEFAULTS: Readonly<NaiveBayesParams> = Object.freeze({
  varSmoothing: 1e-9
});

const CHECKS = {
  varSmoothing: [(v: unknown) => isNum(v) && v > 0, 'a number > 0']
} as const;

const resolve = (given: Readonly<Record<string, unknown>> | null | undefined): NaiveBayesParams =>
  resolveParams('naiveBayes', { ...NAIVE_BAYES_DEFAULTS }, given, CHECKS);

const TASKS: readonly ModelTask[] = ['binary', 'multiclass'];

export class NaiveBayesModel implements FittedModel {
  readonly family = 'naiveBayes' as const;
  /**
   * @param theta Float64Array, length nClasses × nFeatures: class means.
   * @param variance Float64Array, length nClasses × nFeatures: smoothed class variances (> 0).
   * @param logPrior Float64Array, length nClasses: ln π_k, −Infinity for an unseen class.
   */
  constructor(
    readonly params: NaiveBayesParams,
    readonly nClasses: number,
    readonly nFeatures: number,
    readonly theta: Float64Array,
    readonly variance: Float64Array,
    readonly logPrior: Float64Array
  ) {}

  /** @returns Float64Array, length nRows × nClasses: class probabilities. */
  predict(X: DesignMatrix): Float64Array {
    checkShape(X, this.nFeatures);
    const K = this.nClasses;
    const p = this.nFeatures;
    const n = X.nRows;
    const out = new Float64Array(n * K);
    for (let k = 0; k < K; k++) {
      let c = this.logPrior[k];
      for (let j = 0; j < p; j++) c -= 0.5 * log(2 * Math.PI * this.variance[k * p + j]);
      for (let i = 0; i < n; i++) out[i * K + k] = c;
    }
    for (let j = 0; j < p; j++) {
      const col = X.columns[j];
      for (let k = 0; k < K; k++) {
        const mu = this.theta[k * p + j];
        const h = 0.5 / this.variance[k * p + j];
        for (let i = 0; i < n; i++) out[i * K + k] -= h * (col[i] - mu) ** 2;
      }
    }
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, out[o + k]);
      let s = 0;
      for (let k = 0; k < K; k++) s += out[o + k] = exp(out[o + k] - max);
      for (let k = 0; k < K; k++) out[o + k] /= s;
    }
    return out;
  }

  encode(): EncodedModel {
    return {
      family: 'naiveBayes',
      format: NAIVE_BAYES_FORMAT,
      params: { ...this.params },
      state: {
        nClasses: this.nClasses,
        nFeatures: this.nFeatures,
        theta: encodeF64(this.theta),
        variance: encodeF64(this.variance),
        logPrior: encodeF64(this.logPrior)
      }
    };
  }
}

export const naiveBayesTrainer: ModelTrainer<NaiveBayesParams> = {
  family: 'naiveBayes',
  tasks: TASKS,
  input: 'dense',
  needsScaling: false,
  defaults: () => ({ ...NAIVE_BAYES_DEFAULTS }),
  space: { varSmoothing: { type: 'float', low: 1e-11, high: 1e-1, log: true } },
  async fit(X, y, given, ctx) {
    const params = resolve(given);
    checkTask('naiveBayes', ctx.task, TASKS);
    const w = checkTraining(X, y, ctx);
    const K = ctx.nClasses;
    const p = X.columns.length;
    const n = X.nRows;
    const mass = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < n; i++) {
      mass[y[i]] += w[i];
      total += w[i];
    }
    let maxVar = 0;
    for (const c of X.columns) {
      let m = 0;
      for (let i = 0; i < n; i++) m += c[i] / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (c[i] - m) ** 2 / n;
      maxVar = Math.max(maxVar, v);
    }
    const eps = params.varSmoothing * (maxVar > 0 ? maxVar : 1);
    const theta = new Float64Array(K * p);
    const variance = new Float64Array(K * p);
    for (let j = 0; j < p; j++) {
      const c = X.columns[j];
      for (let i = 0; i < n; i++) theta[y[i] * p + j] += w[i] * c[i];
      for (let k = 0; k < K; k++) if (mass[k] > 0) theta[k * p + j] /= mass[k];
      for (let i = 0; i < n; i++)
        variance[y[i] * p + j] += w[i] * (c[i] - theta[y[i] * p + j]) ** 2;
      for (let k = 0; k < K; k++)
        variance[k * p + j] = (mass[k] > 0 ? variance[k * p + j] / mass[k] : 0) + eps;
    }
    const logPrior = Float64Array.from(mass, (m) => (m > 0 ? log(m / total) : -Infinity));
    return new NaiveBayesModel(params, K, p, theta, variance, logPrior);
  }
};

/** Rebuilds a NaiveBayesModel from its encoding. @throws AppError INVALID_MODEL. */
export function decodeNaiveBayes(e: EncodedModel): NaiveBayesModel {
  const s = readState(e, 'naiveBayes', NAIVE_BAYES_FORMAT);
  const params = readParams(e, resolve);
  const K = readInt(s, 'nClasses', 2);
  const p = readInt(s, 'nFeatures', 0);
  const variance = readF64(s, 'variance', K * p);
  if (!variance.every((v) => v > 0))
    throw invalidModel('variance holds a value ≤ 0', 'variance zawiera wartość ≤ 0', {
      field: 'variance'
    });
  const logPrior = readF64(s, 'logPrior', K, true);
  if (!logPrior.every((v) => v <= 0) || !logPrior.some((v) => v > -Infinity))
    throw invalidModel(
      'logPrior is not a log-probability vector',
      'logPrior nie jest wektorem log-prawdopodobieństw',
      {
        field: 'logPrior'
      }
    );
  return new NaiveBayesModel(params, K, p, readF64(s, 'theta', K * p), variance, logPrior);
}
