/**
 * runAutoML: compare every applicable family by cross-validation (same folds for all), tune the
 * best few by random search, try a blend of the top models on their out-of-fold predictions,
 * refit the winner on all training rows, score it on the holdout and return its bundle.
 *
 * Determinism: the number of tuning trials is planned from the plan's estimates (not the clock),
 * so the same data, options and seed give the same leaderboard; the clock only stops a run that
 * overshoots its budget (then `truncated` is set).
 */
import {
  AppError,
  CancelledError,
  InsufficientDataError,
  ModelTrainingError,
  toAppError,
  type PublicError
} from '../errors';
import type { EncodedTarget, Frame } from '../frame/types';
import type { ModelFamily, ModelTask } from '../models/types';
import type { CancelSignal } from '../progress';
import { createRng } from '../rng';
import { buildBundle, featureColumns } from '../bundle/build';
import { planAutoML } from './plan';
import { createLimiter } from './pool';
import { better, scoreFold } from './score';
import { sampleParams } from './search';
import { makeFolds, splitShare, type Fold } from './split';
import { resolveOptions, type ResolvedOptions } from './options';
import { trainerFor } from './trainers';
import type {
  AutoMLEnv,
  AutoMLEvent,
  AutoMLOptions,
  AutoMLResult,
  AutoMLStage,
  LeaderboardRow,
  MetricName,
  TaskExecutor,
  TaskResult,
  TrainTask
} from './types';

/** Fewer rows than this cannot be cross-validated meaningfully. */
export const MIN_ROWS_FOR_ML = 20;
/** Tuning trials per tuned family at most, and families tuned. */
const MAX_TRIALS_PER_FAMILY = 8;
const TUNED_FAMILIES = 3;
const BLEND_SIZE = 3;

interface Candidate {
  row: LeaderboardRow;
  /** Out-of-fold predictions over the comparison rows (row-major × width). */
  oof: Float64Array;
}

/** Host facts for a run: clock (ms) and device memory. */
export interface RunEnv extends Partial<AutoMLEnv> {
  now?: () => number;
}

function publicOf(e: unknown): PublicError {
  return toAppError(e).toPublic();
}

/**
 * @param frame the whole table (the target column is never a feature).
 * @param target encoded target over the frame's rows (no missing targets).
 * @param executor runs train/predict tasks (in-process or a worker pool); prepared here.
 * @param onEvent plan, leaderboard rows as they finish, progress, logged failures.
 * @throws CancelledError, InsufficientDataError, AppError INVALID_PARAM, ModelTrainingError
 *   NO_MODEL (every family failed).
 */
