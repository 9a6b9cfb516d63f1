/**
 * Adapter for the WASM training kernels (wasm/hist/assembly/index.ts): `buildHistogram` and the
 * row partition with the exact contracts and bits of histogram.ts / partition.ts, bundled as a
 * `HistogramBuilder` for the grower (`fitGbdt(…, { histogramBuilder: createWasmHistogram(bytes) })`).
 * Engine-safe: the caller hands in the kernel's bytes or a compiled module.
 *
 * What lives in linear memory for a whole fit: the binned columns, packed row-major (copied once
 * per column set, cached by array identity: the trainer bins once per fit); per tree (`prepare`)
 * the gradients / hessians and the tree's rows. The grower then partitions
 * the resident rows in WASM (`partition`), builds each node's histogram from them (`build`: only
 * the histogram comes back) and gets the final row order once per tree (`syncRows`). Called
 * without `prepare` (or with other arrays), `build` copies what it needs per call and `partition`
 * runs the TypeScript reference: same results, just slower.
 */
import { HIST_BINS } from './binning';
import type { Histogram, HistogramBuilder } from './histogram';
import { binaryLogLoss } from './loss/binary-log-loss';
import { partitionRows } from './partition';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface HistExports {
  memory: WasmMemory;
  heapBase(): number;
  histogram(
    pBins: number,
    stride: number,
    nF: number,
    pRows: number,
    start: number,
    end: number,
    pGH: number,
    pAct: number,
    nAct: number,
    pSums: number,
    pCounts: number,
    pList: number
  ): void;
  interleave(pG: number, pH: number, pGH: number, n: number): void;
  logisticGradients(
    pY: number,
    pRaw: number,
    pRows: number,
    n: number,
    pG: number,
    pH: number,
    pGH: number
  ): void;
  partition(
    pBins: number,
    stride: number,
    f: number,
    pRows: number,
    start: number,
    end: number,
    pToLeft: number,
    pScratch: number
  ): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

export interface WasmHistogramKernel extends HistogramBuilder {
  /**
   * Copies the columns (if new), the tree's gradients / hessians and, when given, its rows into
   * linear memory; `partition` / `build` on that same `rows` array then work on the copy.
   */
  prepare(
    binned: Uint8Array[],
    gradients: Float64Array,
    hessians: Float64Array,
    rows?: Uint32Array
  ): void;
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
  /** Same contract and result as partition.ts `partitionRows` on binned[feature]. */
  partition(
    binned: Uint8Array[],
    rows: Uint32Array,
    start: number,
    end: number,
    feature: number,
    toLeft: Uint8Array,
    scratch: Uint32Array
  ): number;
  /** Writes the resident rows' current order back into `rows` (when they are the resident ones). */
  syncRows(rows: Uint32Array): void;
  /**
   * Binary log-loss gradients in WASM (bits of loss/binary-log-loss.ts), written to grad / hess
   * and kept in memory: the next `prepare` with these arrays copies nothing.
   */
  logisticGradients(
    binned: Uint8Array[],
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array,
    grad: Float64Array,
    hess: Float64Array
  ): void;
}

const PAGE = 65536;
const align = (n: number): number => Math.ceil(n / 16) * 16;

/** Instantiates the training kernels from their bytes (hist.wasm) or a compiled module. */
export function createWasmHistogram(module: object | Uint8Array): WasmHistogramKernel {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this runtime');
  const compiled = module instanceof Uint8Array ? new api.Module(module) : module;
  const abort = (): never => {
    throw new Error('wasm histogram kernel aborted');
  };
  const ex = new api.Instance(compiled, { env: { abort } }).exports as HistExports;
  // Fixed area: active-feature list, kernel scratch (512 bytes), toLeft table (+ a kernel word).
  const pAct = align(ex.heapBase());
  const pList = pAct + HIST_BINS;
  const pToLeft = pList + 2 * HIST_BINS;
  const fixedEnd = pToLeft + HIST_BINS + 16;

  /**
   * The column set in memory: packed bins, the histogram output, gradient pairs (nRows), then the
   * rows and partition scratch (sized on demand, at the end).
   */
  let cols: {
    arrays: Uint8Array[];
    nRows: number;
    stride: number;
    pBins: number;
    pSums: number;
    pCounts: number;
    pG: number;
    pH: number;
    pGH: number;
    pY: number;
    pRaw: number;
    pTrain: number;
    pRows: number;
    /** y and gradient rows copied in (by identity), for logisticGradients. */
    y: Float64Array | null;
    train: Uint32Array | null;
  } | null = null;
  /** Gradient arrays whose current contents the g / h / gh regions hold (from logisticGradients). */
  let fresh: { g: Float64Array; h: Float64Array } | null = null;
  /** Gradients / hessians in memory since the last `prepare`. */
  let resGH: { g: Float64Array; h: Float64Array } | null = null;
  /** The rows array handed to the last `prepare`, and whether memory holds a newer order. */
  let resRows: { rows: Uint32Array; dirty: boolean } | null = null;

  const ensure = (end: number): void => {
    const missing = Math.ceil(end / PAGE) - ex.memory.buffer.byteLength / PAGE;
    if (missing > 0) ex.memory.grow(missing);
  };

  function columns(binned: Uint8Array[]): NonNullable<typeof cols> {
    if (
      cols &&
      cols.arrays.length === binned.length &&
      cols.arrays.every((c, i) => c === binned[i])
    )
      return cols;
    const nF = binned.length;
    const nRows = nF ? binned[0].length : 0;
    // 8 bytes per row when they fit: one aligned 8-byte load moves a row's bins.
    const stride = nF <= 8 ? 8 : nF;
    const pBins = fixedEnd;
    const pSums = align(pBins + nRows * stride);
    const pCounts = align(pSums + nF * HIST_BINS * 16);
    const pG = align(pCounts + nF * HIST_BINS * 4);
    const pH = align(pG + nRows * 8);
    const pGH = align(pH + nRows * 8);
    const pY = align(pGH + nRows * 16);
    const pRaw = align(pY + nRows * 8);
    const pTrain = align(pRaw + nRows * 8);
    const pRows = align(pTrain + nRows * 4);
    ensure(pRows);
    const packed = new Uint8Array(ex.memory.buffer, pBins, nRows * stride);
    for (let f = 0; f < nF; f++) {
      const c = binned[f];
      for (let r = 0, at = f; r < nRows; r++, at += stride) packed[at] = c[r];
    }
    // prettier-ignore
    cols = {
      arrays: binned.slice(), nRows, stride, pBins, pSums, pCounts, pG, pH, pGH, pY, pRaw, pTrain,
      pRows, y: null, train: null
    };
    fresh = null;
    resGH = null;
    resRows = null;
    return cols;
  }

  /** Rows region (rows, then scratch) able to hold n rows each. */
  function rowsRegion(c: NonNullable<typeof cols>, n: number): { pRows: number; pScratch: number } {
    const pScratch = align(c.pRows + n * 4);
    ensure(align(pScratch + n * 4));
    return { pRows: c.pRows, pScratch };
  }

  function writeGH(c: NonNullable<typeof cols>, g: Float64Array, h: Float64Array): void {
    const n = Math.min(c.nRows, g.length, h.length);
    new Float64Array(ex.memory.buffer, c.pG, n).set(n < g.length ? g.subarray(0, n) : g);
    new Float64Array(ex.memory.buffer, c.pH, n).set(n < h.length ? h.subarray(0, n) : h);
    ex.interleave(c.pG, c.pH, c.pGH, n);
  }

  function prepare(
    binned: Uint8Array[],
    gradients: Float64Array,
    hessians: Float64Array,
    rows?: Uint32Array
  ): void {
    const c = columns(binned);
    if (!fresh || fresh.g !== gradients || fresh.h !== hessians) writeGH(c, gradients, hessians);
    fresh = null;
    resGH = { g: gradients, h: hessians };
    resRows = null;
    if (rows) {
      const { pRows } = rowsRegion(c, rows.length);
      new Uint32Array(ex.memory.buffer, pRows, rows.length).set(rows);
      resRows = { rows, dirty: false };
    }
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
    const nF = binned.length;
    if (!resGH || resGH.g !== gradients || resGH.h !== hessians) {
      writeGH(c, gradients, hessians);
      resGH = { g: gradients, h: hessians };
    }
    let from = start;
    let to = end;
    let pRows = c.pRows;
    // Free memory after the resident rows and their scratch.
    const pFree = resRows
      ? align(rowsRegion(c, resRows.rows.length).pScratch + resRows.rows.length * 4)
      : c.pRows;
    if (!resRows || resRows.rows !== rows) {
      // Not the resident rows: this call's range goes in alone, after the resident ones.
      pRows = pFree;
      ensure(pRows + (end - start) * 4);
      new Uint32Array(ex.memory.buffer, pRows, end - start).set(rows.subarray(start, end));
      from = 0;
      to = end - start;
    }
    const act = new Uint8Array(ex.memory.buffer, pAct, HIST_BINS);
    let nAct = 0;
    for (let f = 0; f < nF; f++) if (!featureMask || featureMask[f]) act[nAct++] = f;
    ex.histogram(
      c.pBins,
      c.stride,
      nF,
      pRows,
      from,
      to,
      c.pGH,
      pAct,
      nAct,
      c.pSums,
      c.pCounts,
      pList
    );
    out.sums.set(new Float64Array(ex.memory.buffer, c.pSums, nF * HIST_BINS * 2));
    out.counts.set(new Uint32Array(ex.memory.buffer, c.pCounts, nF * HIST_BINS));
  }

  function partition(
    binned: Uint8Array[],
    rows: Uint32Array,
    start: number,
    end: number,
    feature: number,
    toLeft: Uint8Array,
    scratch: Uint32Array
  ): number {
    const c = cols;
    const resident =
      resRows !== null &&
      resRows.rows === rows &&
      c !== null &&
      c.arrays[feature] === binned[feature];
    if (!resident || !c) return partitionRows(binned[feature], rows, start, end, toLeft, scratch);
    const { pRows, pScratch } = rowsRegion(c, rows.length);
    new Uint8Array(ex.memory.buffer, pToLeft, HIST_BINS).set(toLeft);
    (resRows as { dirty: boolean }).dirty = true;
    return ex.partition(c.pBins, c.stride, feature, pRows, start, end, pToLeft, pScratch);
  }

  function syncRows(rows: Uint32Array): void {
    if (!resRows || resRows.rows !== rows || !resRows.dirty || !cols) return;
    rows.set(new Uint32Array(ex.memory.buffer, cols.pRows, rows.length));
    resRows.dirty = false;
  }

  function logisticGradients(
    binned: Uint8Array[],
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array,
    grad: Float64Array,
    hess: Float64Array
  ): void {
    const c = columns(binned);
    const n = c.nRows;
    if (y.length !== n || raw.length !== n || rows.length > n) {
      // Not this column set's shape: the TypeScript reference, with the same bits.
      binaryLogLoss().gradients(y, raw, rows, [grad], [hess]);
      fresh = null;
      return;
    }
    const buf = ex.memory.buffer;
    if (c.y !== y) new Float64Array(buf, c.pY, n).set(y);
    if (c.train !== rows) new Uint32Array(buf, c.pTrain, rows.length).set(rows);
    c.y = y;
    c.train = rows;
    new Float64Array(buf, c.pRaw, n).set(raw);
    ex.logisticGradients(c.pY, c.pRaw, c.pTrain, rows.length, c.pG, c.pH, c.pGH);
    const g = new Float64Array(buf, c.pG, n);
    const h = new Float64Array(buf, c.pH, n);
    if (rows.length === n) {
      grad.set(g);
      hess.set(h);
    } else
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        grad[r] = g[r];
        hess[r] = h[r];
      }
    // g / h / gh now hold grad / hess at every row a tree of this round can use.
    fresh = { g: grad, h: hess };
    resGH = { g: grad, h: hess };
  }

  // prettier-ignore
  return {
    buildHistogram, build: buildHistogram, prepare, partition, syncRows, logisticGradients
  };
}
