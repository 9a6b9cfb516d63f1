/**
 * Model evaluation charts from holdout predictions: confusion matrix (counts or row shares),
 * ROC / precision–recall (one curve per class, one-vs-rest, for multiclass; the area in the
 * title), calibration, the binary threshold sweep, cumulative gain / lift, and for regression
 * predicted vs actual, residuals vs predicted and the residual histogram; the learning curve.
 * Point clouds are thinned to at most MAX_POINTS by a fixed stride (deterministic).
 */
import * as Plot from '@observablehq/plot';
import type { CalibrationBin, GainPoint, PrPoint, RocPoint, ThresholdStats } from './curves';
import { histogram } from './curves';
import { histogramSpec } from './distribution';
import { COLORS, labelMargin, shortLabel, type ChartSpec } from './types';

/** Most dots a scatter draws (the rest is thinned by a fixed stride). */
export const MAX_POINTS = 2000;

/** Row indices 0 … n − 1 thinned to at most `max` by a fixed stride. */
export function strideIndices(n: number, max = MAX_POINTS): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

const fmt3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

export interface ConfusionCell {
  actual: string;
  predicted: string;
  value: number;
  /** Printed in the cell. */
  text: string;
}

/** K × K cells, row-major (actual × predicted). */
export function confusionCells(
  classes: string[],
  matrix: number[][],
  normalised: boolean
): ConfusionCell[] {
  return matrix.flatMap((row, i) =>
    row.map((value, j) => ({
      actual: `${i}`,
      predicted: `${j}`,
      value,
      text: normalised ? `${Math.round(value * 100)}%` : `${value}`
    }))
  );
}

export function confusionSpec(
  id: string,
  title: string,
  classes: string[],
  matrix: number[][],
  normalised: boolean,
  labels: { actual: string; predicted: string }
): ChartSpec {
  const cells = confusionCells(classes, matrix, normalised);
  const short = classes.map((c) => shortLabel(c, 16));
  const max = Math.max(1e-12, ...matrix.flat());
  const side = classes.length > 12 ? 22 : 44;
  const domain = classes.map((_, i) => `${i}`);
  return {
    id,
    title,
    options: {
      width: labelMargin(short) + side * classes.length + 20,
      height: side * classes.length + 60,
      marginLeft: labelMargin(short),
      marginBottom: 40,
      x: { label: labels.predicted, domain, tickFormat: (k: string) => short[+k] ?? '' },
      y: { label: labels.actual, domain, tickFormat: (k: string) => short[+k] ?? '' },
      color: { type: 'linear', domain: [0, normalised ? 1 : max], scheme: 'blues' },
      marks: [
        Plot.cell(cells, {
          x: 'predicted',
          y: 'actual',
          fill: 'value',
          inset: 0.5,
          title: (d: ConfusionCell) => `${classes[+d.actual]} → ${classes[+d.predicted]}: ${d.text}`
        }),
        ...(classes.length <= 12
          ? [
              Plot.text(cells, {
                x: 'predicted',
                y: 'actual',
                text: 'text',
                fill: (d: ConfusionCell) => (d.value > max * 0.55 ? 'white' : 'black')
              })
            ]
          : [])
      ]
    }
  };
}

/** One named curve (a class, one-vs-rest) with its area. */
export interface Curve<P> {
  name: string;
  points: P[];
  area: number;
}

