/**
 * Adapter for the WASM prediction kernel (wasm/predict/assembly/index.ts; memory layout documented
 * there). Engine-safe: the caller hands in the kernel's bytes or a compiled module (the worker
 * fetches it, Node reads it from wasm/predict/build/predict.wasm); nothing here touches fs or fetch.
 * Instantiation is synchronous, which is fine inside workers and Node.
 */
import { treeCount, type FlatForest } from './flat-forest';
import { checkInput } from './predict';

/** The slice of the WebAssembly API used here (the engine's lib is ES2022, without WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmExports {
  memory: WasmMemory;
  heapBase(): number;
  predictRaw(header: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** A compiled `WebAssembly.Module` (typed structurally: see WasmApi). */
export type WasmModuleLike = object;

export interface WasmPredictor {
  /**
   * Same contract and bits as predict.ts `predictRaw`.
   * @param X Float64Array, length nRows × forest.nFeatures; NaN = missing.
   * @returns Float64Array, length nRows × forest.nOutputs.
   */
  predictRaw(forest: FlatForest, X: Float64Array, nRows: number): Float64Array;
}

const HEADER_WORDS = 21;
const PAGE = 65536;

/**
 * Instantiates the prediction kernel.
 * @param module the compiled kernel, or its bytes (Uint8Array of predict.wasm).
 */
export function createWasmPredictor(module: WasmModuleLike | Uint8Array): WasmPredictor {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this runtime');
  const compiled = module instanceof Uint8Array ? new api.Module(module) : module;
  const abort = (): never => {
    throw new Error('wasm predict kernel aborted');
  };
  const exports = new api.Instance(compiled, { env: { abort } }).exports as WasmExports;
  const memory = exports.memory;
  const heapBase = exports.heapBase();

  return {
    predictRaw(forest, X, nRows) {
      checkInput(forest, X, nRows);
      const nNodes = forest.feature.length;
      const nTrees = treeCount(forest);
      const K = forest.nOutputs;
      // Lay out the regions (8-byte aligned) before touching memory, then grow once.
      let at = align(heapBase + HEADER_WORDS * 4);
      const place = (bytes: number): number => {
        const p = at;
        at = align(at + bytes);
        return p;
      };
      const p = {
        treeStart: place((nTrees + 1) * 4),
        treeOutput: place(nTrees * 4),
        feature: place(nNodes * 4),
        threshold: place(nNodes * 8),
        left: place(nNodes * 4),
        right: place(nNodes * 4),
        defaultLeft: place(nNodes),
        value: place(forest.value.length * 8),
        catOffset: place(nNodes * 4),
        catWords: place(forest.catWords.length * 4),
        baseScore: place(K * 8),
        X: place(nRows * forest.nFeatures * 8),
        out: place(nRows * K * 8),
        counts: place(K * 8)
      };
      const missing = Math.ceil(at / PAGE) - memory.buffer.byteLength / PAGE;
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
      new Float64Array(buf, p.baseScore, K).set(forest.baseScore);
      new Float64Array(buf, p.X, nRows * forest.nFeatures).set(
        X.subarray(0, nRows * forest.nFeatures)
      );
      const header = new Int32Array(buf, heapBase, HEADER_WORDS);
      header.set([
        nRows,
        forest.nFeatures,
        K,
        nTrees,
        forest.kind === 'averaging' ? 1 : 0,
        forest.valueWidth,
        forest.float32Splits ? 1 : 0,
        p.treeStart,
        p.treeOutput,
        p.feature,
        p.threshold,
        p.left,
        p.right,
        p.defaultLeft,
        p.value,
        p.catOffset,
        p.catWords,
        p.baseScore,
        p.X,
        p.out,
        p.counts
      ]);
      exports.predictRaw(heapBase);
      return new Float64Array(memory.buffer, p.out, nRows * K).slice();
    }
  };
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
