/**
 * Numeric columns in two scans per batch of EDA_BATCH columns, whatever the number of rows:
 *  - pass A: count, mean, sample std, min, max, sum, quantiles (quantile_cont = type 7), zeros,
 *    negatives and the MAD;
 *  - pass B (needs pass A's figures): the histogram of every column , skewness and excess kurtosis (both
 *    bias-corrected, as pandas) of x − mean, and the outlier counts/examples (outliers.ts).
 * Histogram bin of x: floor((x − min) / (max − min) · bins), clamped to bins − 1, so the last
 * bin is closed; edges[i] = min + i · (max − min) / bins. A constant column has one bin.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';
import type { Histogram, NumericStats, OutlierEda } from './types';
import { isIntegerSql } from '../data/sql-types';
import {
  allRows,
  asDouble,
  chunks,
  count,
  dbl,
  EDA_BATCH,
  firstRow,
  num,
  numList
} from './sql-util';
import { outlierExprs, readOutliers } from './outliers';

/** What pass A returns per column (pass B needs min/max/quartiles/median/MAD). */
interface PassA {
  n: number;
  stats: Omit<NumericStats, 'histogram'>;
  mad: number | null;
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

/** Quantiles on the native column are ~5× faster than on a DOUBLE cast (no materialised cast). */
function quantileInput(c: ColumnInfo): string {
  const t = c.sqlType;
  const native = t === 'DOUBLE' || t === 'FLOAT' || (isIntegerSql(t) && !t.includes('HUGEINT'));
  return native ? ident(c.name) : asDouble(c.name);
}

/**
 * Bias-corrected skewness G1 and excess kurtosis G2 (pandas `skew` / `kurt`) from the sums of
 * the 2nd, 3rd and 4th powers of x − mean over n values.
 */
export function moments(n: number, s2: number, s3: number, s4: number) {
  const m2 = s2 / n;
  if (!(m2 > 0)) return { skewness: null, kurtosis: null };
  const g1 = s3 / n / m2 ** 1.5;
  const skewness = n > 2 ? (Math.sqrt(n * (n - 1)) / (n - 2)) * g1 : null;
  const kurtosis =
    n > 3 ? ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (s4 / n / (m2 * m2)) - 3 * (n - 1)) : null;
  return { skewness, kurtosis };
}

function passAExprs(c: ColumnInfo, j: number): string[] {
  const x = asDouble(c.name);
  return [
    `count(${x}) AS n${j}`,
    `avg(${x}) AS mean${j}`,
    `stddev_samp(${x}) AS sd${j}`,
    `min(${x}) AS lo${j}`,
    `max(${x}) AS hi${j}`,
    `sum(${x}) AS sum${j}`,
    `quantile_cont(${quantileInput(c)}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS q${j}`,
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
      skewness: null,
      kurtosis: null,
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
        `SELECT ${batch.flatMap((c, j) => passAExprs(c, j)).join(', ')} FROM ${ident(table)}`
      )
    );
    const passA = batch.map((_, j) => readPassA(a, j));
    const bExprs: string[] = [];
    const hists: string[] = [];
    batch.forEach((c, j) => {
      const p = passA[j];
      const { min, max, quantiles } = p.stats;
      if (p.n === 0 || min === null || max === null || !quantiles) return;
      const x = asDouble(c.name);
      // Centred power sums (products, not power(): 10× faster); DuckDB's own skewness() sums
      // raw powers, which loses digits far from 0 (years…), and is slower.
      const d = `(${x} - ${dbl(p.stats.mean ?? 0)})`;
      bExprs.push(`sum(${d} * ${d}) AS s2${j}`, `sum(${d} * ${d} * ${d}) AS s3${j}`);
      bExprs.push(`sum(${d} * ${d} * ${d} * ${d}) AS s4${j}`);
      // least() skips NULLs, so missing values are filtered out of the histogram explicitly.
      hists.push(
        `(SELECT ${j} AS c, ${binExpr(x, min, max, bins)} AS b, count(*) AS n FROM ${ident(table)} WHERE ${x} IS NOT NULL GROUP BY 2)`
      );
      bExprs.push(...outlierExprs(x, j, quantiles, p.mad));
    });
    const b = bExprs.length
      ? firstRow(await db.query(`SELECT ${bExprs.join(', ')} FROM ${ident(table)}`))
      : {};
    const counts = batch.map(() => new Array<number>(bins).fill(0));
    if (hists.length) {
      for (const r of allRows(await db.query(hists.join(' UNION ALL ')))) {
        const b = count(r.b);
        if (b >= 0 && b < bins) counts[count(r.c)][b] += count(r.n);
      }
    }
    batch.forEach((c, j) => {
      const p = passA[j];
      const { min, max, quantiles } = p.stats;
      let histogram: Histogram = { edges: [], counts: [] };
      if (p.n > 0 && min !== null && max !== null && quantiles) {
        const nb = max === min ? 1 : bins;
        histogram = {
          edges: histogramEdges(min, max, bins),
          counts: counts[j].slice(0, nb)
        };
        outliers.push(readOutliers(b, j, c.name, p.n, quantiles, p.mad));
      }
      const m = moments(p.n, count(b[`s2${j}`]), count(b[`s3${j}`]), count(b[`s4${j}`]));
      stats.set(c.name, { ...p.stats, ...m, histogram });
    });
  }
  return { stats, outliers };
}
