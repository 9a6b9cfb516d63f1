/**
 * Explanations (issue 6): SHAP values in one layout for every method and model, so every plot
 * handles binary, multiclass and regression outputs the same way.
 *
 * Shapes: nRows explained rows × nFeatures (design features, i.e. after preprocessing) × nOutputs
 * output sets — 1 for regression and binary (the positive class's margin), K for multiclass (one
 * set per class, softmax margins). Additivity: baseValue[o] + Σ_f value(r, f, o) = margin(r, o).
 */

export type ExplainMethod = 'tree' | 'linear' | 'kernel' | 'permutation';

export interface ShapValues {
  method: ExplainMethod;
  nRows: number;
  nFeatures: number;
  nOutputs: number;
  /** Output labels: class labels for multiclass, ['positive class label'] for binary, [target] for regression. */
  outputNames: string[];
  /** Design feature names (length nFeatures). */
  featureNames: string[];
  /** Float64Array, length nOutputs: expected model output (margin scale). */
  baseValue: Float64Array;
  /** Float64Array, length nOutputs × nRows × nFeatures: value of (o, r, f) at (o · nRows + r) · nFeatures + f. */
  values: Float64Array;
  /** Float64Array, length nOutputs × nRows: the model's margin of (o, r) at o · nRows + r. */
  margin: Float64Array;
  /** Kernel / permutation SHAP only: the sample size and the estimate's standard error (max over values). */
  estimate?: { samples: number; background: number; maxStdError: number };
}

/** SHAP values summed back to the raw columns the features came from (one-hot, date parts…). */
export interface GroupedShap extends ShapValues {
  /** For each grouped feature, the design feature indices summed into it. */
  members: number[][];
}

/** Permutation importance on a holdout: metric drop when a raw column is shuffled. */
export interface PermutationImportance {
  metric: string;
  baseline: number;
  columns: { name: string; mean: number; std: number; repeats: number[] }[];
}
