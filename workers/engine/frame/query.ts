/**
 * A loaded table read back through the SqlRunner — the one place the data worker
 * (workers/api/data-api-impl.ts) and the CLI (workers/cli/frame.ts) build the ML path's Frame and
 * the text of the input columns for output files, so the browser and `datagenius predict` read a
 * file the same way and write the same bytes.
 */
import { ident, type SqlRunner } from '../db/runner';
import { frameFromArrow } from './from-arrow';
import type { Frame } from './types';

/** The part of a DatasetInfo these helpers read (DatasetInfo satisfies it). */
export interface LoadedTable {
  tableName: string;
  /** The table's columns, in table order. */
  columns: readonly { name: string }[];
}

export interface QueryFrameOptions {
  /** Column names to leave out (IDs, leaks); unknown names are ignored. */
  exclude?: readonly string[];
  /**
   * Columns read as categories (text) whatever their SQL type — a model bundle's categorical
   * inputs, e.g. codes a new file holds as integers; unknown names are ignored.
   */
  categorical?: readonly string[];
}

/** One input column as text, for output files. */
export interface TextColumn {
  name: string;
  /** DuckDB's text of each cell (CAST AS VARCHAR), null = missing; length = the table's rows. */
  values: (string | null)[];
}

/**
 * The table (all columns but `exclude`, in table order, names as the table has them) as a Frame
 * through `frameFromArrow`.
 */
export async function queryFrame(
  db: SqlRunner,
  info: LoadedTable,
  opts: QueryFrameOptions = {}
): Promise<Frame> {
  const skip = new Set(opts.exclude ?? []);
  const names = info.columns.map((c) => c.name).filter((n) => !skip.has(n));
  // An explicit column list: the order and names are the table's, whatever the file held. With no
  // column left, a placeholder keeps the row count.
  const select = names.length ? names.map(ident).join(', ') : '1 AS "__none"';
  const table = await db.query(`SELECT ${select} FROM ${ident(info.tableName)}`);
  const present = new Set(names);
  return frameFromArrow(table, {
    columns: names,
    categorical: (opts.categorical ?? []).filter((c) => present.has(c))
  });
}

/** Each column's values as the text DuckDB gives them (null = missing), in table order. */
export async function queryText(db: SqlRunner, info: LoadedTable): Promise<TextColumn[]> {
  if (!info.columns.length) return [];
  const select = info.columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`);
  const table = await db.query(`SELECT ${select.join(', ')} FROM ${ident(info.tableName)}`);
  return info.columns.map((c, i) => {
    const v = table.getChildAt(i);
    const values: (string | null)[] = new Array(table.numRows);
    let r = 0;
    if (v) for (const x of v) values[r++] = x === null || x === undefined ? null : String(x);
    return { name: c.name, values };
  });
}
