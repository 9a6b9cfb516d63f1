// Guards the EDA in Chromium: run it with a target, the charts render as SVG with marks, SVG and
// PNG export download real files, the alerts shown are the ones the data implies, and a reload
// shows the cached EDA (data-cached="true") without computing it again.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { datasetsDir, useApp } from './harness';
import { chooseTarget, openApp, upload, waitReady, waitSession } from './app';

/** The session record's state in the app's IndexedDB (dexie database 'datagenius'). */
function sessionState(page: Page, id: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    (sid) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const req = indexedDB.open('datagenius');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('sessions').objectStore('sessions').get(sid);
          get.onsuccess = () => {
            resolve(get.result?.state);
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id
  );
}

const app = useApp();

async function runEda(page: Page): Promise<void> {
  await page.getByTestId('eda-run').click();
  await page
    .locator('[data-testid="eda-results"][data-cached="false"]')
    .waitFor({ timeout: 90_000 });
}

/** Data marks (bars, rects, heat-map cells) drawn in the plot SVG of chart `id`. */
async function markCount(page: Page, id: string): Promise<number> {
  const chart = page.locator(`[data-testid="chart"][data-chart="${id}"]`);
  await chart.locator('svg').first().waitFor({ timeout: 30_000 });
  return chart
    .locator(
      'svg g[aria-label="rect"] > *, svg g[aria-label="bar"] > *, svg g[aria-label="cell"] > *'
    )
    .count();
}

async function download(page: Page, chartId: string, kind: 'svg' | 'png'): Promise<Buffer> {
  const chart = page.locator(`[data-testid="chart"][data-chart="${chartId}"]`);
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    chart.getByTestId(`chart-export-${kind}`).click()
  ]);
  expect(dl.suggestedFilename()).toMatch(new RegExp(`^[a-z0-9._-]+\\.${kind}$`));
  const file = await dl.path();
  return readFileSync(file);
}

describe('EDA', () => {
  it('penguins: runs with target species, charts render and export, reload shows the cache', async () => {
    const page = app.page;
    await openApp(page, app.url);
    const { id, state } = await upload(page, path.join(datasetsDir, 'penguins.csv'));
    expect(state).toBe('ready');
    expect(await chooseTarget(page, 'species')).toBe('multiclass');
    await runEda(page);
    expect(await page.getByTestId('eda-panel').getAttribute('data-runs')).toBe('1');
    // The session references the cache entry (dataset hash + options key) and is marked complete.
    await expect.poll(async () => (await sessionState(page, id))?.EDA_COMPLETE).toBe(true);
    const ref = (await sessionState(page, id))?.EDA_RESULTS as Record<string, unknown>;
    expect(ref.id).toBe(`eda:${ref.datasetHash}:${ref.optionsKey}`);
    expect(ref.optionsKey).toMatch(/^[0-9a-f]{64}$/);

    // penguins: 344 rows; sex misses 3.2 %, the measurements 0.6 % (< the 20 % MISSING
    // threshold), no duplicates, nothing constant or ID-like, no |r| ≥ 0.9 (flipper × mass is
    // 0.87), VIF < 10, no leakage, classes ≥ 19.8 % — so the engine raises no alert at all.
    expect(await page.getByTestId('eda-alert').count()).toBe(0);
    await page.getByTestId('eda-no-alerts').waitFor();

    await page.getByTestId('eda-section-columns').click();
    expect(await markCount(page, 'hist:body_mass_g')).toBeGreaterThan(0);
    expect(await markCount(page, 'top:island')).toBe(3);

    const svg = (await download(page, 'hist:body_mass_g', 'svg')).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<rect');
    const png = await download(page, 'hist:body_mass_g', 'png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    await page.getByTestId('eda-section-correlations').click();
    // 5 numeric columns → 25 cells.
    expect(await markCount(page, 'corr:pearson')).toBe(25);
    await page.getByTestId('corr-method').selectOption('cramersV');
    expect(await markCount(page, 'corr:cramersV')).toBe(9);
    const heat = (await download(page, 'corr:cramersV', 'svg')).toString('utf8');
    expect(heat.startsWith('<svg')).toBe(true);

    await page.getByTestId('eda-section-target').click();
    expect(await markCount(page, 'target:balance')).toBe(3);
    expect(await markCount(page, 'box:body_mass_g')).toBeGreaterThan(0);

    await page.getByTestId('eda-section-missing').click();
    expect(await markCount(page, 'missing:co')).toBe(25);

    // Reload: the cached EDA is shown without a click and without computing.
    await page.reload();
    await waitReady(page);
    expect(await waitSession(page)).toBe('ready');
    await page
      .locator('[data-testid="eda-results"][data-cached="true"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('eda-panel').getAttribute('data-runs')).toBe('0');
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('eda-stale').count()).toBe(0);
    await page.getByTestId('eda-section-columns').click();
    expect(await markCount(page, 'hist:body_mass_g')).toBeGreaterThan(0);

    // Recompute replaces the cached result.
    await runEda(page);
    expect(await page.getByTestId('eda-panel').getAttribute('data-runs')).toBe('1');
  });

  it('titanic: the alerts implied by the data are shown (UNIQUE name, MISSING age)', async () => {
    const page = app.page;
    await openApp(page, app.url);
    expect((await upload(page, path.join(datasetsDir, 'titanic_survival.csv'))).state).toBe(
      'ready'
    );
    expect(await chooseTarget(page, 'survived')).toBe('binary');
    await runEda(page);
    // name: 1,309 distinct of 1,309 passengers (the UNIQUE rule); age: 263 / 1,309 = 20.1 %
    // missing > the 20 % MISSING threshold. Nothing else fires on this table.
    const codes = await page
      .getByTestId('eda-alert')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}`).sort());
    expect(codes).toEqual(['MISSING', 'UNIQUE']);
    expect(await page.getByTestId('eda-alerts').getAttribute('data-count')).toBe('2');
    await page.getByTestId('eda-section-target').click();
    expect(await markCount(page, 'rate:sex')).toBeGreaterThan(0);
  });
});
