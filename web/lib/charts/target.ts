/**
 * Feature-vs-target charts from the engine's aggregates: box plots by class (five-number
 * summaries drawn as rule + bar + tick, no raw points), stacked class shares per category, a
 * binned scatter (2-D histogram) for regression, and the mean target per category.
 */
import * as Plot from '@observablehq/plot';
import type { BoxStats, TargetFeatureEda } from '$engine';
import { COLORS, RAMP, labelMargin, shortLabel, type ChartSpec } from './types';

export function boxSpec(
  id: string,
  title: string,
  groups: BoxStats[],
  labels: { x: string; y: string }
): ChartSpec {
  const rows = groups.map((g, i) => ({ ...g, key: `${i}`, short: shortLabel(g.label, 14) }));
  const tip = (d: (typeof rows)[number]) =>
    `${d.label} (n = ${d.n})\nmin ${d.min}\nQ1 ${d.q1}\nmedian ${d.median}\nQ3 ${d.q3}\nmax ${d.max}`;
  return {
    id,
    title,
    options: {
      height: 220,
      marginLeft: 52,
      x: {
        label: labels.x,
        domain: rows.map((r) => r.key),
        tickFormat: (k: string) => rows[+k]?.short ?? '',
        padding: 0.4
      },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.ruleX(rows, { x: 'key', y1: 'min', y2: 'max', stroke: COLORS.neutral }),
        Plot.barY(rows, { x: 'key', y1: 'q1', y2: 'q3', fill: COLORS.primary, title: tip }),
        Plot.tickY(rows, { x: 'key', y: 'median', stroke: 'white', strokeWidth: 2 })
      ]
    }
  };
}

export interface RateRow {
  key: string;
  value: string;
  cls: string;
  share: number;
}

/** Stacked shares of each class within each category (rows sum to 1). */
export function rateRows(
  categories: { value: string; count: number; shares: number[] }[],
  classes: string[]
): RateRow[] {
  return categories.flatMap((c, i) =>
    c.shares.map((share, k) => ({ key: `${i}`, value: c.value, cls: classes[k] ?? `${k}`, share }))
  );
}

export function rateSpec(
  id: string,
  title: string,
  categories: { value: string; count: number; shares: number[] }[],
  classes: string[],
  labels: { x: string; legend: string }
): ChartSpec {
  const rows = rateRows(categories, classes);
  const short = categories.map((c) => shortLabel(c.value));
  return {
    id,
    title,
    options: {
      height: Math.max(80, categories.length * 24 + 50),
      marginLeft: labelMargin(short),
      x: { label: labels.x, percent: true, domain: [0, 100] },
      y: {
        label: null,
        domain: categories.map((_, i) => `${i}`),
        tickFormat: (k: string) => short[+k]
      },
      color: { legend: true, label: labels.legend, domain: classes, scheme: 'tableau10' },
      marks: [
        Plot.barX(rows, {
          y: 'key',
          x: 'share',
          fill: 'cls',
          title: (d: RateRow) => `${d.value} → ${d.cls}: ${(d.share * 100).toFixed(1)}%`
        })
      ]
    }
  };
}

/** Binned scatter (regression): one rect per non-empty 2-D bin, shaded by count. */
export function binnedScatterSpec(
  id: string,
  title: string,
  f: Extract<TargetFeatureEda, { kind: 'binnedScatter' }>,
  labels: { x: string; y: string; legend: string }
): ChartSpec {
  const rows = f.cells.map((c) => ({
    x1: f.xEdges[c.x],
    x2: f.xEdges[c.x + 1] ?? f.xEdges[c.x],
    y1: f.yEdges[c.y],
    y2: f.yEdges[c.y + 1] ?? f.yEdges[c.y],
    count: c.count
  }));
  return {
    id,
    title,
    options: {
      height: 240,
      marginLeft: 52,
      x: { label: labels.x },
      y: { label: labels.y },
      color: { type: 'sqrt', scheme: 'blues', label: labels.legend, ...RAMP },
      marks: [
        Plot.rect(rows, {
          x1: 'x1',
          x2: 'x2',
          y1: 'y1',
          y2: 'y2',
          fill: 'count',
          title: (d: (typeof rows)[number]) => `${d.count}`
        })
      ]
    }
  };
}

/** Mean target per category (regression × categorical). */
export function categoryMeanRows(f: Extract<TargetFeatureEda, { kind: 'categoryMean' }>) {
  return f.categories.map((c) => ({ label: c.value, value: c.mean }));
}

export { COLORS };
