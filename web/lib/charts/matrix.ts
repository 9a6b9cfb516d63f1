/**
 * Heat maps: correlation matrices (Pearson / Spearman: diverging −1…1; Cramér's V: 0…1), η
 * (numeric × categorical, rectangular), the co-missing matrix and the missing-value block matrix.
 * One data row per cell (n² for a square matrix); undefined (null) cells stay in the data and are
 * simply not painted. Values are printed in the cells while the matrix is small enough to read.
 */
import * as Plot from '@observablehq/plot';
import type { CorrelationMatrix } from '$engine';
import { RAMP, labelMargin, shortLabel, type ChartSpec } from './types';

export interface HeatCell {
  /** Column index and row index (as strings: keys of the band scales). */
  x: string;
  y: string;
  value: number | null;
}

/** Cells of a rows × cols matrix, row-major. */
export function heatCells(matrix: (number | null)[][]): HeatCell[] {
  const out: HeatCell[] = [];
  matrix.forEach((row, i) =>
    row.forEach((v, j) =>
      out.push({ x: `${j}`, y: `${i}`, value: v === null || !Number.isFinite(v) ? null : v })
    )
  );
  return out;
}

/** Cells up to which values are written inside (beyond that they are only in the tooltip). */
const LABEL_CELLS = 15;

interface HeatOpts {
  xLabels: string[];
  yLabels: string[];
  /** 'diverging' −1…1 (red–blue) or 'sequential' 0…max. */
  kind: 'diverging' | 'sequential';
  domainMax?: number;
  legend: string;
  percent?: boolean;
  /**
   * Bands stretch to the figure's width (rows 18 px high) instead of square cells; every
   * `xTickEvery`-th x label is shown. For wide, short matrices (the missing-value map).
   */
  fluid?: { xTickEvery: number };
}

export function heatmapSpec(
  id: string,
  title: string,
  matrix: (number | null)[][],
  o: HeatOpts
): ChartSpec {
  const cells = heatCells(matrix);
  const xs = o.xLabels.map((l) => shortLabel(l, 18));
  const ys = o.yLabels.map((l) => shortLabel(l));
  const side = Math.max(o.xLabels.length, o.yLabels.length);
  const cell = side > 30 ? 14 : side > 15 ? 22 : 40;
  const fmt = (v: number) => (o.percent ? `${Math.round(v * 100)}%` : v.toFixed(2));
  const marginLeft = labelMargin(ys);
  // Rotated (−45°) labels need about sin 45° of their length.
  const rotated = !o.fluid && o.xLabels.length > 4;
  const marginBottom = o.fluid
    ? 30
    : rotated
      ? Math.min(110, Math.round(labelMargin(xs, 30, 150) * 0.75))
      : 30;
  const marks: Plot.Markish[] = [
    Plot.cell(cells, {
      x: 'x',
      y: 'y',
      fill: 'value',
      inset: 0.5,
      title: (d: HeatCell) =>
        `${o.yLabels[+d.y]} × ${o.xLabels[+d.x]}: ${d.value === null ? '—' : fmt(d.value)}`
    })
  ];
  if (!o.fluid && o.xLabels.length <= LABEL_CELLS && o.yLabels.length <= LABEL_CELLS) {
    marks.push(
      Plot.text(
        cells.filter((c) => c.value !== null),
        {
          x: 'x',
          y: 'y',
          text: (d: HeatCell) => fmt(d.value as number),
          fill: 'black',
          stroke: 'white',
          strokeWidth: 2.5,
          fontSize: 10
        }
      )
    );
  }
  return {
    id,
    title,
    options: {
      width: o.fluid ? undefined : marginLeft + 20 + cell * o.xLabels.length,
      height: 20 + marginBottom + (o.fluid ? 18 : cell) * o.yLabels.length,
      marginLeft,
      marginBottom,
      marginTop: 10,
      padding: 0,
      x: {
        domain: o.xLabels.map((_, i) => `${i}`),
        tickFormat: (k: string) => (o.fluid && +k % o.fluid.xTickEvery !== 0 ? '' : xs[+k]),
        tickSize: o.fluid ? 0 : undefined,
        tickRotate: rotated ? -45 : 0,
        label: null
      },
      y: {
        domain: o.yLabels.map((_, i) => `${i}`),
        tickFormat: (k: string) => ys[+k],
        label: null
      },
      color:
        o.kind === 'diverging'
          ? { type: 'linear', scheme: 'rdbu', domain: [-1, 1], label: o.legend, ...RAMP }
          : {
              type: 'linear',
              scheme: 'blues',
              domain: [0, o.domainMax ?? 1],
              label: o.legend,
              percent: o.percent,
              ...RAMP
            },
      marks
    }
  };
}

/** A square correlation matrix over its columns. */
export function correlationSpec(
  id: string,
  title: string,
  m: CorrelationMatrix,
  kind: 'diverging' | 'sequential',
  legend: string
): ChartSpec {
  return heatmapSpec(id, title, m.matrix, {
    xLabels: m.columns,
    yLabels: m.columns,
    kind,
    legend
  });
}

/** Most columns a heat map shows (a 40 × 40 map is 1,600 cells and still readable). */
export const MAX_HEAT_COLUMNS = 40;

/**
 * The square sub-matrix over the `k` columns that score highest by `score(i)` (kept in their
 * original order), so a wide table's heat map stays within a few thousand cells.
 */
export function topSubMatrix<T extends number | null>(
  columns: string[],
  matrix: T[][],
  score: (i: number) => number,
  k = MAX_HEAT_COLUMNS
): { columns: string[]; matrix: T[][]; total: number } {
  const total = columns.length;
  if (total <= k) return { columns, matrix, total };
  const keep = columns
    .map((_, i) => i)
    .sort((a, b) => score(b) - score(a) || a - b)
    .slice(0, k)
    .sort((a, b) => a - b);
  return {
    columns: keep.map((i) => columns[i]),
    matrix: keep.map((i) => keep.map((j) => matrix[i][j])),
    total
  };
}

/** Strongest off-diagonal |value| of row i (null counts as 0). */
export function maxOffDiagonal(matrix: (number | null)[][], i: number): number {
  let best = 0;
  matrix[i].forEach((v, j) => {
    if (j !== i && v !== null && Number.isFinite(v)) best = Math.max(best, Math.abs(v));
  });
  return best;
}
