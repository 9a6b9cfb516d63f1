/**
 * Charts drawn into a jsPDF page with vector primitives (rect, line, lines, text) from the same
 * ChartSpec the SVG renderer uses, so PDF charts stay sharp at any zoom and their labels are real,
 * selectable text. Coordinates in mm; each function returns the height it used.
 */
import type { jsPDF } from 'jspdf';
import { fmtCount, fmtNumber, fmtPercent } from './format';
import type { BarChart, ChartSpec, HeatmapChart, HistogramChart, LineChart } from './types';

const BAR: [number, number, number] = [74, 111, 181];

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function title(doc: jsPDF, x: number, y: number, w: number, s: string): void {
  doc.setFont('DejaVu', 'bold');
  doc.setFontSize(10);
  doc.setTextColor(20, 20, 20);
  doc.text(cut(s, 95), x + w / 2, y + 4, { align: 'center' });
  doc.setFont('DejaVu', 'normal');
  doc.setFontSize(7.5);
}

/** Height a chart will take (to decide on a page break before drawing). */
export function chartHeight(c: ChartSpec): number {
  switch (c.type) {
    case 'bar':
      return 12 + c.labels.length * 5.5 + 6;
    case 'histogram':
      return 62;
    case 'line':
      return 92;
    case 'heatmap':
      return (
        22 +
        c.rowLabels.length * Math.max(5, Math.min(14, 90 / Math.max(c.colLabels.length, 1))) +
        8
      );
  }
}

function bar(doc: jsPDF, c: BarChart, x: number, y: number, w: number): void {
  title(doc, x, y, w, c.title);
  const left = x + 48;
  const plotW = w - 48 - 20;
  const top = y + 10;
  const max = Math.max(...c.values.map((v) => (Number.isFinite(v) ? v : 0)), 1e-12);
  doc.setFillColor(...BAR);
  c.values.forEach((v, i) => {
    const yy = top + i * 5.5;
    const bw = Number.isFinite(v) && v > 0 ? (plotW * v) / max : 0;
    doc.setTextColor(30, 30, 30);
    doc.text(cut(c.labels[i], 32), left - 1.5, yy + 3.6, { align: 'right' });
    doc.setFillColor(...BAR);
    if (bw > 0) doc.rect(left, yy + 0.8, bw, 3.9, 'F');
    doc.text(c.percent ? fmtPercent(v) : fmtNumber(v), left + bw + 1, yy + 3.6);
  });
  doc.setDrawColor(60, 60, 60);
  doc.line(left, top, left, top + c.values.length * 5.5);
  if (c.valueLabel)
    doc.text(c.valueLabel, left + plotW / 2, top + c.values.length * 5.5 + 4.5, {
      align: 'center'
    });
}

function histogram(doc: jsPDF, c: HistogramChart, x: number, y: number, w: number): void {
  title(doc, x, y, w, c.title);
  const left = x + 16;
  const plotW = w - 24;
  const top = y + 10;
  const plotH = 42;
  const max = Math.max(...c.counts, 1);
  const bw = plotW / Math.max(c.counts.length, 1);
  doc.setFillColor(...BAR);
  c.counts.forEach((v, i) => {
    const bh = (plotH * v) / max;
    if (bh > 0) doc.rect(left + i * bw, top + plotH - bh, Math.max(bw - 0.3, 0.2), bh, 'F');
  });
  doc.setDrawColor(60, 60, 60);
  doc.line(left, top + plotH, left + plotW, top + plotH);
  doc.line(left, top, left, top + plotH);
  doc.setTextColor(30, 30, 30);
  doc.text(fmtNumber(c.edges[0]), left, top + plotH + 4);
  doc.text(fmtNumber(c.edges[c.edges.length - 1]), left + plotW, top + plotH + 4, {
    align: 'right'
  });
  doc.text(fmtCount(max), left - 1.5, top + 2.5, { align: 'right' });
  doc.text('0', left - 1.5, top + plotH, { align: 'right' });
}

function line(doc: jsPDF, c: LineChart, x: number, y: number, w: number): void {
  title(doc, x, y, w, c.title);
  const size = 72;
  const left = x + (w - size) / 2;
  const top = y + 9;
  const px = (v: number) => left + v * size;
  const py = (v: number) => top + size - v * size;
  doc.setDrawColor(60, 60, 60);
  doc.setLineWidth(0.2);
  doc.rect(left, top, size, size, 'S');
  if (c.diagonal) {
    doc.setDrawColor(160, 160, 160);
    doc.setLineDashPattern([1, 1], 0);
    doc.line(px(0), py(0), px(1), py(1));
    doc.setLineDashPattern([], 0);
  }
  doc.setDrawColor(...BAR);
  doc.setLineWidth(0.6);
  const segs: [number, number][] = [];
  for (let i = 1; i < c.x.length; i++)
    segs.push([px(c.x[i]) - px(c.x[i - 1]), py(c.y[i]) - py(c.y[i - 1])]);
  if (segs.length) doc.lines(segs, px(c.x[0]), py(c.y[0]), [1, 1], 'S', false);
  doc.setLineWidth(0.2);
  doc.setTextColor(30, 30, 30);
  doc.text(c.xLabel, left + size / 2, top + size + 7, { align: 'center' });
  doc.text(c.yLabel, left - 3, top + size / 2, { align: 'center', angle: 90 });
  doc.text('0', px(0), top + size + 3.5, { align: 'center' });
  doc.text('1', px(1), top + size + 3.5, { align: 'center' });
}

function heatmap(doc: jsPDF, c: HeatmapChart, x: number, y: number, w: number): void {
  title(doc, x, y, w, c.title);
  const k = c.colLabels.length;
  const cell = Math.max(5, Math.min(14, 90 / Math.max(k, 1)));
  const left = x + 50;
  const top = y + 18;
  const max = Math.max(...c.values.flat(), 1);
  doc.setTextColor(30, 30, 30);
  doc.text(c.xLabel, left + (k * cell) / 2, top - 7, { align: 'center' });
  c.colLabels.forEach((l, j) =>
    doc.text(cut(l, 8), left + j * cell + cell / 2, top - 1.5, { align: 'center' })
  );
  c.values.forEach((row, i) => {
    doc.setTextColor(30, 30, 30);
    doc.text(cut(c.rowLabels[i], 22), left - 1.5, top + i * cell + cell / 2 + 1, {
      align: 'right'
    });
    row.forEach((v, j) => {
      const t = v / max;
      const shade = Math.round(255 - t * 180);
      doc.setFillColor(shade, shade, 255);
      doc.rect(left + j * cell, top + i * cell, cell, cell, 'F');
      if (cell >= 8) {
        doc.setTextColor(t > 0.6 ? 255 : 0, t > 0.6 ? 255 : 0, t > 0.6 ? 255 : 0);
        doc.text(fmtCount(v), left + j * cell + cell / 2, top + i * cell + cell / 2 + 1, {
          align: 'center'
        });
      }
    });
  });
  doc.setTextColor(30, 30, 30);
  doc.text(c.yLabel, x, top + (c.rowLabels.length * cell) / 2);
}

/** Draws `c` with its top-left corner at (x, y), `w` mm wide. */
export function drawChart(doc: jsPDF, c: ChartSpec, x: number, y: number, w: number): void {
  switch (c.type) {
    case 'bar':
      return bar(doc, c, x, y, w);
    case 'histogram':
      return histogram(doc, c, x, y, w);
    case 'line':
      return line(doc, c, x, y, w);
    case 'heatmap':
      return heatmap(doc, c, x, y, w);
  }
}
