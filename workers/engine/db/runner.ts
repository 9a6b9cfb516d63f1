/**
 * The SQL executor the engine receives (STYLE.md habit 4: pass the executor in). The browser data
 * worker implements it over DuckDB-WASM's async connection; Node (CLI, unit tests) over the
 * synchronous `duckdb-node-blocking` bindings. Both run the very same DuckDB build, so the engine's
 * SQL gives the same results everywhere.
 */
import type { Table } from 'apache-arrow';

export interface SqlRunner {
  /** Runs one statement and returns its result as an Arrow table. */
  query(sql: string): Promise<Table>;
  /** Makes `bytes` readable by SQL under the file name `name` (e.g. read_csv('name')). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  /** Forgets a registered file and frees its memory. */
  dropFile(name: string): Promise<void>;
  /** Creates table `table` from an Arrow IPC *stream* (replacing nothing: the table must not exist). */
  insertArrowIPC(table: string, ipcStream: Uint8Array): Promise<void>;
  /**
   * Optional Parquet decoder supplied by the runner side (dependency injection: parquet-wasm is
   * initialised differently in Node and in browsers). When absent, the engine lazily loads
   * `parquet-wasm/esm` with its default browser initialisation.
   */
  readParquet?: ParquetReader;
}

/** Decodes a Parquet file into an Arrow IPC *stream* (e.g. parquet-wasm's readParquet().intoIPCStream()). */
export type ParquetReader = (bytes: Uint8Array) => Promise<Uint8Array>;

/** Quotes an SQL identifier (column or table name) — every name from a file goes through here. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes an SQL string literal. */
export function lit(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}
