// Guards renderHtml: one self-contained document (no <script>, no external URL in src / href /
// url(), no event-handler attribute), the leaderboard numbers of the model it describes present
// as text, every hostile column name / value / param / title shown escaped, and charts inline SVG.
import { beforeAll, describe, expect, test } from 'vitest';
import { buildReport, renderHtml } from '../../workers/engine/report/index';
import { fullInput, hostileSession, XSS } from './report-fixtures';

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

/** A tiny HTML tag scanner: start tags with their attributes, and the text between tags. */
function scan(html: string): { tags: Tag[]; text: string } {
  const tags: Tag[] = [];
  let text = '';
  const re =
    /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g;
  let last = 0;
  for (const m of html.matchAll(re)) {
    text += html.slice(last, m.index) + ' ';
    last = m.index! + m[0].length;
    if (!m[2] || m[1]) continue;
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
      attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    tags.push({ name: m[2].toLowerCase(), attrs });
  }
  text += html.slice(last);
  return { tags, text };
}

/** Text content with the five entities decoded (what a browser shows). */
function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

let html = '';
let ms = 0;
beforeAll(async () => {
  const session = await hostileSession();
  const t0 = performance.now();
  const model = buildReport(fullInput(session), {
    title: `Tytuł ${XSS}`,
    author: `Zażółć "ja" & ty`
  });
  html = renderHtml(model);
  ms = performance.now() - t0;
  console.log(`report-html: build + render ${ms.toFixed(1)} ms, ${html.length} chars`);
});

describe('renderHtml', () => {
  test('is one document with no <script>, no event handler attribute, no external URL', () => {
    const { tags } = scan(html);
    expect(tags[0].name).toBe('html');
    expect(tags.some((t) => t.name === 'script')).toBe(false);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(tags.filter((t) => Object.keys(t.attrs).some((a) => a.startsWith('on')))).toEqual([]);
    for (const t of tags)
      for (const k of ['src', 'href', 'xlink:href', 'action', 'srcset'])
        if (t.attrs[k] !== undefined) expect(t.attrs[k], `${t.name} ${k}`).toMatch(/^#/);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(tags.some((t) => t.name === 'link' || t.name === 'iframe' || t.name === 'img')).toBe(
      false
    );
  });

  test('shows the leaderboard numbers of the model as text', () => {
    const { text } = scan(html);
    for (const v of [
      '0.8125',
      '0.9031',
      '0.7419',
      '0.8234',
      '0.6006',
      '0.7777',
      '0.8642',
      'gbdt#tune1'
    ])
      expect(text).toContain(v);
  });

  test('the XSS column name, hostile values, params, session name and title are escaped text', () => {
    const { tags, text } = scan(html);
    expect(tags.some((t) => t.name === 'img' || t.name === 'b')).toBe(false);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS);
    const shown = decode(text);
    expect(shown).toContain(XSS); // the column name in the overview table
    expect(shown).toContain(`session ${XSS}`);
    expect(shown).toContain('<script>alert(2)</script>'); // a param value, as text
    expect(shown).toContain('Zażółć "ja" & ty');
    expect(
      decode(scan(html.slice(html.indexOf('<title>'), html.indexOf('</title>') + 8)).text)
    ).toContain(`Tytuł ${XSS}`);
  });

  test('charts are inline SVG (bar, histogram, ROC polyline, heat map) and print CSS is present', () => {
    const { tags } = scan(html);
    expect(tags.filter((t) => t.name === 'svg').length).toBeGreaterThanOrEqual(5);
    expect(tags.some((t) => t.name === 'polyline')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('<meta charset="utf-8">');
  });

  test('build + render of a full report stays under the 2 s target', () => {
    expect(ms).toBeLessThan(2000);
  });
});
