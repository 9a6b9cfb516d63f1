/**
 * Batch-prediction output as columnar typed arrays (what the ML worker sends back and the data
 * worker writes to CSV / Parquet), and the output columns every writer appends after the input
 * columns: `Label` and, for classifiers, `Score` (probability of the predicted class) and
 * `Score_<class>` per class — the same names in the CLI and in the browser.
 *
 * CONTRACT ONLY (lead): the implementation below is filled in by the batch-prediction work.
 */
import type { ProblemType } from '../data/types';

export interface PredictionOutput {
  problemType: ProblemType;
  /** The bundle's class labels in code order; empty for regression. */
  classes: string[];
  /** Classification: Int32Array, length nRows — index into `classes` of the predicted class. */
  classIndex: Int32Array | null;
  /**
   * Float64Array. Classification: row-major nRows × classes.length probabilities;
   * regression: nRows predicted values.
   */
  values: Float64Array;
  nRows: number;
}
