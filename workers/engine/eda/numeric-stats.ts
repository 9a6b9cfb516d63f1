/**
 * Numeric columns in two scans per batch of EDA_BATCH columns, whatever the number of rows:
 *  - pass A: count, mean, sample std, min, max, sum, quantiles (quantile_cont = type 7), skewness
 *    and excess kurtosis (both bias-corrected, as pandas), zeros, negatives and the MAD;
 *  - pass B (needs pass A's min/max, quartiles, median and MAD): the histogram of every column
 *    through DuckDB's `histogram()` aggregate over a bin index, and the outlier counts/examples
 *    (outliers.ts builds those expressions).
 * Histogram bin of x: floor((x − min) / (max − min) · bins), clamped to bins − 1, so the last
 * bin is closed; edges[i] = min + i · (max − min) / bins. A constant column has one bin.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';
import type { Histogram, NumericStats, OutlierEda } from './types';
import { asDouble, chunks, count, dbl, EDA_BATCH, firstRow, num, numList } from './sql-util';
import { outlierExprs, readOutliers } from './outliers';

/** What pass A returns per column (pass B needs min/max/quartiles/median/MAD). */
interface PassA {
  n: number;
  stats: Omit<NumericStats, 'histogram'>;
  mad: number | null;
}

/** Reads the `histogram()` map printed as text: "{0=12, 3=5}" → counts per bin. */
export function parseHistogramMap(text: unknown, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  if (typeof text !== 'string') return counts;
  for (const m of text.matchAll(/(-?\d+)=(\d+)/g)) {
    const b = Number(m[1]);
    if (b >= 0 && b < bins) counts[b] += Number(m[2]);
  }
  return counts;
}

/** Bin edges of an equal-width histogram over [min, max] (one bin when min = max). */
export function histogramEdges(min: number, max: number, bins: number): number[] {
  if (max === min) return [min, max];
  const w = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * w));
}

/** The SQL bin index of `x` (a DOUBLE expression), matching the file comment's definition. */
export function binExpr(x: string, min: number, max: number, bins: number): string {
  if (max === min) return '0';
  return `least(CAST(floor((${x} - ${dbl(min)}) / (${dbl(max)} - ${dbl(min)}) * ${bins}) AS INTEGER), ${bins - 1})`;
}

function passAExprs(name: string, j: number): string[] {
  const x = asDouble(name);
  return [
    `count(${x}) AS n${j}`,
    `avg(${x}) AS mean${j}`,
    `stddev_samp(${x}) AS sd${j}`,
    `min(${x}) AS lo${j}`,
    `max(${x}) AS hi${j}`,
    `sum(${x}) AS sum${j}`,
    `quantile_cont(${x}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS q${j}`,
    `skewness(${x}) AS sk${j}`,
    `kurtosis(${x}) AS ku${j}`,
    `count_if(${x} = 0) AS z${j}`,
    `count_if(${x} < 0) AS neg${j}`,
    `mad(${x}) AS mad${j}`
  ];
}

function readPassA(r: Record<string, unknown>, j: number): PassA {
  const n = count(r[`n${j}`]);
  const q = numList(r[`q${j}`]);
  const quantiles =
    q.length === 5 ? { p5: q[0], p25: q[1], p50: q[2], p75: q[3], p95: q[4] } : null;
  const mean = num(r[`mean${j}`]);
  const std = n > 1 ? num(r[`sd${j}`]) : null;
  const zeros = count(r[`z${j}`]);
  return {
    n,
    mad: num(r[`mad${j}`]),
    stats: {
      mean,
      std,
      min: num(r[`lo${j}`]),
      max: num(r[`hi${j}`]),
      sum: num(r[`sum${j}`]),
      quantiles,
      iqr: quantiles ? quantiles.p75 - quantiles.p25 : null,
      skewness: n > 2 ? num(r[`sk${j}`]) : null,
      kurtosis: n > 3 ? num(r[`ku${j}`]) : null,
      zeros,
      negatives: count(r[`neg${j}`]),
      zerosShare: n ? zeros / n : 0,
      cv: mean !== null && std !== null && mean !== 0 ? std / Math.abs(mean) : null
    }
  };
}

/**
 * Statistics, histograms and outliers of the numeric (integer, numeric) columns of `table`.
 * Returns maps keyed by column name; columns with no values get empty histograms and no outliers.
 */
export async function numericStats(
  db: SqlRunner,
  table: string,
  cols: readonly ColumnInfo[],
  bins: number
): Promise<{ stats: Map<string, NumericStats>; outliers: OutlierEda[] }> {
  const stats = new Map<string, NumericStats>();
  const outliers: OutlierEda[] = [];
  for (const batch of chunks(cols, EDA_BATCH)) {
    const a = firstRow(
      await db.query(
        `SELECT ${batch.flatMap((c, j) => passAExprs(c.name, j)).join(', ')} FROM ${ident(table)}`
      )
    );
    const passA = batch.map((_, j) => readPassA(a, j));
    const bExprs: string[] = [];
    batch.forEach((c, j) => {
      const p = passA[j];
      const { min, max, quantiles } = p.stats;
      if (p.n === 0 || min === null || max === null || !quantiles) return;
      const x = asDouble(c.name);
      bExprs.push(`CAST(histogram(${binExpr(x, min, max, bins)}) AS VARCHAR) AS h${j}`);
      bExprs.push(...outlierExprs(x, j, quantiles, p.mad));
    });
    const b = bExprs.length
      ? firstRow(await db.query(`SELECT ${bExprs.join(', ')} FROM ${ident(table)}`))
      : {};
    batch.forEach((c, j) => {
      const p = passA[j];
      const { min, max, quantiles } = p.stats;
      let histogram: Histogram = { edges: [], counts: [] };
      if (p.n > 0 && min !== null && max !== null && quantiles) {
        const nb = max === min ? 1 : bins;
        histogram = { edges: histogramEdges(min, max, bins), counts: parseHistogramMap(b[`h${j}`], nb) };
        outliers.push(readOutliers(b, j, c.name, p.n, quantiles, p.mad));
      }
      stats.set(c.name, { ...p.stats, histogram });
    });
  }
  return { stats, outliers };
}
