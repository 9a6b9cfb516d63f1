/** AutoML options: defaults and validation before any compute (typed INVALID_PARAM errors). */
import { invalidParam } from '../gbdt/params';
import type { ModelFamily, ModelTask } from '../models/types';
import type { AutoMLOptions, MetricName } from './types';

export const CLASSIFICATION_METRICS: readonly MetricName[] = [
  'accuracy',
  'auc',
  'recall',
  'precision',
  'f1',
  'kappa',
  'mcc',
  'logloss'
];
export const REGRESSION_METRICS: readonly MetricName[] = [
  'mae',
  'mse',
  'rmse',
  'r2',
  'rmsle',
  'mape'
];

/** Every family, cheapest first (the order the comparison runs them in). */
export const ALL_FAMILIES: readonly ModelFamily[] = [
  'baseline',
  'naiveBayes',
  'linear',
  'logistic',
  'decisionTree',
  'knn',
  'gbdt',
  'randomForest',
  'extraTrees',
  'mlp'
];

export type ResolvedOptions = Required<
  Omit<AutoMLOptions, 'families' | 'exclude' | 'targetName'>
> & {
  targetName: string;
  families: ModelFamily[] | null;
  exclude: string[];
};

export function resolveOptions(o: AutoMLOptions, task: ModelTask): ResolvedOptions {
  const metrics = task === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
  const metric = o.metric ?? (task === 'regression' ? 'r2' : 'accuracy');
  if (!metrics.includes(metric))
    throw invalidParam('metric', metric, `one of ${metrics.join(', ')} for ${task}`);
  const folds = o.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20)
    throw invalidParam('folds', folds, 'an integer 2 … 20');
  const seed = o.seed ?? 42;
  if (!Number.isInteger(seed)) throw invalidParam('seed', seed, 'an integer');
  const budget = o.timeBudgetSeconds ?? 60;
  if (!(typeof budget === 'number' && budget > 0 && budget <= 86_400))
    throw invalidParam('timeBudgetSeconds', budget, 'seconds in (0, 86400]');
  const holdout = o.holdoutFraction ?? 0.2;
  if (!(typeof holdout === 'number' && holdout >= 0 && holdout <= 0.5))
    throw invalidParam('holdoutFraction', holdout, 'a share in [0, 0.5]');
  for (const f of o.families ?? [])
    if (!ALL_FAMILIES.includes(f)) throw invalidParam('families', f, ALL_FAMILIES.join(', '));
  return {
    metric,
    folds,
    seed,
    timeBudgetSeconds: budget,
    holdoutFraction: holdout,
    tune: o.tune ?? true,
    blend: o.blend ?? true,
    classWeights: o.classWeights ?? 'auto',
    targetName: o.targetName ?? '',
    families: o.families ? [...o.families] : null,
    exclude: o.exclude ? [...o.exclude] : []
  };
}
