/** Number formatting for EDA tables, in the current language. */
import { formatNumber, formatPercent } from '$lib/i18n/i18n.svelte';

/** A statistic: '—' when undefined, integers in full, others to ≤ 4 significant decimals. */
export function stat(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return formatNumber(v);
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 1 : abs >= 1 ? 3 : 4;
  return formatNumber(v, digits);
}

export function share(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatPercent(v);
}

export function bytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`;
  if (n < 1024 ** 2) return `${formatNumber(n / 1024, 1)} KB`;
  if (n < 1024 ** 3) return `${formatNumber(n / 1024 ** 2, 1)} MB`;
  return `${formatNumber(n / 1024 ** 3, 2)} GB`;
}

/** A count with its share: "12 (3,5%)". */
export function countShare(n: number, s: number): string {
  return `${formatNumber(n)} (${formatPercent(s)})`;
}
