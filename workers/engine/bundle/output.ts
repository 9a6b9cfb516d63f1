/**
 * Batch-prediction output as columnar typed arrays (what the ML worker sends back and the data
 * worker writes to CSV / Parquet), and the output columns every writer appends after the input
 * columns: `Label` and, for classifiers, `Score` (probability of the predicted class) and
 * `Score_<class>` per class — the same names in the CLI and in the browser.
 *
 * Why typed arrays and class indices instead of label strings: a million rows of labels are a
 * million pointers to build, to structured-clone between workers and to garbage-collect; the
 * writers look a label up (`classes[classIndex[r]]`) only when they write the cell.
 */
import type { ProblemType } from '../data/types';
import type { CsvColumn } from '../report/csv';
import type { BundlePrediction, ModelBundle } from './types';

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

/**
 * The output of raw model values: the predicted class is the first one with the largest
 * probability (ties → the lower class code, as `predictBundle` has always chosen).
 * @param values Float64Array: classification nRows × bundle.classes.length, row-major;
 *   regression nRows values. Kept by reference (not copied).
 */
export function outputOfValues(
  bundle: Pick<ModelBundle, 'problemType' | 'classes'>,
  values: Float64Array
): PredictionOutput {
  if (bundle.problemType === 'regression')
    return {
      problemType: 'regression',
      classes: [],
      classIndex: null,
      values,
      nRows: values.length
    };
  const K = bundle.classes.length;
  const n = K > 0 ? Math.floor(values.length / K) : 0;
  const classIndex = new Int32Array(n);
  for (let r = 0, o = 0; r < n; r++, o += K) {
    let best = 0;
    for (let c = 1; c < K; c++) if (values[o + c] > values[o + best]) best = c;
    classIndex[r] = best;
  }
  return {
    problemType: bundle.problemType,
    classes: [...bundle.classes],
    classIndex,
    values,
    nRows: n
  };
}

/** `predictBundle`'s result as a PredictionOutput (the class of each row re-derived from `p.values`). */
export function predictionOutput(
  bundle: Pick<ModelBundle, 'problemType' | 'classes'>,
  p: BundlePrediction
): PredictionOutput {
  return outputOfValues(bundle, p.values);
}

/**
 * Labels per row: class labels (classification) or the predicted values (regression).
 * @returns string[] or the Float64Array `out.values` itself, length out.nRows.
 */
export function outputLabels(out: PredictionOutput): string[] | Float64Array {
  if (!out.classIndex) return out.values;
  const labels: string[] = new Array(out.nRows);
  for (let r = 0; r < out.nRows; r++) labels[r] = out.classes[out.classIndex[r]];
  return labels;
}

/**
 * Probability of the predicted class per row (classification).
 * @returns Float64Array, length out.nRows; null for regression.
 */
export function outputScores(out: PredictionOutput): Float64Array | null {
  if (!out.classIndex) return null;
  const K = out.classes.length;
  const score = new Float64Array(out.nRows);
  for (let r = 0; r < out.nRows; r++) score[r] = out.values[r * K + out.classIndex[r]];
  return score;
}

/**
 * Probability of class k per row.
 * @returns Float64Array, length out.nRows.
 */
export function outputClassColumn(out: PredictionOutput, k: number): Float64Array {
  const K = out.classes.length;
  const col = new Float64Array(out.nRows);
  for (let r = 0, o = k; r < out.nRows; r++, o += K) col[r] = out.values[o];
  return col;
}

/** `base`, or `base_pred`, `base_pred2`, … — the first not in `taken` (then added to it). */
export function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 1; taken.has(name); k++) name = `${base}_pred${k > 1 ? k : ''}`;
  taken.add(name);
  return name;
}

/**
 * Output columns after the input ones: `Label`; classification adds `Score` and `Score_<class>`
 * per class (bundle class order). A name an input column already has gets `_pred`, `_pred2`, …
 * @param taken names already in the file (the input columns); the new names are added to it.
 * @returns Label: string[] (classes) or Float64Array (regression); the scores: Float64Array,
 *   each of length out.nRows.
 */
export function predictionColumns(out: PredictionOutput, taken: Set<string>): CsvColumn[] {
  const cols: CsvColumn[] = [{ name: freeName('Label', taken), values: outputLabels(out) }];
  const score = outputScores(out);
  if (!score) return cols;
  cols.push({ name: freeName('Score', taken), values: score });
  out.classes.forEach((c, k) => {
    cols.push({ name: freeName(`Score_${c}`, taken), values: outputClassColumn(out, k) });
  });
  return cols;
}
