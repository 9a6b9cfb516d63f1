/**
 * The GBDT's WASM training kernels (wasm/hist/build/hist.wasm, built by `npm ci` / `npm run
 * build`), the TreeSHAP kernel and the tree-prediction kernel (wasm/predict) for Node hosts — the CLI and the benchmarks. Found by walking up from this module (the
 * CLI runs from workers/cli/dist, benches from a cache folder); without them the TypeScript
 * kernels train (same forests bit for bit, slower).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWasmHistogram } from '../engine/gbdt/histogram-wasm';
import { setGbdtFitOptions, setTreePredictKernel } from '../engine/models/trees';
import { createWasmPredictor } from '../engine/gbdt/wasm-predict';
import { createWasmTreeShap } from '../engine/explain/tree-shap-wasm';
import { setTreeShapKernel } from '../engine/explain/tree-shap';

/** Path of wasm/<kernel>/build/<kernel>.wasm above `from`, or null. */
export function findKernel(
  kernel: string,
  from: string = path.dirname(fileURLToPath(import.meta.url))
): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, `wasm/${kernel}/build/${kernel}.wasm`);
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Path of hist.wasm above `from`, or null. */
export function findHistWasm(from?: string): string | null {
  return findKernel('hist', from);
}

/** Installs the WASM TreeSHAP kernel for every explanation in this process; false when not found. */
export function useTreeShapWasm(file: string | null = findKernel('shap')): boolean {
  if (!file) return false;
  try {
    setTreeShapKernel(createWasmTreeShap(new Uint8Array(readFileSync(file))));
    return true;
  } catch {
    return false;
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

/**
 * Installs the WASM tree-prediction kernel for every tree model's predict() in this process (same
 * predictions as the TypeScript predictor); false when not found.
 */
export function useTreePredictWasm(file: string | null = findKernel('predict')): boolean {
  if (!file) return false;
  try {
    setTreePredictKernel(createWasmPredictor(new Uint8Array(readFileSync(file))));
    return true;
  } catch {
    return false;
  }
}
