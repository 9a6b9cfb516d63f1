/**
 * Adapter for the WASM TreeSHAP kernel (wasm/shap/assembly/index.ts; its header layout is
 * documented there). Engine-safe: the caller hands in the kernel's bytes or a compiled module (the
 * worker fetches it, Node reads wasm/shap/build/shap.wasm); nothing here touches fs or fetch.
 *
 * Memory, from `heapBase()` up on every call: header, the forest's node arrays, the cover
 * fractions, the path scratch, then one chunk of rows (X) and its contributions. Rows go through in
 * chunks of CHUNK so that memory stays bounded whatever nRows; each chunk's φ blocks are copied into
 * the explain layout. Same contract and identical bits as tree-shap.ts `treeShap`: fractions, base
 * values, the averaging divide and the margins come from the same TypeScript code.
 */
import { treeCount, type FlatForest } from '../gbdt/flat-forest';
import { checkInput, predictRaw } from '../gbdt/predict';
import type { TreeShapFn, TreeShapResult } from './tree-shap';
import {
  baseValues,
  finishValues,
  pathScratchLength,
  pathTables,
  prepareShap,
  transposeMargin
} from './tree-shap-prep';

/** The slice of the WebAssembly API used here (the engine's lib is ES2022, without WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmExports {
  memory: WasmMemory;
  heapBase(): number;
  treeShapRaw(header: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** A compiled `WebAssembly.Module` (typed structurally: see WasmApi). */
export type WasmModuleLike = object;

const HEADER_WORDS = 26;
const PAGE = 65536;
/** Rows per kernel call (also bounds the X and φ buffers). */
const CHUNK = 512;

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/**
 * Instantiates the TreeSHAP kernel.
 * @param module the compiled kernel, or its bytes (Uint8Array of shap.wasm).
 * @returns a function with tree-shap.ts `treeShap`'s contract, giving identical bits.
 */
export function createWasmTreeShap(module: WasmModuleLike | Uint8Array): TreeShapFn {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this runtime');
  const compiled = module instanceof Uint8Array ? new api.Module(module) : module;
  const abort = (): never => {
    throw new Error('wasm shap kernel aborted');
  };
  const exports = new api.Instance(compiled, { env: { abort } }).exports as WasmExports;
  const memory = exports.memory;
  const heapBase = align(exports.heapBase());

  return (forest: FlatForest, X: Float64Array, nRows: number): TreeShapResult => {
    checkInput(forest, X, nRows);
    const prep = prepareShap(forest);
    const nF = forest.nFeatures;
    const K = forest.nOutputs;
    const nNodes = forest.feature.length;
    const nTrees = treeCount(forest);
    const L = pathScratchLength(prep.maxDepth);
    const tables = pathTables(prep.maxDepth);
    const chunk = Math.max(1, Math.min(CHUNK, nRows));
    // Region sizes in bytes, laid out in this order from heapBase (8-byte aligned each).
    const sizes: [string, number][] = [
      ['header', HEADER_WORDS * 4],
      ['treeStart', (nTrees + 1) * 4],
      ['treeOutput', nTrees * 4],
      ['feature', nNodes * 4],
      ['threshold', nNodes * 8],
      ['left', nNodes * 4],
      ['right', nNodes * 4],
      ['defaultLeft', nNodes],
      ['value', forest.value.length * 8],
      ['catOffset', nNodes * 4],
      ['catWords', forest.catWords.length * 4],
      ['fraction', nNodes * 8],
      ['pf', L * 4],
      ['pz', L * 8],
      ['po', L * 8],
      ['pw', L * 8],
      ['tables', tables.length * 8],
      ['X', chunk * nF * 8],
      ['values', K * chunk * nF * 8]
    ];
    const p: Record<string, number> = {};
    let end = heapBase;
    for (const [name, bytes] of sizes) {
      p[name] = end;
      end = align(end + bytes);
    }
    const missing = Math.ceil(end / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing > 0) memory.grow(missing);
    const buf = memory.buffer;
    new Int32Array(buf, p.treeStart, nTrees + 1).set(forest.treeStart);
    new Int32Array(buf, p.treeOutput, nTrees).set(forest.treeOutput);
    new Int32Array(buf, p.feature, nNodes).set(forest.feature);
    new Float64Array(buf, p.threshold, nNodes).set(forest.threshold);
    new Int32Array(buf, p.left, nNodes).set(forest.left);
    new Int32Array(buf, p.right, nNodes).set(forest.right);
    new Uint8Array(buf, p.defaultLeft, nNodes).set(forest.defaultLeft);
    new Float64Array(buf, p.value, forest.value.length).set(forest.value);
    new Int32Array(buf, p.catOffset, nNodes).set(forest.catOffset);
    new Uint32Array(buf, p.catWords, forest.catWords.length).set(forest.catWords);
    new Float64Array(buf, p.fraction, nNodes).set(prep.fraction);
    new Float64Array(buf, p.tables, tables.length).set(tables);
    const header = new Int32Array(buf, p.header, HEADER_WORDS);
    // prettier-ignore
    header.set([
      0, nF, K, nTrees, forest.valueWidth, forest.float32Splits ? 1 : 0, p.treeStart,
      p.treeOutput, p.feature, p.threshold, p.left, p.right, p.defaultLeft, p.value, p.catOffset,
      p.catWords, p.fraction, p.X, p.values, 0, p.pf, p.pz, p.po, p.pw, p.tables,
      prep.maxDepth + 2
    ]);
    const values = new Float64Array(K * nRows * nF);
    const xBuf = new Float64Array(buf, p.X, chunk * nF);
    const vBuf = new Float64Array(buf, p.values, K * chunk * nF);
    for (let r0 = 0; r0 < nRows; r0 += chunk) {
      const m = Math.min(chunk, nRows - r0);
      xBuf.set(X.subarray(r0 * nF, (r0 + m) * nF));
      vBuf.fill(0, 0, K * m * nF);
      header[0] = m;
      header[19] = m * nF;
      exports.treeShapRaw(p.header);
      for (let k = 0; k < K; k++) {
        values.set(vBuf.subarray(k * m * nF, (k + 1) * m * nF), (k * nRows + r0) * nF);
      }
    }
    finishValues(forest, prep, values);
    return {
      values,
      baseValue: baseValues(forest, prep),
      margin: transposeMargin(predictRaw(forest, X, nRows), nRows, K)
    };
  };
}
