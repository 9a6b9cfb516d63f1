// Independent JS references for the EDA tests: an RFC-4180 CSV parser and textbook statistics,
// written from the definitions (not from the engine's code).

/** Parses RFC-4180 CSV (quotes, doubled quotes, commas and newlines inside quotes). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let inQuotes = false;
  const endField = () => {
    rec.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(rec);
      rec = [];
    } else field += ch;
  }
  if (field !== '' || rec.length) {
    endField();
    records.push(rec);
  }
  return { header: records[0], rows: records.slice(1) };
}

/** A column's values: null for an empty field. */
export function column(rows: string[][], i: number): (string | null)[] {
  return rows.map((r) => (r[i] === undefined || r[i] === '' ? null : r[i]));
}

export const numbers = (col: (string | null)[]): number[] =>
  col.filter((v): v is string => v !== null).map(Number);

export function mean(x: number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Sample standard deviation (n − 1), two-pass. */
export function std(x: number[]): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Hyndman–Fan type 7 quantile (numpy default). */
export function quantile(x: number[], p: number): number {
  const s = [...x].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** pandas skew(): adjusted Fisher–Pearson G1. */
export function skew(x: number[]): number {
  const n = x.length;
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  for (const v of x) {
    m2 += (v - m) ** 2;
    m3 += (v - m) ** 3;
  }
  m2 /= n;
  m3 /= n;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** pandas kurt(): bias-corrected excess kurtosis G2. */
export function kurt(x: number[]): number {
  const n = x.length;
  const m = mean(x);
  let m2 = 0;
  let m4 = 0;
  for (const v of x) {
    m2 += (v - m) ** 2;
    m4 += (v - m) ** 4;
  }
  m2 /= n;
  m4 /= n;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2)) - 3 * (n - 1));
}

/** Histogram counts: bin = min(floor((x − min)/(max − min)·bins), bins − 1). */
export function histogram(x: number[], bins: number): number[] {
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  if (lo === hi) return [x.length];
  const c = new Array<number>(bins).fill(0);
  for (const v of x) c[Math.min(Math.floor(((v - lo) / (hi - lo)) * bins), bins - 1)]++;
  return c;
}

/** Rows where both are present, as number pairs. */
function pairs(a: (string | null)[], b: (string | null)[]): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  a.forEach((v, i) => {
    if (v === null || b[i] === null) return;
    x.push(Number(v));
    y.push(Number(b[i]));
  });
  return [x, y];
}

function corr(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Average ranks: ties get the mean of their 1-based positions. */
export function ranks(x: number[]): number[] {
  const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j + 2) / 2;
    i = j + 1;
  }
  return r;
}

export const pearsonRef = (a: (string | null)[], b: (string | null)[]) => corr(...pairs(a, b));
export function spearmanRef(a: (string | null)[], b: (string | null)[]): number {
  const [x, y] = pairs(a, b);
  return corr(ranks(x), ranks(y));
}

/** Cramér's V without bias correction over pairwise-complete rows. */
export function cramersVRef(a: (string | null)[], b: (string | null)[]): number {
  const t = new Map<string, number>();
  const ra = new Map<string, number>();
  const cb = new Map<string, number>();
  let n = 0;
  a.forEach((v, i) => {
    const w = b[i];
    if (v === null || w === null) return;
    const k = JSON.stringify([v, w]);
    t.set(k, (t.get(k) ?? 0) + 1);
    ra.set(v, (ra.get(v) ?? 0) + 1);
    cb.set(w, (cb.get(w) ?? 0) + 1);
    n++;
  });
  let chi2 = 0;
  for (const [x, nx] of ra) {
    for (const [y, ny] of cb) {
      const e = (nx * ny) / n;
      chi2 += ((t.get(JSON.stringify([x, y])) ?? 0) - e) ** 2 / e;
    }
  }
  return Math.sqrt(chi2 / (n * (Math.min(ra.size, cb.size) - 1)));
}

/** Value counts, count descending then value ascending. */
export function topK(col: (string | null)[], k: number): { value: string; count: number }[] {
  const m = new Map<string, number>();
  for (const v of col) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, k);
}

/** |a − b| ≤ tol · max(1, |b|). */
export function close(a: number | null | undefined, b: number, tol = 1e-9): boolean {
  return a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
