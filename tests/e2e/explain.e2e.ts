// Guards "Explanations & evaluation" in Chromium: after a short AutoML run on titanic_survival
// (binary), Explain computes in the ML worker and draws the SHAP beeswarm and bar, a waterfall
// for a chosen holdout row, the dependence plot and the evaluation plots of a binary model with
// the threshold chooser. Independent check: the ROC title's AUC (our curves code) equals the
// holdout AUC AutoML computed with the engine's metrics on the same holdout. The session stores
// top_features; a reload shows the explanations again without computing (data-runs = 0).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir, datasetsDir, useApp } from './harness';
import { chooseTarget, openApp, upload, waitReady, waitSession } from './app';

const app = useApp();

async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

/** The plot's own svg in the figure `chart` (legends: ramp and swatch svgs do not fill with currentColor). */
const PLOT = 'svg[fill="currentColor"]';

/** Marks (circles, rects, paths) drawn in the figure `chart`. */
function marks(page: Page, chart: string, selector: string): Promise<number> {
  return page.locator(`[data-chart="${chart}"] ${PLOT} ${selector}`).count();
}

/** One record of a dexie table of the app's database. */
function record(page: Page, table: string, id: string): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    ([table, id]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('datagenius');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction(table).objectStore(table).get(id);
          get.onsuccess = () => {
            resolve((get.result as Record<string, unknown>) ?? null);
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [table, id]
  );
}

async function checkCharts(page: Page): Promise<void> {
  await page.locator(`[data-chart="shap:beeswarm"] ${PLOT}`).waitFor({ timeout: 30_000 });
  // 3 raw feature columns of the model (name is dropped as ID-like or kept: ≥ 3 rows of dots).
  expect(await marks(page, 'shap:beeswarm', 'circle')).toBeGreaterThan(50);
  expect(await marks(page, 'shap:bar', 'rect')).toBeGreaterThanOrEqual(2);
  expect(await marks(page, 'shap:waterfall', 'rect')).toBeGreaterThanOrEqual(2);
  expect(await marks(page, 'shap:dependence', 'circle')).toBeGreaterThan(10);
  for (const id of [
    'eval:confusion',
    'eval:roc',
    'eval:pr',
    'eval:calibration',
    'eval:gain',
    'eval:lift',
    'eval:threshold'
  ])
    expect(await page.locator(`[data-chart="${id}"] ${PLOT}`).count(), id).toBe(1);
}

