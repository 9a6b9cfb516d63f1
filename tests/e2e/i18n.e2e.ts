// Guards the UI language: Polish by default, English on the switch, and the choice persists.
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';
import { htmlLang, openApp, waitReady } from './app';

const app = useApp();

describe('language', () => {
  it('is Polish by default; the switch makes it English and a reload keeps it', async () => {
    const page = app.page;
    await openApp(page, app.url);
    expect(await htmlLang(page)).toBe('pl');
    const sw = page.getByTestId('lang-switch');
    expect(await sw.getAttribute('data-lang')).toBe('pl');
    const plText = await page.locator('body').innerText();

    await sw.click();
    await expect.poll(() => htmlLang(page)).toBe('en');
    expect(await sw.getAttribute('data-lang')).toBe('en');
    expect(await page.locator('body').innerText()).not.toBe(plText);

    await page.reload();
    await waitReady(page);
    expect(await htmlLang(page)).toBe('en');
    expect(await sw.getAttribute('data-lang')).toBe('en');

    await sw.click();
    await expect.poll(() => htmlLang(page)).toBe('pl');
    await page.reload();
    await waitReady(page);
    expect(await htmlLang(page)).toBe('pl');
  });
});