/** Mean of the finite areas (macro average); NaN when none. */
export function macroArea(curves: Curve<unknown>[]): number {
  const xs = curves.map((c) => c.area).filter(Number.isFinite);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function curveTitle(title: string, areaName: string, curves: Curve<unknown>[]): string {
  const a = curves.length === 1 ? curves[0].area : macroArea(curves);
  return `${title} (${areaName}${curves.length > 1 ? ' macro' : ''} = ${fmt3(a)})`;
}

function seriesRows<P extends object>(curves: Curve<P>[]) {
  return curves.flatMap((c) =>
    c.points.map((p) => ({
      ...p,
      series: curves.length > 1 ? `${c.name} (${fmt3(c.area)})` : c.name
    }))
  );
}

export function rocSpec(
  id: string,
  title: string,
  curves: Curve<RocPoint>[],
  labels: { x: string; y: string }
): ChartSpec {
  const rows = seriesRows(curves);
  return {
    id,
    title: curveTitle(title, 'AUC', curves),
    options: {
      height: 280,
      marginLeft: 48,
      x: { label: labels.x, domain: [0, 1] },
      y: { label: labels.y, domain: [0, 1], grid: true },
      color: curves.length > 1 ? { legend: true, scheme: 'tableau10' } : undefined,
      marks: [
        Plot.line(
          [
            [0, 0],
            [1, 1]
          ],
          { stroke: COLORS.neutral, strokeDasharray: '4 3' }
        ),
        Plot.line(rows, {
          x: 'fpr',
          y: 'tpr',
          z: 'series',
          stroke: curves.length > 1 ? 'series' : COLORS.primary,
          curve: 'step-after'
        })
      ]
    }
  };
}

export function prSpec(
  id: string,
  title: string,
  curves: Curve<PrPoint>[],
  labels: { x: string; y: string }
): ChartSpec {
  const rows = seriesRows(curves);
  return {
    id,
    title: curveTitle(title, 'AP', curves),
    options: {
      height: 280,
      marginLeft: 48,
      x: { label: labels.x, domain: [0, 1] },
      y: { label: labels.y, domain: [0, 1], grid: true },
      color: curves.length > 1 ? { legend: true, scheme: 'tableau10' } : undefined,
      marks: [
        Plot.line(rows, {
          x: 'recall',
          y: 'precision',
          z: 'series',
          stroke: curves.length > 1 ? 'series' : COLORS.primary
        })
      ]
    }
  };
}

export function calibrationSpec(
  id: string,
  title: string,
  series: { name: string; bins: CalibrationBin[] }[],
  labels: { x: string; y: string }
): ChartSpec {
  const many = series.length > 1;
  const rows = series.flatMap((s) => s.bins.map((b) => ({ ...b, series: s.name })));
  return {
    id,
    title,
    options: {
      height: 280,
      marginLeft: 48,
      x: { label: labels.x, domain: [0, 1] },
      y: { label: labels.y, domain: [0, 1], grid: true },
      color: many ? { legend: true, scheme: 'tableau10' } : undefined,
      marks: [
        Plot.line(
          [
            [0, 0],
            [1, 1]
          ],
          { stroke: COLORS.neutral, strokeDasharray: '4 3' }
        ),
        Plot.line(rows, {
          x: 'predicted',
          y: 'observed',
          z: 'series',
          stroke: many ? 'series' : COLORS.primary
        }),
        Plot.dot(rows, {
          x: 'predicted',
          y: 'observed',
          fill: many ? 'series' : COLORS.primary,
          r: 3,
          title: (d: (typeof rows)[number]) =>
            `${d.series}: ${fmt3(d.predicted)} → ${fmt3(d.observed)} (n = ${d.count})`
        })
      ]
    }
  };
}

/** Precision, recall and F1 against the threshold, with a rule at the chosen one. */
export function thresholdSpec(
  id: string,
  title: string,
  sweep: ThresholdStats[],
  current: number,
  labels: { x: string; y: string; precision: string; recall: string; f1: string }
): ChartSpec {
  const rows = sweep.flatMap((s) =>
    (
      [
        [labels.precision, s.precision],
        [labels.recall, s.recall],
        [labels.f1, s.f1]
      ] as [string, number][]
    )
      .filter(([, v]) => Number.isFinite(v))
      .map(([metric, value]) => ({ threshold: s.threshold, metric, value }))
  );
  return {
    id,
    title,
    options: {
      height: 260,
      marginLeft: 48,
      x: { label: labels.x, domain: [0, 1] },
      y: { label: labels.y, domain: [0, 1], grid: true },
      color: {
        legend: true,
        domain: [labels.precision, labels.recall, labels.f1],
        range: [COLORS.primary, COLORS.secondary, '#2a9d8f']
      },
      marks: [
        Plot.line(rows, { x: 'threshold', y: 'value', stroke: 'metric' }),
        Plot.ruleX([current], { stroke: COLORS.missing, strokeWidth: 1.5 })
      ]
    }
  };
}

export function gainSpec(
  id: string,
  title: string,
  series: { name: string; points: GainPoint[] }[],
  mode: 'gain' | 'lift',
  labels: { x: string; y: string }
): ChartSpec {
  const many = series.length > 1;
  const rows = series.flatMap((s) =>
    s.points
      .filter((p) => mode === 'gain' || Number.isFinite(p.lift))
      .map((p) => ({ ...p, series: s.name }))
  );
  const baseline =
    mode === 'gain'
      ? [
          [0, 0],
          [1, 1]
        ]
      : [
          [rows.length ? Math.min(...rows.map((r) => r.population)) : 0, 1],
          [1, 1]
        ];
  return {
    id,
    title,
    options: {
      height: 260,
      marginLeft: 48,
      x: { label: labels.x, percent: true, domain: [0, 100] },
      y:
        mode === 'gain'
          ? { label: labels.y, percent: true, domain: [0, 100], grid: true }
          : { label: labels.y, grid: true, zero: true },
      color: many ? { legend: true, scheme: 'tableau10' } : undefined,
      marks: [
        Plot.line(baseline, { stroke: COLORS.neutral, strokeDasharray: '4 3' }),
        Plot.line(rows, {
          x: 'population',
          y: mode,
          z: 'series',
          stroke: many ? 'series' : COLORS.primary,
          marker: 'circle'
        })
      ]
    }
  };
}

/** Predicted against actual (regression) with the line y = x. */
export function predictedActualSpec(
  id: string,
  title: string,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: { x: string; y: string }
): ChartSpec {
  const rows = strideIndices(actual.length)
    .map((i) => ({ actual: actual[i], predicted: predicted[i] }))
    .filter((d) => Number.isFinite(d.actual) && Number.isFinite(d.predicted));
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of rows) {
    lo = Math.min(lo, d.actual, d.predicted);
    hi = Math.max(hi, d.actual, d.predicted);
  }
  const diag = rows.length
    ? [
        [lo, lo],
        [hi, hi]
      ]
    : [];
  return {
    id,
    title,
    options: {
      height: 300,
      marginLeft: 56,
      x: { label: labels.x, grid: true },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.line(diag, { stroke: COLORS.missing, strokeDasharray: '4 3' }),
        Plot.dot(rows, {
          x: 'actual',
          y: 'predicted',
          r: 2,
          fill: COLORS.primary,
          fillOpacity: 0.6
        })
      ]
    }
  };
}

