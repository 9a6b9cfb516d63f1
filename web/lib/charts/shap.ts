/**
 * SHAP charts from the engine's one layout (ShapValues: value of output o, row r, feature f at
 * (o · nRows + r) · nFeatures + f), so binary (1 output), multiclass (K outputs) and regression
 * (1 output) go through the same code: summary bar (mean |SHAP|, stacked by class when K > 1),
 * beeswarm (one output), waterfall for one row (margin scale) and the dependence plot.
 *
 * Feature values for colouring come as a Float64Array nRows × nFeatures (r · nFeatures + f);
 * NaN = no numeric value (missing, or a categorical column) → drawn grey.
 */
import * as Plot from '@observablehq/plot';
import type { ShapValues } from '$engine/explain/types';
import { COLORS, labelMargin, shortLabel, type ChartSpec } from './types';

/** SHAP's own colours: low feature value blue, high red. */
export const SHAP_LOW = '#1e88e5';
export const SHAP_HIGH = '#ff0d57';
/** Features shown in the bar / beeswarm / waterfall before the rest is summed into one line. */
export const MAX_FEATURES = 15;
/** Ramp legend layout (spread into the colour scale; Plot passes it to the legend). */
const LEGEND = { marginLeft: 14, marginRight: 14, width: 220 } as const;
/** Dots per feature in the beeswarm (rows beyond are thinned by stride). */
export const MAX_SWARM_ROWS = 1000;

/** Value of output `o`, row `r`, feature `f`. */
export function shapAt(s: ShapValues, o: number, r: number, f: number): number {
  return s.values[(o * s.nRows + r) * s.nFeatures + f];
}

/** Mean |SHAP| per output and feature: Float64Array nOutputs × nFeatures (o · nFeatures + f). */
export function meanAbsByFeature(s: ShapValues): Float64Array {
  const out = new Float64Array(s.nOutputs * s.nFeatures);
  if (!s.nRows) return out;
  for (let o = 0; o < s.nOutputs; o++)
    for (let r = 0; r < s.nRows; r++)
      for (let f = 0; f < s.nFeatures; f++)
        out[o * s.nFeatures + f] += Math.abs(shapAt(s, o, r, f));
  for (let i = 0; i < out.length; i++) out[i] /= s.nRows;
  return out;
}

/** Feature indices by mean |SHAP| summed over outputs, largest first (ties: lower index first). */
export function featureOrder(s: ShapValues): number[] {
  const m = meanAbsByFeature(s);
  const total = Array.from({ length: s.nFeatures }, (_, f) => {
    let t = 0;
    for (let o = 0; o < s.nOutputs; o++) t += m[o * s.nFeatures + f];
    return t;
  });
  return total.map((_, f) => f).sort((a, b) => total[b] - total[a] || a - b);
}

export interface ShapBarRow {
  key: string;
  feature: string;
  output: string;
  value: number;
}

/** Mean |SHAP| bars of the top `max` features (one row per feature × output). */
export function shapBarRows(s: ShapValues, max = MAX_FEATURES): ShapBarRow[] {
  const m = meanAbsByFeature(s);
  return featureOrder(s)
    .slice(0, max)
    .flatMap((f, rank) =>
      Array.from({ length: s.nOutputs }, (_, o) => ({
        key: `${rank}`,
        feature: s.featureNames[f],
        output: s.outputNames[o] ?? `${o}`,
        value: m[o * s.nFeatures + f]
      }))
    );
}

export function shapBarSpec(
  id: string,
  title: string,
  s: ShapValues,
  labels: { x: string; legend: string },
  max = MAX_FEATURES
): ChartSpec {
  const rows = shapBarRows(s, max);
  const keys = [...new Set(rows.map((r) => r.key))];
  const short = keys.map((k) => shortLabel(rows.find((r) => r.key === k)?.feature ?? ''));
  const many = s.nOutputs > 1;
  return {
    id,
    title,
    options: {
      height: Math.max(80, keys.length * 22 + 50),
      marginLeft: labelMargin(short),
      x: { label: labels.x, grid: true },
      y: { label: null, domain: keys, tickFormat: (k: string) => short[+k] ?? '' },
      color: many ? { legend: true, label: labels.legend, scheme: 'tableau10' } : undefined,
      marks: [
        Plot.barX(rows, {
          y: 'key',
          x: 'value',
          fill: many ? 'output' : COLORS.primary,
          title: (d: ShapBarRow) =>
            `${d.feature}${many ? ` · ${d.output}` : ''}: ${d.value.toPrecision(3)}`
        }),
        Plot.ruleX([0])
      ]
    }
  };
}

