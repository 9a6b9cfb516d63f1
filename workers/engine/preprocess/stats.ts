/**
 * Statistics the pipeline fits, with numpy's definitions so fitted values match scikit-learn:
 * median = np.median (mean of the two middle values), quantiles = np.percentile 'linear', standard
 * deviation = population (ddof 0, StandardScaler), sums in input order.
 */
import type { ScalerKind } from './options';

/** Non-NaN values of `values` at `rows`. @returns Float64Array, length ≤ rows.length. */
export function presentAt(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.slice(0, k);
}

export function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : NaN;
}

/** Population standard deviation (two-pass, as numpy's var). */
export function std(x: Float64Array, m = mean(x)): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return x.length ? Math.sqrt(s / x.length) : NaN;
}

/** np.percentile(x, 100·q), linear interpolation; NaN for empty x. `x` need not be sorted. */
export function quantile(x: Float64Array, q: number): number {
  if (!x.length) return NaN;
  const s = Float64Array.from(x).sort();
  return sortedQuantile(s, q);
}

function sortedQuantile(s: Float64Array, q: number): number {
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  const f = pos - lo;
  return f === 0 ? s[lo] : s[lo] + (s[hi] - s[lo]) * f;
}

/** np.median: the middle value, or the mean of the two middle values (quickselect, O(n)). */
export function median(x: Float64Array): number {
  if (!x.length) return NaN;
  const a = Float64Array.from(x);
  const h = a.length >> 1;
  const hi = select(a, h);
  if (a.length % 2) return hi;
  // After select, a[0 … h − 1] hold the h smallest values: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < h; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

/** Rearranges `a` so that a[k] is the k-th smallest, smaller ones before it (Hoare quickselect). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // Median of three as the pivot: sorted data stays O(n).
    const p = med3(a[left], a[mid], a[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

function med3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/**
 * (x − center) / scale of a scikit-learn scaler fitted on `x` (already imputed). A zero spread
 * gives scale 1, as scikit-learn does.
 */
export function fitScaler(x: Float64Array, kind: ScalerKind): { center: number; scale: number } {
  if (kind === 'none' || !x.length) return { center: 0, scale: 1 };
  let center: number;
  let spread: number;
  if (kind === 'standard') {
    center = mean(x);
    spread = std(x, center);
  } else if (kind === 'robust') {
    const s = Float64Array.from(x).sort();
    center = s.length % 2 ? s[s.length >> 1] : (s[(s.length >> 1) - 1] + s[s.length >> 1]) / 2;
    spread = sortedQuantile(s, 0.75) - sortedQuantile(s, 0.25);
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    center = lo;
    spread = hi - lo;
  }
  return { center, scale: spread > 0 && Number.isFinite(spread) ? spread : 1 };
}

/**
 * The most frequent value of `x` (no NaN); ties go to the smallest value, as scikit-learn's
 * SimpleImputer(strategy='most_frequent').
 */
export function mostFrequent(x: Float64Array): number {
  const sorted = Float64Array.from(x).sort();
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      best = sorted[i];
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}
