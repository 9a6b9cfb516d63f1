/**
 * The ML worker's typed interface (comlink). The main thread's worker pool
 * (web/lib/workers/ml-pool.ts) holds one `Remote<MlApi>` per worker; the worker
 * (`workers/ml.worker.ts`) exposes `createMlApi()` from `./ml-api-impl.ts`.
 *
 * A worker is prepared once per AutoML run with its own copy of the frame and the encoded target,
 * then runs one TrainTask at a time (the engine's in-process executor inside). Frame buffers go in
 * as structured clones (each worker needs its own copy); predictions come back transferred.
 * Failures are typed AppErrors (workers/protocol keeps code and messages across the boundary).
 */
import type { EncodedTarget, Frame } from '../engine/frame/types';
import type { MetricName, TaskResult, TrainTask } from '../engine/automl/types';
import type { ModelBundle } from '../engine/bundle/types';
import type { PredictionOutput } from '../engine/bundle/output';
import type { PublicError } from '../engine/errors';
import type { GroupedShap, PermutationImportance, ShapValues } from '../engine/explain/types';

/** TensorFlow.js backend the MLP trains on in this worker. */
export type MlBackendName = 'webgpu' | 'wasm' | 'cpu';

export interface MlBackendInfo {
  /** null when TensorFlow.js could not start at all (the MLP is then left out of the zoo). */
  backend: MlBackendName | null;
  /** Why this backend (e.g. "WebGPU adapter is a software fallback"); plain text for the UI. */
  reason: string;
}

export interface MlApi {
  /**
   * Keeps `frame` and `target` for the following `run()` calls (replacing earlier ones) and
   * prepares the in-process executor. Throws typed errors for an unusable frame.
   */
  prepare(frame: Frame, target: EncodedTarget): Promise<void>;
  /** Fits one family on `task.trainRows`, predicts `task.testRows`. Throws NOT_PREPARED before prepare(). */
  run(task: TrainTask): Promise<TaskResult>;
  /** The tfjs backend the MLP uses in this worker (starts tfjs on first call). */
  backend(): Promise<MlBackendInfo>;
  /**
   * Evaluates a saved model on `holdoutRows` of the prepared frame (features only; target as
   * prepared): holdout predictions, SHAP, permutation importance, learning curve (issue 6).
   * `onProgress` must be a comlink `proxy()` across the worker boundary. Cancel = terminate the
   * worker. Optional in the type only so that test fakes of the AutoML pool need not have it;
   * the worker always implements it. Throws NOT_PREPARED before prepare(), INVALID_ROWS for empty / out-of-range rows.
   */
  evaluate?(
    bundle: ModelBundle,
    holdoutRows: Uint32Array,
    opts?: EvaluateOptions,
    onProgress?: (p: EvaluationProgress) => void
  ): Promise<Evaluation>;
  /**
   * "Import model" for an XGBoost JSON model (save_model): exact TreeSHAP and predictions on
   * `holdoutRows` of the prepared frame, columns matched by the model's feature_names.
   * Throws INVALID_MODEL / UNSUPPORTED_MODEL, MISSING_COLUMNS, NON_NUMERIC_COLUMNS,
   * MODEL_TASK_MISMATCH, XGBOOST_NO_FEATURE_NAMES, NOT_PREPARED.
   */
  explainXGBoost?(text: string, holdoutRows: Uint32Array, name?: string): Promise<Evaluation>;
  /**
   * Batch prediction: `bundle` on every row of `frame` (the new file; extra columns ignored) —
   * the engine's predictBundle, tree models on the WASM predictor when it is loaded. Independent
   * of prepare(). The result's buffers are transferred back.
   * Throws DataValidationError SCHEMA_MISMATCH (details.missing / details.mismatched), INVALID_MODEL.
   * Optional in the type only for the AutoML pool's test fakes.
   */
  predictBatch?(bundle: ModelBundle, frame: Frame): Promise<PredictionOutput>;
}

export interface EvaluateOptions {
  /** Default: the bundle's meta.seed, else 42. */
  seed?: number;
  /** Holdout rows SHAP explains (a seeded sample beyond); default 500. */
  maxExplainRows?: number;
  /** Shuffles per column for permutation importance; default 5. */
  permutationRepeats?: number;
  /** Default true. */
  learningCurve?: boolean;
  /** Shares of the training rows; default [0.2, 0.4, 0.6, 0.8, 1]. */
  learningFractions?: number[];
  /** Refits per share below 1 (different stratified subsets); default 3. */
  learningRepeats?: number;
  /** Uint32Array of rows the learning curve trains on; default every row not in the holdout. */
  trainRows?: Uint32Array;
}

export interface EvaluationProgress {
  stage: 'predict' | 'shap' | 'permutation' | 'learning';
  /** 0 … 1 within the stage. */
  fraction: number;
}

/** SHAP of the explained holdout rows, in both views. */
export interface ExplainedShap {
  /** Uint32Array: positions in the holdout (0 … holdout length − 1) of the explained rows. */
  holdoutIndex: Uint32Array;
  /** On the model's design features (one-hot levels, date parts…). */
  encoded: ShapValues;
  /** Summed back to the raw columns (the default view). */
  grouped: GroupedShap;
  /** Float64Array nRows × encoded.nFeatures: feature values for colouring (NaN = none). */
  encodedValues: Float64Array;
  /**
   * Float64Array nRows × grouped.nFeatures: raw values — numbers, or the category's code into
   * `groupedCategories[f]` for text columns; NaN = missing.
   */
  groupedValues: Float64Array;
  /** Per grouped feature: the category labels its codes index (text columns), else null. */
  groupedCategories: (string[] | null)[];
}

export interface LearningCurvePoint {
  fraction: number;
  /** Training rows used. */
  size: number;
  mean: number;
  std: number;
  /** Holdout score of each refit (NaN where the refit failed). */
  scores: number[];
}

export interface Evaluation {
  modelId: string;
  task: 'binary' | 'multiclass' | 'regression';
  classes: string[];
  /** Uint32Array: the holdout's frame rows. */
  holdoutRows: Uint32Array;
  /** Float64Array, holdout length: targets (class codes or values). */
  y: Float64Array;
  /** Float64Array: probabilities row-major holdout × K, or regression values. */
  predictions: Float64Array;
  metrics: Partial<Record<MetricName, number>>;
  shap: ExplainedShap | null;
  shapError?: PublicError;
  permutation: PermutationImportance | null;
  permutationError?: PublicError;
  learning: { metric: MetricName; points: LearningCurvePoint[] } | null;
  learningError?: PublicError;
  /** Seconds per stage (predict, shap, permutation, learning). */
  seconds: Record<string, number>;
}