export interface SwarmDot {
  /** Rank of the feature (0 = most important) plus the swarm offset (|offset| ≤ 0.4). */
  y: number;
  feature: string;
  row: number;
  shap: number;
  /** Feature value scaled to 0 … 1 between its 5th and 95th percentile; null = no value. */
  color: number | null;
}

/** 5th and 95th percentile of the finite values (nearest rank), or null when none. */
function range95(xs: number[]): [number, number] | null {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
  return [at(0.05), at(0.95)];
}

/**
 * Beeswarm dots of output `o` for the top `max` features. The swarm offset is deterministic:
 * dots are binned on x (60 bins over the feature's SHAP range) and the k-th dot of a bin goes to
 * ±⌈k/2⌉ · step, so dense regions widen the way shap's beeswarm does.
 */
export function beeswarmDots(
  s: ShapValues,
  featureValues: Float64Array | null,
  o: number,
  max = MAX_FEATURES
): SwarmDot[] {
  const rows: number[] = [];
  const step = Math.max(1, Math.ceil(s.nRows / MAX_SWARM_ROWS));
  for (let r = 0; r < s.nRows; r += step) rows.push(r);
  const out: SwarmDot[] = [];
  featureOrder(s)
    .slice(0, max)
    .forEach((f, rank) => {
      const xs = rows.map((r) => shapAt(s, o, r, f));
      const vals = rows.map((r) => (featureValues ? featureValues[r * s.nFeatures + f] : NaN));
      const rng = range95(vals);
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of xs) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      const width = hi > lo ? (hi - lo) / 60 : 1;
      const filled = new Map<number, number>();
      const spread = Math.min(0.02, 0.4 / Math.max(1, Math.sqrt(rows.length)));
      rows.forEach((r, i) => {
        const bin = Math.floor((xs[i] - lo) / width);
        const k = filled.get(bin) ?? 0;
        filled.set(bin, k + 1);
        const off = Math.min(0.4, Math.ceil(k / 2) * spread) * (k % 2 ? 1 : -1);
        const v = vals[i];
        let color: number | null = null;
        if (rng && Number.isFinite(v))
          color =
            rng[1] > rng[0] ? Math.min(1, Math.max(0, (v - rng[0]) / (rng[1] - rng[0]))) : 0.5;
        out.push({ y: rank + off, feature: s.featureNames[f], row: r, shap: xs[i], color });
      });
    });
  return out;
}

export function beeswarmSpec(
  id: string,
  title: string,
  s: ShapValues,
  featureValues: Float64Array | null,
  o: number,
  labels: { x: string; legend: string },
  max = MAX_FEATURES
): ChartSpec {
  const dots = beeswarmDots(s, featureValues, o, max);
  const names = featureOrder(s)
    .slice(0, max)
    .map((f) => shortLabel(s.featureNames[f]));
  const tip = (d: SwarmDot) => `${d.feature}: SHAP ${d.shap.toPrecision(3)} (#${d.row})`;
  return {
    id,
    title,
    options: {
      height: Math.max(100, names.length * 28 + 70),
      marginLeft: labelMargin(names),
      x: { label: labels.x, grid: true },
      y: {
        label: null,
        domain: [names.length - 0.5, -0.5],
        ticks: names.map((_, i) => i),
        tickFormat: (i: number) => names[i] ?? ''
      },
      color: {
        type: 'linear',
        domain: [0, 1],
        range: [SHAP_LOW, SHAP_HIGH],
        legend: true,
        label: labels.legend,
        ticks: 2,
        tickFormat: (v: number) => (v === 0 ? 'min' : v === 1 ? 'max' : ''),
        ...LEGEND
      },
      marks: [
        Plot.ruleX([0], { stroke: COLORS.neutral }),
        Plot.dot(
          dots.filter((d) => d.color === null),
          { x: 'shap', y: 'y', r: 2, fill: COLORS.neutral, title: tip }
        ),
        Plot.dot(
          dots.filter((d) => d.color !== null),
          { x: 'shap', y: 'y', r: 2, fill: 'color', title: tip }
        )
      ]
    }
  };
}

export interface WaterfallStep {
  key: string;
  label: string;
  /** Start and end of the step on the margin scale. */
  x1: number;
  x2: number;
  value: number;
  kind: 'base' | 'feature' | 'rest' | 'output';
}

