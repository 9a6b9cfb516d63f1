/**
 * Column profiling in few scans: one SELECT computes every aggregate of a batch of columns
 * (count, distinct, min/max, numeric and date shares of text), so a 7-column table costs one
 * scan and a 2,000-column table 2,000 / PROFILE_BATCH scans, never one query per statistic.
 * Samples come from one more query over the first rows.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo, ColumnType } from './types';
import {
  isDateSql,
  isFloatSql,
  isIntegerSql,
  isTextSql,
  isTimestampSql,
  plainValue
} from './sql-types';

/** Columns per profiling query: keeps each SELECT's width and bind time modest. */
export const PROFILE_BATCH = 200;
/** Up to this many rows, distinct counts are exact; above, HyperLogLog estimates. */
export const EXACT_DISTINCT_MAX_ROWS = 1_000_000;
/** Rows the sample query reads. */
const SAMPLE_ROWS = 1000;
/**
 * Text columns' numeric and date-shaped shares are measured on the first SHARE_ROWS rows: they
 * only feed "mostly numeric" / "looks like dates" warnings, and a regex per value over millions
 * of rows costs more than the rest of the profile together (exact for tables up to this size).
 */
export const SHARE_ROWS = 100_000;

/** Text shaped like a date: 2024-01-31, 31.01.2024, 1/31/24, optionally with a time. */
export const DATE_TEXT_PATTERN = String.raw`\s*(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*`;

/** ColumnInfo plus the figures the validator needs that the public type does not carry. */
export interface ColumnStats extends ColumnInfo {
  /** Integer columns: min and max (as doubles); undefined otherwise. */
  min?: number;
  max?: number;
  /** Text columns: share of non-missing values that parse as numbers / look like dates. */
  numericShare?: number;
  dateShare?: number;
  /** Whether `distinct` is exact (false above EXACT_DISTINCT_MAX_ROWS). */
  exactDistinct: boolean;
}

export interface TableProfile {
  rows: number;
  columns: ColumnStats[];
}

/**
 * Text columns: categorical when the number of distinct values is small in absolute terms
 * (≤ 20) or relative to the table (≤ 5 % of rows, capped at 1,000 categories); otherwise free
 * text (names, comments, identifiers).
 */
export function categoricalLimit(rows: number): number {
  return Math.max(20, Math.min(Math.floor(rows * 0.05), 1000));
}

/** Maps a DuckDB type plus the profile figures to the engine's ColumnType. */
export function inferColumnType(sqlType: string, distinct: number, rows: number): ColumnType {
  if (sqlType === 'BOOLEAN') return 'boolean';
  if (isIntegerSql(sqlType)) return 'integer';
  if (isFloatSql(sqlType)) return 'numeric';
  if (isDateSql(sqlType)) return 'date';
  if (isTimestampSql(sqlType)) return 'datetime';
  if (isTextSql(sqlType)) return distinct <= categoricalLimit(rows) ? 'categorical' : 'text';
  return 'text';
}

/** Column names and DuckDB types of `table`, in order. */
export async function describeTable(
  db: SqlRunner,
  table: string
): Promise<{ name: string; sqlType: string }[]> {
  const t = await db.query(`DESCRIBE ${ident(table)}`);
  const names = t.getChild('column_name')!.toArray() as string[];
  const types = t.getChild('column_type')!.toArray() as string[];
  return names.map((name, i) => ({ name, sqlType: types[i] }));
}

/**
 * Profiles every column of `table`. `originalNames[i]` is the file's name for column i.
 * Returns rows and per-column stats in table order.
 */
