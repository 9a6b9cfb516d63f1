/**
 * renderHtml: the report as ONE self-contained HTML file — inline CSS, charts as inline SVG, no
 * script, no external reference (no links to assets, no web fonts), a print stylesheet. Every
 * string of the model is escaped (escape.ts); the renderer adds markup only around them.
 */
import { escapeHtml as e } from './escape';
import { chartSvg } from './svg';
import type { ReportBlock, ReportModel } from './types';

export interface HtmlOptions {
  /** Leave the charts out (smaller file); default false. */
  noCharts?: boolean;
}

const CSS = `
:root{color-scheme:light}
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1d2330;margin:0;background:#f5f6f8;line-height:1.45}
main{max-width:960px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #4a6fb5;padding-bottom:4px;margin-top:36px}
h3{font-size:15px;margin:20px 0 8px}
.sub,.meta{color:#555;margin:2px 0}
nav ol{padding-left:20px}nav a{color:#2a4f95;text-decoration:none}
table{border-collapse:collapse;margin:8px 0 4px;font-size:13px;width:auto;max-width:100%}
th,td{border:1px solid #d5d9e0;padding:4px 8px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#eef1f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:14px}dt{color:#555}dd{margin:0}
.note{color:#666;font-size:12px}
ul.items{padding-left:0;list-style:none}ul.items li{margin:4px 0;padding:4px 8px;border-left:4px solid #9db3dd;background:#f7f9fc}
li.warning{border-left-color:#e0a526!important}li.critical{border-left-color:#c8382f!important}
.sev{font-size:11px;text-transform:uppercase;color:#555;margin-right:6px}
figure{margin:12px 0;page-break-inside:avoid;break-inside:avoid}figure svg{max-width:100%;height:auto}
@media print{body{background:#fff}main{max-width:none;padding:0}nav{page-break-after:always}
h2{page-break-after:avoid;break-after:avoid}table,figure{page-break-inside:avoid;break-inside:avoid}a{color:inherit}}
`;

function block(b: ReportBlock, model: ReportModel, opts: HtmlOptions): string {
  switch (b.kind) {
    case 'heading':
      return `<h3>${e(b.text)}</h3>`;
    case 'paragraph':
      return `<p>${e(b.text)}</p>`;
    case 'keyValues':
      return `<dl>${b.rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
    case 'table': {
      const head = b.head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
      const rows = b.rows
        .map(
          (r) =>
            `<tr>${r.map((c, i) => `<td${b.numeric[i] ? ' class="n"' : ''}>${e(c)}</td>`).join('')}</tr>`
        )
        .join('\n');
      const note = b.note ? `<p class="note">${e(b.note)}</p>` : '';
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>${note}`;
    }
    case 'list':
      return `<ul class="items">${b.items
        .map((it) => {
          const sev = it.severity
            ? `<span class="sev">${e(model.words.severity[it.severity])}</span>`
            : '';
          return `<li class="${it.severity ?? 'info'}">${sev}${e(it.text)}</li>`;
        })
        .join('')}</ul>`;
    case 'chart':
      return opts.noCharts ? '' : `<figure>${chartSvg(b.chart)}</figure>`;
  }
}

/** The report as a complete HTML document (UTF-8). */
export function renderHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const toc = model.sections
    .map((s, i) => `<li><a href="#s-${s.id}">${i + 1}. ${e(s.title)}</a></li>`)
    .join('');
  const body = model.sections
    .map(
      (s, i) =>
        `<section id="s-${s.id}"><h2>${i + 1}. ${e(s.title)}</h2>\n${s.blocks.map((b) => block(b, model, opts)).join('\n')}</section>`
    )
    .join('\n');
  const author = model.author
    ? `<p class="meta">${e(model.words.author)}: ${e(model.author)}</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${e(model.title)}</h1><p class="sub">${e(model.subtitle)}</p>${author}<p class="meta">${e(model.words.generated)}: ${e(model.generatedAt)}</p></header>
<nav><h2>${e(model.words.toc)}</h2><ol style="list-style:none">${toc}</ol></nav>
${body}
</main>
</body>
</html>
`;
}
