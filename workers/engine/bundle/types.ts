/**
 * The model bundle (DESIGN.md "Model bundle"): one self-contained JSON document, the contract
 * between browser, edge API and CLI. Numeric arrays inside `pipeline` / `model` are base64 typed
 * arrays (bundle/base64.ts). `format` versions the document; readers reject other formats with
 * AppError INVALID_MODEL.
 */
import type { AutoMLStage, LeaderboardRow, MetricName } from '../automl/types';
import type { EncodedModel, ModelFamily } from '../models/types';

export const BUNDLE_FORMAT = 'datagenius-model/1';

/** One raw input column the model needs (batch prediction checks new files against it). */
export interface InputColumn {
  name: string;
  kind: 'numeric' | 'boolean' | 'datetime' | 'categorical';
  /** Training categories (categorical columns). */
  categories?: string[];
  /** Training range (numeric / datetime columns). */
  min?: number;
  max?: number;
}

/** Reference profile of one training column (monitoring baseline): bin edges and shares. */
export interface ReferenceColumn {
  name: string;
  kind: InputColumn['kind'];
  /** Numeric: bin edges (length nBins + 1); categorical: category labels. */
  edges?: number[];
  categories?: string[];
  /** Shares per bin / category (sum 1), then the missing share last. */
  shares: number[];
}

export interface ModelBundle {
  format: typeof BUNDLE_FORMAT;
  id: string;
  /** 1, 2, … within a lineage (retraining increments it). */
  version: number;
  createdAt: string;
  parentId: string | null;
  problemType: 'binary' | 'multiclass' | 'regression';
  target: string;
  /** Class labels in code order (probability columns follow it); empty for regression. */
  classes: string[];
  /** Model input features after preprocessing. */
  feature_names: string[];
  inputSchema: InputColumn[];
  /** Encoded fitted pipeline (preprocess/). */
  pipeline: unknown;
  /** Encoded estimator (models/registry decodeModel). */
  model: EncodedModel;
  family: ModelFamily;
  params: Record<string, unknown>;
  stage: AutoMLStage;
  metric: MetricName;
  metrics: {
    cv: Partial<Record<MetricName, number>>;
    holdout: Partial<Record<MetricName, number>>;
  };
  leaderboard: LeaderboardRow[];
  referenceProfile: ReferenceColumn[];
  /** Free-form provenance: dataset name / hash, rows, seed, engine version. */
  meta: Record<string, unknown>;
}

/** Result of `predict(bundle, frame)`. */
export interface BundlePrediction {
  /** Predicted label per row (class label or the numeric value as text-free number). */
  label: (string | number)[];
  /** Classification: probability of the predicted class per row (Float64Array, length nRows). */
  score: Float64Array | null;
  /** Classification: row-major nRows × nClasses probabilities; regression: the values. */
  values: Float64Array;
}
