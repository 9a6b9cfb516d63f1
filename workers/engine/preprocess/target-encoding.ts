/**
 * Target encoding of category levels with m-estimate smoothing:
 *   enc(level) = (Σ y over the level's rows + m · prior) / (rows of the level + m),
 * per output: binary → P(class 1), regression → mean y, multiclass → one column per class, P(class k).
 * (K columns rather than K − 1: every class gets a readable column and SHAP per class stays simple.)
 *
 * Training rows never see their own target: their values come from a k-fold split of the training
 * rows, each fold encoded with statistics of the other folds only (out-of-fold), so a column that
 * identifies rows cannot memorise the target. New rows get the full-training table. The prior is
 * the full-training rate (a constant, so it carries no per-row information).
 */
import { kFold } from '../eval/folds';
import type { EncodedTarget } from '../frame/types';

export interface TargetEncodingFit {
  outputs: number;
  /** Float64Array, length nLevels × outputs. */
  table: Float64Array;
  /** Float64Array, length outputs. */
  prior: Float64Array;
  /** Out-of-fold training values: Float64Array per output, length nTrain. */
  oof: Float64Array[];
}

/** Outputs per level for the task: K for multiclass, else 1. */
export function targetOutputs(target: EncodedTarget): number {
  return target.task === 'multiclass' ? target.classes.length : 1;
}

/** Σ (and counts) of each output per level over `positions` of the training rows. */
function accumulate(
  level: Int32Array,
  yTrain: Float64Array,
  nLevels: number,
  outputs: number,
  multiclass: boolean,
  include: (p: number) => boolean
): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(nLevels * outputs);
  const counts = new Float64Array(nLevels);
  for (let p = 0; p < level.length; p++) {
    const l = level[p];
    if (l < 0 || !include(p)) continue;
    counts[l]++;
    if (multiclass) sums[l * outputs + yTrain[p]]++;
    else sums[l] += yTrain[p];
  }
  return { sums, counts };
}

function smooth(
  sums: Float64Array,
  counts: Float64Array,
  prior: Float64Array,
  m: number
): Float64Array {
  const outputs = prior.length;
  const table = new Float64Array(sums.length);
  for (let l = 0; l < counts.length; l++)
    for (let o = 0; o < outputs; o++) {
      const n = counts[l] + m;
      table[l * outputs + o] = n > 0 ? (sums[l * outputs + o] + m * prior[o]) / n : prior[o];
    }
  return table;
}

let lastFolds: { n: number; k: number; seed: number; fold: Int32Array } | null = null;

/** kFold(n, k, seed), remembered for the next call: every target-encoded column of a fit shares it. */
function foldsFor(n: number, k: number, seed: number): Int32Array {
  if (!lastFolds || lastFolds.n !== n || lastFolds.k !== k || lastFolds.seed !== seed)
    lastFolds = { n, k, seed, fold: kFold(n, k, seed) };
  return lastFolds.fold;
}

/**
 * @param level Int32Array, length nTrain: level index of each training row (−1 = no level).
 * @param yTrain Float64Array, length nTrain: targets of the training rows (class codes or values).
 */
export function fitTargetEncoding(
  level: Int32Array,
  yTrain: Float64Array,
  nLevels: number,
  target: EncodedTarget,
  m: number,
  folds: number,
  seed: number
): TargetEncodingFit {
  const outputs = targetOutputs(target);
  const multiclass = target.task === 'multiclass';
  const n = level.length;
  const prior = new Float64Array(outputs);
  for (let p = 0; p < n; p++) {
    if (multiclass) prior[yTrain[p]]++;
    else prior[0] += yTrain[p];
  }
  for (let o = 0; o < outputs; o++) prior[o] = n ? prior[o] / n : 0;
  const all = accumulate(level, yTrain, nLevels, outputs, multiclass, () => true);
  const table = smooth(all.sums, all.counts, prior, m);
  const oof = Array.from({ length: outputs }, () => new Float64Array(n));
  const k = Math.min(folds, n);
  if (k < 2) {
    for (let o = 0; o < outputs; o++) oof[o].fill(prior[o]);
    return { outputs, table, prior, oof };
  }
  const fold = foldsFor(n, k, seed);
  for (let f = 0; f < k; f++) {
    // Other folds' statistics = all − this fold's (one pass per fold instead of k − 1).
    const own = accumulate(level, yTrain, nLevels, outputs, multiclass, (p) => fold[p] === f);
    const sums = all.sums.map((s, i) => s - own.sums[i]);
    const counts = all.counts.map((c, i) => c - own.counts[i]);
    const t = smooth(sums, counts, prior, m);
    for (let p = 0; p < n; p++) {
      if (fold[p] !== f) continue;
      const l = level[p];
      for (let o = 0; o < outputs; o++) oof[o][p] = l < 0 ? prior[o] : t[l * outputs + o];
    }
  }
  return { outputs, table, prior, oof };
}
