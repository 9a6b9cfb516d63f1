// Test helper for the GBDT suites: reads the shared datasets per the anchors' protocol (columns,
// types, label codes) and reproduces scikit-learn's KFold / StratifiedKFold(shuffle=True,
// random_state=42) folds exactly (numpy's legacy MT19937 RandomState), so our CV compares with
// anchors.json fold by fold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datasetsDir } from './helpers';
import type { FeatureKind } from '../../workers/engine/gbdt/params';

/** RFC 4180 CSV → rows of fields (quotes removed). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

export interface Anchor {
  task: 'binary' | 'multiclass' | 'regression';
  target: string;
  numeric_features: string[];
  categorical_features: string[];
  classes?: string[];
  primary_metric: 'roc_auc' | 'r2';
  fold_test_sizes: number[];
  models: Record<string, { metrics: Record<string, { mean: number; folds: number[] }> }>;
}

export const anchors = JSON.parse(readFileSync(path.join(datasetsDir, 'anchors.json'), 'utf8'))
  .datasets as Record<string, Anchor>;

export interface Dataset {
  name: string;
  anchor: Anchor;
  /** Float64Array per feature (numeric features, then categorical codes), NaN = missing. */
  X: Float64Array[];
  kinds: FeatureKind[];
  featureNames: string[];
  y: Float64Array;
  nClasses: number;
}

function dayOfYear(d: Date): number {
  return Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Loads a shared dataset: id columns dropped, dates → year/month/dayofyear, categories → sorted codes. */
export function loadDataset(name: string): Dataset {
  const anchor = anchors[name];
  const side = JSON.parse(readFileSync(path.join(datasetsDir, `${name}.json`), 'utf8'));
  const [header, ...rows] = parseCsv(readFileSync(path.join(datasetsDir, `${name}.csv`), 'utf8'));
  const col = (c: string) => rows.map((r) => r[header.indexOf(c)]);
  const X: Float64Array[] = [];
  for (const f of anchor.numeric_features) {
    const date = (side.date_columns ?? []).find((d: string) => f.startsWith(`${d}_`));
    if (date) {
      const ds = col(date).map((s) => new Date(`${s}T00:00:00Z`));
      const part = f.slice(date.length + 1);
      X.push(
        Float64Array.from(ds, (d) =>
          part === 'year'
            ? d.getUTCFullYear()
            : part === 'month'
              ? d.getUTCMonth() + 1
              : dayOfYear(d)
        )
      );
    } else X.push(Float64Array.from(col(f), (s) => (s === '' ? NaN : Number(s))));
  }
  for (const f of anchor.categorical_features) {
    const vals = col(f);
    const cats = [...new Set(vals.filter((v) => v !== ''))].sort();
    X.push(Float64Array.from(vals, (v) => (v === '' ? NaN : cats.indexOf(v))));
  }
  const t = col(anchor.target);
  const y = anchor.classes
    ? Float64Array.from(t, (v) => (anchor.classes as string[]).indexOf(v))
    : Float64Array.from(t, Number);
  const kinds: FeatureKind[] = [
    ...anchor.numeric_features.map(() => 'numeric' as const),
    ...anchor.categorical_features.map(() => 'categorical' as const)
  ];
  return {
    name,
    anchor,
    X,
    kinds,
    featureNames: [...anchor.numeric_features, ...anchor.categorical_features],
    y,
    nClasses: anchor.classes?.length ?? 1
  };
}

/** numpy's legacy RandomState(seed): MT19937 with init_genrand seeding. */
class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private idx = 624;
  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const s = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, s) + i) >>> 0;
    }
  }
  uint32(): number {
    const mt = this.mt;
    if (this.idx >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.idx = 0;
    }
    let y = mt[this.idx++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  /** random_sample(): 53-bit float in [0, 1). */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
  /** random_interval(max): uniform in 0 … max by masked rejection. */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    for (const s of [1, 2, 4, 8, 16]) mask |= mask >>> s;
    let v: number;
    while ((v = (this.uint32() & mask) >>> 0) > max);
    return v;
  }
  shuffle(a: Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

/** First draws of RandomState(seed).random_sample(), to pin the generator against numpy. */
export function numpyRandomSample(seed: number, n: number): number[] {
  const rs = new NumpyRandomState(seed);
  return Array.from({ length: n }, () => rs.random());
}

/**
 * The test fold of each row under scikit-learn 1.2 KFold / StratifiedKFold (n_splits=k,
 * shuffle=True, random_state=seed). @returns Int32Array, length n.
 */
export function sklearnFolds(y: Float64Array, stratified: boolean, k = 5, seed = 42): Int32Array {
  const n = y.length;
  const rs = new NumpyRandomState(seed);
  const fold = new Int32Array(n);
  if (!stratified) {
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    rs.shuffle(idx);
    let at = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let j = 0; j < size; j++) fold[idx[at++]] = f;
    }
    return fold;
  }
  // Classes re-coded by order of first appearance (np.unique return_index, then ranked).
  const firstSeen = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!firstSeen.has(y[i])) firstSeen.set(y[i], i);
  const byFirst = [...firstSeen.keys()].sort(
    (a, b) => (firstSeen.get(a) as number) - (firstSeen.get(b) as number)
  );
  const enc = Int32Array.from(y, (v) => byFirst.indexOf(v));
  const C = byFirst.length;
  const yOrder = Int32Array.from(enc).sort();
  const alloc = Array.from({ length: k }, (_, i) => {
    const c = new Array<number>(C).fill(0);
    for (let j = i; j < n; j += k) c[yOrder[j]]++;
    return c;
  });
  for (let c = 0; c < C; c++) {
    const folds: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < alloc[f][c]; j++) folds.push(f);
    const arr = Int32Array.from(folds);
    rs.shuffle(arr);
    let at = 0;
    for (let i = 0; i < n; i++) if (enc[i] === c) fold[i] = arr[at++];
  }
  return fold;
}

/** Columns restricted to `rows`. @returns Float64Array per feature, length rows.length. */
export function takeRows(X: Float64Array[], rows: Uint32Array): Float64Array[] {
  return X.map((c) => Float64Array.from(rows, (r) => c[r]));
}

/** Row-major matrix of `rows`. @returns Float64Array, length rows.length × nFeatures. */
export function rowMajor(X: Float64Array[], rows: Uint32Array): Float64Array {
  const nF = X.length;
  const out = new Float64Array(rows.length * nF);
  rows.forEach((r, i) => X.forEach((c, f) => (out[i * nF + f] = c[r])));
  return out;
}
