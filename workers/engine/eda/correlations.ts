/**
 * Relations on the relation sample (relation-sample.ts), computed in JS over columnar arrays:
 *  - Pearson r over pairwise-complete rows (two-pass);
 *  - Spearman ρ = Pearson on average ranks (ties share their mean position), ranked within the
 *    pair's complete rows (as pandas does), so a column's missing rows never shift the other's ranks;
 *  - Cramér's V = sqrt(χ² / (n · (min(r, c) − 1))) from the pair's contingency table, without
 *    bias correction, r and c counting the levels present in the complete rows;
 *  - η = sqrt(SS_between / SS_total) of a numeric column grouped by a categorical one.
 * Matrices are symmetric; undefined entries (constant columns, < 2 rows) are null.
 */
import type { CorrelationMatrix, CorrelationsEda } from './types';
import type { CategoricalVector, NumericVector, RelationData } from './relation-sample';
import { averageRanks, pearson } from './stats-js';

function hasNaN(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) return true;
  return false;
}

function symmetric(
  names: string[],
  f: (i: number, j: number) => number | null,
  diag: (i: number) => number | null
): CorrelationMatrix {
  const k = names.length;
  const matrix: (number | null)[][] = Array.from({ length: k }, () => new Array(k).fill(null));
  for (let i = 0; i < k; i++) {
    matrix[i][i] = diag(i);
    for (let j = i + 1; j < k; j++) matrix[i][j] = matrix[j][i] = f(i, j);
  }
  return { columns: names, matrix };
}

/** Spearman ρ of x and y given their full-column ranks (used when neither has missing values). */
export function spearman(x: Float64Array, y: Float64Array, rx?: Float64Array, ry?: Float64Array) {
  if (rx && ry) return pearson(rx, ry);
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) keep.push(i);
  const xs = Float64Array.from(keep, (i) => x[i]);
  const ys = Float64Array.from(keep, (i) => y[i]);
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Bias-uncorrected Cramér's V of two coded columns over their pairwise-complete rows. */
export function cramersV(a: CategoricalVector, b: CategoricalVector): number | null {
  const r = a.labels.length;
  const c = b.labels.length;
  const table = new Float64Array(r * c);
  const rowSum = new Float64Array(r);
  const colSum = new Float64Array(c);
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i];
    const y = b.codes[i];
    if (x < 0 || y < 0) continue;
    table[x * c + y]++;
    rowSum[x]++;
    colSum[y]++;
    n++;
  }
  const rPresent = rowSum.filter((v) => v > 0).length;
  const cPresent = colSum.filter((v) => v > 0).length;
  const m = Math.min(rPresent, cPresent);
  if (n === 0 || m < 2) return null;
  let chi2 = 0;
  for (let x = 0; x < r; x++) {
    if (!rowSum[x]) continue;
    for (let y = 0; y < c; y++) {
      if (!colSum[y]) continue;
      const e = (rowSum[x] * colSum[y]) / n;
      const d = table[x * c + y] - e;
      chi2 += (d * d) / e;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * (m - 1))));
}

/** Correlation ratio η of numeric `x` grouped by `g`, pairwise-complete rows; null when SS_total = 0. */
export function eta(x: Float64Array, g: CategoricalVector): number | null {
  const k = g.labels.length;
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  let n = 0;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const c = g.codes[i];
    if (v !== v || c < 0) continue;
    sum[c] += v;
    cnt[c]++;
    total += v;
    n++;
  }
  if (n < 2) return null;
  const mean = total / n;
  let ssb = 0;
  for (let c = 0; c < k; c++) if (cnt[c]) ssb += cnt[c] * (sum[c] / cnt[c] - mean) ** 2;
  let sst = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v && g.codes[i] >= 0) sst += (v - mean) ** 2;
  }
  if (sst === 0) return null;
  return Math.min(1, Math.sqrt(ssb / sst));
}

/** Pearson, Spearman, Cramér's V and η matrices of `data`'s columns. */
export function correlations(data: RelationData): CorrelationsEda {
  const num: NumericVector[] = data.numeric;
  const cat: CategoricalVector[] = data.categorical;
  const complete = num.map((c) => !hasNaN(c.values));
  const ranks = num.map((c, i) => (complete[i] ? averageRanks(c.values) : undefined));
  const numNames = num.map((c) => c.name);
  const selfOne = (x: number | null) => (x === null ? null : 1);
  const p = symmetric(
    numNames,
    (i, j) => pearson(num[i].values, num[j].values),
    (i) => selfOne(pearson(num[i].values, num[i].values))
  );
  const s = symmetric(
    numNames,
    (i, j) =>
      complete[i] && complete[j]
        ? pearson(ranks[i]!, ranks[j]!)
        : spearman(num[i].values, num[j].values),
    (i) => p.matrix[i][i]
  );
  const v = symmetric(
    cat.map((c) => c.name),
    (i, j) => cramersV(cat[i], cat[j]),
    (i) => selfOne(cramersV(cat[i], cat[i]))
  );
  return {
    pearson: p,
    spearman: s,
    cramersV: v,
    eta: {
      numeric: numNames,
      categorical: cat.map((c) => c.name),
      matrix: num.map((x) => cat.map((g) => eta(x.values, g)))
    },
    rowsUsed: data.n,
    sampled: data.sampled
  };
}
