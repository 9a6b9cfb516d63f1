/** The language setting: read once at start-up, saved on every switch (settings table). */
import { appRepos } from '$lib/db';
import { applyLang, isLang, lang, DEFAULT_LANG, type Lang } from './i18n.svelte';

const KEY = 'lang';

export async function initLanguage(): Promise<void> {
  try {
    const stored = await appRepos().settings.get<unknown>(KEY, DEFAULT_LANG);
    applyLang(isLang(stored) ? stored : DEFAULT_LANG);
  } catch {
    applyLang(DEFAULT_LANG); // storage unavailable (private mode…): keep the default
  }
}

export async function setLanguage(next: Lang): Promise<void> {
  applyLang(next);
  try {
    await appRepos().settings.set(KEY, next);
  } catch {
    // The switch works for this visit even when it cannot be saved.
  }
}

export function toggleLanguage(): Promise<void> {
  return setLanguage(lang.current === 'pl' ? 'en' : 'pl');
}
