/** What every chart builder returns: Plot options plus a stable id and a title for export. */
import type { PlotOptions } from '@observablehq/plot';

export interface ChartSpec {
  /** Stable id, e.g. `hist:age`, `corr:pearson` (the figure's `data-chart`). */
  id: string;
  /** Human title (already translated); also the export file name. */
  title: string;
  options: PlotOptions;
}

/** Palette that reads on light and dark backgrounds and survives export (no CSS variables). */
export const COLORS = {
  primary: '#4f6bed',
  secondary: '#e07b39',
  missing: '#d1495b',
  neutral: '#8a94a6'
} as const;

/** Longest label shown in full on a categorical axis; longer ones end in "…". */
export const MAX_LABEL = 24;

export function shortLabel(s: string, max = MAX_LABEL): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Left margin (px) fitting the longest of `labels` at the figures' 11 px font. */
export function labelMargin(labels: string[], min = 40, max = 180): number {
  const longest = labels.reduce((m, l) => Math.max(m, Math.min(l.length, MAX_LABEL)), 0);
  return Math.max(min, Math.min(max, Math.round(longest * 6.8) + 14));
}

/**
 * Options of a colour scale's ramp legend (spread into the scale: Plot passes them on to the
 * legend; margins keep the end tick labels from being clipped).
 */
export const RAMP = { legend: true, marginLeft: 14, marginRight: 14, width: 280 } as const;
