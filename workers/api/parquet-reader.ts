/**
 * Browser Parquet reader injected into the SqlRunner (`readParquet`): parquet-wasm's esm build,
 * initialised on first use from a wasm URL the app serves itself (`?url`), so no request leaves
 * the origin and the bundler does not have to guess the wasm's location.
 */
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetReader } from '../engine/db/runner';

type ParquetModule = typeof import('parquet-wasm/esm');

let ready: Promise<ParquetModule> | undefined;

function parquetWasm(): Promise<ParquetModule> {
  ready ??= import('parquet-wasm/esm').then(async (pq) => {
    await pq.default({ module_or_path: parquetWasmUrl });
    return pq;
  });
  ready.catch(() => (ready = undefined)); // a later file may retry
  return ready;
}

/** Parquet bytes → Arrow IPC stream (what `insertArrowIPC` takes). */
export const readParquetBrowser: ParquetReader = async (bytes) => {
  const pq = await parquetWasm();
  // intoIPCStream() consumes (and frees) the wasm-side table.
  return pq.readParquet(bytes).intoIPCStream();
};
