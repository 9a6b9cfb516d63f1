/**
 * Each feature against the target, on the relation sample, in chart-ready aggregates (never raw
 * points): box statistics per class (numeric feature, classification), class shares per top
 * category (categorical feature, classification), a 2-D binned scatter (numeric feature,
 * regression) and per-category target means (categorical feature, regression). Plus a mutual
 * information ranking: numeric columns discretised into `bins` equal-width bins (the regression
 * target too), categories as they are; MI in nats over the pair's complete rows.
 */
import type { ProblemType } from '../data/types';
import type { BoxStats, TargetFeatureEda } from './types';
import type { CategoricalVector, NumericVector, RelationData } from './relation-sample';
import { quantileSorted } from './stats-js';

/** Bins per axis of the regression binned scatter (≤ 400 cells per feature). */
export const SCATTER_BINS = 20;

/** Equal-width bin codes of x over its finite range (−1 for NaN); one bin when constant. */
export function binCodes(x: Float64Array, bins: number): { codes: Int32Array; edges: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v !== v) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const codes = new Int32Array(x.length).fill(-1);
  if (lo > hi) return { codes, edges: [] };
  const nb = hi === lo ? 1 : bins;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v)
      codes[i] = hi === lo ? 0 : Math.min(Math.floor(((v - lo) / (hi - lo)) * nb), nb - 1);
  }
  const edges = Array.from({ length: nb + 1 }, (_, i) =>
    i === nb ? hi : lo + (i * (hi - lo)) / nb
  );
  return { codes, edges };
}

/**
 * Mutual information (nats) of two code arrays (−1 = missing) over their complete rows, with the
 * Miller–Madow bias correction: the plug-in estimate overstates MI by about
 * (K_xy − K_x − K_y + 1) / 2n (K = occupied cells), which on small tables ranks every
 * many-valued feature above a truly informative two-valued one. Clamped at 0.
 */
export function mutualInformation(a: Int32Array, b: Int32Array): number {
  let ka = 0;
  let kb = 0;
  for (const v of a) ka = Math.max(ka, v + 1);
  for (const v of b) kb = Math.max(kb, v + 1);
  if (ka === 0 || kb === 0) return 0;
  // Dense contingency table (codes are small: categories, bins, classes).
  const joint = new Float64Array(ka * kb);
  const ca = new Float64Array(ka);
  const cb = new Float64Array(kb);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x < 0 || y < 0) continue;
    joint[x * kb + y]++;
    ca[x]++;
    cb[y]++;
    n++;
  }
  if (n === 0) return 0;
  let mi = 0;
  let kxy = 0;
  for (let x = 0; x < ka; x++) {
    if (!ca[x]) continue;
    for (let y = 0; y < kb; y++) {
      const nxy = joint[x * kb + y];
      if (nxy) {
        mi += (nxy / n) * Math.log((n * nxy) / (ca[x] * cb[y]));
        kxy++;
      }
    }
  }
  const kx = ca.reduce((k, c) => k + (c ? 1 : 0), 0);
  const ky = cb.reduce((k, c) => k + (c ? 1 : 0), 0);
  return Math.max(0, mi - (kxy - kx - ky + 1) / (2 * n));
}

/**
 * Bins for discretising numeric columns before MI: the histogram's bin count caps it, and small
 * tables get about ∛n bins so that cells are not mostly empty (n = 442 → 8 bins).
 */
export function miBins(rows: number, bins: number): number {
  return Math.max(2, Math.min(bins, Math.round(Math.cbrt(rows))));
}

function box(label: string, list: number[]): BoxStats {
  // Native numeric sort (Float64Array) instead of a comparator sort of a JS array.
  const values = Float64Array.from(list).sort();
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return {
    label,
    n,
    min: n ? values[0] : NaN,
    q1: quantileSorted(values, 0.25),
    median: quantileSorted(values, 0.5),
    q3: quantileSorted(values, 0.75),
    max: n ? values[n - 1] : NaN,
    mean: n ? sum / n : NaN
  };
}

function topCategories(g: CategoricalVector, keep: (i: number) => boolean, k: number): number[] {
  const counts = new Float64Array(g.labels.length);
  for (let i = 0; i < g.codes.length; i++) if (g.codes[i] >= 0 && keep(i)) counts[g.codes[i]]++;
  return [...counts.keys()]
    .filter((c) => counts[c] > 0)
    .sort((a, b) => counts[b] - counts[a] || (g.labels[a] < g.labels[b] ? -1 : 1))
    .slice(0, k);
}

