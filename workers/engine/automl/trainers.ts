/**
 * The trainers AutoML knows in this process. Tree families are built in; dense families (linear,
 * logistic, k-NN, naive Bayes, baseline) come from models/registry.ts; the MLP needs TensorFlow.js
 * and is registered by hosts that have it (ML worker, CLI) — where it is not registered, the
 * orchestrator still schedules it with the executor's defaults but does not tune it.
 */
import type { ModelFamily, ModelTask, ModelTrainer } from '../models/types';
import { TRAINERS_DENSE } from '../models/registry';
import { TREE_TRAINERS } from '../models/trees';

const REGISTRY = new Map<ModelFamily, ModelTrainer>();
for (const t of [...TREE_TRAINERS, ...TRAINERS_DENSE]) REGISTRY.set(t.family, t);

/** Adds (or replaces) trainers, e.g. the MLP on tfjs. */
export function registerTrainers(trainers: readonly ModelTrainer[]): void {
  for (const t of trainers) REGISTRY.set(t.family, t);
}

export function trainerFor(family: ModelFamily): ModelTrainer | undefined {
  return REGISTRY.get(family);
}

/** Which tasks each family takes part in (static: known even where the trainer is not loaded). */
export const FAMILY_TASKS: Readonly<Record<ModelFamily, readonly ModelTask[]>> = Object.freeze({
  baseline: ['binary', 'multiclass', 'regression'],
  linear: ['regression'],
  logistic: ['binary', 'multiclass'],
  knn: ['binary', 'multiclass', 'regression'],
  naiveBayes: ['binary', 'multiclass'],
  decisionTree: ['binary', 'multiclass', 'regression'],
  randomForest: ['binary', 'multiclass', 'regression'],
  extraTrees: ['binary', 'multiclass', 'regression'],
  gbdt: ['binary', 'multiclass', 'regression'],
  mlp: ['binary', 'multiclass', 'regression'],
  blend: ['binary', 'multiclass', 'regression']
});
