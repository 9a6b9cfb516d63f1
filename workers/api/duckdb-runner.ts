/**
 * The browser SqlRunner: DuckDB-WASM's AsyncDuckDB (eh bundle) running in its own worker, started
 * from inside the data worker. The wasm and the DuckDB worker script are imported with `?url`, so
 * the app serves them itself (no CDN, works offline).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Table } from 'apache-arrow';
import type { SqlRunner } from '../engine/db/runner';
import { readParquetBrowser } from './parquet-reader';

export interface DuckDbRunner extends SqlRunner {
  readonly version: string;
  close(): Promise<void>;
}

/**
 * `registerFileBuffer` and `insertArrowFromIPCStream` *transfer* the underlying ArrayBuffer to
 * DuckDB's worker, which would detach the caller's bytes (and, for a sub-view, the whole buffer).
 * The engine may read the file bytes again after registering them, so those are copied; IPC
 * streams are produced only to be inserted, so they move when they own their whole buffer.
 */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

export async function openDuckDb(): Promise<DuckDbRunner> {
  // The one `new Worker` outside web/lib/workers: DuckDB's own worker, owned by the data worker.
  const worker = new Worker(duckdbWorkerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(duckdbWasmUrl);
    const conn = await db.connect();
    // Offline, auto-loading an extension corrupts the instance: fail with a catalog error instead.
    await conn.query('SET autoload_known_extensions = false');
    await conn.query('SET autoinstall_known_extensions = false');
    const version = await db.getVersion();
    return {
      version,
      query: async (sql: string): Promise<Table> => (await conn.query(sql)) as unknown as Table,
      registerFile: (name, bytes) => db.registerFileBuffer(name, bytes.slice()),
      dropFile: async (name) => {
        await db.dropFile(name);
      },
      insertArrowIPC: (table, ipcStream) =>
        conn.insertArrowFromIPCStream(owned(ipcStream), { name: table, create: true }),
      readParquet: readParquetBrowser,
      close: async () => {
        await conn.close();
        await db.terminate();
      }
    };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}
