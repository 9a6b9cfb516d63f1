// Guards the home page's load options end to end: custom missing tokens change the inferred type,
// MIN_ROWS_FOR_ML above the row count gives a coded error.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import { openApp, upload } from './app';

const app = useApp();

/** 12 rows; column `score` is numeric except for `?` cells. */
const CSV = Buffer.from(
  'score,label\n' +
    Array.from(
      { length: 12 },
      (_, i) => `${i % 4 === 0 ? '?' : i * 1.5},${i % 2 ? 'a' : 'b'}`
    ).join('\n') +
    '\n'
);

async function openOptions() {
  const page = app.page;
  await openApp(page, app.url);
  const details = page.getByTestId('load-options');
  if ((await details.evaluate((el) => el.tagName)) === 'DETAILS') {
    await details.evaluate((el) => ((el as HTMLDetailsElement).open = true));
  }
  return page;
}

async function typeOf(column: string): Promise<string | null> {
  const row = app.page.locator(`[data-testid="schema-row"][data-column="${column}"]`);
  await row.waitFor();
  return row.getAttribute('data-type');
}

describe('load options', () => {
  it('missing tokens: with "?" listed, a column of numbers and "?" is numeric', async () => {
    const page = await openOptions();
    const tokens = page.getByTestId('missing-tokens');
    await tokens.fill(`${await tokens.inputValue()}, ?`);
    expect((await upload(page, { name: 'q.csv', mimeType: 'text/csv', buffer: CSV })).state).toBe(
      'ready'
    );
    expect(await typeOf('score')).toMatch(/^(numeric|integer)$/);
  });

  it('missing tokens: without "?", the same column is not numeric', async () => {
    const page = await openOptions();
    expect((await upload(page, { name: 'q.csv', mimeType: 'text/csv', buffer: CSV })).state).toBe(
      'ready'
    );
    expect(await typeOf('score')).not.toMatch(/^(numeric|integer)$/);
  });

  it('min rows above the row count → a coded error banner', async () => {
    const page = await openOptions();
    await page.getByTestId('min-rows').fill('1000');
    const { state } = await upload(page, path.join(datasetsDir, 'iris.csv'));
    expect(state).toBe('error');
    expect(await page.getByTestId('error-banner').getAttribute('data-code')).toMatch(
      /^[A-Z][A-Z0-9_]+$/
    );
  });
});
