/**
 * The columnar table the ML path works on (AutoML, pipelines, models, bundles, predictions):
 * typed arrays only, never row objects (DESIGN.md "Data path"). Built from DuckDB / Arrow results
 * in the data worker and from the CLI's Node runner; moved between workers with transferable
 * buffers.
 */

/** Kind of a raw column as the ML path sees it. */
export type FrameColumnKind = 'numeric' | 'boolean' | 'datetime' | 'categorical';

/** A numeric / boolean / datetime column: Float64Array, NaN = missing (booleans 0 / 1, datetimes epoch ms UTC). */
export interface FrameNumericColumn {
  name: string;
  kind: 'numeric' | 'boolean' | 'datetime';
  /** Float64Array, length nRows; NaN = missing. */
  values: Float64Array;
}

/** A text / categorical column: codes into a dictionary; −1 = missing. */
export interface FrameCategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Int32Array, length nRows: index into `dictionary`, −1 = missing. */
  codes: Int32Array;
  /** Distinct non-missing values, in order of first appearance or sorted (the producer says which; consumers must not assume). */
  dictionary: string[];
}

export type FrameColumn = FrameNumericColumn | FrameCategoricalColumn;

export interface Frame {
  nRows: number;
  columns: FrameColumn[];
}

/** The learning target, encoded. */
export interface EncodedTarget {
  task: 'binary' | 'multiclass' | 'regression';
  /** Float64Array, length nRows: class codes 0 … K − 1 (classification) or values (regression). */
  y: Float64Array;
  /** Class labels in code order (code i ↔ classes[i]); empty for regression. */
  classes: string[];
  /** Name of the frame column the target came from (pipelines leave it out of the features). */
  column?: string;
}
