// Guards the message catalogs: same keys in both languages, parameters and plural forms intact.
import { describe, expect, it } from 'vitest';
import { pl } from './pl';
import { en } from './en';
import { applyLang, plural, t } from './i18n.svelte';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('pl and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(pl).sort());
  });

  it('every message has the same {parameters} in both languages and is not blank', () => {
    for (const key of Object.keys(pl) as (keyof typeof pl)[]) {
      expect(params(en[key]), key).toEqual(params(pl[key]));
      expect(pl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });
});

describe('t() and plural()', () => {
  it('t() fills parameters in the current language', () => {
    applyLang('pl');
    expect(t('warnings.title', { n: 3 })).toBe('Ostrzeżenia walidacji (3)');
    applyLang('en');
    expect(t('warnings.title', { n: 3 })).toBe('Validation warnings (3)');
    applyLang('pl');
  });

  it('plural() picks Polish forms one / few / many', () => {
    applyLang('pl');
    expect([1, 2, 5, 22, 25].map((n) => plural('unit.rows', n))).toEqual([
      'wiersz',
      'wiersze',
      'wierszy',
      'wiersze',
      'wierszy'
    ]);
    applyLang('en');
    expect([1, 2].map((n) => plural('unit.cols', n))).toEqual(['column', 'columns']);
    applyLang('pl');
  });
});
