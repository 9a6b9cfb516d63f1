/**
 * Builders for one column's distribution: histogram (from the engine's bins), top-k bars, counts
 * per date period, and generic horizontal bars (class balance, missing share, MI ranking).
 * Pure: data in, Plot options out; every mark's data is an engine aggregate (≤ a few hundred rows).
 */
import * as Plot from '@observablehq/plot';
import type { DatePeriod, Histogram } from '$engine';
import { COLORS, labelMargin, shortLabel, type ChartSpec } from './types';

export interface HistogramBin {
  x1: number;
  x2: number;
  count: number;
}

/** One row per bin: [edges[i], edges[i+1]) with its count (a constant column: one bin). */
export function histogramBins(h: Histogram): HistogramBin[] {
  return h.counts.map((count, i) => {
    const x1 = h.edges[i];
    const x2 = h.edges[i + 1] ?? x1;
    // A zero-width bin (constant column) still needs a visible bar.
    return x2 > x1 ? { x1, x2, count } : { x1: x1 - 0.5, x2: x1 + 0.5, count };
  });
}

export function histogramSpec(
  id: string,
  title: string,
  h: Histogram,
  labels: { x: string; y: string }
): ChartSpec {
  const bins = histogramBins(h);
  return {
    id,
    title,
    options: {
      height: 200,
      marginLeft: 48,
      x: { label: labels.x, nice: false },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.rectY(bins, {
          x1: 'x1',
          x2: 'x2',
          y: 'count',
          fill: COLORS.primary,
          insetLeft: 0.5,
          insetRight: 0.5,
          tip: true
        }),
        Plot.ruleY([0])
      ]
    }
  };
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars in the given order (labels cut to MAX_LABEL; the tip shows them in full). */
export function barsSpec(
  id: string,
  title: string,
  bars: Bar[],
  labels: { x: string; y?: string },
  opts: { percent?: boolean; color?: string; domainMax?: number } = {}
): ChartSpec {
  const rows = bars.map((b, i) => ({ ...b, key: `${i}`, short: shortLabel(b.label) }));
  const byKey = new Map(rows.map((r) => [r.key, r.short]));
  return {
    id,
    title,
    options: {
      height: Math.max(60, rows.length * 22 + 40),
      marginLeft: labelMargin(rows.map((r) => r.short)),
      marginRight: 24,
      x: {
        label: opts.percent ? `${labels.x} (%)` : labels.x,
        grid: true,
        percent: opts.percent,
        domain: opts.domainMax !== undefined ? [0, opts.domainMax] : undefined
      },
      // Keys keep duplicate short labels apart; the axis shows the short label.
      y: {
        label: labels.y ?? null,
        domain: rows.map((r) => r.key),
        tickFormat: (k: string) => byKey.get(k) ?? ''
      },
      marks: [
        Plot.barX(rows, {
          y: 'key',
          x: 'value',
          fill: opts.color ?? COLORS.primary,
          title: (d: (typeof rows)[number]) => `${d.label}: ${d.value}`
        }),
        Plot.ruleX([0])
      ]
    }
  };
}

/** Start of the period after `start` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD', UTC). */
function periodRange(period: string, unit: DatePeriod): [Date, Date] {
  const [y, m = 1, d = 1] = period.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1, d));
  const end =
    unit === 'year'
      ? new Date(Date.UTC(y + 1, 0, 1))
      : unit === 'month'
        ? new Date(Date.UTC(y, m, 1))
        : new Date(Date.UTC(y, m - 1, d + 1));
  return [start, end];
}

/** Rows per day / month / year as bars on a time axis. */
export function periodSpec(
  id: string,
  title: string,
  counts: { period: string; count: number }[],
  unit: DatePeriod,
  labels: { x: string; y: string }
): ChartSpec {
  const rows = counts.map((c) => {
    const [x1, x2] = periodRange(c.period, unit);
    return { x1, x2, count: c.count, period: c.period };
  });
  return {
    id,
    title,
    options: {
      height: 200,
      marginLeft: 48,
      x: { label: labels.x, type: 'utc' },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.rectY(rows, {
          x1: 'x1',
          x2: 'x2',
          y: 'count',
          fill: COLORS.primary,
          insetLeft: 0.5,
          insetRight: 0.5,
          title: (d: (typeof rows)[number]) => `${d.period}: ${d.count}`
        }),
        Plot.ruleY([0])
      ]
    }
  };
}