describe('Explanations & evaluation', () => {
  it(
    'titanic: explain the champion, plots render, reload shows them without recomputing',
    { timeout: 400_000 },
    async () => {
      const page = app.page;
      await openApp(page, app.url);
      const { id } = await upload(page, path.join(datasetsDir, 'titanic_survival.csv'));
      expect(await chooseTarget(page, 'survived')).toBe('binary');
      await page.getByTestId('automl-plan').waitFor({ timeout: 60_000 });
      await setNumber(page, 'automl-budget', 15);
      await setNumber(page, 'automl-folds', 3);
      await page.getByTestId('automl-start').click();
      await page
        .locator('[data-testid="automl-best"][data-saved="true"]')
        .waitFor({ timeout: 240_000 });
      const modelId = (await page.getByTestId('automl-best').getAttribute('data-model-id')) ?? '';

      const panel = page.getByTestId('explain-panel');
      await panel.waitFor();
      expect(await panel.getAttribute('data-runs')).toBe('0');
      await page.getByTestId('explain-run').click();
      await page
        .locator(
          '[data-testid="explain-panel"][data-phase="done"], [data-testid="explain-panel"][data-phase="error"]'
        )
        .waitFor({ timeout: 180_000 });
      const err = (await page.getByTestId('error-banner').count())
        ? await page.getByTestId('error-banner').first().innerText()
        : '';
      expect(await panel.getAttribute('data-phase'), err).toBe('done');
      expect(await panel.getAttribute('data-runs')).toBe('1');
      await checkCharts(page);
      expect(await page.locator(`[data-chart="eval:learning"] ${PLOT}`).count()).toBe(1);
      expect(
        await page.getByTestId('explain-permutation').locator('tbody tr').count()
      ).toBeGreaterThanOrEqual(3);

      // Pictures of the sections for a human look (git-ignored artifacts).
      for (const t of [
        'explain-global',
        'explain-row',
        'explain-dependence',
        'explain-evaluation',
        'explain-threshold'
      ])
        await page.getByTestId(t).screenshot({ path: path.join(artifactsDir, `explain-${t}.png`) });

      // The ROC title's AUC equals the holdout AUC AutoML scored (engine metrics, same rows).
      const model = await record(page, 'models', modelId);
      const auc = (model?.bundle as { metrics: { holdout: { auc: number } } }).metrics.holdout.auc;
      const rocTitle = await page.locator('[data-chart="eval:roc"] .title').innerText();
      expect(rocTitle).toContain(`AUC = ${auc.toFixed(3)}`);

      // Threshold chooser: a higher threshold calls fewer rows positive (TP + FP falls).
      const called = async () => {
        const s = await page.getByTestId('explain-threshold-stats').innerText();
        const m = s.match(/TP (\d+), FP (\d+)/);
        return m ? Number(m[1]) + Number(m[2]) : NaN;
      };
      const slider = page.getByTestId('explain-threshold-input');
      await slider.fill('0.2');
      const low = await called();
      await slider.fill('0.8');
      const high = await called();
      expect(low).toBeGreaterThan(high);

      // Another row: the waterfall's title follows the chosen row.
      const before = await page.locator('[data-chart="shap:waterfall"] .title').innerText();
      await setNumber(page, 'explain-row-input', 3);
      await expect
        .poll(() => page.locator('[data-chart="shap:waterfall"] .title').innerText())
        .not.toBe(before);

      // Encoded view: one-hot levels appear as their own features ("sex=…").
      await page.getByTestId('explain-encoded').check();
      await expect
        .poll(() => page.locator(`[data-chart="shap:bar"] ${PLOT}`).innerHTML(), {
          timeout: 10_000
        })
        .toMatch(/=/);
      await page.getByTestId('explain-encoded').uncheck();

      // Stored with the session: the evaluation and top_features in ML_RESULTS.
      await expect
        .poll(async () => {
          const s = await record(page, 'sessions', id);
          return (s?.state as Record<string, { modelId?: string }> | undefined)?.EXPLAIN_RESULTS
            ?.modelId;
        })
        .toBe(modelId);
      const session = await record(page, 'sessions', id);
      const ml = (session?.state as { ML_RESULTS: { top_features: string[] } }).ML_RESULTS;
      expect(ml.top_features.length).toBeGreaterThanOrEqual(2);
      for (const f of ml.top_features)
        expect(['name', 'sex', 'age', 'passengerClass']).toContain(f);

      // Reload: shown from the store, nothing computed.
      await page.reload();
      await waitReady(page);
      expect(await waitSession(page)).toBe('ready');
      await page
        .locator('[data-testid="explain-panel"][data-restored="true"]')
        .waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('explain-panel').getAttribute('data-runs')).toBe('0');
      await checkCharts(page);
    }
  );

  it(
    'Import model: an XGBoost JSON model is explained on the session data (exact TreeSHAP)',
    { timeout: 200_000 },
    async () => {
      const page = app.page;
      await openApp(page, app.url);
      await upload(page, path.join(datasetsDir, 'breast_cancer.csv'));
      expect(await chooseTarget(page, 'diagnosis')).toBe('binary');
      const panel = page.getByTestId('explain-panel');
      await panel.waitFor();
      await page
        .getByTestId('explain-import-input')
        .setInputFiles(path.join(datasetsDir, '../golden/xgboost-treeshap/model.json'));
      await page
        .locator(
          '[data-testid="explain-panel"][data-phase="done"], [data-testid="explain-panel"][data-phase="error"]'
        )
        .waitFor({ timeout: 120_000 });
      const err = (await page.getByTestId('error-banner').count())
        ? await page.getByTestId('error-banner').first().innerText()
        : '';
      expect(await panel.getAttribute('data-phase'), err).toBe('done');
      expect(await page.getByTestId('explain-method').innerText()).toMatch(/tree/);
      await page.locator(`[data-chart="shap:beeswarm"] ${PLOT}`).waitFor({ timeout: 30_000 });
      // 15 features shown × 569 rows.
      expect(await marks(page, 'shap:beeswarm', 'circle')).toBe(15 * 569);
      expect(await marks(page, 'shap:waterfall', 'rect')).toBeGreaterThanOrEqual(5);
      expect(await page.locator(`[data-chart="eval:roc"] ${PLOT}`).count()).toBe(1);
    }
  );
});