export async function runAutoML(
  frame: Frame,
  target: EncodedTarget,
  options: AutoMLOptions,
  executor: TaskExecutor,
  onEvent: (e: AutoMLEvent) => void,
  signal?: CancelSignal,
  env: RunEnv = {}
): Promise<AutoMLResult> {
  const now = env.now ?? (() => Date.now());
  const started = now();
  const task: ModelTask = target.task;
  const K = task === 'regression' ? 1 : target.classes.length;
  // Without an explicit portfolio, every family this executor can train.
  if (!options.families && executor.available)
    options = { ...options, families: [...executor.available] };
  const o = resolveOptions(options, task);
  if (frame.nRows < MIN_ROWS_FOR_ML)
    throw new InsufficientDataError({
      code: 'INSUFFICIENT_DATA',
      message: {
        pl: `za mało wierszy do uczenia: ${frame.nRows} (potrzeba co najmniej ${MIN_ROWS_FOR_ML})`,
        en: `too few rows to train on: ${frame.nRows} (at least ${MIN_ROWS_FOR_ML} needed)`
      },
      details: { rows: frame.nRows, min: MIN_ROWS_FOR_ML }
    });
  const plan = planAutoML(frame, target, options, {
    cores: executor.concurrency,
    memoryGB: env.memoryGB ?? null
  });
  onEvent({ type: 'plan', plan });
  const all = Uint32Array.from({ length: frame.nRows }, (_, i) => i);
  const [cvRows, holdRows] = splitShare(all, target, o.holdoutFraction, o.seed);
  const compareRows =
    plan.subsampleRows !== null && plan.subsampleRows < cvRows.length
      ? splitShare(cvRows, target, 1 - plan.subsampleRows / cvRows.length, o.seed + 1)[0]
      : cvRows;
  const folds = makeFolds(compareRows, target, o.folds, o.seed);
  const classWeights = weightsFor(target, compareRows, o, K);
  // The executor sees the feature columns only: the target and excluded columns never reach a pipeline.
  await executor.prepare(
    { nRows: frame.nRows, columns: featureColumns(frame, o.targetName, o.exclude) },
    target
  );
  const limit = createLimiter(Math.max(1, executor.concurrency));
  const deadline = started + o.timeBudgetSeconds * 1000;
  let truncated = false;
  const checkCancel = () => {
    if (signal?.aborted) throw new CancelledError('automl');
  };

  const positionOf = new Map<number, number>();
  compareRows.forEach((r, i) => positionOf.set(r, i));
  const width = task === 'regression' ? 1 : K;

  let done = 0;
  let planned = 0;
  const progress = (stage: AutoMLStage) => {
    const fraction = planned ? Math.min(1, done / planned) : 0;
    const elapsed = (now() - started) / 1000;
    onEvent({
      type: 'progress',
      stage,
      fraction,
      etaSeconds: fraction > 0 ? (elapsed / fraction) * (1 - fraction) : undefined
    });
  };

  /** Cross-validates one candidate; null when skipped for the budget. */
  const evaluate = async (
    id: string,
    family: ModelFamily,
    params: Record<string, unknown>,
    stage: AutoMLStage
  ): Promise<Candidate | null> => {
    const oof = new Float64Array(compareRows.length * width).fill(NaN);
    const foldScores: Partial<Record<MetricName, number>>[] = [];
    let fitSeconds = 0;
    try {
      const results = await Promise.all(
        folds.map((fold) =>
          limit(async () => {
            checkCancel();
            if (now() > deadline) {
              truncated = true;
              return null;
            }
            const r = await executor.run(taskOf(family, params, fold, o, classWeights, false));
            done++;
            progress(stage);
            return r;
          })
        )
      );
      if (results.some((r) => r === null)) return null;
      results.forEach((r, f) => {
        const res = r as TaskResult;
        fitSeconds += res.fitSeconds;
        const test = folds[f].test;
        const y = Float64Array.from(test, (row) => target.y[row]);
        foldScores.push(scoreFold(task, y, res.predictions, K));
        test.forEach((row, i) => {
          const at = (positionOf.get(row) as number) * width;
          for (let c = 0; c < width; c++) oof[at + c] = res.predictions[i * width + c];
        });
      });
    } catch (e) {
      if (e instanceof CancelledError || signal?.aborted) throw new CancelledError('automl');
      const err = new ModelTrainingError({
        code: 'MODEL_FAILED',
        message: {
          pl: `model ${family} nie wytrenował się; pomijam go i biorę pozostałe`,
          en: `model ${family} failed to train; skipping it and keeping the others`
        },
        details: { family, cause: publicOf(e).code },
        cause: e
      });
      const row: LeaderboardRow = {
        id,
        family,
        stage,
        params,
        cv: {},
        cvStd: {},
        fitSeconds: 0,
        status: 'failed',
        error: err.toPublic()
      };
      onEvent({ type: 'log', level: 'warning', error: err.toPublic() });
      onEvent({ type: 'row', row });
      return { row, oof };
    }
    const row: LeaderboardRow = {
      id,
      family,
      stage,
      params,
      ...summarise(foldScores),
      fitSeconds: fitSeconds / folds.length,
      status: 'done'
    };
    onEvent({ type: 'row', row });
    return { row, oof };
  };

  // 1. Compare every family with its defaults (sized by the feature columns, not the target).
  const nFeatures = featureColumns(frame, o.targetName, o.exclude).length;
  const families = plan.families.filter((f) => !f.skipped).map((f) => f.family);
  // Progress until the tuned families are known: the comparison plus a typical tuning stage.
  const typical = plannedTrials(plan, o, families);
  planned = folds.length * (families.length + typical.reduce((a, b) => a + b, 0)) + 1;
  const compared = await Promise.all(
    families.map((family) => {
      const trainer = trainerFor(family);
      // Without a local trainer (the MLP off-worker) the executor fills in its defaults.
      const params = (trainer?.defaults(task, compareRows.length, nFeatures) ?? {}) as Record<
        string,
        unknown
      >;
      return evaluate(family, family, params, 'compare');
    })
  );
  const candidates: Candidate[] = compared.filter((c): c is Candidate => c !== null);
  checkCancel();

  // 2. Tune the best few: random search, trials planned from the estimates.
  if (o.tune) {
    const rng = createRng(o.seed ^ 0x5eed);
    const top = ranked(candidates, o.metric)
      .filter((c) => c.row.family !== 'baseline' && c.row.stage === 'compare')
      .filter((c) => Object.keys(trainerFor(c.row.family)?.space ?? {}).length > 0)
      .slice(0, TUNED_FAMILIES);
    // Planned from the estimates of the families actually tuned (deterministic: the ranking is).
    const tuneTrials = plannedTrials(
      plan,
      o,
      top.map((c) => c.row.family)
    );
    planned = folds.length * (families.length + tuneTrials.reduce((a, b) => a + b, 0)) + 1;
    const trials: [Candidate, number][] = [];
    top.forEach((c, i) => {
      for (let t = 0; t < (tuneTrials[i] ?? 0); t++) trials.push([c, t]);
    });
    // Round-robin over the families so a budget stop leaves each one tuned a little.
    trials.sort((a, b) => a[1] - b[1]);
    // Parameter sets already tried per family (small spaces repeat draws: redraw, else skip).
    const seen = new Map(top.map((c) => [c.row.family, new Set([JSON.stringify(c.row.params)])]));
    for (const [c, t] of trials) {
      checkCancel();
      if (now() > deadline) {
        truncated = true;
        break;
      }
      const space = trainerFor(c.row.family)?.space ?? {};
      const tried = seen.get(c.row.family) as Set<string>;
      let params = sampleParams(c.row.params, space, rng);
      for (let retry = 0; retry < 5 && tried.has(JSON.stringify(params)); retry++)
        params = sampleParams(c.row.params, space, rng);
      if (tried.has(JSON.stringify(params))) continue;
      tried.add(JSON.stringify(params));
      const cand = await evaluate(`${c.row.family}#tune${t + 1}`, c.row.family, params, 'tune');
      if (cand) candidates.push(cand);
    }
  }

  // 3. Blend: mean of the top models' out-of-fold predictions (no extra fits to score it).
  let ranking = ranked(candidates, o.metric);
  if (o.blend && ranking.length >= 2) {
    const members = distinctFamilies(ranking).slice(0, BLEND_SIZE);
    if (members.length >= 2) {
      const blend = blendCandidate(members, folds, compareRows, positionOf, target, K, width);
      if (better(o.metric, blend.row.cv[o.metric] ?? NaN, ranking[0].row.cv[o.metric] ?? NaN)) {
        onEvent({ type: 'row', row: blend.row });
        candidates.push(blend);
        ranking = ranked(candidates, o.metric);
      }
    }
  }
  if (!ranking.length)
    throw new ModelTrainingError({
      code: 'NO_MODEL',
      message: {
        pl: 'żaden model nie wytrenował się poprawnie — sprawdź dane i kolumnę celu',
        en: 'no model trained successfully — check the data and the target column'
      },
      details: { failed: candidates.map((c) => c.row.family) }
    });

  // 4. Refit the winner on all training rows; score it on the holdout.
  checkCancel();
  const best = ranking[0].row;
  onEvent({ type: 'progress', stage: 'refit', fraction: Math.min(1, done / planned) });
  // Refit cost ≈ the winner's fold fits scaled to all training rows; when that would overrun
  // the budget, the refit takes the largest stratified sample that fits (never fewer rows than
  // a comparison fold trained on).
  const foldTrain = compareRows.length - compareRows.length / folds.length;
  const refitEstimate = (best.fitSeconds * cvRows.length) / Math.max(1, foldTrain);
  const remaining = (deadline - now()) / 1000;
  let refitRows = cvRows;
  if (refitEstimate > remaining && cvRows.length > foldTrain) {
    const size = Math.max(
      Math.ceil(foldTrain),
      Math.floor((cvRows.length * Math.max(0, remaining)) / refitEstimate)
    );
    if (size < cvRows.length) {
      refitRows = splitShare(cvRows, target, 1 - size / cvRows.length, o.seed + 2)[0];
      truncated = true;
      onEvent({
        type: 'log',
        level: 'warning',
        error: new AppError({
          code: 'REFIT_SUBSAMPLED',
          message: {
            pl: `zwycięski model uczony na ${refitRows.length} z ${cvRows.length} wierszy, by zmieścić się w budżecie czasu`,
            en: `the winning model was refitted on ${refitRows.length} of ${cvRows.length} rows to stay within the time budget`
          },
          details: { rows: refitRows.length, of: cvRows.length }
        }).toPublic()
      });
    }
  }
  const refit = await limit(() =>
    executor.run({
      family: best.family,
      params: best.params,
      trainRows: refitRows,
      testRows: holdRows,
      seed: o.seed,
      classWeights,
      keepModel: true
    })
  );
  const holdout = holdRows.length
    ? scoreFold(
        task,
        Float64Array.from(holdRows, (r) => target.y[r]),
        refit.predictions,
        K
      )
    : {};
  const leaderboard = ranking.map((c) => c.row);
  const failed = candidates.filter((c) => c.row.status === 'failed').map((c) => c.row);
  onEvent({ type: 'progress', stage: 'refit', fraction: 1, etaSeconds: 0 });
  const bundle = buildBundle({
    frame,
    target,
    targetName: o.targetName,
    trainRows: refitRows,
    best,
    refit,
    metric: o.metric,
    holdout,
    leaderboard: [...leaderboard, ...failed],
    exclude: o.exclude,
    seed: o.seed,
    createdAt: new Date(now()).toISOString()
  });
  return {
    plan,
    leaderboard: [...leaderboard, ...failed],
    bestId: best.id,
    bundle,
    holdout,
    truncated,
    refitRows: refitRows.length
  };
}

