/**
 * The fitted pipeline as data: a list of blocks, each turning one raw input column into one or
 * more design-matrix columns. The same structure is the training result, the inference recipe
 * and (with typed arrays as base64) the bundle format `dg-pipeline/1` — nothing else is kept.
 */
import type { FrameColumnKind } from '../frame/types';
import type { DatetimePart, PipelineFlavour } from './options';

/** Level that stands for a missing category (dense flavour; the anchors' SimpleImputer constant). */
export const MISSING_LEVEL = '__missing__';
/** Level that pools the categories rare in training (and unknown ones at transform). */
export const RARE_LEVEL = '__rare__';

/** One raw column the pipeline reads (the bundle's input schema). */
export interface InputColumn {
  name: string;
  kind: FrameColumnKind;
  /** Categorical: the distinct values seen in the training rows, sorted. */
  categories?: string[];
  /** Numeric / boolean / datetime: range of the training values (null when all missing). */
  min?: number | null;
  max?: number | null;
}

/** A raw column left out, and why. */
export interface DroppedColumn {
  name: string;
  reason: 'target' | 'excluded' | 'constant' | 'idLike';
}

/** Continuous value → (filled − center) / scale. fill null = keep NaN (tree flavour). */
interface Affine {
  fill: number | null;
  center: number;
  scale: number;
}

/** A numeric or boolean column. */
export interface NumericBlock extends Affine {
  type: 'numeric';
  input: number;
}

/** One calendar part of a datetime column (UTC). */
export interface DatePartBlock extends Affine {
  type: 'datePart';
  input: number;
  part: DatetimePart;
}

/** 1 where the input is missing, else 0 (dense flavour). */
export interface MissingBlock {
  type: 'missing';
  input: number;
}

/**
 * Category → level: a category listed in `levels` is itself; missing → MISSING_LEVEL when listed
 * (else "no level"); any other value (rare in training or unseen) → RARE_LEVEL when listed (else
 * "no level").
 */
interface Levels {
  input: number;
  /** Level labels (sorted); their order is the order of codes / one-hot columns / table rows. */
  levels: string[];
}

/** One 0/1 column per level; "no level" → all zeros (scikit-learn handle_unknown='ignore'). */
export interface OneHotBlock extends Levels {
  type: 'oneHot';
}

/** The level's index as one column ("no level" → NaN): 'categorical' for trees, or ordinal 'numeric'. */
export interface CodesBlock extends Levels {
  type: 'codes';
  kind: 'numeric' | 'categorical';
}

/**
 * Target encoding: `outputs` columns per level (1 for binary / regression, K for multiclass: the
 * smoothed rate of each class). Training rows get out-of-fold values; everything else the
 * full-training table; "no level" → `prior`.
 */
export interface TargetBlock extends Levels {
  type: 'target';
  outputs: number;
  /** Float64Array, length levels.length × outputs, row-major. */
  table: Float64Array;
  /** Float64Array, length outputs: the training prior (class rates or mean). */
  prior: Float64Array;
  /** Per output: (value − center) / scale (dense scaling; 0 / 1 otherwise). */
  center: Float64Array;
  scale: Float64Array;
  /** Output labels: class names (multiclass) or [''] (binary / regression). */
  labels: string[];
}

export type PipelineBlock =
  NumericBlock | DatePartBlock | MissingBlock | OneHotBlock | CodesBlock | TargetBlock;

/** Everything a fitted pipeline is. */
export interface PipelineSpec {
  flavour: PipelineFlavour;
  /** Names of all columns of the training frame: DesignMatrix.source indexes this list. */
  frameColumns: string[];
  /** The raw columns read, in block `input` index order (the input schema). */
  inputs: InputColumn[];
  /** Index of each input in `frameColumns`. */
  inputSource: number[];
  dropped: DroppedColumn[];
  blocks: PipelineBlock[];
  /** Design column names, kinds (derived from blocks, kept for quick access). */
  names: string[];
  kinds: ('numeric' | 'categorical')[];
}