/** Classification: y = class index per row (−1 missing), `labels` = class labels. */
function classificationFeature(
  f: NumericVector | CategoricalVector,
  y: Int32Array,
  labels: string[],
  topK: number
): TargetFeatureEda {
  if ('values' in f) {
    const groups = labels.map(() => [] as number[]);
    f.values.forEach((v, i) => {
      if (v === v && y[i] >= 0) groups[y[i]].push(v);
    });
    return { feature: f.name, kind: 'box', groups: labels.map((l, k) => box(l, groups[k])) };
  }
  const cats = topCategories(f, (i) => y[i] >= 0, topK);
  // One pass over the rows: counts per (category, class).
  const k = labels.length;
  const per = new Float64Array(f.labels.length * k);
  for (let i = 0; i < y.length; i++) {
    const c = f.codes[i];
    if (c >= 0 && y[i] >= 0) per[c * k + y[i]]++;
  }
  const categories = cats.map((c) => {
    const row = Array.from(per.subarray(c * k, (c + 1) * k));
    const count = row.reduce((a, b) => a + b, 0);
    return { value: f.labels[c], count, shares: row.map((p) => p / count) };
  });
  return { feature: f.name, kind: 'rate', categories };
}

/** Regression: y = target values (NaN missing). */
function regressionFeature(
  f: NumericVector | CategoricalVector,
  y: Float64Array,
  topK: number
): TargetFeatureEda {
  if ('values' in f) {
    const both = (i: number) => f.values[i] === f.values[i] && y[i] === y[i];
    const xs = f.values.map((v, i) => (both(i) ? v : NaN));
    const ys = y.map((v, i) => (both(i) ? v : NaN));
    const bx = binCodes(xs, SCATTER_BINS);
    const by = binCodes(ys, SCATTER_BINS);
    const cells = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      if (bx.codes[i] < 0) continue;
      const key = bx.codes[i] * SCATTER_BINS + by.codes[i];
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    return {
      feature: f.name,
      kind: 'binnedScatter',
      xEdges: bx.edges,
      yEdges: by.edges,
      cells: [...cells]
        .sort((a, b) => a[0] - b[0])
        .map(([k, count]) => ({ x: Math.floor(k / SCATTER_BINS), y: k % SCATTER_BINS, count }))
    };
  }
  const cats = topCategories(f, (i) => y[i] === y[i], topK);
  const categories = cats.map((c) => {
    const vals: number[] = [];
    for (let i = 0; i < y.length; i++) if (f.codes[i] === c && y[i] === y[i]) vals.push(y[i]);
    const n = vals.length;
    const mean = vals.reduce((s, v) => s + v, 0) / n;
    const ss = vals.reduce((s, v) => s + (v - mean) ** 2, 0);
    return { value: f.labels[c], count: n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : null };
  });
  return { feature: f.name, kind: 'categoryMean', categories };
}

/**
 * Feature charts and the MI ranking for `target` (a column of `data`: categorical for
 * classification, numeric for regression). `classLabels` orders the classes.
 */
export function analyseFeatures(
  data: RelationData,
  target: string,
  problemType: ProblemType,
  classLabels: string[],
  bins: number,
  topK: number
): { features: TargetFeatureEda[]; mutualInformation: { feature: string; mi: number }[] } {
  const feats = [
    ...data.numeric.filter((c) => c.name !== target),
    ...data.categorical.filter((c) => c.name !== target)
  ];
  let yCodes: Int32Array;
  let feature: (f: NumericVector | CategoricalVector) => TargetFeatureEda;
  if (problemType === 'regression') {
    const y = data.numeric.find((c) => c.name === target)!.values;
    yCodes = binCodes(y, miBins(y.length, bins)).codes;
    feature = (f) => regressionFeature(f, y, topK);
  } else {
    const t = data.categorical.find((c) => c.name === target)!;
    const index = new Map(classLabels.map((l, i) => [l, i]));
    const remap = t.labels.map((l) => index.get(l) ?? -1);
    yCodes = t.codes.map((c) => (c < 0 ? -1 : remap[c]));
    feature = (f) => classificationFeature(f, yCodes, classLabels, topK);
  }
  const mutual = feats.map((f) => ({
    feature: f.name,
    mi: mutualInformation(
      'values' in f ? binCodes(f.values, miBins(f.values.length, bins)).codes : f.codes,
      yCodes
    )
  }));
  mutual.sort((a, b) => b.mi - a.mi || (a.feature < b.feature ? -1 : 1));
  return { features: feats.map(feature), mutualInformation: mutual };
}
