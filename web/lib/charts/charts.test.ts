// Guards the pure chart builders: one mark datum per engine aggregate (bins, cells, classes) —
// never raw rows — stable ids, domains, and file names sanitised for export.
import { describe, expect, it } from 'vitest';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  barsSpec,
  binnedScatterSpec,
  boxSpec,
  correlationSpec,
  heatCells,
  histogramBins,
  histogramSpec,
  periodSpec,
  rateRows,
  rateSpec,
  maxOffDiagonal,
  sanitizeFileName,
  topSubMatrix
} from './index';

/** The data array of the `i`-th mark (Plot keeps it on the mark). */
function markData(options: PlotOptions, i = 0): unknown[] {
  const marks = options.marks as Markish[];
  return (marks[i] as unknown as { data: unknown[] }).data;
}

const labels = { x: 'x', y: 'count' };

describe('histogramSpec()', () => {
  it('has exactly `bins` rect data rows, edge to edge, with the counts', () => {
    const h = { edges: [0, 1, 2, 3, 4], counts: [5, 0, 2, 9] };
    const spec = histogramSpec('hist:a', 'a', h, labels);
    expect(spec.id).toBe('hist:a');
    const bins = markData(spec.options) as { x1: number; x2: number; count: number }[];
    expect(bins).toHaveLength(4);
    expect(bins.map((b) => b.count)).toEqual([5, 0, 2, 9]);
    expect(bins.map((b) => [b.x1, b.x2])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4]
    ]);
  });

  it('a constant column (one bin [v, v]) still gets a visible bar', () => {
    expect(histogramBins({ edges: [7, 7], counts: [12] })).toEqual([
      { x1: 6.5, x2: 7.5, count: 12 }
    ]);
  });
});

describe('correlationSpec() / heatCells()', () => {
  const m = {
    columns: ['a', 'b', 'c'],
    matrix: [
      [1, 0.5, null],
      [0.5, 1, -0.2],
      [null, -0.2, 1]
    ]
  };

  it('has n² cells (nulls kept as null, not painted), row-major', () => {
    const spec = correlationSpec('corr:pearson', 'Pearson', m, 'diverging', 'r');
    const cells = markData(spec.options) as { x: string; y: string; value: number | null }[];
    expect(cells).toHaveLength(9);
    expect(cells[2]).toEqual({ x: '2', y: '0', value: null });
    expect(cells.filter((c) => c.value === null)).toHaveLength(2);
    // Value labels skip the undefined cells.
    expect(markData(spec.options, 1)).toHaveLength(7);
    expect(spec.options.color).toMatchObject({ domain: [-1, 1], scheme: 'rdbu' });
  });

  it('heatCells() handles rectangular matrices (η: numeric × categorical)', () => {
    expect(heatCells([[0.1, 0.2, 0.3]])).toHaveLength(3);
    expect(heatCells([[NaN]])[0].value).toBeNull();
  });

  it('does not print values into matrices wider than 15 columns', () => {
    const n = 20;
    const cols = Array.from({ length: n }, (_, i) => `c${i}`);
    const matrix = cols.map(() => cols.map(() => 0.3));
    const spec = correlationSpec('corr:x', 'x', { columns: cols, matrix }, 'sequential', 'V');
    expect(spec.options.marks).toHaveLength(1);
    expect(markData(spec.options)).toHaveLength(n * n);
  });
});

describe('topSubMatrix()', () => {
  it('keeps the k most correlated columns in their order, so a wide map stays small', () => {
    const cols = ['a', 'b', 'c', 'd'];
    const m = [
      [1, 0.1, 0.9, 0],
      [0.1, 1, 0.2, null],
      [0.9, 0.2, 1, 0.3],
      [0, null, 0.3, 1]
    ];
    const sub = topSubMatrix(cols, m, (i) => maxOffDiagonal(m, i), 2);
    expect(sub).toEqual({
      columns: ['a', 'c'],
      matrix: [
        [1, 0.9],
        [0.9, 1]
      ],
      total: 4
    });
    expect(topSubMatrix(cols, m, () => 0, 10).columns).toBe(cols);
  });
});

describe('bars, periods, boxes, rates, binned scatter', () => {
  it('barsSpec() keeps order and duplicates apart, cutting long labels on the axis only', () => {
    const long = 'x'.repeat(40);
    const spec = barsSpec(
      'top:c',
      'c',
      [
        { label: long, value: 3 },
        { label: long, value: 1 }
      ],
      labels
    );
    const rows = markData(spec.options) as { key: string; label: string; short: string }[];
    expect(rows.map((r) => r.key)).toEqual(['0', '1']);
    expect(rows[0].label).toBe(long);
    expect(rows[0].short.length).toBeLessThanOrEqual(24);
  });

  it('periodSpec() turns periods into [start, next start) UTC ranges', () => {
    const spec = periodSpec(
      'dates:d',
      'd',
      [
        { period: '2012-01', count: 31 },
        { period: '2012-12', count: 31 }
      ],
      'month',
      labels
    );
    const rows = markData(spec.options) as { x1: Date; x2: Date }[];
    expect(rows[0].x1.toISOString()).toBe('2012-01-01T00:00:00.000Z');
    expect(rows[1].x2.toISOString()).toBe('2013-01-01T00:00:00.000Z');
  });

  it('boxSpec() draws one whisker, box and median per class', () => {
    const g = { n: 3, min: 1, q1: 2, median: 3, q3: 4, max: 5, mean: 3 };
    const spec = boxSpec(
      'box:f',
      'f',
      [
        { label: 'A', ...g },
        { label: 'B', ...g }
      ],
      labels
    );
    expect([0, 1, 2].map((i) => markData(spec.options, i).length)).toEqual([2, 2, 2]);
  });

  it('rateRows() gives categories × classes rows whose shares sum to 1 per category', () => {
    const cats = [
      { value: 'x', count: 10, shares: [0.3, 0.7] },
      { value: 'y', count: 5, shares: [1, 0] }
    ];
    const rows = rateRows(cats, ['no', 'yes']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ key: '0', value: 'x', cls: 'yes', share: 0.7 });
    const spec = rateSpec('rate:f', 'f', cats, ['no', 'yes'], { x: '%', legend: 'cls' });
    expect(markData(spec.options)).toHaveLength(4);
  });

  it('binnedScatterSpec() maps non-empty bins to their edges', () => {
    const spec = binnedScatterSpec(
      'scatter:f',
      'f',
      {
        feature: 'f',
        kind: 'binnedScatter',
        xEdges: [0, 1, 2],
        yEdges: [10, 20, 30],
        cells: [
          { x: 0, y: 1, count: 4 },
          { x: 1, y: 0, count: 2 }
        ]
      },
      { x: 'f', y: 't', legend: 'n' }
    );
    expect(markData(spec.options)).toEqual([
      { x1: 0, x2: 1, y1: 20, y2: 30, count: 4 },
      { x1: 1, x2: 2, y1: 10, y2: 20, count: 2 }
    ]);
  });
});

describe('sanitizeFileName()', () => {
  it.each([
    ['Histogram: body_mass_g', 'histogram-body_mass_g'],
    ['Łódź — średnia × klasa', 'lodz-srednia-x-klasa'],
    ['../../etc/passwd', 'etc-passwd'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['   ', 'chart'],
    ['a'.repeat(200), 'a'.repeat(80)]
  ])('%j → %j', (title, expected) => {
    expect(sanitizeFileName(title)).toBe(expected);
  });
});
