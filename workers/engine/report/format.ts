/**
 * Number formatting shared by every report format, so HTML, Markdown and PDF print the same text
 * (tests look for these exact strings). A dot is the decimal separator in both languages: the
 * figures are copied into code and spreadsheets more often than read aloud.
 */

/** Metric / coefficient: 4 decimals; '—' when missing or not finite. */
export function fmtMetric(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4);
}

/** Share 0 … 1 as a percentage with one decimal. */
export function fmtPercent(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** Count with thin-space-free grouping (1 234 567 → "1234567" would be unreadable): "1 234 567". */
export function fmtCount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = String(Math.round(Math.abs(v)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return v < 0 ? `-${grouped}` : grouped;
}

/** A statistic of any scale: up to 4 significant decimals, exponent for huge / tiny values. */
export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(3);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(a >= 100 ? 2 : 4)));
}

/** Bytes as B / KB / MB / GB (1024-based). */
export function fmtBytes(v: number): string {
  if (!Number.isFinite(v) || v < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let x = v;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return u === 0 ? `${x} B` : `${x.toFixed(1)} ${units[u]}`;
}

/** A model parameter value as short text (objects as JSON, cut to 80 characters). */
export function fmtParam(v: unknown): string {
  let s: string;
  if (typeof v === 'number') s = fmtNumber(v);
  else if (typeof v === 'string') s = v;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
