/**
 * Small helpers shared by the EDA sections: reading one-row aggregate results, writing doubles
 * as SQL literals without precision loss, per-type memory widths, cancellation, batching.
 */
import type { Table } from 'apache-arrow';
import { ident } from '../db/runner';
import { CancelledError } from '../errors';
import type { CancelSignal } from '../progress';
import { isDateSql, isFloatSql, isIntegerSql, isTimestampSql } from '../data/sql-types';

/** Aggregate expressions per SELECT: wide enough to share a scan, narrow enough to bind fast. */
export const EDA_BATCH = 40;

/** The first row of an aggregate result as a plain record (BigInt stays BigInt: use `num`). */
export function firstRow(t: Table): Record<string, unknown> {
  const row = t.get(0);
  return row ? (row.toJSON() as Record<string, unknown>) : {};
}

/** All rows of a result as plain records. */
export function allRows(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

/** An Arrow value as a finite number, or null (null, NaN, ±Infinity, non-numbers). */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Like `num` but 0 for missing values (counts). */
export function count(v: unknown): number {
  return num(v) ?? 0;
}

/** An Arrow list value (Vector or array) as a JS array of numbers (nulls dropped). */
export function numList(v: unknown): number[] {
  if (v === null || v === undefined) return [];
  const arr = Array.isArray(v) ? v : Array.from((v as { toArray(): ArrayLike<unknown> }).toArray());
  return arr.map(num).filter((x): x is number => x !== null);
}

/**
 * A double as an SQL DOUBLE literal that parses back to the identical value: exponent form is
 * read as DOUBLE (a plain `4.3` would be DECIMAL(2,1) and go through a decimal conversion).
 */
export function dbl(v: number): string {
  if (Number.isNaN(v)) return `'NaN'::DOUBLE`;
  if (!Number.isFinite(v)) return v > 0 ? `'Infinity'::DOUBLE` : `'-Infinity'::DOUBLE`;
  return v.toExponential();
}

/** Column `name` as a DOUBLE expression (integers, decimals and floats alike). */
export function asDouble(name: string): string {
  return `CAST(${ident(name)} AS DOUBLE)`;
}

/**
 * Bytes per value of a fixed-width SQL type (DuckDB's in-memory layout), or null for
 * variable-width types (text: 16-byte string header plus out-of-line bytes past 12).
 */
export function fixedWidth(sqlType: string): number | null {
  if (sqlType === 'BOOLEAN' || sqlType === 'TINYINT' || sqlType === 'UTINYINT') return 1;
  if (sqlType === 'SMALLINT' || sqlType === 'USMALLINT') return 2;
  if (sqlType === 'INTEGER' || sqlType === 'UINTEGER' || sqlType === 'FLOAT') return 4;
  if (sqlType === 'HUGEINT' || sqlType === 'UHUGEINT') return 16;
  if (isDateSql(sqlType) || sqlType === 'REAL') return 4;
  if (isIntegerSql(sqlType) || isFloatSql(sqlType) || isTimestampSql(sqlType)) return 8;
  return null;
}

/** Throws CancelledError when the signal is set. */
export function checkCancel(signal: CancelSignal | undefined, stage: string): void {
  if (signal?.aborted) throw new CancelledError(stage);
}

/** Splits `items` into consecutive chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, Math.round((performance.now() - t0) * 10) / 10];
}
