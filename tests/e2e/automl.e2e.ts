// Guards the AutoML flow in Chromium: with a target chosen, the plan is shown before the start;
// a short run fills the leaderboard (one best row, every done row with the ranking metric), the
// winner is saved in IndexedDB as the session's champion and downloads as a model bundle whose
// leaderboard is the one on screen; a reload shows the saved model and the leaderboard again
// without training (data-runs = 0).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { datasetsDir, useApp } from './harness';
import { chooseTarget, openApp, upload, waitReady, waitSession } from './app';
import { splitShare } from '../../workers/engine/automl/split';
import { decodeBundle } from '../../workers/engine/bundle/codec';
import { predictBundle } from '../../workers/engine/bundle/predict';
import { frameSubset } from '../../workers/engine/frame/index';
import { computeMetrics } from '../../workers/engine/metrics/compute';
import { loadFrame } from '../unit/automl-data';

const app = useApp();

/** Records of the app's `models` table (dexie database 'datagenius'). */
function modelRecords(
  page: Page
): Promise<{ id: string; sessionId: string; champion: number; version: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('datagenius');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('models').objectStore('models').getAll();
          all.onsuccess = () => {
            resolve(
              all.result.map((r: Record<string, unknown>) => ({
                id: r.id as string,
                sessionId: r.sessionId as string,
                champion: r.champion as number,
                version: r.version as number
              }))
            );
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      })
  );
}

/** Sets a number input and fires `change` (what the form listens to). */
async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

async function leaderboardIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('automl-row')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

