/**
 * The GBDT's WASM training kernels (wasm/hist/build/hist.wasm, built by `npm ci` / `npm run
 * build`) for Node hosts — the CLI and the benchmarks. Found by walking up from this module (the
 * CLI runs from workers/cli/dist, benches from a cache folder); without them the TypeScript
 * kernels train (same forests bit for bit, slower).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWasmHistogram } from '../engine/gbdt/histogram-wasm';
import { setGbdtFitOptions } from '../engine/models/trees';

/** Path of hist.wasm above `from`, or null. */
export function findHistWasm(
  from: string = path.dirname(fileURLToPath(import.meta.url))
): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'wasm/hist/build/hist.wasm');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Installs the WASM kernels for every GBDT fit in this process; false when not found. */
export function useGbdtWasm(file: string | null = findHistWasm()): boolean {
  if (!file) return false;
  try {
    setGbdtFitOptions({
      histogramBuilder: createWasmHistogram(new Uint8Array(readFileSync(file)))
    });
    return true;
  } catch {
    return false;
  }
}
