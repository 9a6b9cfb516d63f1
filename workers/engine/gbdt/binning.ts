/**
 * Binning: every feature becomes a Uint8Array of bin indices (column-major, one array per feature),
 * the input of histogram building. Numeric features get up to `maxBins` bins whose edges are the
 * midpoints between distinct values (few distinct values) or midpoint percentiles of a seeded
 * sample of ≤ 200,000 rows — scikit-learn's `_find_binning_thresholds`. Categorical features (integer
 * codes 0 … 255, at most `maxBins` distinct) get one bin per category seen, in code order.
 * Bin MISSING_BIN (255) is reserved for missing values whatever the feature's bin count.
 *
 * Bin rule (numeric, scikit-learn's): x goes to bin i when edges[i − 1] < x ≤ edges[i]. A split
 * "bin ≤ b → left" becomes the raw rule "x < nextUp(edges[b])" of the flat format, exact for every
 * double: x ≤ e ⇔ x < nextUp(e).
 */
import type { FeatureKind } from './params';
import { createRng, sampleWithoutReplacement } from '../rng';

/** Bin index reserved for missing values (and unseen categories). */
export const MISSING_BIN = 255;
/** Histogram slots per feature: 255 value bins + the missing bin. */
export const HIST_BINS = 256;
/** Rows sampled to find numeric bin edges. */
export const BINNING_SAMPLE = 200_000;

export interface BinMapper {
  nFeatures: number;
  /** Int32Array, length nFeatures: value bins per feature (missing bin not counted). */
  nBins: Int32Array;
  /** Uint8Array, length nFeatures: 1 when the feature is binned as categories. */
  isCategorical: Uint8Array;
  /**
   * Per feature: numeric → Float64Array, length nBins − 1, bin upper edges (ascending);
   * categorical → Float64Array, length nBins, the category code of each bin.
   */
  edges: Float64Array[];
}

export interface BinningOptions {
  maxBins: number;
  seed: number;
  /** Rows used to find edges (default 200,000). */
  sampleSize?: number;
  /** Uint32Array of the training rows to bin from (default: all rows). */
  rows?: Uint32Array;
}

/** The smallest double greater than x (x finite). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? 1n : -1n;
  return f[0];
}

/** Sorted distinct non-missing values of `col` at `rows`. @returns Float64Array, ascending. */
function distinctSorted(
  col: Float64Array,
  rows: Uint32Array
): { sorted: Float64Array; distinct: Float64Array } {
  const vals: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = col[rows[i]];
    if (v === v) vals.push(v);
  }
  const sorted = Float64Array.from(vals).sort();
  let n = 0;
  const distinct = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct[n++] = sorted[i];
  return { sorted, distinct: distinct.slice(0, n) };
}

/** numpy.percentile(method="midpoint") of an ascending array. */
function percentileMidpoint(sorted: Float64Array, q: number): number {
  const idx = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(idx);
  if (idx === lo) return sorted[lo];
  return (sorted[lo] + sorted[lo + 1]) / 2;
}

function numericEdges(sorted: Float64Array, distinct: Float64Array, maxBins: number): Float64Array {
  if (distinct.length <= maxBins) {
    const e = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < e.length; i++) e[i] = (distinct[i] + distinct[i + 1]) * 0.5;
    return e;
  }
  const e = new Float64Array(maxBins - 1);
  for (let i = 0; i < e.length; i++) e[i] = percentileMidpoint(sorted, (100 * (i + 1)) / maxBins);
  return e;
}

function usableCategories(distinct: Float64Array, maxBins: number): boolean {
  if (distinct.length > maxBins) return false;
  for (const c of distinct) if (!Number.isInteger(c) || c < 0 || c >= HIST_BINS) return false;
  return true;
}

/**
 * Finds bin edges / categories of every feature.
 * @param columns Float64Array per feature, each of length nRows; NaN = missing.
 * @param kinds length nFeatures. A 'categorical' feature whose codes are not integers in 0 … 255 or
 *   that has more than maxBins categories is binned as numeric codes.
 */
export function fitBinMapper(
  columns: Float64Array[],
  kinds: FeatureKind[],
  opts: BinningOptions
): BinMapper {
  const nFeatures = columns.length;
  const nRows = nFeatures ? columns[0].length : 0;
  const pick = sampleWithoutReplacement(
    opts.rows ? opts.rows.length : nRows,
    opts.sampleSize ?? BINNING_SAMPLE,
    createRng(opts.seed)
  );
  const rows = opts.rows ? pick.map((i) => (opts.rows as Uint32Array)[i]) : pick;
  const nBins = new Int32Array(nFeatures);
  const isCategorical = new Uint8Array(nFeatures);
  const edges: Float64Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const { sorted, distinct } = distinctSorted(columns[f], rows);
    if (kinds[f] === 'categorical' && usableCategories(distinct, opts.maxBins)) {
      isCategorical[f] = 1;
      edges.push(distinct);
      nBins[f] = Math.max(1, distinct.length);
    } else {
      const e = numericEdges(sorted, distinct, opts.maxBins);
      edges.push(e);
      nBins[f] = e.length + 1;
    }
  }
  return { nFeatures, nBins, isCategorical, edges };
}

/** Bin of one numeric value: the number of edges strictly below x (edges ascending). */
function numericBin(e: Float64Array, x: number): number {
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= e[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Maps raw columns to bins.
 * @param columns Float64Array per feature, each of length nRows; NaN = missing.
 * @returns Uint8Array per feature, each of length nRows; MISSING_BIN for missing / unseen categories.
 */
export function binColumns(mapper: BinMapper, columns: Float64Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let f = 0; f < mapper.nFeatures; f++) {
    const col = columns[f];
    const bins = new Uint8Array(col.length);
    const e = mapper.edges[f];
    if (mapper.isCategorical[f]) {
      const lut = new Uint8Array(HIST_BINS).fill(MISSING_BIN);
      for (let b = 0; b < e.length; b++) lut[e[b]] = b;
      for (let i = 0; i < col.length; i++) {
        const x = col[i];
        bins[i] = x >= 0 && x < HIST_BINS && Number.isInteger(x) ? lut[x] : MISSING_BIN;
      }
    } else {
      for (let i = 0; i < col.length; i++) {
        const x = col[i];
        bins[i] = x === x ? numericBin(e, x) : MISSING_BIN;
      }
    }
    out.push(bins);
  }
  return out;
}

/**
 * Raw threshold of the numeric split "bin ≤ b → left": every value binned ≤ b is < it and every
 * value binned > b is ≥ it. b = nBins − 1 (all values left, only missing right) gives +Infinity.
 */
export function rawThreshold(mapper: BinMapper, feature: number, bin: number): number {
  const e = mapper.edges[feature];
  return bin < e.length ? nextUp(e[bin]) : Infinity;
}
