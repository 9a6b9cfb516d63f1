/**
 * Backgrounds for interventional SHAP: the reference rows that "absent" features are drawn from.
 * A background is a design matrix plus a weight per row (weights sum to 1): either a uniform
 * sample of rows or k-means centroids weighted by cluster size (shap's `kmeans` summary). The
 * weighted mean of k-means centroids equals the data mean exactly, so linear SHAP against a
 * k-means background equals linear SHAP against the full data.
 */
import { createRng, sampleWithoutReplacement } from '../rng';
import type { DesignMatrix } from '../models/types';
import { explainError } from './errors';

export interface Background {
  /** The reference rows (design features, same columns as the explained rows). */
  X: DesignMatrix;
  /** Float64Array, length X.nRows: row weights, summing to 1. */
  weights: Float64Array;
}

/** Rows `idx` of a design matrix. */
export function designRows(X: DesignMatrix, idx: ArrayLike<number>): DesignMatrix {
  return {
    ...X,
    nRows: idx.length,
    columns: X.columns.map((c) => Float64Array.from(idx, (i) => c[i]))
  };
}

function checkNonEmpty(X: DesignMatrix): void {
  if (X.nRows < 1)
    throw explainError(
      'EMPTY_BACKGROUND',
      'the background has no rows',
      'tło (background) nie ma żadnych wierszy',
      { rows: X.nRows }
    );
}

/** Every row with weight 1 / n. */
export function fullBackground(X: DesignMatrix): Background {
  checkNonEmpty(X);
  return { X, weights: new Float64Array(X.nRows).fill(1 / X.nRows) };
}

/** A uniform sample of `size` rows (all rows when there are fewer), equal weights. */
export function sampleBackground(X: DesignMatrix, size: number, seed: number): Background {
  checkNonEmpty(X);
  if (X.nRows <= size) return fullBackground(X);
  return fullBackground(designRows(X, sampleWithoutReplacement(X.nRows, size, createRng(seed))));
}

/** Whether k-means can summarise X: every feature numeric and no missing value. */
export function kmeansApplies(X: DesignMatrix): boolean {
  if (X.kinds.some((k) => k !== 'numeric')) return false;
  return X.columns.every((c) => {
    for (let i = 0; i < X.nRows; i++) if (Number.isNaN(c[i])) return false;
    return true;
  });
}

/**
 * k-means (k-means++ seeding, Lloyd iterations until no row moves or 100 sweeps) centroids,
 * weighted by cluster size / n. Falls back to a row sample when X has categories or NaN (a
 * centroid of category codes or of missing values means nothing).
 */
export function kmeansBackground(X: DesignMatrix, k: number, seed: number): Background {
  checkNonEmpty(X);
  if (X.nRows <= k) return fullBackground(X);
  if (!kmeansApplies(X)) return sampleBackground(X, k, seed);
  const n = X.nRows;
  const p = X.columns.length;
  const rng = createRng(seed);
  // Row-major copy: distance loops read one row at a time.
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[i * p + j] = X.columns[j][i];
  const cent = new Float64Array(k * p);
  const d2 = new Float64Array(n).fill(Infinity);
  const dist = (i: number, c: number): number => {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const d = data[i * p + j] - cent[c * p + j];
      s += d * d;
    }
    return s;
  };
  let first = rng.int(n);
  for (let c = 0; c < k; c++) {
    cent.set(data.subarray(first * p, first * p + p), c * p);
    let total = 0;
    for (let i = 0; i < n; i++) total += d2[i] = Math.min(d2[i], dist(i, c));
    // k-means++: the next seed is drawn with probability ∝ squared distance.
    let u = rng.next() * total;
    first = n - 1;
    for (let i = 0; i < n; i++)
      if ((u -= d2[i]) < 0) {
        first = i;
        break;
      }
  }
  const assign = new Int32Array(n).fill(-1);
  const count = new Float64Array(k);
  for (let sweep = 0; sweep < 100; sweep++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = dist(i, c);
        if (d < bestD) [best, bestD] = [c, d];
      }
      if (assign[i] !== best) moved++;
      assign[i] = best;
    }
    if (moved === 0 && sweep > 0) break;
    count.fill(0);
    const sum = new Float64Array(k * p);
    for (let i = 0; i < n; i++) {
      const c = assign[i];
      count[c]++;
      for (let j = 0; j < p; j++) sum[c * p + j] += data[i * p + j];
    }
    // An empty cluster keeps its old centroid (it gets weight 0 below and is dropped).
    for (let c = 0; c < k; c++)
      if (count[c] > 0) for (let j = 0; j < p; j++) cent[c * p + j] = sum[c * p + j] / count[c];
  }
  const kept = [...count.keys()].filter((c) => count[c] > 0);
  return {
    X: {
      ...X,
      nRows: kept.length,
      columns: X.columns.map((_, j) => Float64Array.from(kept, (c) => cent[c * p + j]))
    },
    weights: Float64Array.from(kept, (c) => count[c] / n)
  };
}
