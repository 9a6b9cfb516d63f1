/**
 * Validation after profiling: one hard rule (enough rows for ML → InsufficientDataError
 * TOO_FEW_ROWS) and soft problems returned as warnings, each naming the column and the figure.
 * Thresholds are constants here, documented in README.md.
 */
import type { SqlRunner } from '../db/runner';
import type { DataWarning, DatasetInfo, LoadOptions } from './types';
import { DEFAULT_MIN_ROWS } from './types';
import { tooFewRows } from './load-errors';
import { profileTable } from './profile';
import type { ColumnStats } from './profile';

/** HIGH_MISSING above this share of missing cells. */
export const HIGH_MISSING_SHARE = 0.5;
/** MIXED_TYPES: a text column whose numeric share is above this (but below 1). */
export const MIXED_TYPES_SHARE = 0.5;
/** DATE_AS_TEXT: a text column whose date-shaped share is at least this. */
export const DATE_AS_TEXT_SHARE = 0.9;
/** ID_LIKE_COLUMN needs at least this many rows (a 5-row table is all-distinct by chance). */
export const ID_LIKE_MIN_ROWS = 20;
/** With approximate distinct counts (> 1 M rows), "all distinct" means at least this share. */
const APPROX_ALL_DISTINCT = 0.97;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** Polish writes a decimal comma: 20.1% → 20,1%. */
const pctPl = (x: number) => pct(x).replace('.', ',');

/** Whether every row holds a different non-missing value (exactly, or nearly with HLL counts). */
export function allDistinct(
  c: { distinct: number; missing: number },
  rows: number,
  exact: boolean
) {
  if (c.missing > 0 || rows < ID_LIKE_MIN_ROWS) return false;
  return exact ? c.distinct === rows : c.distinct >= rows * APPROX_ALL_DISTINCT;
}

/** Throws InsufficientDataError TOO_FEW_ROWS when `rows` < `minRows`. */
export function checkRows(rows: number, minRows = DEFAULT_MIN_ROWS): void {
  if (rows < minRows) throw tooFewRows(rows, minRows);
}

/** Soft problems of each column, in column order. Pure: no SQL. */
export function columnWarnings(columns: readonly ColumnStats[], rows: number): DataWarning[] {
  const out: DataWarning[] = [];
  for (const c of columns) {
    const n = c.name;
    if (rows > 0 && c.missing === rows) {
      out.push({
        code: 'ALL_MISSING',
        column: n,
        value: 1,
        message: {
          pl: `Kolumna „${n}” jest całkowicie pusta.`,
          en: `Column "${n}" is entirely empty.`
        }
      });
      continue;
    }
    if (c.missingShare > HIGH_MISSING_SHARE) {
      out.push({
        code: 'HIGH_MISSING',
        column: n,
        value: c.missingShare,
        message: {
          pl: `Kolumna „${n}” ma ${pctPl(c.missingShare)} braków danych.`,
          en: `Column "${n}" is ${pct(c.missingShare)} missing.`
        }
      });
    }
    if (c.distinct === 1) {
      out.push({
        code: 'CONSTANT_COLUMN',
        column: n,
        value: 1,
        message: {
          pl: `Kolumna „${n}” ma tylko jedną wartość (${c.samples[0] ?? ''}) — nie niesie informacji.`,
          en: `Column "${n}" has a single value (${c.samples[0] ?? ''}) — it carries no information.`
        }
      });
    }
    const textId = c.sqlType === 'VARCHAR' && allDistinct(c, rows, c.exactDistinct);
    const intId =
      c.type === 'integer' &&
      allDistinct(c, rows, c.exactDistinct) &&
      c.min !== undefined &&
      c.max !== undefined &&
      c.max - c.min + 1 === rows;
    if (textId || intId) {
      out.push({
        code: 'ID_LIKE_COLUMN',
        column: n,
        value: c.distinct,
        message: {
          pl: `Kolumna „${n}” wygląda na identyfikator (${c.distinct} różnych wartości w ${rows} wierszach) — zwykle nie powinna być cechą modelu.`,
          en: `Column "${n}" looks like an identifier (${c.distinct} distinct values in ${rows} rows) — it usually should not be a model feature.`
        }
      });
    }
    if (c.numericShare !== undefined && c.numericShare > MIXED_TYPES_SHARE && c.numericShare < 1) {
      out.push({
        code: 'MIXED_TYPES',
        column: n,
        value: c.numericShare,
        message: {
          pl: `Kolumna „${n}” jest w ${pctPl(c.numericShare)} liczbowa, ale zawiera też tekst — potraktowano ją jako tekst.`,
          en: `Column "${n}" is ${pct(c.numericShare)} numeric but also holds text — it was read as text.`
        }
      });
    }
    if (c.dateShare !== undefined && c.dateShare >= DATE_AS_TEXT_SHARE) {
      out.push({
        code: 'DATE_AS_TEXT',
        column: n,
        value: c.dateShare,
        message: {
          pl: `Kolumna „${n}” wygląda na daty (np. ${c.samples[0] ?? ''}), ale odczytano ją jako tekst.`,
          en: `Column "${n}" looks like dates (e.g. ${c.samples[0] ?? ''}) but was read as text.`
        }
      });
    }
  }
  return out;
}

/**
 * Validates an already loaded table (re-profiling it): throws TOO_FEW_ROWS below
 * `opts.minRows ?? DEFAULT_MIN_ROWS`, returns the column warnings. loadTable runs the same checks
 * on the profile it already has, so callers only need this after changing the table.
 */
export async function validateTable(
  db: SqlRunner,
  info: DatasetInfo,
  opts: Pick<LoadOptions, 'minRows'> = {}
): Promise<DataWarning[]> {
  const profile = await profileTable(db, info.tableName);
  checkRows(profile.rows, opts.minRows);
  return columnWarnings(profile.columns, profile.rows);
}
