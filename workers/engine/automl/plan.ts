/**
 * planAutoML: the time / memory estimate and portfolio shown before a run (issue 5 "Budget
 * before the run"). Costs are per-family formulas in rows × encoded features, calibrated on this
 * project's 2-core benchmark machine (BENCHMARKS.md): rough by design — their job is to pick
 * subsampling or a smaller portfolio so a run ends inside the user's budget, and to tell the user
 * what will happen before it does.
 */
import type { EncodedTarget, Frame } from '../frame/types';
import type { ModelFamily, ModelTask } from '../models/types';
import { ALL_FAMILIES, resolveOptions } from './options';
import { FAMILY_TASKS } from './trainers';
import type { AutoMLEnv, AutoMLOptions, AutoMLPlan, FamilyEstimate } from './types';

/** The comparison may take this share of the budget; tuning and the refit get the rest. */
const COMPARE_SHARE = 0.5;
/** The comparison never uses more rows than this (the refit uses all). */
const SUBSAMPLE_CAP = 100_000;
/** Never subsample the comparison below this many rows. */
const MIN_SUBSAMPLE = 5_000;
/** k-NN is quadratic in rows: above this many training rows it is left out. */
const KNN_MAX_ROWS = 50_000;

/** Seconds of one fit of `family` on n rows × p encoded features, K classes (1 = regression). */
export function fitSecondsEstimate(family: ModelFamily, n: number, p: number, K: number): number {
  // Fitting the pipeline and transforming (imputation, encoders, out-of-fold target encoding).
  return 2e-7 * n * p + modelSeconds(family, n, p, K);
}

function modelSeconds(family: ModelFamily, n: number, p: number, K: number): number {
  const lg = Math.log2(Math.max(n, 2));
  switch (family) {
    case 'baseline':
      return 1e-7 * n;
    case 'naiveBayes':
      return 5e-8 * n * p * K + 1e-3;
    case 'linear':
      return 2e-8 * n * p * p + 1e-7 * p * p * p + 2e-3;
    case 'logistic':
      return 1e-6 * n * p * K + 5e-3;
    case 'knn':
      // Scoring the held-out fold dominates: every test row against every training row.
      return 1.5e-9 * n * (n / 4) * p + 2e-3;
    case 'decisionTree':
      return 1e-7 * n * p * Math.min(lg, 6) + 5e-3;
    case 'randomForest':
    case 'extraTrees':
      return 100 * (1.2e-7 * n * Math.sqrt(p) * lg * Math.max(1, K / 2) + 2e-4);
    case 'gbdt':
      // 2e-8 s per row × feature × tree with the WASM histogram kernels (BENCHMARKS.md issue 4).
      return 100 * Math.max(1, K) * (2e-8 * n * p + 2e-6 * p * 256 + 5e-4);
    case 'mlp':
      return 60 * (4e-9 * n * (p * 64 + 64 * 32 + 32 * K)) + 0.5;
    case 'blend':
      return 0;
  }
}

/** Peak extra memory of one fit, MB. */
function memoryEstimate(family: ModelFamily, n: number, p: number): number {
  const dense = (n * p * 8) / 1e6;
  if (family === 'knn') return 2 * dense + (8 * n) / 1e6;
  if (family === 'gbdt' || family === 'randomForest' || family === 'extraTrees')
    return dense + (n * p) / 1e6 + (48 * n) / 1e6;
  return 2 * dense;
}

/** Encoded width: one-hot levels for low-cardinality text, one column otherwise. */
function encodedWidth(frame: Frame, skip: Set<string>): number {
  let p = 0;
  for (const c of frame.columns) {
    if (skip.has(c.name)) continue;
    if (c.kind === 'categorical') p += c.dictionary.length <= 15 ? c.dictionary.length : 1;
    else if (c.kind === 'datetime') p += 5;
    else p += 1;
  }
  return Math.max(1, p);
}

/**
 * @param frame the table (the target column is recognised by name from options / target and not counted).
 * @returns the plan; pure and deterministic (no clock).
 */
