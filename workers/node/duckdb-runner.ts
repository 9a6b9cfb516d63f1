/**
 * The Node SqlRunner (CLI, unit tests, benchmarks): DuckDB-WASM's synchronous
 * `duckdb-node-blocking` bindings, eh bundle — the same DuckDB build the browser worker runs, so the
 * engine's SQL behaves identically. Node only: it reads the wasm files from node_modules.
 *
 * Why `createRequire` from this file: the .cjs bindings must be resolved from inside the repo
 * (resolution from /tmp or a temp dir fails), and esbuild leaves a runtime `createRequire` alone,
 * so the bundled CLI resolves them from workers/cli/dist the same way.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { ParquetReader, SqlRunner } from '../engine/index';

const require = createRequire(import.meta.url);

/** The subset of duckdb-wasm's blocking API this runner uses. */
interface BlockingConnection {
  query(sql: string): Table;
  insertArrowFromIPCStream(bytes: Uint8Array, opts: { name: string; create?: boolean }): void;
  close(): void;
}
interface BlockingDb {
  instantiate(): Promise<unknown>;
  connect(): BlockingConnection;
  registerFileBuffer(name: string, bytes: Uint8Array): void;
  dropFile(name: string): void;
  getVersion(): string;
  reset?(): void;
}
interface BlockingModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<BlockingDb>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

/** A SqlRunner that also owns its DuckDB instance. */
export interface NodeRunner extends SqlRunner {
  readonly version: string;
  close(): void;
}

/**
 * Node-side Parquet reader: parquet-wasm's `esm` build initialised synchronously from the wasm
 * bytes (its default `init()` would `fetch` a file: URL, which Node 20 cannot do).
 */
export async function createNodeParquetReader(): Promise<ParquetReader> {
  const pq = (await import('parquet-wasm/esm')) as typeof import('parquet-wasm/esm');
  const wasmPath = require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
  pq.initSync({ module: readFileSync(wasmPath) });
  return async (bytes: Uint8Array) => pq.readParquet(bytes).intoIPCStream();
}

/** Opens an in-memory DuckDB (eh bundle) with extension auto-loading off (offline-safe). */
export async function createNodeRunner(): Promise<NodeRunner> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as BlockingModule;
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs')
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs')
    }
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  // Offline, auto-loading an extension hangs forever in Node: fail with a catalog error instead.
  conn.query('SET autoload_known_extensions = false');
  conn.query('SET autoinstall_known_extensions = false');
  const readParquet = await createNodeParquetReader();
  return {
    version: db.getVersion(),
    readParquet,
    query: async (sql) => conn.query(sql),
    registerFile: async (name, bytes) => db.registerFileBuffer(name, bytes),
    dropFile: async (name) => db.dropFile(name),
    insertArrowIPC: async (table, ipc) =>
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true }),
    close: () => {
      conn.close();
      db.reset?.();
    }
  };
}
