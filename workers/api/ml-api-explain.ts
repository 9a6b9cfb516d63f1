/**
 * The ML worker's evaluation of a saved model (MlApi.evaluate): holdout predictions and targets,
 * SHAP on up to `maxExplainRows` holdout rows (encoded features and summed back to the raw
 * columns, with the feature values the plots colour by), permutation importance on the holdout
 * and a learning curve (the winner's family and parameters refitted on 20 … 100 % of the training
 * rows, scored on the holdout). Each part fails on its own: a typed error is returned in its place
 * and the rest is still computed.
 *
 * The engine pieces (explainBundle — blends included —, permutationImportance) come in through
 * ExplainEngine so tests can hand in fakes.
 */
import { AppError, toAppError, type PublicError } from '../engine/errors';
import type { EncodedTarget, Frame } from '../engine/frame/types';
import type { MetricName, TaskExecutor } from '../engine/automl/types';
import type { ModelBundle } from '../engine/bundle/types';
import type { GroupedShap, PermutationImportance, ShapValues } from '../engine/explain/types';
import { predictBundle } from '../engine/bundle/predict';
import { decodePipeline } from '../engine/preprocess/index';
import { explainBundle } from '../engine/explain/explain-bundle';
import { permutationImportance } from '../engine/explain/permutation-importance';
import { computeMetrics } from '../engine/metrics/compute';
import { splitShare } from '../engine/automl/split';
import { frameSubset } from '../engine/frame/subset';
import { createRng, sampleWithoutReplacement } from '../engine/rng';
import type { EvaluateOptions, Evaluation, EvaluationProgress, ExplainedShap } from './ml-api';

/** The engine calls evaluate() makes (announced engine signatures; fakes in tests). */
export interface ExplainEngine {
  explainBundle(
    bundle: ModelBundle,
    frame: Frame,
    rows: Uint32Array,
    opts: { seed: number }
  ): { shap: ShapValues; grouped: GroupedShap };
  permutationImportance(
    bundle: ModelBundle,
    frame: Frame,
    rows: Uint32Array,
    target: EncodedTarget,
    opts: { repeats: number; seed: number; metric: MetricName }
  ): PermutationImportance;
}

