/**
 * UI language: a rune-backed current language, `t(key, params)` for catalog messages, `pick()`
 * for the engine's bilingual messages, and Intl formatters. Reading `lang.current` inside `t()`
 * makes every template that calls `t()` re-render when the language changes.
 */
import type { Bilingual, Lang } from '$engine';
import { pl, type MessageKey } from './pl';
import { en } from './en';

export type { Lang, MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { pl, en };
export const LANGS: readonly Lang[] = ['pl', 'en'];
export const DEFAULT_LANG: Lang = 'pl';
const LOCALES: Record<Lang, string> = { pl: 'pl-PL', en: 'en-GB' };

class LangState {
  current = $state<Lang>(DEFAULT_LANG);
}

export const lang = new LangState();

export type Params = Record<string, string | number>;

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m
  );
}

/** The message `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogs[lang.current][key] ?? catalogs.pl[key] ?? key, params);
}

/** Whether `key` exists (for keys built at run time, e.g. engine stage names). */
export function hasMessage(key: string): key is MessageKey {
  return key in catalogs.pl;
}

/**
 * A plural message: the catalog value lists forms separated by '|' in the order of
 * `Intl.PluralRules` categories one|few|many|other (Polish) or one|other (English); `{n}` is
 * the count.
 */
export function plural(key: MessageKey, n: number, params?: Params): string {
  const forms = catalogs[lang.current][key].split('|');
  const category = new Intl.PluralRules(LOCALES[lang.current]).select(n);
  const order = lang.current === 'pl' ? ['one', 'few', 'many', 'other'] : ['one', 'other'];
  const i = Math.max(0, order.indexOf(category));
  const form = forms[Math.min(i, forms.length - 1)];
  return interpolate(form, { n: formatNumber(n), ...params });
}

/** An engine message ({pl, en}) in the current language. */
export function pick(message: Bilingual | undefined): string {
  return message ? message[lang.current] : '';
}

export function formatNumber(n: number, maxFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang.current], {
    maximumFractionDigits: maxFractionDigits
  }).format(n);
}

export function formatPercent(share: number): string {
  return new Intl.NumberFormat(LOCALES[lang.current], {
    style: 'percent',
    maximumFractionDigits: share > 0 && share < 0.01 ? 2 : 1
  }).format(share);
}

export function formatDate(ms: number): string {
  return new Intl.DateTimeFormat(LOCALES[lang.current], {
    dateStyle: 'medium',
    timeStyle: 'short'
  }).format(ms);
}

/** Applies a language: state, `<html lang>`. Persisting is the caller's job (settings repo). */
export function applyLang(next: Lang): void {
  lang.current = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export function isLang(v: unknown): v is Lang {
  return v === 'pl' || v === 'en';
}