/** Residual (actual − predicted) against predicted, with a rule at 0. */
export function residualsSpec(
  id: string,
  title: string,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: { x: string; y: string }
): ChartSpec {
  const rows = strideIndices(actual.length)
    .map((i) => ({ predicted: predicted[i], residual: actual[i] - predicted[i] }))
    .filter((d) => Number.isFinite(d.residual));
  return {
    id,
    title,
    options: {
      height: 260,
      marginLeft: 56,
      x: { label: labels.x, grid: true },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.ruleY([0], { stroke: COLORS.missing }),
        Plot.dot(rows, {
          x: 'predicted',
          y: 'residual',
          r: 2,
          fill: COLORS.primary,
          fillOpacity: 0.6
        })
      ]
    }
  };
}

/** Histogram of actual − predicted (20 bins). */
export function residualHistogramSpec(
  id: string,
  title: string,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: { x: string; y: string }
): ChartSpec {
  const res = Float64Array.from({ length: actual.length }, (_, i) => actual[i] - predicted[i]);
  return histogramSpec(id, title, histogram(res, 20), labels);
}

export interface LearningPoint {
  /** Training rows used. */
  size: number;
  /** Score on the holdout (mean over repeats) and its standard deviation. */
  mean: number;
  std: number;
}

/** Score against training size with a ± std band. */
export function learningCurveSpec(
  id: string,
  title: string,
  points: LearningPoint[],
  labels: { x: string; y: string }
): ChartSpec {
  const rows = points
    .filter((p) => Number.isFinite(p.mean))
    .map((p) => ({ ...p, lo: p.mean - (p.std || 0), hi: p.mean + (p.std || 0) }));
  return {
    id,
    title,
    options: {
      height: 240,
      marginLeft: 56,
      x: { label: labels.x, grid: true },
      y: { label: labels.y, grid: true },
      marks: [
        Plot.areaY(rows, {
          x: 'size',
          y1: 'lo',
          y2: 'hi',
          fill: COLORS.primary,
          fillOpacity: 0.18
        }),
        Plot.line(rows, { x: 'size', y: 'mean', stroke: COLORS.primary, marker: 'circle' })
      ]
    }
  };
}
