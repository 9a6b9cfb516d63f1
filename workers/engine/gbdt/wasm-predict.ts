/**
 * Adapter for the WASM prediction kernel (wasm/predict/assembly/index.ts; memory layouts documented
 * there). Engine-safe: the caller hands in the kernel's bytes or a compiled module (the worker
 * fetches it, Node reads it from wasm/predict/build/predict.wasm); nothing here touches fs or fetch.
 * Instantiation is synchronous, which is fine inside workers and Node.
 *
 * `load(forest)` prepares a forest once — leaf-mask tables (leaf-masks.ts) when they apply, else the
 * flat node arrays — into linear memory and returns a handle; `handle.predictRaw(X, n)` then copies
 * only X in and the outputs out. The forest's regions stay until `dispose()`; per-call buffers (X,
 * out, scratch) live above every loaded forest and are reused between calls.
 */
import { treeCount, type FlatForest } from './flat-forest';
import { buildLeafMasks, codeCount, MAX_LEAVES, type LeafMasks } from './leaf-masks';
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
  predictMasked(header: number): void;
  predictDense(header: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** A compiled `WebAssembly.Module` (typed structurally: see WasmApi). */
export type WasmModuleLike = object;

/** A forest prepared in the kernel's memory. */
export interface WasmForestHandle {
  /** 'dense' (leaf masks of every tree for every used feature), 'masks' (leaf-mask tables) or 'nodes' (node walk). */
  readonly layout: 'dense' | 'masks' | 'nodes';
  /**
   * Same contract and bits as predict.ts `predictRaw(forest, X, nRows)`.
   * @param X Float64Array, length nRows × forest.nFeatures; NaN = missing.
   * @returns Float64Array, length nRows × forest.nOutputs (a fresh copy).
   */
  predictRaw(X: Float64Array, nRows: number): Float64Array;
  /** Frees the forest's memory; the handle must not be used afterwards. */
  dispose(): void;
}

export interface WasmPredictor {
  /**
   * Prepares `forest` once for many predictRaw calls: leaf-mask tables when they apply (trees of
   * ≤ 64 leaves, …; see leaf-masks.ts), else the node arrays. `layout: 'nodes'` forces the node
   * walk (tests, comparisons).
   */
  load(forest: FlatForest, opts?: { layout?: 'nodes' | 'masks' }): WasmForestHandle;
  /**
   * One-shot: load (node walk below 10,000 rows), predict, dispose. Same contract and bits as
   * predict.ts `predictRaw`; prefer `load()` when the same forest predicts several batches.
   */
  predictRaw(forest: FlatForest, X: Float64Array, nRows: number): Float64Array;
}

const NODE_HEADER_WORDS = 21;
const MASK_HEADER_WORDS = 20;
const DENSE_HEADER_WORDS = 22;
/** Largest joint table (codes) of the two smallest features in the dense layout. */
const JOINT_MAX_CODES = 128;
/** One-shot predictRaw below this many rows uses the node walk rather than preparing tables. */
const ONE_SHOT_TABLE_ROWS = 10_000;
/** Bytes of tables one block of trees may span in the dense kernel (L2-resident). */
const DENSE_TREE_BLOCK_BYTES = 131072;
/** Largest dense table set (bytes); bigger forests use the per-tree mask tables. */
const DENSE_MAX_BYTES = 32 << 20;
/** Rows per block in the mask kernel (BLOCK in the kernel source). */
const BLOCK = 256;
const PAGE = 65536;
/** Rows per kernel call. */
const CHUNK = 16384;

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Region lengths → byte offsets from `at` (8-byte aligned); returns [offsets, end]. */
function layout<K extends string>(
  at: number,
  sizes: Record<K, number>
): [Record<K, number>, number] {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(sizes) as K[]) {
    out[key] = at;
    at = align(at + sizes[key]);
  }
  return [out, at];
}

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
  const heapBase = align(exports.heapBase());
  /** Live forest regions [start, end), sorted by start. */
  const live: [number, number][] = [];

  const ensure = (end: number): void => {
    const missing = Math.ceil(end / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing > 0) memory.grow(missing);
  };
  const allocate = (bytes: number): number => {
    let at = heapBase;
    let i = 0;
    for (; i < live.length; i++) {
      if (live[i][0] - at >= bytes) break;
      at = live[i][1];
    }
    live.splice(i, 0, [at, align(at + bytes)]);
    ensure(at + bytes);
    return at;
  };
  const free = (start: number): void => {
    const i = live.findIndex((r) => r[0] === start);
    if (i >= 0) live.splice(i, 1);
  };
  /** First byte above every live forest: per-call buffers go there. */
  const top = (): number => (live.length ? live[live.length - 1][1] : heapBase);

  function counts(forest: FlatForest): Float64Array {
    const c = new Float64Array(forest.nOutputs);
    for (const k of forest.treeOutput) {
      if (k >= 0) c[k]++;
      else for (let j = 0; j < c.length; j++) c[j]++;
    }
    return c;
  }

  function loadNodes(forest: FlatForest): WasmForestHandle {
    const nNodes = forest.feature.length;
    const nTrees = treeCount(forest);
    const K = forest.nOutputs;
    const [p0, size] = layout(0, {
      header: NODE_HEADER_WORDS * 4,
      treeStart: (nTrees + 1) * 4,
      treeOutput: nTrees * 4,
      feature: nNodes * 4,
      threshold: nNodes * 8,
      left: nNodes * 4,
      right: nNodes * 4,
      defaultLeft: nNodes,
      value: forest.value.length * 8,
      catOffset: nNodes * 4,
      catWords: forest.catWords.length * 4,
      baseScore: K * 8,
      counts: K * 8
    });
    const start = allocate(size);
    const p = Object.fromEntries(Object.entries(p0).map(([k, v]) => [k, v + start])) as typeof p0;
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
    // prettier-ignore
    new Int32Array(buf, p.header, NODE_HEADER_WORDS).set([
      0, forest.nFeatures, K, nTrees, forest.kind === 'averaging' ? 1 : 0, forest.valueWidth,
      forest.float32Splits ? 1 : 0, p.treeStart, p.treeOutput, p.feature, p.threshold, p.left,
      p.right, p.defaultLeft, p.value, p.catOffset, p.catWords, p.baseScore, 0, 0, p.counts
    ]);
    return handle(forest, start, 'nodes', 0, (pX, pOut, nRows) => {
      const h = new Int32Array(memory.buffer, p.header, NODE_HEADER_WORDS);
      h[0] = nRows;
      h[18] = pX;
      h[19] = pOut;
      exports.predictRaw(p.header);
    });
  }

  function loadMasks(forest: FlatForest, m: LeafMasks): WasmForestHandle {
    const nTrees = treeCount(forest);
    const K = forest.nOutputs;
    const nF = forest.nFeatures;
    const [p0, size] = layout(0, {
      header: MASK_HEADER_WORDS * 4,
      masks: m.masks.length * 4,
      treeOutput: nTrees * 4,
      value: forest.value.length * 8,
      baseScore: K * 8,
      counts: K * 8,
      featKind: nF * 4,
      thrStart: (nF + 1) * 4,
      thr: m.thr.length * 8,
      pairStart: (nTrees + 1) * 4,
      pairs: m.pairs.length * 4,
      leafNode: nTrees * MAX_LEAVES * 4
    });
    const start = allocate(size);
    const p = Object.fromEntries(Object.entries(p0).map(([k, v]) => [k, v + start])) as typeof p0;
    const buf = memory.buffer;
    new Uint32Array(buf, p.masks, m.masks.length).set(m.masks);
    new Int32Array(buf, p.treeOutput, nTrees).set(forest.treeOutput);
    new Float64Array(buf, p.value, forest.value.length).set(forest.value);
    new Float64Array(buf, p.baseScore, K).set(forest.baseScore);
    new Float64Array(buf, p.counts, K).set(counts(forest));
    new Int32Array(buf, p.featKind, nF).set(m.featKind);
    new Int32Array(buf, p.thrStart, nF + 1).set(m.thrStart);
    new Float64Array(buf, p.thr, m.thr.length).set(m.thr);
    new Int32Array(buf, p.pairStart, nTrees + 1).set(m.pairStart);
    // pairs: (feature, table offset in words) → (feature, absolute byte pointer).
    const pairs = m.pairs.slice();
    for (let i = 1; i < pairs.length; i += 2) pairs[i] = p.masks + pairs[i] * 8;
    new Int32Array(buf, p.pairs, pairs.length).set(pairs);
    new Int32Array(buf, p.leafNode, nTrees * MAX_LEAVES).set(m.leafNode);
    // prettier-ignore
    new Int32Array(buf, p.header, MASK_HEADER_WORDS).set([
      0, nF, K, nTrees, forest.kind === 'averaging' ? 1 : 0, forest.valueWidth,
      forest.float32Splits ? 1 : 0, p.treeOutput, p.value, p.baseScore, p.counts, 0, 0, 0,
      p.featKind, p.thrStart, p.thr, p.pairStart, p.pairs, p.leafNode
    ]);
    return handle(
      forest,
      start,
      'masks',
      BLOCK * nF * 4 + BLOCK * 8,
      (pX, pOut, nRows, pScratch) => {
        const h = new Int32Array(memory.buffer, p.header, MASK_HEADER_WORDS);
        h[0] = nRows;
        h[11] = pX;
        h[12] = pOut;
        h[13] = pScratch;
        exports.predictMasked(p.header);
      }
    );
  }

  function handle(
    forest: FlatForest,
    start: number,
    kind: 'dense' | 'masks' | 'nodes',
    scratchBytes: number,
    run: (pX: number, pOut: number, nRows: number, pScratch: number) => void
  ): WasmForestHandle {
    let disposed = false;
    return {
      layout: kind,
      predictRaw(X, nRows) {
        if (disposed) throw new Error('wasm forest handle used after dispose()');
        checkInput(forest, X, nRows);
        const nX = nRows * forest.nFeatures;
        const nOut = nRows * forest.nOutputs;
        const [p, end] = layout(top(), { X: nX * 8, out: nOut * 8, scratch: scratchBytes });
        ensure(end);
        new Float64Array(memory.buffer, p.X, nX).set(nX === X.length ? X : X.subarray(0, nX));
        // In chunks: a first call runs in V8's baseline tier, later calls pick up optimised code.
        for (let r = 0; r < nRows; r += CHUNK) {
          const m = Math.min(CHUNK, nRows - r);
          run(p.X + r * forest.nFeatures * 8, p.out + r * forest.nOutputs * 8, m, p.scratch);
        }
        return new Float64Array(memory.buffer, p.out, nOut).slice();
      },
      dispose() {
        if (!disposed) free(start);
        disposed = true;
      }
    };
  }

  const load = (forest: FlatForest, opts?: { layout?: 'nodes' | 'masks' }): WasmForestHandle => {
    const masks = opts?.layout === 'nodes' ? null : buildLeafMasks(forest);
    if (!masks) return loadNodes(forest);
    return (opts?.layout !== 'masks' && loadDense(forest, masks)) || loadMasks(forest, masks);
  };

  /** The dense layout (kernel `predictDense`), or null when it does not apply. */
  function loadDense(forest: FlatForest, m: LeafMasks): WasmForestHandle | null {
    const nTrees = treeCount(forest);
    const nF = forest.nFeatures;
    if (forest.nOutputs !== 1 || forest.valueWidth !== 1 || nTrees === 0) return null;
    if (forest.treeOutput.some((k) => k !== 0 && k !== -1)) return null;
    // Slots: the used features, the two with the fewest codes sharing one joint table while
    // their product stays small (one lookup less per tree and row).
    const feats: number[] = [];
    for (let f = 0; f < nF; f++) if (m.featKind[f] !== 0) feats.push(f);
    const bySize = [...feats].sort((a, b) => codeCount(m, a) - codeCount(m, b));
    const slots: [number, number][] = feats.map((f) => [f, -1]);
    if (
      bySize.length >= 2 &&
      codeCount(m, bySize[0]) * codeCount(m, bySize[1]) <= JOINT_MAX_CODES
    ) {
      const [a, b] = bySize;
      slots.splice(
        slots.findIndex((x) => x[0] === b),
        1
      );
      slots[slots.findIndex((x) => x[0] === a)] = [a, b];
    }
    if (slots.length < 1 || slots.length > 8) return null;
    const used = slots.map((x) => x[0]);
    const usedB = slots.map((x) => x[1]);
    const nB = slots.map((x) => (x[1] >= 0 ? codeCount(m, x[1]) : 1));
    const slotCodes = slots.map((x, i) => codeCount(m, x[0]) * nB[i]);
    const codeOff: number[] = [];
    let stride = 0;
    for (const c of slotCodes) {
      codeOff.push(stride);
      stride += c;
    }
    if (nTrees * stride * 8 > DENSE_MAX_BYTES) return null;
    // Trees in pairs: one 16-byte entry per code holds both trees' masks (the kernel ANDs them
    // as one v128); an odd last tree leaves its partner's lane all ones, never read.
    const nPairs = (nTrees + 1) >> 1;
    const [p0, size] = layout(0, {
      header: DENSE_HEADER_WORDS * 4,
      tables: nPairs * stride * 16,
      used: used.length * 4,
      usedB: used.length * 4,
      nB: used.length * 4,
      codeOff: used.length * 4,
      featKind: nF * 4,
      thrStart: (nF + 1) * 4,
      thr: m.thr.length * 8,
      leafValue: nTrees * MAX_LEAVES * 8,
      base: 8,
      count: 8
    });
    const start = allocate(size);
    const p = Object.fromEntries(Object.entries(p0).map(([k, v]) => [k, v + start])) as typeof p0;
    const buf = memory.buffer;
    const tables = new Uint32Array(buf, p.tables, nPairs * stride * 4).fill(0xffffffff);
    const leafValue = new Float64Array(buf, p.leafValue, nTrees * MAX_LEAVES);
    for (let t = 0; t < nTrees; t++) {
      // The tree's table of feature f (word offset into m.masks), or −1: all leaves reachable.
      const own = new Map<number, number>();
      for (let q = m.pairStart[t]; q < m.pairStart[t + 1]; q++)
        own.set(m.pairs[2 * q], 2 * m.pairs[2 * q + 1]);
      slots.forEach(([a, b], s) => {
        const ta = own.get(a) ?? -1;
        const tb = b >= 0 ? (own.get(b) ?? -1) : -1;
        if (ta < 0 && tb < 0) return; // stays all ones
        const at = 4 * ((t >> 1) * stride + codeOff[s]) + 2 * (t & 1);
        for (let ca = 0; ca < slotCodes[s] / nB[s]; ca++) {
          const aLo = ta >= 0 ? m.masks[ta + 2 * ca] : 0xffffffff;
          const aHi = ta >= 0 ? m.masks[ta + 2 * ca + 1] : 0xffffffff;
          for (let cb = 0; cb < nB[s]; cb++) {
            const e = at + 4 * (ca * nB[s] + cb);
            tables[e] = (aLo & (tb >= 0 ? m.masks[tb + 2 * cb] : 0xffffffff)) >>> 0;
            tables[e + 1] = (aHi & (tb >= 0 ? m.masks[tb + 2 * cb + 1] : 0xffffffff)) >>> 0;
          }
        }
      });
      // Bits past the tree's last leaf are never set in a row's final mask.
      for (let b = 0; b < MAX_LEAVES; b++) {
        const node = m.leafNode[t * MAX_LEAVES + b];
        leafValue[t * MAX_LEAVES + b] = forest.value[node];
      }
    }
    new Int32Array(buf, p.used, used.length).set(used);
    new Int32Array(buf, p.usedB, used.length).set(usedB);
    new Int32Array(buf, p.nB, used.length).set(nB);
    new Int32Array(buf, p.codeOff, used.length).set(codeOff);
    new Int32Array(buf, p.featKind, nF).set(m.featKind);
    new Int32Array(buf, p.thrStart, nF + 1).set(m.thrStart);
    new Float64Array(buf, p.thr, m.thr.length).set(m.thr);
    new Float64Array(buf, p.base, 1)[0] = forest.baseScore[0];
    new Float64Array(buf, p.count, 1)[0] = nTrees;
    // prettier-ignore
    new Int32Array(buf, p.header, DENSE_HEADER_WORDS).set([
      0, nF, used.length, nTrees, forest.kind === 'averaging' ? 1 : 0,
      forest.float32Splits ? 1 : 0, 0, 0, p.used, p.codeOff, p.thrStart, p.thr, p.featKind,
      p.tables, stride, p.leafValue, p.base, p.count,
      Math.max(2, Math.floor(DENSE_TREE_BLOCK_BYTES / (stride * 8)) & ~1), 0, p.usedB, p.nB
    ]);
    return handle(forest, start, 'dense', BLOCK * used.length * 4, (pX, pOut, nRows, pScratch) => {
      const h = new Int32Array(memory.buffer, p.header, DENSE_HEADER_WORDS);
      h[0] = nRows;
      h[19] = pScratch;
      h[6] = pX;
      h[7] = pOut;
      exports.predictDense(p.header);
    });
  }

  return {
    load,
    predictRaw(forest, X, nRows) {
      checkInput(forest, X, nRows);
      // Preparing leaf masks costs about one pass of the forest over ~10k rows: small one-shot
      // batches walk the nodes (same bits).
      const h = load(forest, nRows < ONE_SHOT_TABLE_ROWS ? { layout: 'nodes' } : undefined);
      try {
        return h.predictRaw(X, nRows);
      } finally {
        h.dispose();
      }
    }
  };
}