/**
 * Waterfall of row `r`, output `o`: base value, the `max` largest |SHAP| contributions (largest
 * first), the remaining features summed into one step, and the model output (margin) — the last
 * step ends at base + Σ SHAP.
 */
export function waterfallSteps(
  s: ShapValues,
  o: number,
  r: number,
  featureValues: Float64Array | null,
  labels: { base: string; rest: string; output: string },
  max = 10,
  categories: (string[] | null)[] | null = null
): WaterfallStep[] {
  const base = s.baseValue[o];
  const contrib = Array.from({ length: s.nFeatures }, (_, f) => ({ f, v: shapAt(s, o, r, f) }));
  contrib.sort((a, b) => Math.abs(b.v) - Math.abs(a.v) || a.f - b.f);
  const steps: WaterfallStep[] = [
    { key: '0', label: labels.base, x1: base, x2: base, value: base, kind: 'base' }
  ];
  let at = base;
  const shown = contrib.slice(0, max);
  for (const { f, v } of shown) {
    const fv = featureValues ? featureValues[r * s.nFeatures + f] : NaN;
    const name = s.featureNames[f];
    const cats = categories?.[f];
    const shown = !Number.isFinite(fv) ? null : cats ? (cats[fv] ?? null) : `${+fv.toPrecision(4)}`;
    steps.push({
      key: `${steps.length}`,
      label: shown === null ? name : `${name} = ${shown}`,
      x1: at,
      x2: at + v,
      value: v,
      kind: 'feature'
    });
    at += v;
  }
  const rest = contrib.slice(max);
  if (rest.length) {
    const v = rest.reduce((a, c) => a + c.v, 0);
    steps.push({
      key: `${steps.length}`,
      label: labels.rest.replace('{n}', `${rest.length}`),
      x1: at,
      x2: at + v,
      value: v,
      kind: 'rest'
    });
    at += v;
  }
  steps.push({
    key: `${steps.length}`,
    label: labels.output,
    x1: at,
    x2: at,
    value: at,
    kind: 'output'
  });
  return steps;
}

export function waterfallSpec(
  id: string,
  title: string,
  steps: WaterfallStep[],
  labels: { x: string }
): ChartSpec {
  const short = steps.map((st) => shortLabel(st.label, 30));
  const ends = steps.filter((st) => st.kind === 'base' || st.kind === 'output');
  const moves = steps.filter((st) => st.kind === 'feature' || st.kind === 'rest');
  return {
    id,
    title,
    options: {
      height: Math.max(100, steps.length * 24 + 50),
      marginLeft: Math.min(220, labelMargin(short, 40, 220)),
      x: { label: labels.x, grid: true },
      y: {
        label: null,
        domain: steps.map((st) => st.key),
        tickFormat: (k: string) => short[+k] ?? ''
      },
      marks: [
        Plot.barX(moves, {
          y: 'key',
          x1: 'x1',
          x2: 'x2',
          fill: (d: WaterfallStep) => (d.value >= 0 ? SHAP_HIGH : SHAP_LOW),
          title: (d: WaterfallStep) =>
            `${d.label}: ${d.value >= 0 ? '+' : ''}${d.value.toPrecision(4)}`
        }),
        Plot.tickX(ends, {
          y: 'key',
          x: 'x1',
          stroke: 'currentColor',
          strokeWidth: 2,
          title: (d: WaterfallStep) => `${d.label}: ${d.value.toPrecision(4)}`
        }),
        Plot.text(steps, {
          y: 'key',
          x: (d: WaterfallStep) => Math.max(d.x1, d.x2),
          text: (d: WaterfallStep) =>
            d.kind === 'feature' || d.kind === 'rest'
              ? `${d.value >= 0 ? '+' : ''}${d.value.toPrecision(3)}`
              : d.value.toPrecision(4),
          textAnchor: 'start',
          dx: 4
        })
      ]
    }
  };
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 3) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * The feature that best explains the vertical spread of feature `f`'s dependence plot: the
 * residual of SHAP(f) after removing its mean within 10 quantile bins of f's value (the part f
 * itself does not explain) is correlated with every other feature's value; the largest |Pearson
 * r| wins (rows where either value is missing are left out; ≥ 3 rows needed). This is the idea
 * of shap's `approximate_interactions`, with one correlation instead of per-bin ones.
 * @returns a feature index, or −1 when no feature correlates at all.
 */
