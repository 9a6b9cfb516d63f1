/**
 * Arrow IPC → DuckDB table, for every non-CSV format: Parquet (decoded by an injected
 * ParquetReader), Arrow IPC files and streams, and the columns built from XLSX / JSON. Inserts go
 * to a staging table first and are renamed into place, so `tableName` is replaced only by a
 * complete table (CREATE OR REPLACE semantics over `insertArrowIPC`, which only creates).
 */
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { ParquetReader, SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { DataWarning } from './types';
import { fixColumnNames } from './names';
import { brokenFile } from './load-errors';

let browserReader: Promise<ParquetReader> | undefined;

/**
 * The fallback reader when the runner injects none: parquet-wasm's `esm` build with its default
 * initialisation, which fetches the .wasm next to the module (bundlers such as Vite rewrite that
 * URL). Node cannot fetch file: URLs — the Node runner injects its own reader instead.
 */
function defaultParquetReader(): Promise<ParquetReader> {
  browserReader ??= import('parquet-wasm/esm').then(async (pq) => {
    await pq.default();
    return async (bytes: Uint8Array) => pq.readParquet(bytes).intoIPCStream();
  });
  return browserReader;
}

/** Decodes Parquet to an Arrow IPC stream; damaged files → DataLoadError BROKEN_FILE. */
export async function parquetToIPC(
  db: SqlRunner,
  bytes: Uint8Array,
  fileName: string
): Promise<Uint8Array> {
  const read = db.readParquet ?? (await defaultParquetReader());
  try {
    return await read(bytes);
  } catch (e) {
    throw brokenFile(fileName, 'Parquet', e);
  }
}

/** Arrow IPC file or stream bytes → a parsed table; damaged → BROKEN_FILE. */
export function parseArrow(bytes: Uint8Array, fileName: string): Table {
  try {
    const t = tableFromIPC(bytes);
    if (t.schema.fields.length === 0) throw new Error('no columns');
    return t;
  } catch (e) {
    throw brokenFile(fileName, 'Arrow IPC', e);
  }
}

export interface ArrowInsertResult {
  warnings: DataWarning[];
  originalNames: string[];
}

/**
 * Inserts `ipc` (a stream) or `table` into `tableName`, repairing blank/duplicate field names
 * first (re-encoding only when a name changes). `fileName`/`format` label errors.
 */
export async function insertArrow(
  db: SqlRunner,
  tableName: string,
  source: { ipc: Uint8Array } | { table: Table },
  fileName: string,
  format: string
): Promise<ArrowInsertResult> {
  let table: Table;
  try {
    table = 'table' in source ? source.table : tableFromIPC(source.ipc);
  } catch (e) {
    throw brokenFile(fileName, format, e);
  }
  const originalNames = table.schema.fields.map((f) => f.name);
  const fixed = fixColumnNames(originalNames);
  let ipc: Uint8Array;
  if (fixed.warnings.length) {
    const renamed: Record<string, ReturnType<Table['getChildAt']>> = {};
    fixed.names.forEach((n, i) => (renamed[n] = table.getChildAt(i)));
    ipc = tableToIPC(new Table(renamed as never), 'stream');
  } else if ('ipc' in source) ipc = source.ipc;
  else ipc = tableToIPC(table, 'stream');

  const stage = `__dg_stage_${tableName}`;
  await db.query(`DROP TABLE IF EXISTS ${ident(stage)}`);
  try {
    await db.insertArrowIPC(stage, ipc);
  } catch (e) {
    throw brokenFile(fileName, format, e);
  }
  await db.query(`DROP TABLE IF EXISTS ${ident(tableName)}`);
  await db.query(`ALTER TABLE ${ident(stage)} RENAME TO ${ident(tableName)}`);
  return { warnings: fixed.warnings, originalNames };
}
