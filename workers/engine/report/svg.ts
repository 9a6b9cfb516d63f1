/**
 * Charts as SVG text, drawn here from the ChartSpec (no DOM, no Plot): horizontal bars,
 * histograms, a [0, 1]² line (ROC) and a count heat map (confusion matrix). Every label goes
 * through escapeHtml (SVG is XML); the output has no script, no link and no external reference, so
 * it can be inlined in HTML or embedded as a data: URI in Markdown.
 */
import { escapeHtml } from './escape';
import { fmtCount, fmtNumber, fmtPercent } from './format';
import type { BarChart, ChartSpec, HeatmapChart, HistogramChart, LineChart } from './types';

const W = 640;
const FONT = 'font-family="DejaVu Sans, Arial, sans-serif"';
const BAR = '#4a6fb5';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Numbers in SVG coordinates: 2 decimals are plenty, and keep the text short. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function frame(h: number, title: string, body: string): string {
  return (
    `<svg viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<rect width="${W}" height="${h}" fill="#ffffff"/>` +
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold" ${FONT}>${escapeHtml(cut(title, 90))}</text>` +
    body +
    '</svg>'
  );
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" font-size="11" ${FONT} ${attrs}>${escapeHtml(s)}</text>`;
}

function barSvg(c: BarChart): string {
  const rowH = 22;
  const left = 190;
  const right = 70;
  const top = 34;
  const h = top + c.labels.length * rowH + 30;
  const max = Math.max(...c.values.map((v) => (Number.isFinite(v) ? v : 0)), 1e-12);
  let body = '';
  c.values.forEach((v, i) => {
    const y = top + i * rowH;
    const w = Number.isFinite(v) && v > 0 ? ((W - left - right) * v) / max : 0;
    body += text(left - 6, y + 15, cut(c.labels[i], 30), 'text-anchor="end"');
    body += `<rect x="${left}" y="${y + 3}" width="${n(w)}" height="${rowH - 6}" fill="${BAR}"/>`;
    body += text(left + w + 4, y + 15, c.percent ? fmtPercent(v) : fmtNumber(v));
  });
  body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + c.labels.length * rowH}" stroke="#333"/>`;
  if (c.valueLabel)
    body += text(left + (W - left - right) / 2, h - 8, c.valueLabel, 'text-anchor="middle"');
  return frame(h, c.title, body);
}

function histogramSvg(c: HistogramChart): string {
  const h = 260;
  const left = 60;
  const right = 20;
  const top = 34;
  const bottom = 40;
  const plotW = W - left - right;
  const plotH = h - top - bottom;
  const max = Math.max(...c.counts, 1);
  const bw = plotW / Math.max(c.counts.length, 1);
  let body = '';
  c.counts.forEach((v, i) => {
    const bh = (plotH * v) / max;
    body += `<rect x="${n(left + i * bw)}" y="${n(top + plotH - bh)}" width="${n(Math.max(bw - 1, 0.5))}" height="${n(bh)}" fill="${BAR}"/>`;
  });
  body += `<line x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}" stroke="#333"/>`;
  body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`;
  body += text(left, h - 22, fmtNumber(c.edges[0]), 'text-anchor="start"');
  body += text(W - right, h - 22, fmtNumber(c.edges[c.edges.length - 1]), 'text-anchor="end"');
  body += text(left - 4, top + 10, fmtCount(max), 'text-anchor="end"');
  body += text(left - 4, top + plotH, '0', 'text-anchor="end"');
  return frame(h, c.title, body);
}

function lineSvg(c: LineChart): string {
  const size = 300;
  const left = (W - size) / 2;
  const top = 34;
  const h = top + size + 44;
  const px = (x: number) => left + x * size;
  const py = (y: number) => top + size - y * size;
  let body = `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333"/>`;
  if (c.diagonal)
    body += `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#999" stroke-dasharray="4 4"/>`;
  const pts = c.x.map((x, i) => `${n(px(x))},${n(py(c.y[i]))}`).join(' ');
  body += `<polyline points="${pts}" fill="none" stroke="${BAR}" stroke-width="2"/>`;
  body += text(px(0.5), h - 10, c.xLabel, 'text-anchor="middle"');
  body += text(
    left - 8,
    top + size / 2,
    c.yLabel,
    `text-anchor="middle" transform="rotate(-90 ${n(left - 8)} ${n(top + size / 2)})"`
  );
  body +=
    text(px(0), top + size + 14, '0', 'text-anchor="middle"') +
    text(px(1), top + size + 14, '1', 'text-anchor="middle"');
  return frame(h, c.title, body);
}

function heatmapSvg(c: HeatmapChart): string {
  const k = c.colLabels.length;
  const cell = Math.max(18, Math.min(60, Math.floor(360 / Math.max(k, 1))));
  const left = 170;
  const top = 52;
  const h = top + c.rowLabels.length * cell + 40;
  const max = Math.max(...c.values.flat(), 1);
  let body = text(
    left + (k * cell) / 2,
    top - 20,
    c.xLabel,
    'text-anchor="middle" font-weight="bold"'
  );
  c.colLabels.forEach(
    (l, j) => (body += text(left + j * cell + cell / 2, top - 4, cut(l, 8), 'text-anchor="middle"'))
  );
  c.values.forEach((row, i) => {
    body += text(
      left - 6,
      top + i * cell + cell / 2 + 4,
      cut(c.rowLabels[i], 24),
      'text-anchor="end"'
    );
    row.forEach((v, j) => {
      const t = v / max;
      const shade = Math.round(255 - t * 180);
      body += `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#fff"/>`;
      if (cell >= 24)
        body += text(
          left + j * cell + cell / 2,
          top + i * cell + cell / 2 + 4,
          fmtCount(v),
          `text-anchor="middle" fill="${t > 0.6 ? '#fff' : '#000'}"`
        );
    });
  });
  body += text(20, top + (c.rowLabels.length * cell) / 2, c.yLabel, 'font-weight="bold"');
  return frame(h, c.title, body);
}

function drawn(c: ChartSpec): string {
  switch (c.type) {
    case 'bar':
      return barSvg(c);
    case 'histogram':
      return histogramSvg(c);
    case 'line':
      return lineSvg(c);
    case 'heatmap':
      return heatmapSvg(c);
  }
}

/**
 * The chart as one `<svg>` element (UTF-8 text, no XML declaration).
 * @param standalone add the SVG namespace (needed in a file or data: URI; inline HTML5 SVG has it
 *   implicitly, and leaving it out keeps the HTML report free of any URL text).
 */
export function chartSvg(c: ChartSpec, standalone = false): string {
  const svg = drawn(c);
  return standalone ? svg.replace('<svg ', `<svg xmlns="${SVG_NS}" `) : svg;
}