function taskOf(
  family: ModelFamily,
  params: Record<string, unknown>,
  fold: Fold,
  o: ResolvedOptions,
  classWeights: Float64Array | null,
  keepModel: boolean
): TrainTask {
  return {
    family,
    params,
    trainRows: fold.train,
    testRows: fold.test,
    seed: o.seed,
    classWeights,
    keepModel
  };
}

/** Class weights n / (K · count) when asked, or automatically when the rarest class < 20 %. */
function weightsFor(
  target: EncodedTarget,
  rows: Uint32Array,
  o: ResolvedOptions,
  K: number
): Float64Array | null {
  if (target.task === 'regression' || o.classWeights === false) return null;
  const counts = new Float64Array(K);
  for (const r of rows) counts[target.y[r]]++;
  const rarest = Math.min(...counts) / rows.length;
  const classMetric = ['recall', 'precision', 'f1', 'kappa', 'mcc'].includes(o.metric);
  if (o.classWeights === 'auto' && (rarest >= 0.2 || !classMetric)) return null;
  return counts.map((c) => (c > 0 ? rows.length / (K * c) : 0));
}

/** Mean and population std over folds per metric. */
function summarise(scores: Partial<Record<MetricName, number>>[]): {
  cv: Partial<Record<MetricName, number>>;
  cvStd: Partial<Record<MetricName, number>>;
} {
  const cv: Partial<Record<MetricName, number>> = {};
  const cvStd: Partial<Record<MetricName, number>> = {};
  const keys = Object.keys(scores[0] ?? {}) as MetricName[];
  for (const k of keys) {
    const v = scores.map((s) => s[k] as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    cv[k] = mean;
    cvStd[k] = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  }
  return { cv, cvStd };
}

/** Done candidates, best first by the metric (ties: cheaper fit, then id). */
function ranked(cands: Candidate[], metric: MetricName): Candidate[] {
  return cands
    .filter((c) => c.row.status === 'done' && Number.isFinite(c.row.cv[metric] ?? NaN))
    .sort((a, b) => {
      const x = a.row.cv[metric] as number;
      const y = b.row.cv[metric] as number;
      if (x !== y) return better(metric, x, y) ? -1 : 1;
      return a.row.id < b.row.id ? -1 : 1;
    });
}

/** The best candidate of each family, in ranking order. */
function distinctFamilies(ranking: Candidate[]): Candidate[] {
  const seen = new Set<ModelFamily>();
  return ranking.filter((c) => {
    if (c.row.family === 'baseline' || seen.has(c.row.family)) return false;
    seen.add(c.row.family);
    return true;
  });
}

function blendCandidate(
  members: Candidate[],
  folds: Fold[],
  compareRows: Uint32Array,
  positionOf: Map<number, number>,
  target: EncodedTarget,
  K: number,
  width: number
): Candidate {
  const oof = new Float64Array(compareRows.length * width);
  for (const m of members) for (let i = 0; i < oof.length; i++) oof[i] += m.oof[i] / members.length;
  const scores = folds.map((fold) => {
    const pred = new Float64Array(fold.test.length * width);
    fold.test.forEach((row, i) => {
      const at = (positionOf.get(row) as number) * width;
      for (let c = 0; c < width; c++) pred[i * width + c] = oof[at + c];
    });
    return scoreFold(
      target.task,
      Float64Array.from(fold.test, (r) => target.y[r]),
      pred,
      K
    );
  });
  const fitSeconds = members.reduce((a, m) => a + m.row.fitSeconds, 0);
  return {
    row: {
      id: 'blend',
      family: 'blend',
      stage: 'blend',
      params: { members: members.map((m) => ({ family: m.row.family, params: m.row.params })) },
      ...summarise(scores),
      fitSeconds,
      status: 'done'
    },
    oof
  };
}

/**
 * Trials per tuned family (ranks 0 … 2), from the plan's estimates and the budget left. A trial
 * of a family is priced at 1.5 × its comparison estimate (drawn parameters are often larger:
 * more trees, more leaves).
 */
function plannedTrials(
  plan: ReturnType<typeof planAutoML>,
  o: ResolvedOptions,
  tuned: readonly ModelFamily[]
): number[] {
  if (!o.tune || !tuned.length) return [];
  // In single-worker seconds, so that the same data, options and seed plan the same trials in
  // Node (one worker) and in a browser (a pool): same leaderboard, the pool just finishes sooner.
  const compare = plan.families.filter((f) => !f.skipped);
  const cpu = (f: (typeof compare)[number]) => f.seconds * Math.max(1, plan.workers);
  const compareSeconds = compare.reduce((a, f) => a + cpu(f), 0);
  // Tuning gets twice the comparison (at least 10 s), within 80 % of the budget less the refit.
  const left = Math.max(
    0,
    Math.min(
      o.timeBudgetSeconds * 0.8 - compareSeconds - plan.refitSeconds,
      Math.max(2 * compareSeconds, 10)
    )
  );
  const costs = tuned.map((fam) => {
    const f = compare.find((x) => x.family === fam);
    return f ? 1.5 * cpu(f) : 1;
  });
  const trialSeconds = costs.reduce((a, b) => a + b, 0) / costs.length;
  const total = Math.min(
    MAX_TRIALS_PER_FAMILY * tuned.length,
    Math.floor(left / Math.max(trialSeconds, 1e-3))
  );
  const perFamily = Math.floor(total / tuned.length);
  const extra = total - perFamily * tuned.length;
  return tuned.map((_, i) => perFamily + (i < extra ? 1 : 0));
}