export async function profileTable(
  db: SqlRunner,
  table: string,
  originalNames?: readonly string[]
): Promise<TableProfile> {
  const cols = await describeTable(db, table);
  const rowsRes = await db.query(`SELECT count(*) AS n FROM ${ident(table)}`);
  const rows = Number(rowsRes.getChild('n')!.get(0));
  const exact = rows <= EXACT_DISTINCT_MAX_ROWS;
  const stats: ColumnStats[] = [];
  for (let start = 0; start < cols.length; start += PROFILE_BATCH) {
    const batch = cols.slice(start, start + PROFILE_BATCH);
    const exprs: string[] = [];
    batch.forEach((c, j) => {
      const q = ident(c.name);
      exprs.push(`count(${q}) AS n${j}`);
      exprs.push(`${exact ? `count(DISTINCT ${q})` : `approx_count_distinct(${q})`} AS d${j}`);
      if (isIntegerSql(c.sqlType)) {
        exprs.push(`CAST(min(${q}) AS DOUBLE) AS lo${j}`, `CAST(max(${q}) AS DOUBLE) AS hi${j}`);
      }
    });
    const texts = batch.map((c, j) => ({ c, j })).filter(({ c }) => isTextSql(c.sqlType));
    const shareExprs = texts.flatMap(({ c, j }) => {
      const q = ident(c.name);
      return [
        `count(${q}) AS tn${j}`,
        `count(TRY_CAST(${q} AS DOUBLE)) AS num${j}`,
        `count(*) FILTER (WHERE regexp_full_match(${q}, '${DATE_TEXT_PATTERN}')) AS dt${j}`
      ];
    });
    const row = (await db.query(`SELECT ${exprs.join(', ')} FROM ${ident(table)}`)).get(0)!;
    const shares = shareExprs.length
      ? (
          await db.query(
            `SELECT ${shareExprs.join(', ')} FROM (SELECT * FROM ${ident(table)} LIMIT ${SHARE_ROWS})`
          )
        ).get(0)!
      : row;
    const get = (k: string) => Number((row as unknown as Record<string, unknown>)[k] ?? 0);
    const getShare = (k: string) => Number((shares as unknown as Record<string, unknown>)[k] ?? 0);
    batch.forEach((c, j) => {
      const present = get(`n${j}`);
      const distinct = get(`d${j}`);
      const s: ColumnStats = {
        name: c.name,
        originalName: originalNames?.[start + j] ?? c.name,
        sqlType: c.sqlType,
        type: inferColumnType(c.sqlType, distinct, rows),
        missing: rows - present,
        missingShare: rows ? (rows - present) / rows : 0,
        distinct,
        samples: [],
        exactDistinct: exact
      };
      if (isIntegerSql(c.sqlType) && present > 0) {
        s.min = get(`lo${j}`);
        s.max = get(`hi${j}`);
      }
      const seen = getShare(`tn${j}`);
      if (isTextSql(c.sqlType) && seen > 0) {
        s.numericShare = getShare(`num${j}`) / seen;
        s.dateShare = getShare(`dt${j}`) / seen;
      }
      stats.push(s);
    });
  }
  await addSamples(db, table, stats);
  for (const s of stats) {
    // CSV reads true/false as text (see csv.ts); with every distinct value seen, it is boolean.
    const bool = s.samples.every((v) => /^(true|false)$/i.test(v));
    if (
      s.sqlType === 'VARCHAR' &&
      s.exactDistinct &&
      s.samples.length === s.distinct &&
      bool &&
      s.distinct > 0
    ) {
      s.type = 'boolean';
    }
  }
  return { rows, columns: stats };
}

/** Up to 5 distinct non-missing values per column, as text, from the first SAMPLE_ROWS rows. */
async function addSamples(db: SqlRunner, table: string, stats: ColumnStats[]): Promise<void> {
  for (let start = 0; start < stats.length; start += PROFILE_BATCH) {
    const batch = stats.slice(start, start + PROFILE_BATCH);
    const select = batch.map((c, j) => `CAST(${ident(c.name)} AS VARCHAR) AS s${j}`).join(', ');
    const t = await db.query(`SELECT ${select} FROM ${ident(table)} LIMIT ${SAMPLE_ROWS}`);
    batch.forEach((c, j) => {
      const v = t.getChildAt(j);
      if (!v) return;
      const seen = new Set<string>();
      for (let r = 0; r < v.length && seen.size < 5; r++) {
        const x = plainValue(v.get(r));
        if (x !== null) seen.add(String(x));
      }
      c.samples = [...seen];
    });
  }
}

/** Strips the validator-only fields, leaving the public ColumnInfo. */
export function toColumnInfo(s: ColumnStats): ColumnInfo {
  return {
    name: s.name,
    originalName: s.originalName,
    sqlType: s.sqlType,
    type: s.type,
    missing: s.missing,
    missingShare: s.missingShare,
    distinct: s.distinct,
    samples: s.samples
  };
}