export function strongestInteraction(
  s: ShapValues,
  featureValues: Float64Array,
  f: number,
  o: number
): number {
  const nF = s.nFeatures;
  const rows = Array.from({ length: s.nRows }, (_, r) => r);
  // Bins of f's value (quantiles over the rows that have one; missing values form their own bin).
  const known = rows
    .filter((r) => Number.isFinite(featureValues[r * nF + f]))
    .sort((a, b) => featureValues[a * nF + f] - featureValues[b * nF + f]);
  const bin = new Int32Array(s.nRows).fill(10);
  known.forEach((r, i) => (bin[r] = Math.min(9, Math.floor((i * 10) / known.length))));
  const sum = new Float64Array(11);
  const cnt = new Float64Array(11);
  for (const r of rows) {
    sum[bin[r]] += shapAt(s, o, r, f);
    cnt[bin[r]]++;
  }
  const resid = rows.map((r) => shapAt(s, o, r, f) - sum[bin[r]] / cnt[bin[r]]);
  let best = -1;
  let bestR = 0;
  for (let j = 0; j < nF; j++) {
    if (j === f) continue;
    const a: number[] = [];
    const b: number[] = [];
    for (const r of rows) {
      const v = featureValues[r * nF + j];
      if (!Number.isFinite(v)) continue;
      a.push(resid[r]);
      b.push(v);
    }
    const c = Math.abs(pearson(a, b));
    if (c > bestR + 1e-12) {
      bestR = c;
      best = j;
    }
  }
  return best;
}

/** Feature `f`'s value against its SHAP value (output `o`), coloured by feature `by` (−1: none). */
export function dependenceSpec(
  id: string,
  title: string,
  s: ShapValues,
  featureValues: Float64Array,
  f: number,
  o: number,
  by: number,
  labels: { y: string },
  categories: (string[] | null)[] | null = null
): ChartSpec {
  const nF = s.nFeatures;
  const xCats = categories?.[f] ?? null;
  const byCats = by >= 0 ? (categories?.[by] ?? null) : null;
  const step = Math.max(1, Math.ceil(s.nRows / MAX_SWARM_ROWS));
  const colourVals: number[] = [];
  const rows: { x: number; shap: number; c: number | null; row: number }[] = [];
  for (let r = 0; r < s.nRows; r += step) {
    const x = featureValues[r * nF + f];
    if (!Number.isFinite(x)) continue;
    const c = by >= 0 ? featureValues[r * nF + by] : NaN;
    if (Number.isFinite(c)) colourVals.push(c);
    // Categories: spread the dots ±0.3 around the code (deterministic, by row) so they do not stack.
    const jitter = xCats ? (((r * 0.618034) % 1) - 0.5) * 0.6 : 0;
    rows.push({
      x: x + jitter,
      shap: shapAt(s, o, r, f),
      c: Number.isFinite(c) ? c : null,
      row: r
    });
  }
  const byName = by >= 0 ? s.featureNames[by] : '';
  const coloured = by >= 0 && colourVals.length > 0;
  return {
    id,
    title,
    options: {
      height: 280,
      marginLeft: 56,
      x: xCats
        ? {
            label: s.featureNames[f],
            grid: true,
            ticks: xCats.map((_, i) => i),
            tickFormat: (i: number) => shortLabel(xCats[i] ?? '', 14)
          }
        : { label: s.featureNames[f], grid: true },
      y: { label: labels.y, grid: true },
      color: coloured
        ? {
            type: 'linear',
            range: [SHAP_LOW, SHAP_HIGH],
            legend: true,
            label: byName,
            ...LEGEND
          }
        : undefined,
      marks: [
        Plot.ruleY([0], { stroke: COLORS.neutral }),
        Plot.dot(
          rows.filter((d) => !coloured || d.c === null),
          { x: 'x', y: 'shap', r: 2.5, fill: COLORS.neutral }
        ),
        ...(coloured
          ? [
              Plot.dot(
                rows.filter((d) => d.c !== null),
                {
                  x: 'x',
                  y: 'shap',
                  r: 2.5,
                  fill: 'c',
                  title: (d: (typeof rows)[number]) =>
                    `#${d.row}: ${byName} = ${byCats && d.c !== null ? (byCats[d.c] ?? d.c) : d.c}`
                }
              )
            ]
          : [])
      ]
    }
  };
}
