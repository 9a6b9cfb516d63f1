/**
 * AutoML's contract: options, the budget plan shown before a run, leaderboard rows, events, and
 * the task executor seam that lets the same orchestrator (`runAutoML`, automl/run.ts) train in
 * Node (CLI: in-process executor) and in the browser (a pool of ML workers, one task each).
 *
 * A task = fit one family with one parameter set on the training rows of one fold (pipeline fitted
 * on those rows only) and predict the fold's test rows; the orchestrator computes the metrics.
 */
import type { PublicError } from '../errors';
import type { EncodedTarget, Frame } from '../frame/types';
import type { ModelFamily } from '../models/types';

export type ClassificationMetric =
  'accuracy' | 'auc' | 'recall' | 'precision' | 'f1' | 'kappa' | 'mcc' | 'logloss';
export type RegressionMetric = 'mae' | 'mse' | 'rmse' | 'r2' | 'rmsle' | 'mape';
export type MetricName = ClassificationMetric | RegressionMetric;

export interface AutoMLOptions {
  /** Name of the target column: kept out of the features, written into the bundle. */
  targetName?: string;
  /** Ranking metric; default accuracy (classification) / r2 (regression). */
  metric?: MetricName;
  /** CV folds, 2 … 20; default 5. */
  folds?: number;
  /** Default 42. */
  seed?: number;
  /** Seconds for the whole run (compare + tune + refit); default 60. */
  timeBudgetSeconds?: number;
  /** Families to try; default all that apply to the task. */
  families?: ModelFamily[];
  /** Share of rows kept out of CV as a final holdout, 0 … 0.5; default 0.2. */
  holdoutFraction?: number;
  /** Tune the best few after the comparison; default true. */
  tune?: boolean;
  /** Try a blend of the top models; default true. */
  blend?: boolean;
  /**
   * Weight classes inversely to their frequency (families that take sample weights); default
   * 'auto': on when the rarest class < 20 % AND the ranking metric looks at the classes
   * (recall, precision, f1, kappa, mcc) — weighting moves the decision threshold, which costs
   * accuracy and log loss and leaves AUC about the same.
   */
  classWeights?: 'auto' | boolean;
  /** Names of raw columns to ignore (IDs, leaks). */
  exclude?: string[];
}

/** Estimated cost of one family on the run's data, before the run. */
export interface FamilyEstimate {
  family: ModelFamily;
  /** Seconds for all CV folds with default parameters. */
  seconds: number;
  /** Peak extra memory of one fit, MB. */
  memoryMB: number;
  /** Left out because it would not fit the budget / memory. */
  skipped: boolean;
}

/** What the user sees before pressing Start (issue 5 "Budget before the run"). */
export interface AutoMLPlan {
  task: EncodedTarget['task'];
  metric: MetricName;
  rows: number;
  features: number;
  /** Rows used for the comparison stage when the data is subsampled, else null. */
  subsampleRows: number | null;
  folds: number;
  workers: number;
  families: FamilyEstimate[];
  /** Estimated seconds of the whole run. */
  seconds: number;
  /** Estimated seconds of refitting the costliest kept family on all training rows (one worker). */
  refitSeconds: number;
  /** Soft problems (imbalance advice, subsampling, dropped families): code + bilingual text. */
  warnings: { code: string; message: { pl: string; en: string } }[];
}

export type AutoMLStage = 'compare' | 'tune' | 'blend' | 'refit';

/** One model on the leaderboard. */
export interface LeaderboardRow {
  /** Stable within a run, e.g. 'gbdt', 'gbdt#tune3', 'blend'. */
  id: string;
  family: ModelFamily;
  stage: AutoMLStage;
  params: Record<string, unknown>;
  /** Mean over folds per metric. */
  cv: Partial<Record<MetricName, number>>;
  /** Population standard deviation over folds per metric. */
  cvStd: Partial<Record<MetricName, number>>;
  /** Mean fit seconds per fold (pipeline + model). */
  fitSeconds: number;
  status: 'done' | 'failed';
  /** For failed rows: the typed error (ModelTrainingError …), never a stack. */
  error?: PublicError;
}

export type AutoMLEvent =
  | { type: 'plan'; plan: AutoMLPlan }
  | { type: 'row'; row: LeaderboardRow }
  | { type: 'progress'; stage: AutoMLStage; fraction: number; etaSeconds?: number }
  | { type: 'log'; level: 'warning' | 'error'; error: PublicError };

/** A unit of work for an executor. */
export interface TrainTask {
  family: ModelFamily;
  params: Record<string, unknown>;
  /** Uint32Array of frame rows to fit on (pipeline and model). */
  trainRows: Uint32Array;
  /** Uint32Array of frame rows to predict (may be empty). */
  testRows: Uint32Array;
  seed: number;
  /** Per-class weights (length nClasses) or null. */
  classWeights: Float64Array | null;
  /** Return the fitted pipeline + model encoded (refit of the winner). */
  keepModel: boolean;
}

export interface TaskResult {
  /** Predictions of testRows: probabilities row-major × nClasses, or values (regression). */
  predictions: Float64Array;
  fitSeconds: number;
  /** Encoded pipeline + model when keepModel was set (bundle pieces). */
  model?: { pipeline: unknown; model: unknown; featureNames: string[] };
}

/**
 * Runs tasks: in-process (Node, tests) or on a pool of workers (browser). Every executor has
 * been given the frame and target before the run (`prepare`).
 */
export interface TaskExecutor {
  /** Parallel slots (workers); the orchestrator keeps this many tasks in flight. */
  readonly concurrency: number;
  /** Families this executor can train (default: all); runs without explicit families use these. */
  readonly available?: readonly ModelFamily[];
  prepare(frame: Frame, target: EncodedTarget): Promise<void>;
  run(task: TrainTask): Promise<TaskResult>;
  dispose?(): void;
}

/** What `runAutoML` resolves to. */
export interface AutoMLResult {
  plan: AutoMLPlan;
  leaderboard: LeaderboardRow[];
  /** Leaderboard id of the winner (refitted on all training rows). */
  bestId: string;
  /** The winner, ready to save / download / predict with. */
  bundle: import('../bundle/types').ModelBundle;
  /** Holdout metrics of the refitted winner. */
  holdout: Partial<Record<MetricName, number>>;
  /** True when the run stopped early (budget or cancel) with a usable best model. */
  truncated: boolean;
  /** Training rows the winner was refitted on (fewer than all when the budget demanded it). */
  refitRows: number;
}

/** Where the run happens (for the budget plan). */
export interface AutoMLEnv {
  /** Parallel workers available. */
  cores: number;
  /** Device memory in GB when known (navigator.deviceMemory), else null. */
  memoryGB: number | null;
}
