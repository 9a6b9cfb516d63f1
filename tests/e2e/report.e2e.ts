// Guards the report downloads in Chromium (issue 7): an EDA-only report of a file with a hostile
// column name (HTML parsed by Chromium's own DOMParser: no script, no external URL, the name shown
// as text; Markdown tables parse), and a full report of a trained + explained titanic model in all
// three formats — the HTML and Markdown carry the leaderboard numbers of the champion stored in
// IndexedDB, the PDF has real text (pdftotext finds the Polish titles with diacritics and the
// metric values), a sane page count and a page 1 that is not blank (pdftoppm).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { datasetsDir, useApp } from './harness';
import {
  bannerText,
  chooseTarget,
  explainChampion,
  openApp,
  tableRecords,
  trainQuick,
  upload
} from './app';
import { ensurePoppler } from '../tools/ensure-poppler.mjs';
import { decodePng, inkShare } from '../unit/report-png';

const app = useApp();
const XSS = '<img src=x onerror=alert(1)>';
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-e2e-report-'));

/** Clicks a report format button; resolves with the downloaded file's path and name. */
async function download(page: Page, format: 'html' | 'md' | 'pdf') {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(`report-${format}`).click()
  ]);
  const file = path.join(tmp, `${format}-${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  await expect.poll(() => page.getByTestId('report-last').getAttribute('data-format')).toBe(format);
  return { file, name: dl.suggestedFilename() };
}

/** What Chromium's HTML parser sees in a document. */
function inspectHtml(page: Page, html: string) {
  return page.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const urls: string[] = [];
    for (const el of doc.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        const v = el.getAttribute(a) ?? '';
        if (/^on/i.test(a)) urls.push(`handler:${a}`);
        if (/^(src|href|xlink:href|action|poster)$/i.test(a) && !/^(#|data:)/.test(v)) urls.push(v);
      }
    }
    const styles = [...doc.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
    return {
      scripts: doc.querySelectorAll('script').length,
      imgs: doc.querySelectorAll('img').length,
      urls,
      cssUrls: (styles.match(/url\(/g) ?? []).length,
      svgs: doc.querySelectorAll('svg').length,
      text: doc.body.textContent ?? ''
    };
  }, html);
}

/** Markdown tables: every row has the header's cell count (escaped pipes discounted). */
function markdownTables(md: string): string[][][] {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  const out: string[][][] = [];
  let cur: string[][] = [];
  for (const line of [...md.split('\n'), '']) {
    if (line.startsWith('|')) cur.push(cells(line));
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  return out;
}

describe('Reports', () => {
  it('EDA-only report of a hostile file: HTML self-contained and escaped, Markdown tables parse', async () => {
    const page = app.page;
    await openApp(page, app.url);
    const rows = ['id,"<img src=x onerror=alert(1)>",city,score'];
    for (let i = 0; i < 60; i++)
      rows.push(`${i},${(i * 7) % 13},${i % 2 ? 'Łódź' : '=1+1'},${i / 3}`);
    const { state } = await upload(page, {
      name: 'hostile.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n'))
    });
    expect(state, await bannerText(page)).toBe('ready');
    await page.getByTestId('eda-run').click();
    await page.getByTestId('eda-results').waitFor({ timeout: 60_000 });
    const panel = page.getByTestId('report-panel');
    await panel.waitFor();
    // No model: the panel says the model sections are missing, offers only data sections.
    await page.getByTestId('report-note-model').waitFor();
    expect(await page.getByTestId('report-section-leaderboard').count()).toBe(0);

    const html = await download(page, 'html');
    expect(html.name).toMatch(/^[a-z0-9._-]+\.html$/);
    const doc = await inspectHtml(page, readFileSync(html.file, 'utf8'));
    expect(doc.scripts).toBe(0);
    expect(doc.imgs).toBe(0); // the column name is text, not an <img>
    expect(doc.urls).toEqual([]);
    expect(doc.cssUrls).toBe(0);
    expect(doc.svgs).toBeGreaterThan(0); // charts inline
    expect(doc.text).toContain(XSS);
    expect(doc.text).toContain('Przegląd danych');
    expect(doc.text).not.toContain('Ranking modeli');

    const md = readFileSync((await download(page, 'md')).file, 'utf8');
    const tables = markdownTables(md);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t[1].every((c) => /^:?-{3,}:?$/.test(c))).toBe(true);
      for (const r of t) expect(r.length).toBe(t[0].length);
    }
    // The hostile name cannot open HTML in the Markdown either.
    expect(md).not.toContain(XSS);
    expect(Number(await page.getByTestId('report-last').getAttribute('data-ms'))).toBeGreaterThan(
      0
    );
  });

  it(
    'titanic: trained + explained → HTML, Markdown and PDF with the leaderboard numbers',
    { timeout: 420_000 },
    async () => {
      ensurePoppler();
      const page = app.page;
      await openApp(page, app.url);
      await upload(page, path.join(datasetsDir, 'titanic_survival.csv'));
      expect(await chooseTarget(page, 'survived')).toBe('binary');
      await page.getByTestId('eda-run').click();
      await page.getByTestId('eda-results').waitFor({ timeout: 60_000 });
      const modelId = await trainQuick(page, 15);
      await explainChampion(page);

      const record = (await tableRecords(page, 'models')).find((m) => m.id === modelId);
      const bundle = record?.bundle as {
        metric: string;
        leaderboard: { id: string; status: string; cv: Record<string, number> }[];
        metrics: { holdout: Record<string, number> };
      };
      const done = bundle.leaderboard.filter((r) => r.status === 'done');
      expect(done.length).toBeGreaterThanOrEqual(3);
      const numbers = done.map((r) => r.cv[bundle.metric].toFixed(4));

      const doc = await inspectHtml(
        page,
        readFileSync((await download(page, 'html')).file, 'utf8')
      );
      expect(doc.scripts).toBe(0);
      expect(doc.urls).toEqual([]);
      for (const s of ['Ranking modeli', 'Metryki najlepszego modelu', 'Wyjaśnienia modelu (SHAP)'])
        expect(doc.text).toContain(s);
      for (const n of numbers) expect(doc.text).toContain(n);
      for (const r of done) expect(doc.text).toContain(r.id);

      const md = readFileSync((await download(page, 'md')).file, 'utf8');
      const board = markdownTables(md).find((t) => t.some((row) => row.includes(done[0].id)));
      expect(board, 'leaderboard table').toBeDefined();
      for (const n of numbers) expect(board!.flat()).toContain(n);

      const pdf = await download(page, 'pdf');
      expect(readFileSync(pdf.file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, '-'], {
        encoding: 'utf8'
      });
      for (const s of ['Przegląd danych', 'Ranking modeli', 'Spis treści', 'Wyjaśnienia modelu'])
        expect(text).toContain(s);
      for (const n of numbers) expect(text).toContain(n);
      expect(text).toContain(bundle.metrics.holdout.auc.toFixed(4));
      const pages = Number(
        /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf.file], { encoding: 'utf8' }))![1]
      );
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pages).toBeLessThanOrEqual(30);
      expect(text).toContain(`Strona 1 z ${pages}`);
      const prefix = path.join(tmp, 'page');
      execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', pdf.file, prefix]);
      const png = decodePng(
        new Uint8Array(readFileSync(`${prefix}-${'1'.padStart(String(pages).length, '0')}.png`))
      );
      expect(inkShare(png)).toBeGreaterThan(0.005);

      // English on request: the language select changes the report, not the UI.
      await page.getByTestId('report-lang').selectOption('en');
      const en = readFileSync((await download(page, 'md')).file, 'utf8');
      expect(en).toContain('Leaderboard');
      expect(en).not.toContain('Ranking modeli');
    }
  );
});
