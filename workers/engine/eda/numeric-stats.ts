/**
 * Integer columns with at most VALUE_COUNT_MAX_DISTINCT distinct values (month, hour, a 0/1
 * flag, distances in km…): one GROUP BY per column (UNION ALL per batch) returns the value
 * counts, and every figure below — quantiles, MAD, moments, histogram, outliers — follows
 * exactly from them in JS (same formulas, same type-7 interpolation), in one cheap scan instead
 * of three.
 *
 * Other numeric columns in two scans per batch of EDA_BATCH columns, whatever the number of rows:
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
import type { Histogram, NumericStats, OutlierEda, Quantiles } from './types';
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
import { EXAMPLES, iqrBounds, outlierExprs, readOutliers, robustBounds } from './outliers';

/** Integer columns up to this many distinct values (loader's count) take the value-count path. */
export const VALUE_COUNT_MAX_DISTINCT = 50_000;

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

/** Whether column `c` takes the value-count path. */
function byValueCounts(c: ColumnInfo): boolean {
  const t = c.sqlType;
  return isIntegerSql(t) && !t.includes('HUGEINT') && c.distinct <= VALUE_COUNT_MAX_DISTINCT;
}

/** Type-7 quantile of a weighted sorted sample: values `v` ascending, cumulative counts `cum`. */
function weightedQuantile(v: Float64Array, cum: Float64Array, n: number, p: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const at = (k: number) => {
    // first value whose cumulative count exceeds order index k (0-based)
    let a = 0;
    let b = cum.length - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m] > k) b = m;
      else a = m + 1;
    }
    return v[a];
  };
  const x = at(lo);
  const y = at(Math.min(lo + 1, n - 1));
  return x + (h - lo) * (y - x);
}

/** Values and counts sorted ascending by value, with cumulative counts. */
function sortedCounts(values: number[], counts: number[]) {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const v = Float64Array.from(order, (i) => values[i]);
  const c = Float64Array.from(order, (i) => counts[i]);
  const cum = new Float64Array(c.length);
  let acc = 0;
  for (let i = 0; i < c.length; i++) cum[i] = acc += c[i];
  return { v, c, cum, n: acc };
}

/** Up to `k` values (with multiplicity) from the value-count list, in the order of `idx`. */
function takeValues(v: Float64Array, c: Float64Array, idx: Iterable<number>, k: number): number[] {
  const out: number[] = [];
  for (const i of idx) {
    for (let r = 0; r < c[i] && out.length < k; r++) out.push(v[i]);
    if (out.length >= k) break;
  }
  return out;
}

/**
 * Every figure of one column from its value counts (values as doubles, no NULLs): the same
 * definitions as the SQL passes, so the two paths agree (see the file comment).
 */