describe('AutoML', () => {
  it(
    'iris: plan, short run, leaderboard, saved champion, download, reload keeps it',
    {
      timeout: 300_000
    },
    async () => {
      const page = app.page;
      await openApp(page, app.url);
      const { id, state } = await upload(page, path.join(datasetsDir, 'iris.csv'));
      expect(state).toBe('ready');

      // Before a target: the panel says what to do and offers no Start.
      await page.getByTestId('automl-no-target').waitFor();
      expect(await page.getByTestId('automl-start').count()).toBe(0);

      expect(await chooseTarget(page, 'species')).toBe('multiclass');
      const plan = page.getByTestId('automl-plan');
      await plan.waitFor({ timeout: 60_000 });
      expect(await plan.getAttribute('data-metric')).toBe('accuracy');
      // iris: 150 rows, 4 features; the estimate is a positive number of seconds.
      expect(await page.getByTestId('automl-plan-time').innerText()).toMatch(/\d/);

      await setNumber(page, 'automl-budget', 20);
      await setNumber(page, 'automl-folds', 3);
      await expect.poll(() => plan.getAttribute('data-folds')).toBe('3');

      await page.getByTestId('automl-start').click();
      const panel = page.getByTestId('automl-panel');
      await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 5_000 }).toBe('running');
      await page
        .locator(
          '[data-testid="automl-panel"][data-phase="done"], [data-testid="automl-panel"][data-phase="error"]'
        )
        .waitFor({ timeout: 240_000 });
      const errorText = (await page.getByTestId('automl-error').count())
        ? await page.getByTestId('automl-error').innerText()
        : '';
      expect(await panel.getAttribute('data-phase'), errorText).toBe('done');
      expect(await panel.getAttribute('data-runs')).toBe('1');

      // The leaderboard: several families, exactly one best row, ranked by accuracy.
      const board = page.getByTestId('automl-leaderboard');
      expect(await board.getAttribute('data-metric')).toBe('accuracy');
      const ids = await leaderboardIds(page);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(await page.locator('[data-testid="automl-row"][data-best="true"]').count()).toBe(1);
      const accuracies = await page
        .locator('[data-testid="automl-row"][data-status="done"] td[data-metric="accuracy"]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
      expect(accuracies.length).toBeGreaterThanOrEqual(3);
      // Sorted best first (higher is better for accuracy); iris is easy: the best is above 0.9.
      expect([...accuracies].sort((a, b) => b - a)).toEqual(accuracies);
      expect(accuracies[0]).toBeGreaterThan(0.9);

      // The winner is saved as the champion of this session.
      const best = page.getByTestId('automl-best');
      await expect.poll(() => best.getAttribute('data-saved'), { timeout: 15_000 }).toBe('true');
      const modelId = await best.getAttribute('data-model-id');
      const records = await modelRecords(page);
      expect(records).toEqual([{ id: modelId, sessionId: id, champion: 1, version: 1 }]);
      await page.locator('[data-testid="automl-saved"][data-champion="true"]').waitFor();

      // Download: the bundle JSON with the on-screen leaderboard.
      const [dl] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByTestId('automl-download').click()
      ]);
      expect(dl.suggestedFilename()).toMatch(/^[A-Za-z0-9_-]+-v1\.json$/);
      const bundle = JSON.parse(readFileSync(await dl.path(), 'utf8')) as Record<string, unknown>;
      expect(bundle.format).toBe('datagenius-model/1');
      expect(bundle.id).toBe(modelId);
      expect(bundle.target).toBe('species');
      expect(bundle.problemType).toBe('multiclass');
      expect(bundle.classes).toEqual(['setosa', 'versicolor', 'virginica']);
      expect(((bundle.leaderboard as { id: string }[]) ?? []).map((r) => r.id).sort()).toEqual(
        [...ids].sort()
      );

      // Bundle round trip: Node scores the holdout rows with the downloaded bundle (engine
      // predictBundle, no tfjs) and gets the holdout metrics the browser computed with the
      // in-browser model — to 1e-9 (1e-5 when an MLP is involved).
      const d = await loadFrame('iris');
      const all = Uint32Array.from({ length: d.frame.nRows }, (_, i) => i);
      const [, hold] = splitShare(all, d.target, 0.2, 42);
      const pred = predictBundle(decodeBundle(bundle), frameSubset(d.frame, hold));
      const y = Float64Array.from(hold, (r) => d.target.y[r]);
      const ours = computeMetrics('multiclass', y, pred.values, 3);
      const theirs = (bundle.metrics as { holdout: Record<string, number> }).holdout;
      const digits = JSON.stringify(bundle.model).includes('"mlp"') ? 5 : 9;
      expect(Object.keys(theirs).length).toBeGreaterThan(0);
      for (const k of Object.keys(theirs))
        expect(ours[k as keyof typeof ours] as number, k).toBeCloseTo(theirs[k], digits);

      // Reload: the saved model and the leaderboard are back, nothing is trained again.
      await page.reload();
      await waitReady(page);
      expect(await waitSession(page)).toBe('ready');
      await page
        .locator('[data-testid="automl-best"][data-saved="true"]')
        .waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('automl-best').getAttribute('data-model-id')).toBe(modelId);
      expect((await leaderboardIds(page)).sort()).toEqual([...ids].sort());
      expect(await page.locator('[data-testid="automl-row"][data-best="true"]').count()).toBe(1);
      expect(await page.getByTestId('automl-panel').getAttribute('data-runs')).toBe('0');
      await page.locator('[data-testid="automl-saved"][data-champion="true"]').waitFor();
    }
  );

  it('cancel stops the run: CANCELLED (or the best model so far), Start works again', async () => {
    const page = app.page;
    await openApp(page, app.url);
    expect((await upload(page, path.join(datasetsDir, 'penguins.csv'))).state).toBe('ready');
    expect(await chooseTarget(page, 'species')).toBe('multiclass');
    await page.getByTestId('automl-plan').waitFor({ timeout: 60_000 });
    await page.getByTestId('automl-start').click();
    const panel = page.getByTestId('automl-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 5_000 }).toBe('running');
    await page.getByTestId('automl-progress').getByTestId('progress-cancel').click();
    await page
      .locator(
        '[data-testid="automl-panel"][data-phase="done"], [data-testid="automl-panel"][data-phase="error"]'
      )
      .waitFor({ timeout: 30_000 });
    if ((await panel.getAttribute('data-phase')) === 'error') {
      expect(
        await page.getByTestId('automl-error').getByTestId('error-banner').getAttribute('data-code')
      ).toBe('CANCELLED');
    } else {
      // A model had finished: the run returns it, marked as stopped early, and saves it.
      await page.getByTestId('automl-truncated').waitFor();
    }
    expect(await page.getByTestId('automl-progress').getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('automl-start').isEnabled()).toBe(true);
  });
});
