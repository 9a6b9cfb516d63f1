/**
 * Small-matrix and in-memory statistics used on the relation sample (JS, not SQL): pairwise
 * Pearson, average ranks, type-7 quantiles, Gauss–Jordan inversion, a seeded RNG.
 */

/** Pearson r over the rows where both x and y are finite (two-pass); null below 2 rows or zero variance. */
export function pearson(x: Float64Array, y: Float64Array): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === a && b === b) {
      n++;
      sx += a;
      sy += b;
    }
  }
  if (n < 2) return null;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === a && b === b) {
      const dx = a - mx;
      const dy = b - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Average ranks (1-based; ties share the mean of their positions) of the finite entries of
 * `x`; NaN stays NaN. Float64Array, same length as x.
 */
export function averageRanks(x: Float64Array): Float64Array {
  // Native numeric sort of the values (no comparator: ~10× faster than sorting indices), then
  // each value's average rank by binary search among the distinct values.
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) m++;
  const sorted = new Float64Array(m);
  m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) sorted[m++] = x[i];
  sorted.sort();
  const uniq = new Float64Array(m);
  const avg = new Float64Array(m);
  let u = 0;
  let i = 0;
  while (i < m) {
    let j = i;
    while (j + 1 < m && sorted[j + 1] === sorted[i]) j++;
    uniq[u] = sorted[i];
    avg[u++] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const ranks = new Float64Array(x.length).fill(NaN);
  for (let k = 0; k < x.length; k++) {
    const v = x[k];
    if (v !== v) continue;
    let a = 0;
    let b = u - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (uniq[mid] < v) a = mid + 1;
      else b = mid;
    }
    ranks[k] = avg[a];
  }
  return ranks;
}

/** Type-7 quantile (linear interpolation) of an ascending-sorted array; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Inverse of a square matrix (Gauss–Jordan, partial pivoting), or null when a pivot is below
 * `eps` (singular for practical purposes).
 */
export function invert(m: readonly (readonly number[])[], eps = 1e-12): number[][] | null {
  const k = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < eps) return null;
    [a[c], a[p]] = [a[p], a[c]];
    const piv = a[c][c];
    for (let j = 0; j < 2 * k; j++) a[c][j] /= piv;
    for (let r = 0; r < k; r++) {
      if (r === c || a[r][c] === 0) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(k));
}

/** mulberry32: a small seeded RNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
