// Guards whole-session export / import in Chromium (issue 7): a penguins session with EDA, a
// trained champion and its explanation is exported to one .dgsession file; a fresh browser
// profile (new context: empty IndexedDB) imports it from the home page and opens the same session
// id with the same leaderboard (ids and scores), the same champion, the EDA from the imported
// cache (nothing recomputed) and the stored explanation (data-runs = 0). A broken file gives a
// typed error and the home page stays usable.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import {
  bannerText,
  chooseTarget,
  explainChampion,
  leaderboard,
  openApp,
  shape,
  trainQuick,
  upload,
  waitSession
} from './app';

const app = useApp();

describe('Session export / import', () => {
  it(
    'penguins: export, import in a fresh profile → same session, leaderboard and champion',
    { timeout: 400_000 },
    async () => {
      const page = app.page;
      await openApp(page, app.url);
      const { id } = await upload(page, path.join(datasetsDir, 'penguins.csv'));
      const before = await shape(page);
      expect(await chooseTarget(page, 'species')).toBe('multiclass');
      await page.getByTestId('eda-run').click();
      await page.getByTestId('eda-results').waitFor({ timeout: 60_000 });
      const modelId = await trainQuick(page, 12);
      await explainChampion(page);
      const board = await leaderboard(page);
      expect(board.length).toBeGreaterThanOrEqual(3);

      const [dl] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByTestId('session-export').click()
      ]);
      expect(dl.suggestedFilename()).toMatch(/^[a-z0-9._-]+\.dgsession$/);
      const file = await dl.path();
      // A ZIP ("PK\x03\x04").
      expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');

      // A fresh profile: another context of the same browser, guarded the same way.
      const browser = page.context().browser()!;
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const foreign: string[] = [];
      fresh.on('request', (r) => {
        const u = new URL(r.url());
        if (/^https?:$/.test(u.protocol) && u.origin !== app.origin) foreign.push(r.url());
      });
      const errors: string[] = [];
      try {
        const p2 = await fresh.newPage();
        p2.on('pageerror', (e) => errors.push(e.message));
        await openApp(p2, app.url);
        // Nothing in this profile yet.
        expect(await p2.getByTestId('session-item').count()).toBe(0);

        // A broken file first: typed error, home stays usable.
        await p2.getByTestId('session-import-input').setInputFiles({
          name: 'broken.dgsession',
          mimeType: 'application/octet-stream',
          buffer: Buffer.from('not a zip at all')
        });
        const err = p2.getByTestId('session-import-error').getByTestId('error-banner');
        await err.waitFor({ timeout: 30_000 });
        expect(await err.getAttribute('data-code')).toBe('SESSION_FILE_INVALID');

        await p2.getByTestId('session-import-input').setInputFiles(file);
        await p2.waitForURL((u) => u.hash === `#/s/${encodeURIComponent(id)}`, {
          timeout: 60_000
        });
        expect(await waitSession(p2), await bannerText(p2)).toBe('ready');
        expect(await shape(p2)).toEqual(before);
        await p2
          .locator('[data-testid="automl-best"][data-saved="true"]')
          .waitFor({ timeout: 30_000 });
        expect(await p2.getByTestId('automl-best').getAttribute('data-model-id')).toBe(modelId);
        expect(await leaderboard(p2)).toEqual(board);
        expect(await p2.getByTestId('automl-panel').getAttribute('data-runs')).toBe('0');
        // EDA from the imported cache, explanation from the imported session state.
        await p2
          .locator('[data-testid="eda-results"][data-cached="true"]')
          .waitFor({ timeout: 30_000 });
        await p2
          .locator('[data-testid="explain-panel"][data-restored="true"]')
          .waitFor({ timeout: 30_000 });
        expect(await p2.getByTestId('explain-panel').getAttribute('data-runs')).toBe('0');
      } finally {
        await fresh.close();
      }
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    }
  );
});
