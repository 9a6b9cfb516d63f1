/**
 * Permutation importance on a holdout (Breiman 2001; scikit-learn permutation_importance): the
 * drop of a metric when one raw input column is shuffled across the holdout rows, breaking its
 * link to the target while keeping its distribution, repeated with fresh shuffles. The drop is
 * signed so that positive = the column helps (baseline − shuffled for higher-is-better metrics,
 * shuffled − baseline otherwise).
 */
import type { MetricName } from '../automl/types';
import { predictBundle } from '../bundle/predict';
import type { ModelBundle } from '../bundle/types';
import { checkRows, frameSubset } from '../frame/subset';
import type { Frame, FrameColumn } from '../frame/types';
import { computeMetrics, METRIC_INFO } from '../metrics/index';
import { createRng, shuffleInPlace } from '../rng';
import { explainError, intOption } from './errors';
import type { PermutationImportance } from './types';

export interface PermutationOptions {
  metric: MetricName;
  /** Shuffles per column (default 5). */
  repeats?: number;
  seed: number;
}

/**
 * @param rows Uint32Array: the holdout rows of `frame`.
 * @param target Float64Array, length rows.length: encoded target of those rows (class codes or
 *   values, as EncodedTarget.y).
 * @throws DataValidationError EXPLAIN_OPTION (metric, repeats, target length), SCHEMA_MISMATCH.
 */
export function permutationImportance(
  bundle: ModelBundle,
  frame: Frame,
  rows: Uint32Array,
  target: Float64Array,
  opts: PermutationOptions
): PermutationImportance {
  checkRows(rows, frame.nRows);
  const repeats = intOption('repeats', opts.repeats, 5, 1, 1000);
  if (target.length !== rows.length)
    throw explainError(
      'EXPLAIN_OPTION',
      `target has ${target.length} values for ${rows.length} rows`,
      `cel ma ${target.length} wartości dla ${rows.length} wierszy`,
      { target: target.length, rows: rows.length }
    );
  const info = METRIC_INFO[opts.metric];
  const task = bundle.problemType;
  const K = task === 'regression' ? 1 : bundle.classes.length;
  const score = (f: Frame): number => {
    const v = computeMetrics(task, target, predictBundle(bundle, f).values, K)[opts.metric];
    if (v === undefined)
      throw explainError(
        'EXPLAIN_OPTION',
        `metric ${opts.metric} does not apply to a ${task} model`,
        `metryka ${opts.metric} nie pasuje do modelu typu ${task}`,
        { metric: opts.metric, task }
      );
    return v;
  };
  if (!info)
    throw explainError(
      'EXPLAIN_OPTION',
      `unknown metric ${String(opts.metric)}`,
      `nieznana metryka ${String(opts.metric)}`,
      {
        metric: opts.metric
      }
    );
  const holdout = frameSubset(frame, rows);
  const baseline = score(holdout);
  const rng = createRng(opts.seed);
  const columns = bundle.inputSchema.map((c) => {
    const at = holdout.columns.findIndex((x) => x.name === c.name);
    const drops: number[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      const perm = shuffleInPlace(
        Uint32Array.from({ length: holdout.nRows }, (_, i) => i),
        rng
      );
      const shuffled: Frame = {
        nRows: holdout.nRows,
        columns: holdout.columns.map((col, j) => (j === at ? permuted(col, perm) : col))
      };
      const s = score(shuffled);
      drops.push(info.higherIsBetter ? baseline - s : s - baseline);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const sq = drops.reduce((a, b) => a + (b - mean) ** 2, 0);
    // Population std over the repeats, as scikit-learn's importances_std.
    return { name: c.name, mean, std: Math.sqrt(sq / repeats), repeats: drops };
  });
  columns.sort((a, b) => b.mean - a.mean);
  return { metric: opts.metric, baseline, columns };
}

function permuted(c: FrameColumn, perm: Uint32Array): FrameColumn {
  if (c.kind === 'categorical') return { ...c, codes: Int32Array.from(perm, (i) => c.codes[i]) };
  return { ...c, values: Float64Array.from(perm, (i) => c.values[i]) };
}