/** Population standard deviation. */
function std(xs: number[]): number {
  if (!xs.length) return NaN;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

/** Background rows for linear / sampling SHAP: up to this many rows of the frame (seeded). */
export const BACKGROUND_ROWS = 200;

/** The engine's explainBundle and permutationImportance behind the ExplainEngine seam. */
export const defaultExplainEngine: ExplainEngine = {
  explainBundle: (bundle, frame, rows, opts) => {
    const nBg = Math.min(BACKGROUND_ROWS, frame.nRows);
    const backgroundRows = sampleWithoutReplacement(
      frame.nRows,
      nBg,
      createRng(opts.seed ^ 0xb6)
    ).sort();
    return explainBundle(bundle, frame, rows, { seed: opts.seed, backgroundRows });
  },
  permutationImportance: (bundle, frame, rows, target, opts) =>
    permutationImportance(
      bundle,
      frame,
      rows,
      Float64Array.from(rows, (r) => target.y[r]),
      opts
    )
};

/**
 * Values of the explained rows per feature: Float64Array nRows × nFeatures (r · nFeatures + f).
 * Encoded features take the design matrix value; grouped (raw) columns their value, text columns
 * their category code (labels in `categories`); anything else NaN (drawn grey).
 */
export function featureValues(
  bundle: ModelBundle,
  frame: Frame,
  rows: Uint32Array,
  names: string[],
  encoded: boolean
): { values: Float64Array; categories: (string[] | null)[] } {
  const n = rows.length;
  const out = new Float64Array(n * names.length).fill(NaN);
  const byName = new Map<string, Float64Array>();
  const cats = new Map<string, string[]>();
  if (encoded && bundle.pipeline) {
    try {
      const X = decodePipeline(bundle.pipeline).transform(frame, rows);
      X.names.forEach((nm, j) => byName.set(nm, X.columns[j]));
    } catch {
      // Values only colour the plots: without them the dots are grey.
    }
  } else if (!encoded)
    for (const c of frame.columns) {
      if (c.kind !== 'categorical')
        byName.set(
          c.name,
          Float64Array.from(rows, (r) => c.values[r])
        );
      else {
        byName.set(
          c.name,
          Float64Array.from(rows, (r) => (c.codes[r] >= 0 ? c.codes[r] : NaN))
        );
        cats.set(c.name, [...c.dictionary]);
      }
    }
  names.forEach((nm, f) => {
    const col = byName.get(nm);
    if (col) for (let r = 0; r < n; r++) out[r * names.length + f] = col[r];
  });
  return { values: out, categories: names.map((nm) => cats.get(nm) ?? null) };
}

function publicOf(e: unknown): PublicError {
  return toAppError(e).toPublic();
}

/** Everything evaluate() needs from the worker. */
export interface EvaluateContext {
  frame: Frame;
  target: EncodedTarget;
  executor: TaskExecutor;
  engine: ExplainEngine;
  onProgress?: (p: EvaluationProgress) => void;
  now?: () => number;
}

export const DEFAULT_FRACTIONS = [0.2, 0.4, 0.6, 0.8, 1];

function invalidRows(detail: string): AppError {
  return new AppError({
    code: 'INVALID_ROWS',
    message: {
      pl: `nieprawidłowe wiersze holdoutu: ${detail}`,
      en: `invalid holdout rows: ${detail}`
    },
    details: { detail }
  });
}

/** Evaluates `bundle` on `holdoutRows` of the prepared frame. */
export async function evaluateBundle(
  ctx: EvaluateContext,
  bundle: ModelBundle,
  holdoutRows: Uint32Array,
  opts: EvaluateOptions = {}
): Promise<Evaluation> {
  const { frame, target } = ctx;
  const now = ctx.now ?? (() => Date.now());
  const report = (stage: EvaluationProgress['stage'], fraction: number) =>
    ctx.onProgress?.({ stage, fraction });
  if (!holdoutRows.length) throw invalidRows('empty');
  for (const r of holdoutRows)
    if (!(r < frame.nRows)) throw invalidRows(`row ${r} ≥ ${frame.nRows}`);
  const seed = opts.seed ?? (typeof bundle.meta?.seed === 'number' ? bundle.meta.seed : 42);
  const task = target.task;
  const K = task === 'regression' ? 1 : target.classes.length;
  const seconds: Record<string, number> = {};

  let t0 = now();
  report('predict', 0);
  const hold = frameSubset(frame, holdoutRows);
  const predictions = predictBundle(bundle, hold).values;
  const y = Float64Array.from(holdoutRows, (r) => target.y[r]);
  const metrics = computeMetrics(task, y, predictions, K);
  seconds.predict = (now() - t0) / 1000;

  // SHAP on up to maxExplainRows holdout rows (a seeded sample, kept in holdout order).
  t0 = now();
  report('shap', 0);
  const maxRows = Math.max(1, Math.floor(opts.maxExplainRows ?? 500));
  const pick =
    holdoutRows.length <= maxRows
      ? Uint32Array.from({ length: holdoutRows.length }, (_, i) => i)
      : Uint32Array.from(
          sampleWithoutReplacement(
            holdoutRows.length,
            maxRows,
            createRng(seed ^ 0x5a)
          ) as ArrayLike<number>
        ).sort();
  const explainRows = Uint32Array.from(pick, (i) => holdoutRows[i]);
  let shap: ExplainedShap | null = null;
  let shapError: PublicError | undefined;
  try {
    const res = ctx.engine.explainBundle(bundle, frame, explainRows, { seed });
    shap = {
      holdoutIndex: pick,
      encoded: res.shap,
      grouped: res.grouped,
      encodedValues: featureValues(bundle, frame, explainRows, res.shap.featureNames, true).values,
      ...(() => {
        const g = featureValues(bundle, frame, explainRows, res.grouped.featureNames, false);
        return { groupedValues: g.values, groupedCategories: g.categories };
      })()
    };
  } catch (e) {
    shapError = publicOf(e);
  }
  seconds.shap = (now() - t0) / 1000;

  t0 = now();
  report('permutation', 0);
  let permutation: PermutationImportance | null = null;
  let permutationError: PublicError | undefined;
  try {
    permutation = ctx.engine.permutationImportance(bundle, frame, holdoutRows, target, {
      repeats: Math.max(1, Math.floor(opts.permutationRepeats ?? 5)),
      seed,
      metric: bundle.metric
    });
  } catch (e) {
    permutationError = publicOf(e);
  }
  seconds.permutation = (now() - t0) / 1000;

  t0 = now();
  let learning: Evaluation['learning'] = null;
  let learningError: PublicError | undefined;
  if (opts.learningCurve !== false) {
    try {
      const isHold = new Set(holdoutRows);
      const train =
        opts.trainRows ??
        Uint32Array.from({ length: frame.nRows }, (_, i) => i).filter((r) => !isHold.has(r));
      const fractions = opts.learningFractions ?? DEFAULT_FRACTIONS;
      const repeats = Math.max(1, Math.floor(opts.learningRepeats ?? 3));
      const points: {
        fraction: number;
        size: number;
        mean: number;
        std: number;
        scores: number[];
      }[] = [];
      await ctx.executor.prepare(frame, target);
      let done = 0;
      const total = fractions.reduce((a, f) => a + (f >= 1 ? 1 : repeats), 0);
      for (const fraction of fractions) {
        const scores: number[] = [];
        let size = train.length;
        for (let j = 0; j < (fraction >= 1 ? 1 : repeats); j++) {
          report('learning', done / total);
          const rows =
            fraction >= 1
              ? train
              : splitShare(train, target, 1 - fraction, seed + 101 * (j + 1))[0];
          size = rows.length;
          try {
            const res = await ctx.executor.run({
              family: bundle.family,
              params: bundle.params,
              trainRows: rows,
              testRows: holdoutRows,
              seed: seed + j,
              classWeights: null,
              keepModel: false
            });
            scores.push(computeMetrics(task, y, res.predictions, K)[bundle.metric] ?? NaN);
          } catch {
            // A subset too small for the family (e.g. a class missing) leaves a gap, not a failure.
            scores.push(NaN);
          }
          done++;
        }
        const ok = scores.filter(Number.isFinite);
        points.push({
          fraction,
          size,
          mean: ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN,
          std: ok.length ? std(ok) : NaN,
          scores
        });
      }
      learning = { metric: bundle.metric, points };
    } catch (e) {
      learningError = publicOf(e);
    }
  }
  seconds.learning = (now() - t0) / 1000;
  report('learning', 1);

  return {
    modelId: bundle.id,
    task,
    classes: [...target.classes],
    holdoutRows: Uint32Array.from(holdoutRows),
    y,
    predictions,
    metrics,
    shap,
    ...(shapError ? { shapError } : {}),
    permutation,
    ...(permutationError ? { permutationError } : {}),
    learning,
    ...(learningError ? { learningError } : {}),
    seconds
  };
}
