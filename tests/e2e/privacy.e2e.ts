// Guards DESIGN.md's promise "data stays on the device": a whole flow makes requests only to the
// app's own origin — and the recorder that checks this does catch an off-origin request.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import { chooseTarget, openApp, upload, waitReady, waitSession } from './app';

const app = useApp();

describe('no request leaves the origin', () => {
  it('during upload → target → override → scroll → reload → home → rename', async () => {
    const page = app.page;
    const seen: string[] = [];
    app.context.on('request', (r) => seen.push(r.url()));
    await openApp(page, app.url);
    await upload(page, path.join(datasetsDir, 'formats/penguins.parquet'));
    await chooseTarget(page, 'species');
    await page.getByTestId('problem-override').selectOption('multiclass');
    await page.getByTestId('preview-grid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.reload();
    await waitReady(page);
    await waitSession(page);
    await openApp(page, app.url);
    await page.getByTestId('session-rename').first().click();
    await page.getByTestId('session-rename-input').fill('x');
    await page.getByTestId('session-rename-input').press('Enter');
    await page.getByTestId('lang-switch').click();

    expect(seen.length).toBeGreaterThan(3); // the recorder does see the app's own requests
    expect(app.foreignRequests).toEqual([]);
  });

  it('the recorder catches an off-origin request (so the check above can fail)', async () => {
    const page = app.page;
    await openApp(page, app.url);
    await page.evaluate(() => fetch('http://example.invalid/leak').catch(() => undefined));
    await expect.poll(() => app.foreignRequests.length).toBe(1);
    expect(app.foreignRequests[0]).toContain('example.invalid');
    app.foreignRequests.length = 0; // expected here: do not fail this test in afterEach
  });
});
