// Guards the failure path: a broken file shows a typed error (code, no stack trace) and the app
// stays usable — a good file loads right after.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import { openApp, shape, upload } from './app';

const app = useApp();

/** Stack-frame fragments that must never reach the UI. */
const STACK_PATTERNS = [
  /\bat [\w$.<>]+ \(/,
  /^\s*at /m,
  /\.ts:\d+/,
  /\.js:\d+:\d+/,
  /node_modules/
];

async function expectCleanError(buffer: Buffer, name: string, mimeType: string) {
  const page = app.page;
  await openApp(page, app.url);
  const { state } = await upload(page, { name, mimeType, buffer });
  expect(state).toBe('error');
  const banner = page.getByTestId('error-banner');
  await banner.waitFor();
  const code = (await banner.getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  const text = await page.locator('body').innerText();
  expect((await banner.innerText()).trim().length).toBeGreaterThan(code.length);
  for (const re of STACK_PATTERNS) expect(text, `page text matches ${re}`).not.toMatch(re);

  // Still usable: back home, a good file loads.
  await openApp(page, app.url);
  const good = await upload(page, path.join(datasetsDir, 'iris.csv'));
  expect(good.state).toBe('ready');
  expect(await shape(page)).toEqual({ rows: 150, cols: 5 });
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  return code;
}

describe('broken files', () => {
  it('random bytes named .csv → error banner with a code, then a good file loads', async () => {
    // Seeded pseudo-random bytes (LCG), with NULs so no text decoder can take them for CSV.
    const buf = Buffer.alloc(64 * 1024);
    let s = 42;
    for (let i = 0; i < buf.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      buf[i] = i % 7 === 0 ? 0 : s >>> 24;
    }
    await expectCleanError(buf, 'junk.csv', 'text/csv');
  });

  it('invalid JSON → error banner with a code, then a good file loads', async () => {
    const buf = Buffer.from('[{"a": 1, "b": 2},\n{"a": 3, "b": \n');
    await expectCleanError(buf, 'broken.json', 'application/json');
  });
});
