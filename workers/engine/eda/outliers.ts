/**
 * Outlier rules per numeric column, evaluated inside numeric-stats.ts's second scan:
 *  - IQR (Tukey): x < p25 − 1.5·IQR or x > p75 + 1.5·IQR;
 *  - robust z (Iglewicz–Hoaglin): |x − median| / (1.4826 · MAD) > 3.5, evaluated as
 *    x outside median ± 3.5 · 1.4826 · MAD (MAD = median of |x − median|, type-7 medians);
 *    skipped (null) when MAD is 0.
 * Examples: up to 5 flagged values, the farthest from the median first.
 */
import type { OutlierEda, Quantiles } from './types';
import { count, dbl, numList } from './sql-util';

export const IQR_FACTOR = 1.5;
export const ROBUST_Z_THRESHOLD = 3.5;
/** Makes the MAD a consistent estimator of σ for normal data. */
export const MAD_SCALE = 1.4826;
export const EXAMPLES = 5;

/** IQR fences. */
export function iqrBounds(q: Quantiles): [number, number] {
  const iqr = q.p75 - q.p25;
  return [q.p25 - IQR_FACTOR * iqr, q.p75 + IQR_FACTOR * iqr];
}

/** Robust-z fences, or null when MAD is 0 or unknown. */
export function robustBounds(median: number, mad: number | null): [number, number] | null {
  if (mad === null || !(mad > 0)) return null;
  const d = ROBUST_Z_THRESHOLD * MAD_SCALE * mad;
  return [median - d, median + d];
}

function fenceExprs(x: string, tag: string, j: number, [lo, hi]: [number, number]): string[] {
  return [
    `count_if(${x} < ${dbl(lo)} OR ${x} > ${dbl(hi)}) AS ${tag}n${j}`,
    `min(${x}, ${EXAMPLES}) FILTER (WHERE ${x} < ${dbl(lo)}) AS ${tag}lo${j}`,
    `max(${x}, ${EXAMPLES}) FILTER (WHERE ${x} > ${dbl(hi)}) AS ${tag}hi${j}`
  ];
}

/** Aggregate expressions for column expression `x` (DOUBLE), aliased with index `j`. */
export function outlierExprs(x: string, j: number, q: Quantiles, mad: number | null): string[] {
  const out = fenceExprs(x, 'oi', j, iqrBounds(q));
  const rb = robustBounds(q.p50, mad);
  if (rb) out.push(...fenceExprs(x, 'or', j, rb));
  return out;
}

function examples(r: Record<string, unknown>, tag: string, j: number, median: number): number[] {
  return [...numList(r[`${tag}lo${j}`]), ...numList(r[`${tag}hi${j}`])]
    .sort((a, b) => Math.abs(b - median) - Math.abs(a - median) || a - b)
    .slice(0, EXAMPLES);
}

/** Reads the outlier figures of column `name` (n non-missing values) from the pass-B row. */
export function readOutliers(
  r: Record<string, unknown>,
  j: number,
  name: string,
  n: number,
  q: Quantiles,
  mad: number | null
): OutlierEda {
  const [lower, upper] = iqrBounds(q);
  const iqrCount = count(r[`oin${j}`]);
  const rb = robustBounds(q.p50, mad);
  const robCount = count(r[`orn${j}`]);
  return {
    column: name,
    iqr: {
      lower,
      upper,
      count: iqrCount,
      share: n ? iqrCount / n : 0,
      examples: examples(r, 'oi', j, q.p50)
    },
    robustZ: rb
      ? {
          median: q.p50,
          mad: mad as number,
          threshold: ROBUST_Z_THRESHOLD,
          count: robCount,
          share: n ? robCount / n : 0,
          examples: examples(r, 'or', j, q.p50)
        }
      : null
  };
}
