/**
 * Chromium side of `npm run bench:automl`: the production build in headless Debian Chromium,
 * driven through the real UI (data-testid contract, as a user would): upload a shared dataset,
 * pick its target, Start AutoML with the defaults (60 s budget, 5 folds, seed 42), wait for the
 * leaderboard to be final. Wall time = Start click → the run is done (plan excluded: it is shown
 * before the click). The leaderboard (ids and CV scores from the cells' data-value) is returned so
 * the caller can compare it with Node's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createStaticServer } from '../../edge-api/static-server.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/ensure-chromium.mjs';

/**
 * @param {{repoRoot: string, datasetsDir: string, datasets: string[], log: (m: string) => void}} o
 * @returns {Promise<{chromium: string, datasets: Record<string, unknown>}>}
 */
export async function measureChromium({ repoRoot, datasetsDir, datasets, log }) {
  if (!existsSync(path.join(repoRoot, 'build/index.html'))) {
    log('no build/: running `npm run build`…');
    const r = spawnSync('npm', ['run', 'build'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit']
    });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  const server = createStaticServer({ root: path.join(repoRoot, 'build') });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || ensureChromium(),
    args: CHROMIUM_ARGS
  });
  /** @type {Record<string, unknown>} */
  const out = {};
  try {
    for (const name of datasets) {
      const side = await import(path.join(datasetsDir, `${name}.json`), { with: { type: 'json' } });
      const context = await browser.newContext({ acceptDownloads: false });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
      await page.getByTestId('file-input').setInputFiles(path.join(datasetsDir, `${name}.csv`));
      await page.waitForSelector('[data-testid="session-page"][data-state="ready"]', {
        timeout: 120_000
      });
      await page.getByTestId('target-select').selectOption(side.default.target);
      await page.getByTestId('automl-plan').waitFor({ timeout: 120_000 });
      const t0 = Date.now();
      await page.getByTestId('automl-start').click();
      await page
        .locator(
          '[data-testid="automl-panel"][data-phase="done"], [data-testid="automl-panel"][data-phase="error"]'
        )
        .waitFor({ timeout: 300_000 });
      const seconds = (Date.now() - t0) / 1000;
      const phase = await page.getByTestId('automl-panel').getAttribute('data-phase');
      const leaderboard = await page.getByTestId('automl-row').evaluateAll((rows) =>
        rows.map((r) => ({
          id: r.getAttribute('data-id'),
          status: r.getAttribute('data-status'),
          cv: Object.fromEntries(
            [...r.querySelectorAll('td[data-metric]')].map((td) => [
              td.getAttribute('data-metric'),
              Number(td.getAttribute('data-value'))
            ])
          )
        }))
      );
      const backend = (await page.getByTestId('automl-backend').count())
        ? await page.getByTestId('automl-backend').innerText()
        : null;
      out[name] = { seconds, phase, backend, leaderboard, errors: errors.slice(0, 5) };
      log(`chromium ${name}: ${seconds.toFixed(1)} s (${phase}), ${leaderboard.length} rows`);
      await context.close();
    }
    return { chromium: browser.version(), datasets: out };
  } finally {
    await browser.close();
    server.close();
  }
}
