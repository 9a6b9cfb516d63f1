// Guards renderMarkdown: every GFM table parses (a header, a separator of --- cells, the same cell
// count on every row once escaped pipes are discounted), hostile names cannot open HTML, links or
// cells, charts are data: URI SVG images (or linked files), and the numbers match the model.
import { beforeAll, describe, expect, test } from 'vitest';
import { buildReport, chartFiles, renderMarkdown } from '../../workers/engine/report/index';
import type { ReportModel } from '../../workers/engine/report/index';
import { fullInput, hostileSession, MD_HOSTILE, XSS } from './report-fixtures';

/** Cells of a GFM table row: split on pipes not preceded by a backslash. */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/** Consecutive lines starting with '|' grouped into tables. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) cur.push(line);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

let model: ReportModel;
let md = '';
beforeAll(async () => {
  const session = await hostileSession();
  model = buildReport(fullInput(session), { lang: 'en', title: `T ${XSS}` });
  const t0 = performance.now();
  md = renderMarkdown(model);
  console.log(
    `report-markdown: render ${(performance.now() - t0).toFixed(1)} ms, ${md.length} chars`
  );
});

describe('renderMarkdown', () => {
  test('every table has a header, a --- separator row and a constant cell count', () => {
    const ts = tables(md);
    expect(ts.length).toBeGreaterThanOrEqual(8);
    for (const t of ts) {
      expect(t.length).toBeGreaterThanOrEqual(2);
      const n = cells(t[0]).length;
      expect(
        cells(t[1]).every((c) => /^-{3,}:?$/.test(c)),
        t[1]
      ).toBe(true);
      for (const row of t) expect(cells(row).length, row).toBe(n);
    }
  });

  test('the leaderboard table carries the model numbers, right-aligned', () => {
    const lb = tables(md).find((t) => cells(t[0]).includes('Rank'))!;
    expect(cells(lb[0])).toEqual([
      'Rank',
      'Model',
      'Family',
      'Accuracy',
      'AUC',
      'Fit time \\[s\\]'
    ]);
    expect(cells(lb[1])).toEqual(['---:', '---', '---', '---:', '---:', '---:']);
    expect(cells(lb[2])).toEqual(['1', 'gbdt\\#tune1', 'gbdt', '0.8125', '0.9031', '0.25']);
  });

  test('hostile names are escaped: no raw tag, no link, no extra cell', () => {
    expect(md).not.toContain(XSS);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).not.toMatch(/(?<!\\)<(img|script|b)\b/);
    expect(md).toContain('a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\#h');
    expect(md).not.toContain(MD_HOSTILE);
    expect(md.split('\n')[0]).toBe('# T \\<img src=x onerror=alert(1)\\>');
  });

  test('charts are embedded SVG data: URIs whose SVG escapes the labels', () => {
    const imgs = [...md.matchAll(/!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
    expect(imgs.length).toBe(chartFiles(model).length);
    const svg = Buffer.from(
      imgs.find((m) => Buffer.from(m[1], 'base64').toString('utf8').includes('SHAP'))![1],
      'base64'
    ).toString('utf8');
    expect(svg.startsWith('<svg xmlns=')).toBe(true);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain('<img');
  });

  test("images: 'files' links chart-N.svg files that chartFiles() returns", () => {
    const linked = renderMarkdown(model, { images: 'files', imagePrefix: 'charts/' });
    const files = chartFiles(model);
    for (const f of files) expect(linked).toContain(`](charts/${f.name})`);
    expect(linked).not.toContain('data:image');
  });
});
