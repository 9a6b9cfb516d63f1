// Guards target choice + problem-type inference/override and session persistence: reload restores
// the session from IndexedDB; the home page lists, renames and deletes sessions.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import { chooseTarget, openApp, problemTypeOf, shape, upload, waitReady, waitSession } from './app';

const app = useApp();

describe('target and problem type', () => {
  it.each([
    ['penguins', 'species', 'multiclass'],
    ['titanic_survival', 'survived', 'binary'],
    ['diabetes', 'progression', 'regression']
  ])('%s: target %s → %s, with a reason', async (name, target, problem) => {
    const page = app.page;
    await openApp(page, app.url);
    expect((await upload(page, path.join(datasetsDir, `${name}.csv`))).state).toBe('ready');
    expect(await chooseTarget(page, target)).toBe(problem);
    expect((await page.getByTestId('problem-reason').innerText()).trim()).not.toBe('');
  });

  it('the target select starts empty', async () => {
    const page = app.page;
    await openApp(page, app.url);
    await upload(page, path.join(datasetsDir, 'iris.csv'));
    const select = page.getByTestId('target-select');
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option').first().getAttribute('value')).toBe('');
  });

  it('an impossible override shows a target error with a code', async () => {
    const page = app.page;
    await openApp(page, app.url);
    await upload(page, path.join(datasetsDir, 'penguins.csv'));
    expect(await chooseTarget(page, 'species')).toBe('multiclass');
    await page.getByTestId('problem-override').selectOption('regression');
    const err = page.getByTestId('target-error');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.getAttribute('data-code')).toBe('TARGET_TYPE_MISMATCH');
    // The valid target stays, and so does the control to try another override.
    expect(await page.getByTestId('problem-type').getAttribute('data-value')).toBe('multiclass');
    await page.getByTestId('problem-override').selectOption('binary');
    await page.getByTestId('problem-override').selectOption('');
    await page.locator('[data-testid="problem-type"][data-value="multiclass"]').waitFor();
  });

  it('override changes the problem type and survives a reload with shape and target', async () => {
    const page = app.page;
    await openApp(page, app.url);
    const { id } = await upload(page, path.join(datasetsDir, 'penguins.csv'));
    // year: integers 2007–2009, so both regression and multiclass are legitimate readings.
    const inferred = await chooseTarget(page, 'year');
    const other = inferred === 'regression' ? 'multiclass' : 'regression';
    await page.getByTestId('problem-override').selectOption(other);
    expect(await problemTypeOf(page, 'year', other)).toBe(other);

    await page.reload();
    await waitReady(page);
    expect(page.url()).toContain(`#/s/${id}`);
    expect(await waitSession(page)).toBe('ready');
    expect(await shape(page)).toEqual({ rows: 344, cols: 8 });
    expect(await problemTypeOf(page, 'year', other)).toBe(other);
    expect(await page.getByTestId('problem-override').inputValue()).toBe(other);

    // Back to automatic: the inferred type returns.
    await page.getByTestId('problem-override').selectOption('');
    expect(await problemTypeOf(page, 'year', inferred)).toBe(inferred);
  });

  it('an inferred target is restored by a reload', async () => {
    const page = app.page;
    await openApp(page, app.url);
    await upload(page, path.join(datasetsDir, 'titanic_survival.csv'));
    expect(await chooseTarget(page, 'survived')).toBe('binary');
    await page.reload();
    await waitReady(page);
    expect(await waitSession(page)).toBe('ready');
    expect(await shape(page)).toEqual({ rows: 1309, cols: 5 });
    expect(await problemTypeOf(page, 'survived', 'binary')).toBe('binary');
  });

  it('a session opens by its id in a new tab of the same profile', async () => {
    const page = app.page;
    await openApp(page, app.url);
    const { id } = await upload(page, path.join(datasetsDir, 'wine.csv'));
    await chooseTarget(page, 'cultivar');
    const other = await app.newPage();
    await openApp(other, app.url, `#/s/${id}`);
    expect(await waitSession(other)).toBe('ready');
    expect(await shape(other)).toEqual({ rows: 178, cols: 14 });
    expect(await problemTypeOf(other, 'cultivar', 'multiclass')).toBe('multiclass');
  });
});

describe('sessions on the home page', () => {
  it('lists, renames and deletes sessions (and they stay so after a reload)', async () => {
    const page = app.page;
    await openApp(page, app.url);
    const first = await upload(page, path.join(datasetsDir, 'iris.csv'));
    await openApp(page, app.url);
    const second = await upload(page, path.join(datasetsDir, 'diabetes.csv'));
    await openApp(page, app.url);

    const items = page.getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(2);
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
    expect(ids.sort()).toEqual([first.id, second.id].sort());

    const item = (id: string) =>
      page.locator(`[data-testid="session-item"][data-session-id="${id}"]`);
    await item(first.id).getByTestId('session-rename').click();
    const input = item(first.id).getByTestId('session-rename-input');
    await input.fill('Irysy — test');
    await input.press('Enter');
    await expect
      .poll(() => item(first.id).getByTestId('session-open').innerText())
      .toContain('Irysy — test');

    await item(second.id).getByTestId('session-delete').click();
    await item(second.id).getByTestId('confirm-delete').click();
    await expect.poll(() => items.count()).toBe(1);

    await page.reload();
    await waitReady(page);
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getAttribute('data-session-id')).toBe(first.id);
    expect(await item(first.id).getByTestId('session-open').innerText()).toContain('Irysy — test');

    await item(first.id).getByTestId('session-open').click();
    expect(await waitSession(page)).toBe('ready');
    expect(await shape(page)).toEqual({ rows: 150, cols: 5 });
  });
});
