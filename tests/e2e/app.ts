/**
 * Page-level actions on the app, written against the data-testid contract only (the UI's markup
 * may change freely around it): open home, upload a file, wait for a session, read the shape…
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** A file to upload: a path on disk, or a generated buffer with a name. */
export type UploadFile = string | { name: string; mimeType: string; buffer: Buffer };

export type SessionState = 'ready' | 'error';

/** Opens the home page (or `hash`) and waits until the app reports `data-ready="true"`. */
export async function openApp(page: Page, url: string, hash = ''): Promise<void> {
  await page.goto(url + hash);
  await waitReady(page);
}

export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 30_000 });
}

/**
 * Chooses `file` in the home page's file input; the app creates a session and navigates to
 * `#/s/<id>`. Resolves once the session page is `ready` or `error`.
 */
export async function upload(
  page: Page,
  file: UploadFile
): Promise<{ id: string; state: SessionState }> {
  const before = page.url();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForURL((u) => /#\/s\/[^/]+$/.test(u.hash) && u.href !== before, {
    timeout: 30_000
  });
  const id = decodeURIComponent(/#\/s\/([^/?]+)/.exec(page.url())![1]);
  return { id, state: await waitSession(page) };
}

/** Waits for the session page to settle; returns its state. */
export async function waitSession(page: Page, timeout = 90_000): Promise<SessionState> {
  const el = await page.waitForSelector(
    '[data-testid="session-page"][data-state="ready"], [data-testid="session-page"][data-state="error"]',
    { timeout }
  );
  return (await el.getAttribute('data-state')) as SessionState;
}

/** `data-rows` / `data-cols` of the dataset shape. */
export async function shape(page: Page): Promise<{ rows: number; cols: number }> {
  const el = page.getByTestId('dataset-shape');
  await el.waitFor();
  return {
    rows: Number(await el.getAttribute('data-rows')),
    cols: Number(await el.getAttribute('data-cols'))
  };
}

/** Text of the error banner (when any) — to report why a load failed in an assertion message. */
export async function bannerText(page: Page): Promise<string> {
  const banner = page.getByTestId('error-banner');
  if (!(await banner.count())) return '';
  return `[${await banner.first().getAttribute('data-code')}] ${await banner.first().innerText()}`;
}

/** Picks the target column; resolves with the problem type shown. */
export async function chooseTarget(page: Page, column: string): Promise<string> {
  await page.getByTestId('target-select').selectOption(column);
  return problemTypeOf(page, column);
}

/** Waits until the shown problem type belongs to `column`'s choice, and returns it. */
export async function problemTypeOf(
  page: Page,
  column: string,
  expected?: string
): Promise<string> {
  await expect
    .poll(async () => page.getByTestId('target-select').inputValue(), { timeout: 30_000 })
    .toBe(column);
  const el = page.getByTestId('problem-type');
  if (expected) {
    await expect
      .poll(async () => (await el.count()) && el.getAttribute('data-value'), { timeout: 30_000 })
      .toBe(expected);
  }
  await el.waitFor({ timeout: 30_000 });
  return (await el.getAttribute('data-value')) ?? '';
}

/** `<html lang>` of the page. */
export function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

/** Sets a number input and fires `change` (what the AutoML form listens to). */
export async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

/**
 * A short AutoML run on the open session (target already chosen): `budget` seconds, 3 folds.
 * Resolves with the saved champion's model id once it is stored.
 */
export async function trainQuick(page: Page, budget = 15): Promise<string> {
  await page.getByTestId('automl-plan').waitFor({ timeout: 60_000 });
  await setNumber(page, 'automl-budget', budget);
  await setNumber(page, 'automl-folds', 3);
  await page.getByTestId('automl-start').click();
  await page
    .locator('[data-testid="automl-best"][data-saved="true"]')
    .waitFor({ timeout: 240_000 });
  return (await page.getByTestId('automl-best').getAttribute('data-model-id')) ?? '';
}

/** Runs Explain on the champion and waits until it is done. */
export async function explainChampion(page: Page): Promise<void> {
  const panel = page.getByTestId('explain-panel');
  await panel.waitFor();
  await page.getByTestId('explain-run').click();
  await page
    .locator(
      '[data-testid="explain-panel"][data-phase="done"], [data-testid="explain-panel"][data-phase="error"]'
    )
    .waitFor({ timeout: 180_000 });
  expect(await panel.getAttribute('data-phase'), await bannerText(page)).toBe('done');
}

/** Leaderboard rows as `{id, value}` of the ranking metric (done rows), in screen order. */
export async function leaderboard(page: Page): Promise<{ id: string; value: number }[]> {
  return page.locator('[data-testid="automl-row"][data-status="done"]').evaluateAll((rows) =>
    rows.map((r) => {
      const metric = r.closest('[data-metric]')?.getAttribute('data-metric') ?? '';
      const cell = r.querySelector(`td[data-metric="${metric}"]`);
      return {
        id: r.getAttribute('data-id') ?? '',
        value: Number(cell?.getAttribute('data-value'))
      };
    })
  );
}

/** Records of a table of the app's IndexedDB database ('datagenius'). */
export function tableRecords(page: Page, table: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (table) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('datagenius');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            resolve(all.result as Record<string, unknown>[]);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    table
  );
}
