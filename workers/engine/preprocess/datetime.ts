/**
 * Calendar parts of epoch-millisecond datetimes, in UTC (pandas' `.dt` conventions), by integer
 * arithmetic on the day number (H. Hinnant's civil-from-days) rather than a Date per value: the
 * pipeline computes several parts of a million rows per fold.
 */
import type { DatetimePart } from './options';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Scratch for `civil`: year, month, day, dayofweek, dayofyear, hour (DATETIME_PARTS order). */
const PART_INDEX: Record<DatetimePart, number> = {
  year: 0,
  month: 1,
  day: 2,
  dayofweek: 3,
  dayofyear: 4,
  hour: 5
};

/** All six parts of `ms` into `out` (length ≥ 6); NaN → NaN. */
function civil(ms: number, out: Float64Array): void {
  if (Number.isNaN(ms)) {
    out.fill(NaN, 0, 6);
    return;
  }
  const days = Math.floor(ms / DAY);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[0] = year;
  out[1] = month;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out[3] = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3)
  out[4] = days - daysFromCivil(year, 1, 1) + 1;
  out[5] = Math.floor((ms - days * DAY) / HOUR);
}

const scratch = new Float64Array(6);

/**
 * One part of `ms`: year; month 1–12; day 1–31; dayofweek Monday = 0 … Sunday = 6 (pandas);
 * dayofyear 1–366; hour 0–23. NaN → NaN.
 */
export function datePart(ms: number, part: DatetimePart): number {
  civil(ms, scratch);
  return scratch[PART_INDEX[part]];
}

/**
 * Several parts at each of `rows`, one calendar conversion per row.
 * @returns one Float64Array per part, each of length rows.length.
 */
export function datePartsAt(
  values: Float64Array,
  rows: Uint32Array,
  parts: readonly DatetimePart[]
): Float64Array[] {
  const out = parts.map(() => new Float64Array(rows.length));
  const idx = parts.map((p) => PART_INDEX[p]);
  const tmp = new Float64Array(6);
  for (let i = 0; i < rows.length; i++) {
    civil(values[rows[i]], tmp);
    for (let k = 0; k < idx.length; k++) out[k][i] = tmp[idx[k]];
  }
  return out;
}
