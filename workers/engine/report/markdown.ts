/**
 * renderMarkdown: the report as GitHub-flavoured Markdown — headings, key/value and data tables
 * as GFM tables, lists, and charts as images: embedded SVG data: URIs by default, or links to
 * files (`chartFiles` gives their names and SVG text for the caller to write). All text is
 * escaped (escape.ts): nothing in a cell can open HTML, a link or another cell.
 */
import { toBase64 } from '../bundle/base64';
import { escapeMarkdown as md } from './escape';
import { chartSvg } from './svg';
import type { ChartSpec, ReportBlock, ReportModel } from './types';

export interface MarkdownOptions {
  /**
   * 'embed' (default): `![title](data:image/svg+xml;base64,…)`; 'files': `![title](<prefix>chart-N.svg)`
   * with the files from `chartFiles(model)`; 'none': charts left out.
   */
  images?: 'embed' | 'files' | 'none';
  /** Prefix of linked chart files (images: 'files'), e.g. 'report-charts/'. */
  imagePrefix?: string;
}

/** Base64 of UTF-8 text (no Buffer / btoa: the engine runs in Node, workers and the edge). */
export function base64Utf8(s: string): string {
  return toBase64(new TextEncoder().encode(s));
}

/** Every chart of the report, in order, with the file name the 'files' mode links to. */
export function chartFiles(model: ReportModel): { name: string; svg: string; chart: ChartSpec }[] {
  const out: { name: string; svg: string; chart: ChartSpec }[] = [];
  for (const s of model.sections)
    for (const b of s.blocks)
      if (b.kind === 'chart')
        out.push({
          name: `chart-${out.length + 1}.svg`,
          svg: chartSvg(b.chart, true),
          chart: b.chart
        });
  return out;
}

function cell(s: string): string {
  return md(s, false);
}

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const sep = `|${head.map((_, i) => (numeric[i] ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(head), sep, ...rows.map(line)].join('\n');
}

export function renderMarkdown(model: ReportModel, opts: MarkdownOptions = {}): string {
  const images = opts.images ?? 'embed';
  let chartNo = 0;
  const block = (b: ReportBlock): string => {
    switch (b.kind) {
      case 'heading':
        return `### ${md(b.text)}`;
      case 'paragraph':
        return md(b.text);
      case 'keyValues':
        return table(['', ''], b.rows, [false, false]);
      case 'table':
        return table(b.head, b.rows, b.numeric) + (b.note ? `\n\n_${md(b.note)}_` : '');
      case 'list':
        return b.items
          .map(
            (it) =>
              `- ${it.severity ? `**${md(model.words.severity[it.severity])}:** ` : ''}${md(it.text, false)}`
          )
          .join('\n');
      case 'chart': {
        chartNo++;
        if (images === 'none') return '';
        const alt = md(b.chart.title);
        if (images === 'files') return `![${alt}](${opts.imagePrefix ?? ''}chart-${chartNo}.svg)`;
        return `![${alt}](data:image/svg+xml;base64,${base64Utf8(chartSvg(b.chart, true))})`;
      }
    }
  };
  const parts = [`# ${md(model.title)}`, md(model.subtitle)];
  if (model.author) parts.push(`${md(model.words.author)}: ${md(model.author, false)}`);
  parts.push(`${md(model.words.generated)}: ${md(model.generatedAt, false)}`);
  parts.push(
    `## ${md(model.words.toc)}\n\n` +
      model.sections
        .map((s, i) => `${i + 1}\\. [${md(s.title)}](#${slug(i + 1, s.title)})`)
        .join('  \n')
  );
  model.sections.forEach((s, i) => {
    parts.push(`## ${i + 1}. ${md(s.title)}`);
    for (const b of s.blocks) {
      const t = block(b);
      if (t) parts.push(t);
    }
  });
  return parts.join('\n\n') + '\n';
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces → '-'. */
function slug(no: number, title: string): string {
  return `${no}. ${title}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}