export function planAutoML(
  frame: Frame,
  target: EncodedTarget,
  options: AutoMLOptions,
  env: AutoMLEnv
): AutoMLPlan {
  const task: ModelTask = target.task;
  const o = resolveOptions(options, task);
  const K = task === 'regression' ? 1 : target.classes.length;
  const skip = new Set(o.exclude);
  if (o.targetName) skip.add(o.targetName);
  const p = encodedWidth(frame, skip);
  const n = Math.round(frame.nRows * (1 - o.holdoutFraction));
  const workers = Math.max(1, Math.floor(env.cores));
  const wanted = (o.families ?? ALL_FAMILIES).filter(
    (f) => f !== 'blend' && FAMILY_TASKS[f].includes(task)
  );
  const warnings: AutoMLPlan['warnings'] = [];
  const trainRows = (rows: number) => Math.round((rows * (o.folds - 1)) / o.folds);
  const estimate = (rows: number): FamilyEstimate[] =>
    wanted.map((family) => ({
      family,
      seconds: (o.folds * fitSecondsEstimate(family, trainRows(rows), p, K)) / workers,
      memoryMB: memoryEstimate(family, trainRows(rows), p),
      skipped: family === 'knn' && trainRows(rows) > KNN_MAX_ROWS
    }));
  const total = (fs: FamilyEstimate[]) =>
    fs.filter((f) => !f.skipped).reduce((a, f) => a + f.seconds, 0);

  const allowance = COMPARE_SHARE * o.timeBudgetSeconds;
  // 1. Ranking models needs far fewer rows than fitting the winner: compare on at most
  //    SUBSAMPLE_CAP rows (the winner is refitted on all of them).
  let rows = Math.min(n, SUBSAMPLE_CAP);
  let families = estimate(rows);
  const memoryMB = env.memoryGB ? env.memoryGB * 1024 : null;
  // 2. Families over the allowance (or the device's memory) are left out, costliest first; the
  //    baseline, a linear model and the GBDT always stay.
  const keep = new Set<ModelFamily>(['baseline', 'linear', 'logistic', 'gbdt']);
  for (const f of [...families].sort((a, b) => b.seconds - a.seconds)) {
    if (f.skipped || keep.has(f.family)) continue;
    const overTime = total(families) > allowance;
    const overMemory = memoryMB !== null && f.memoryMB * workers > 0.5 * memoryMB;
    if (overTime || overMemory) f.skipped = true;
  }
  // 3. Still over: shrink the comparison sample (costs are at least linear in rows).
  for (let i = 0; i < 20 && total(families) > allowance && rows > MIN_SUBSAMPLE; i++) {
    const skipped = new Set(families.filter((f) => f.skipped).map((f) => f.family));
    rows = Math.max(MIN_SUBSAMPLE, Math.floor(rows * Math.min(0.9, allowance / total(families))));
    families = estimate(rows);
    for (const f of families) if (skipped.has(f.family)) f.skipped = true;
  }
  for (const f of families.filter((x) => x.skipped))
    warnings.push({
      code: 'FAMILY_SKIPPED',
      message: {
        pl: `model ${f.family} pominięty: nie zmieści się w budżecie czasu lub pamięci`,
        en: `model ${f.family} left out: it would not fit the time or memory budget`
      }
    });
  if (rows < n)
    warnings.push({
      code: 'SUBSAMPLED',
      message: {
        pl: `porównanie modeli na próbce ${rows.toLocaleString('pl-PL')} z ${n.toLocaleString('pl-PL')} wierszy; zwycięzca jest uczony na wszystkich`,
        en: `models are compared on a sample of ${rows.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows; the winner is refitted on all of them`
      }
    });
  if (task !== 'regression') {
    const counts = new Float64Array(K);
    for (let i = 0; i < target.y.length; i++) counts[target.y[i]]++;
    const rarest = Math.min(...counts) / Math.max(1, target.y.length);
    if (rarest < 0.2 && (o.metric === 'accuracy' || options.metric === undefined))
      warnings.push({
        code: 'IMBALANCE_RECALL',
        message: {
          pl: `rzadka klasa (${(rarest * 100).toFixed(1)}% wierszy): lepiej oceniać modele po Recall (lub F1, AUC) niż po Accuracy`,
          en: `rare class (${(rarest * 100).toFixed(1)}% of rows): rank models by Recall (or F1, AUC) rather than Accuracy`
        }
      });
  }
  const compareSeconds = total(families);
  const refit = Math.max(
    0,
    ...families
      .filter((f) => !f.skipped && f.family !== 'baseline')
      .map((f) => fitSecondsEstimate(f.family, n, p, K))
  );
  return {
    task,
    metric: o.metric,
    rows: frame.nRows,
    features: p,
    subsampleRows: rows < n ? rows : null,
    folds: o.folds,
    workers,
    families,
    refitSeconds: refit,
    seconds: Math.min(o.timeBudgetSeconds, compareSeconds + (o.tune ? compareSeconds : 0) + refit),
    warnings
  };
}
