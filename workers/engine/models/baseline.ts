/**
 * Baseline family: what a model with no features can do. Classification predicts the training
 * class frequencies for every row (scikit-learn `DummyClassifier(strategy='prior')`), regression
 * the training mean (`DummyRegressor()`); sample weights weight both. Any real model must beat it.
 */
import { checkShape, checkTraining } from './inputs';
import { checkTask, resolveParams } from './params';
import { encodeF64, invalidModel, readChoice, readF64, readInt, readState } from './codec';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask, ModelTrainer } from './types';

export const BASELINE_FORMAT = 'dg-baseline/1';

/** The baseline has no hyper-parameters. */
export type BaselineParams = Record<string, never>;

const TASKS: readonly ModelTask[] = ['binary', 'multiclass', 'regression'];

export class BaselineModel implements FittedModel {
  readonly family = 'baseline' as const;
  /**
   * @param values Float64Array: class priors (length nClasses) for classification, the mean
   *   (length 1) for regression.
   */
  constructor(
    readonly task: ModelTask,
    readonly nFeatures: number,
    readonly values: Float64Array
  ) {}

  predict(X: DesignMatrix): Float64Array {
    checkShape(X, this.nFeatures);
    const w = this.values.length;
    const out = new Float64Array(X.nRows * w);
    for (let i = 0; i < X.nRows; i++) out.set(this.values, i * w);
    return out;
  }

  encode(): EncodedModel {
    return {
      family: 'baseline',
      format: BASELINE_FORMAT,
      params: {},
      state: {
        task: this.task,
        nFeatures: this.nFeatures,
        nOutputs: this.values.length,
        values: encodeF64(this.values)
      }
    };
  }
}

export const baselineTrainer: ModelTrainer<BaselineParams> = {
  family: 'baseline',
  tasks: TASKS,
  input: 'dense',
  needsScaling: false,
  defaults: () => ({}),
  space: {},
  async fit(X, y, params, ctx) {
    resolveParams<BaselineParams>('baseline', {}, params, {});
    checkTask('baseline', ctx.task, TASKS);
    const w = checkTraining(X, y, ctx);
    let total = 0;
    for (let i = 0; i < y.length; i++) total += w[i];
    if (ctx.task === 'regression') {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += w[i] * y[i];
      return new BaselineModel(ctx.task, X.columns.length, Float64Array.of(s / total));
    }
    const prior = new Float64Array(ctx.nClasses);
    for (let i = 0; i < y.length; i++) prior[y[i]] += w[i];
    for (let k = 0; k < prior.length; k++) prior[k] /= total;
    return new BaselineModel(ctx.task, X.columns.length, prior);
  }
};

/** Rebuilds a BaselineModel from its encoding. @throws AppError INVALID_MODEL. */
export function decodeBaseline(e: EncodedModel): BaselineModel {
  const s = readState(e, 'baseline', BASELINE_FORMAT);
  const task = readChoice(s, 'task', TASKS);
  const nFeatures = readInt(s, 'nFeatures', 0);
  const nOutputs = readInt(s, 'nOutputs', task === 'regression' ? 1 : 2);
  if ((task === 'regression' && nOutputs !== 1) || (task === 'binary' && nOutputs !== 2))
    throw invalidModel(`nOutputs = ${nOutputs} for ${task}`, `nOutputs = ${nOutputs} dla ${task}`, {
      field: 'nOutputs'
    });
  return new BaselineModel(task, nFeatures, readF64(s, 'values', nOutputs));
}
