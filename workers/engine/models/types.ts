/**
 * The contract every model family implements (AutoML's model zoo). A family trains on a design
 * matrix produced by a fitted preprocessing pipeline (workers/engine/preprocess) and returns a
 * fitted model that predicts without any training library (no tfjs at inference) and encodes
 * itself into JSON for the model bundle (typed arrays as base64 via bundle/base64.ts).
 */
import type { CancelSignal, ProgressFn } from '../progress';

export type ModelTask = 'binary' | 'multiclass' | 'regression';

export type ModelFamily =
  | 'baseline'
  | 'linear'
  | 'logistic'
  | 'knn'
  | 'naiveBayes'
  | 'decisionTree'
  | 'randomForest'
  | 'extraTrees'
  | 'gbdt'
  | 'mlp'
  | 'blend';

/**
 * Model input after preprocessing: column-major features.
 * - 'dense' pipelines give imputed, one-hot / target-encoded and (when asked) scaled numeric
 *   columns: no NaN, kinds all 'numeric';
 * - 'tree' pipelines keep NaN (trees learn the missing side) and give low-cardinality categories
 *   as integer codes 0 … 254 with kind 'categorical' (native categorical splits).
 */
export interface DesignMatrix {
  nRows: number;
  /** Float64Array per feature, each of length nRows. */
  columns: Float64Array[];
  /** Feature names after preprocessing (e.g. `city=Kraków`, `date_month`). */
  names: string[];
  kinds: ('numeric' | 'categorical')[];
  /** Index of the original (raw frame) column each feature comes from — SHAP sums back over it. */
  source: Int32Array;
}

export interface FitContext {
  task: ModelTask;
  /** Classes (2 for binary); 1 for regression. */
  nClasses: number;
  seed: number;
  /** Float64Array, length nRows, or null: per-row weights (class weights for imbalance). */
  sampleWeight?: Float64Array | null;
  signal?: CancelSignal;
  onProgress?: ProgressFn;
}

/** A fitted model, inference only. */
export interface FittedModel {
  readonly family: ModelFamily;
  /**
   * Classification: Float64Array, length nRows × nClasses, row-major class probabilities (binary
   * included: 2 columns). Regression: Float64Array, length nRows.
   */
  predict(X: DesignMatrix): Float64Array;
  /** JSON-safe form for the bundle (decodeModel in models/registry.ts rebuilds it). */
  encode(): EncodedModel;
}

export interface EncodedModel {
  family: ModelFamily;
  /** Format of `state` for this family, e.g. 'dg-linear/1'. */
  format: string;
  params: Record<string, unknown>;
  state: unknown;
}

/** One hyper-parameter's search range for tuning. */
export type ParamRange =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; log?: boolean }
  | { type: 'choice'; values: readonly (string | number | boolean | null)[] };

/** A model family as AutoML sees it. */
export interface ModelTrainer<P extends object = Record<string, unknown>> {
  family: ModelFamily;
  tasks: readonly ModelTask[];
  /** Which pipeline flavour it needs (see DesignMatrix). */
  input: 'dense' | 'tree';
  /** Whether dense inputs must be standardised (linear models, k-NN, MLP). */
  needsScaling: boolean;
  /** Default hyper-parameters for a data shape. */
  defaults(task: ModelTask, nRows: number, nFeatures: number): P;
  /** Tuning ranges (empty = nothing to tune). */
  space: Readonly<Record<string, ParamRange>>;
  /** Trains; async because some families (the MLP on tfjs) are. */
  fit(X: DesignMatrix, y: Float64Array, params: P, ctx: FitContext): Promise<FittedModel>;
}
