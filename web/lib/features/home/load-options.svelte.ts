/**
 * The home page's load options (missing tokens, MIN_ROWS_FOR_ML, CSV overrides). Module-level
 * state so the choices survive navigating to a session and back during one visit.
 */
import type { LoadOptions, TextEncoding } from '$engine';
import { DEFAULT_MIN_ROWS, DEFAULT_MISSING_TOKENS } from '$engine/data/types';

export type Auto<T> = T | 'auto';

/** The empty token is shown as "" so that it can be seen and removed in the comma list. */
export function formatTokens(tokens: readonly string[]): string {
  return tokens.map((t) => (t === '' ? '""' : t)).join(', ');
}

/** Inverse of formatTokens: blank entries (stray commas) are dropped, "" is the empty token. */
export function parseTokens(text: string): string[] {
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => (t === '""' || t === "''" ? '' : t));
  return tokens.filter((t, i) => tokens.indexOf(t) === i);
}

class LoadOptionsState {
  missingTokens = $state(formatTokens(DEFAULT_MISSING_TOKENS));
  minRows = $state(DEFAULT_MIN_ROWS);
  delimiter = $state<Auto<string>>('auto');
  decimal = $state<Auto<'.' | ','>>('auto');
  encoding = $state<Auto<TextEncoding>>('auto');

  reset(): void {
    this.missingTokens = formatTokens(DEFAULT_MISSING_TOKENS);
    this.minRows = DEFAULT_MIN_ROWS;
    this.delimiter = 'auto';
    this.decimal = 'auto';
    this.encoding = 'auto';
  }

  /** Plain LoadOptions for `fileName` ('auto' values left out so the engine detects them). */
  toLoadOptions(fileName: string): LoadOptions {
    const opts: LoadOptions = {
      fileName,
      missingTokens: parseTokens(this.missingTokens),
      minRows:
        Number.isFinite(this.minRows) && this.minRows >= 0
          ? Math.floor(this.minRows)
          : DEFAULT_MIN_ROWS
    };
    if (this.delimiter !== 'auto') opts.delimiter = this.delimiter;
    if (this.decimal !== 'auto') opts.decimal = this.decimal;
    if (this.encoding !== 'auto') opts.encoding = this.encoding;
    return opts;
  }
}

export const loadOptions = new LoadOptionsState();