function statsFromCounts(
  name: string,
  values: number[],
  counts: number[],
  bins: number
): { stats: NumericStats; outliers: OutlierEda | null } {
  const { v, c, cum, n } = sortedCounts(values, counts);
  const u = v.length;
  const empty: NumericStats = {
    mean: null,
    std: null,
    min: null,
    max: null,
    sum: null,
    quantiles: null,
    iqr: null,
    skewness: null,
    kurtosis: null,
    zeros: 0,
    negatives: 0,
    zerosShare: 0,
    cv: null,
    histogram: { edges: [], counts: [] }
  };
  if (n === 0) return { stats: empty, outliers: null };
  let sum = 0;
  let zeros = 0;
  let negatives = 0;
  for (let i = 0; i < u; i++) {
    sum += v[i] * c[i];
    if (v[i] === 0) zeros += c[i];
    else if (v[i] < 0) negatives += c[i];
  }
  const mean = sum / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < u; i++) {
    const d = v[i] - mean;
    const d2 = d * d;
    s2 += c[i] * d2;
    s3 += c[i] * d2 * d;
    s4 += c[i] * d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(s2 / (n - 1)) : null;
  const q = (p: number) => weightedQuantile(v, cum, n, p);
  const quantiles: Quantiles = {
    p5: q(0.05),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    p95: q(0.95)
  };
  const min = v[0];
  const max = v[u - 1];
  // MAD: the type-7 median of |x − median| over the same value counts.
  const med = quantiles.p50;
  const dev = sortedCounts(
    Array.from(v, (x) => Math.abs(x - med)),
    Array.from(c)
  );
  const mad = weightedQuantile(dev.v, dev.cum, n, 0.5);
  const hist = new Array<number>(max === min ? 1 : bins).fill(0);
  for (let i = 0; i < u; i++) {
    const b = max === min ? 0 : Math.min(Math.floor(((v[i] - min) / (max - min)) * bins), bins - 1);
    hist[b] += c[i];
  }
  const fence = ([lo, hi]: [number, number]) => {
    let k = 0;
    const below: number[] = [];
    const above: number[] = [];
    for (let i = 0; i < u; i++) {
      if (v[i] < lo) {
        k += c[i];
        below.push(i);
      } else if (v[i] > hi) {
        k += c[i];
        above.push(i);
      }
    }
    return {
      count: k,
      // As min(x, 5) / max(x, 5) of the SQL path: the 5 smallest below, the 5 largest above.
      lo: takeValues(v, c, below, EXAMPLES),
      hi: takeValues(v, c, above.reverse(), EXAMPLES)
    };
  };
  const iqr = fence(iqrBounds(quantiles));
  const rb = robustBounds(med, mad);
  const rob = rb ? fence(rb) : { count: 0, lo: [], hi: [] };
  const row: Record<string, unknown> = {
    oin0: iqr.count,
    oilo0: iqr.lo,
    oihi0: iqr.hi,
    orn0: rob.count,
    orlo0: rob.lo,
    orhi0: rob.hi
  };
  return {
    stats: {
      mean,
      std,
      min,
      max,
      sum,
      quantiles,
      iqr: quantiles.p75 - quantiles.p25,
      ...moments(n, s2, s3, s4),
      zeros,
      negatives,
      zerosShare: zeros / n,
      cv: std !== null && mean !== 0 ? std / Math.abs(mean) : null,
      histogram: { edges: histogramEdges(min, max, bins), counts: hist }
    },
    outliers: readOutliers(row, 0, name, n, quantiles, mad)
  };
}

/** The value-count path for `batch` (one UNION ALL query). */
async function countedStats(
  db: SqlRunner,
  table: string,
  batch: readonly ColumnInfo[],
  bins: number,
  stats: Map<string, NumericStats>,
  outliers: Map<string, OutlierEda>
): Promise<void> {
  const parts = batch.map((c, j) => {
    const q = ident(c.name);
    return `(SELECT ${j} AS c, CAST(${q} AS DOUBLE) AS v, count(*) AS n FROM ${ident(table)} WHERE ${q} IS NOT NULL GROUP BY ${q})`;
  });
  const t = await db.query(parts.join(' UNION ALL '));
  const cs = t.getChild('c')!.toArray() as ArrayLike<number>;
  const vs = t.getChild('v')!.toArray() as ArrayLike<number>;
  const ns = t.getChild('n')!.toArray() as ArrayLike<number | bigint>;
  const values = batch.map(() => [] as number[]);
  const counts = batch.map(() => [] as number[]);
  for (let i = 0; i < t.numRows; i++) {
    values[cs[i]].push(vs[i]);
    counts[cs[i]].push(Number(ns[i]));
  }
  batch.forEach((c, j) => {
    const r = statsFromCounts(c.name, values[j], counts[j], bins);
    stats.set(c.name, r.stats);
    if (r.outliers) outliers.set(c.name, r.outliers);
  });
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
  const byName = new Map<string, OutlierEda>();
  for (const batch of chunks(cols.filter(byValueCounts), EDA_BATCH)) {
    await countedStats(db, table, batch, bins, stats, byName);
  }
  for (const batch of chunks(
    cols.filter((c) => !byValueCounts(c)),
    EDA_BATCH
  )) {
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
        byName.set(c.name, readOutliers(b, j, c.name, p.n, quantiles, p.mad));
      }
      const m = moments(p.n, count(b[`s2${j}`]), count(b[`s3${j}`]), count(b[`s4${j}`]));
      stats.set(c.name, { ...p.stats, ...m, histogram });
    });
  }
  // Outliers in column order, whichever path computed them.
  const outliers = cols.flatMap((c) => byName.get(c.name) ?? []);
  return { stats, outliers };
}
