/**
 * Adapter for the WASM histogram kernel (wasm/hist/assembly/index.ts): `buildHistogram` with the
 * exact signature and bits of histogram.ts's, and a `HistogramBuilder` for the grower
 * (`fitGbdt(…, { histogramBuilder: createWasmHistogram(bytes) })`). Engine-safe: the caller hands
 * in the kernel's bytes or a compiled module.
 *
 * Binned columns are copied into linear memory once per column set (cached by array identity: the
 * trainer bins once per fit). As a builder, `prepare` copies the tree's gradients / hessians once
 * (once per round and output); then per node only the node's rows go in (the kernel gathers the
 * gradients in row order itself) and the histogram comes out. `buildHistogram` alone (no
 * `prepare`) writes the node's rows and their gathered gradients / hessians per call.
 */
import { HIST_BINS } from './binning';
import type { Histogram, HistogramBuilder } from './histogram';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface HistExports {
  memory: WasmMemory;
  heapBase(): number;
  buildHistogram(header: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

export interface WasmHistogramKernel extends HistogramBuilder {
  /** Copies the columns (if new) and the tree's gradients / hessians into linear memory. */
  prepare(binned: Uint8Array[], gradients: Float64Array, hessians: Float64Array): void;
  /** Same contract and bits as histogram.ts `buildHistogram`. */
  buildHistogram(
    binned: Uint8Array[],
    rows: Uint32Array,
    start: number,
    end: number,
    gradients: Float64Array,
    hessians: Float64Array,
    featureMask: Uint8Array | null,
    out: Histogram
  ): void;
}

const PAGE = 65536;
const HEADER_WORDS = 10;
const align = (n: number): number => Math.ceil(n / 8) * 8;

/** Instantiates the histogram kernel from its bytes (hist.wasm) or a compiled module. */
export function createWasmHistogram(module: object | Uint8Array): WasmHistogramKernel {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this runtime');
  const compiled = module instanceof Uint8Array ? new api.Module(module) : module;
  const abort = (): never => {
    throw new Error('wasm histogram kernel aborted');
  };
  const ex = new api.Instance(compiled, { env: { abort } }).exports as HistExports;
  const heapBase = align(ex.heapBase());
  /** The column set in memory: its arrays, the pointer table, and where per-call data starts. */
  let cols: { arrays: Uint8Array[]; table: number; end: number } | null = null;
  /** Gradients / hessians held in memory (after the columns) since the last `prepare`. */
  let resident: { g: Float64Array; h: Float64Array; pG: number; pH: number; end: number } | null =
    null;

  const ensure = (end: number): void => {
    const missing = Math.ceil(end / PAGE) - ex.memory.buffer.byteLength / PAGE;
    if (missing > 0) ex.memory.grow(missing);
  };

  function columns(binned: Uint8Array[]): { table: number; end: number } {
    if (
      cols &&
      cols.arrays.length === binned.length &&
      cols.arrays.every((c, i) => c === binned[i])
    )
      return cols;
    const table = heapBase + HEADER_WORDS * 4;
    let at = align(table + binned.length * 4);
    const ptrs: number[] = [];
    for (const c of binned) {
      ptrs.push(at);
      at = align(at + c.length);
    }
    ensure(at);
    new Uint32Array(ex.memory.buffer, table, binned.length).set(ptrs);
    binned.forEach((c, i) => new Uint8Array(ex.memory.buffer, ptrs[i], c.length).set(c));
    cols = { arrays: binned.slice(), table, end: at };
    resident = null;
    return cols;
  }

  function prepare(binned: Uint8Array[], gradients: Float64Array, hessians: Float64Array): void {
    const c = columns(binned);
    const pG = c.end;
    const pH = align(pG + gradients.length * 8);
    const end = align(pH + hessians.length * 8);
    ensure(end);
    new Float64Array(ex.memory.buffer, pG, gradients.length).set(gradients);
    new Float64Array(ex.memory.buffer, pH, hessians.length).set(hessians);
    resident = { g: gradients, h: hessians, pG, pH, end };
  }

  function buildHistogram(
    binned: Uint8Array[],
    rows: Uint32Array,
    start: number,
    end: number,
    gradients: Float64Array,
    hessians: Float64Array,
    featureMask: Uint8Array | null,
    out: Histogram
  ): void {
    const c = columns(binned);
    const n = end - start;
    const nF = binned.length;
    const res = resident;
    let at = res ? res.end : c.end;
    const place = (bytes: number): number => {
      const p = at;
      at = align(at + bytes);
      return p;
    };
    const pRows = place(n * 4);
    const pMask = featureMask ? place(nF) : 0;
    const pSums = place(nF * HIST_BINS * 16);
    const pCounts = place(nF * HIST_BINS * 4);
    const gathered = res !== null && res.g === gradients && res.h === hessians;
    // Resident gradients: the kernel gathers them into a scratch; otherwise they are written here.
    const pScratch = place(n * 16);
    ensure(at);
    const buf = ex.memory.buffer;
    new Uint32Array(buf, pRows, n).set(rows.subarray(start, end));
    let pG = pScratch;
    let pH = pScratch + n * 8;
    if (gathered) {
      pG = res.pG;
      pH = res.pH;
    } else {
      const g = new Float64Array(buf, pG, n);
      const h = new Float64Array(buf, pH, n);
      for (let i = 0; i < n; i++) {
        const row = rows[start + i];
        g[i] = gradients[row];
        h[i] = hessians[row];
      }
    }
    if (featureMask) new Uint8Array(buf, pMask, nF).set(featureMask);
    // prettier-ignore
    new Uint32Array(buf, heapBase, HEADER_WORDS).set([
      n, nF, c.table, pRows, pG, pH, pMask, pSums, pCounts, gathered ? pScratch : 0
    ]);
    ex.buildHistogram(heapBase);
    out.sums.set(new Float64Array(ex.memory.buffer, pSums, nF * HIST_BINS * 2));
    out.counts.set(new Uint32Array(ex.memory.buffer, pCounts, nF * HIST_BINS));
  }

  return { buildHistogram, build: buildHistogram, prepare };
}
