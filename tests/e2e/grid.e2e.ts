// Guards the virtualised preview grid: a 200,000-row CSV scrolls to its last row while only a
// small window of rows is ever in the DOM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useApp } from './harness';
import { openApp, shape, upload } from './app';

const app = useApp();
const N = 200_000;
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dg-grid-'));
  file = path.join(dir, 'big.csv');
  const lines = ['id,group,value,label'];
  for (let i = 0; i < N; i++) lines.push(`${i},${i % 7},${(i * 0.37).toFixed(2)},row-${i}`);
  writeFileSync(file, lines.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preview grid', () => {
  it('shows a 200,000-row CSV, scrolls to row 199999, renders < 200 rows', async () => {
    const page = app.page;
    await openApp(page, app.url);
    expect((await upload(page, file)).state).toBe('ready');
    expect(await shape(page)).toEqual({ rows: N, cols: 4 });

    const grid = page.getByTestId('preview-grid');
    const rows = page.getByTestId('grid-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    expect(await rows.first().getAttribute('data-row')).toBe('0');
    await expect.poll(() => page.getByTestId('grid-cell').first().innerText()).not.toBe('');

    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const last = page.locator(`[data-testid="grid-row"][data-row="${N - 1}"]`);
    await last.waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeLessThan(200);
    // The row's cells are fetched, not placeholders: the id column shows the row number.
    await expect
      .poll(() => last.getByTestId('grid-cell').allInnerTexts(), { timeout: 30_000 })
      .toContain(String(N - 1));

    // Back to the middle: still a small window, and the rows there arrive.
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await expect
      .poll(async () => Number(await rows.first().getAttribute('data-row')), { timeout: 30_000 })
      .toBeGreaterThan(1000);
    expect(await rows.count()).toBeLessThan(200);
  });
});
