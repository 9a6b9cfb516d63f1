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
import type { Histogram, HistogramBuilder, LeafRange } from './histogram';
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
    pGH: number,
    separate: number,
    pLeaf: number,
    pValue: number
  ): void;
  markLeaf(pLeaf: number, pRows: number, start: number, end: number, id: number): void;
  markSplit(
    pLeaf: number,
    pBins: number,
    stride: number,
    f: number,
    pRows: number,
    start: number,
    end: number,
    pToLeft: number,
    idLeft: number,
    idRight: number
  ): void;
  applyLeaves(pRaw: number, pRows: number, n: number, pLeaf: number, pValue: number): void;
  sums(pGH: number, pRows: number, start: number, end: number, pOut: number): void;
  addLeafValues(pRaw: number, pRows: number, pLeaves: number, nLeaves: number): void;
  addSplitValues(
    pRaw: number,
    pBins: number,
    stride: number,
    f: number,
    pRows: number,
    start: number,
    end: number,
    pToLeft: number,
    vl: number,
    vr: number
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
  /**
   * Resident margins (one output): copies y, the margins and the training rows in once; until
   * `releaseMargins` the kernel owns raw[rows] (JS `raw` is stale there): `residentGradients`
   * reads them, `addLeafValues` updates them.
   */
  adoptMargins(binned: Uint8Array[], y: Float64Array, raw: Float64Array, rows: Uint32Array): void;
  /**
   * Binary log-loss gradients at the adopted rows from the resident margins, kept in linear memory
   * only (grad / hess name them for `prepare` / `build`; their JS contents are not written).
   * @returns false without adopted margins for this column set (nothing done).
   */
  residentGradients(binned: Uint8Array[], grad: Float64Array, hess: Float64Array): boolean;
  /** Same contract as HistogramBuilder.nodeSums. */
  nodeSums(
    gradients: Float64Array,
    hessians: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number
  ): [number, number] | null;
  /** Same contract as HistogramBuilder.addLeafValues. */
  addLeafValues(raw: Float64Array, rows: Uint32Array, leaves: LeafRange[]): boolean;
  /** Writes the resident margins back into raw[rows] (the adopted rows) and ends the adoption. */
  releaseMargins(raw: Float64Array): void;
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
  // Two f64 of `sums` output.
  const pOut = align(pToLeft + HIST_BINS + 16);
  const fixedEnd = pOut + 16;

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
    /** u8 per row: the row's leaf in the last tree (deferred update), and f64[256] leaf values. */
    pLeaf: number;
    pValue: number;
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
  /** Adopted margins: the raw region holds raw[rows] (the owner of its truth) until released. */
  let margins: { raw: Float64Array; rows: Uint32Array; all: boolean; pending: boolean } | null =
    null;

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
    const pLeaf = align(pTrain + nRows * 4);
    const pValue = align(pLeaf + nRows);
    const pRows = align(pValue + 256 * 8);
    ensure(pRows);
    const packed = new Uint8Array(ex.memory.buffer, pBins, nRows * stride);
    for (let f = 0; f < nF; f++) {
      const c = binned[f];
      for (let r = 0, at = f; r < nRows; r++, at += stride) packed[at] = c[r];
    }
    // prettier-ignore
    cols = {
      arrays: binned.slice(), nRows, stride, pBins, pSums, pCounts, pG, pH, pGH, pY, pRaw, pTrain,
      pLeaf, pValue, pRows, y: null, train: null
    };
    fresh = null;
    resGH = null;
    resRows = null;
    margins = null;
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
    if (margins)
      throw new Error('logisticGradients while margins are adopted (releaseMargins first)');
    const buf = ex.memory.buffer;
    if (c.y !== y) new Float64Array(buf, c.pY, n).set(y);
    if (c.train !== rows) new Uint32Array(buf, c.pTrain, rows.length).set(rows);
    c.y = y;
    c.train = rows;
    new Float64Array(buf, c.pRaw, n).set(raw);
    ex.logisticGradients(c.pY, c.pRaw, c.pTrain, rows.length, c.pG, c.pH, c.pGH, 1, 0, 0);
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

  function adoptMargins(
    binned: Uint8Array[],
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array
  ): void {
    const c = columns(binned);
    const n = c.nRows;
    if (y.length !== n || raw.length !== n || rows.length > n)
      throw new Error(`adoptMargins: ${raw.length} margins for ${n} binned rows`);
    const buf = ex.memory.buffer;
    new Float64Array(buf, c.pY, n).set(y);
    new Uint32Array(buf, c.pTrain, rows.length).set(rows);
    new Float64Array(buf, c.pRaw, n).set(raw);
    c.y = y;
    c.train = rows;
    // Rows 0 … n − 1 in order (no validation split): the kernel reads them without the index.
    let all = rows.length === n;
    for (let i = 0; all && i < n; i++) all = rows[i] === i;
    margins = { raw, rows, all, pending: false };
  }

  function residentGradients(
    binned: Uint8Array[],
    grad: Float64Array,
    hess: Float64Array
  ): boolean {
    const c = columns(binned);
    if (!margins) return false;
    const pRows = margins.all ? 0 : c.pTrain;
    // The last tree's leaf values are added in this same pass (row order, one addition per row).
    const [pLeaf, pValue] = margins.pending ? [c.pLeaf, c.pValue] : [0, 0];
    // prettier-ignore
    ex.logisticGradients(
      c.pY, c.pRaw, pRows, margins.rows.length, c.pG, c.pH, c.pGH, 0, pLeaf, pValue
    );
    margins.pending = false;
    // The gh pairs hold this round's gradients; the g / h regions and the JS arrays do not.
    fresh = { g: grad, h: hess };
    resGH = { g: grad, h: hess };
    return true;
  }

  function nodeSums(
    gradients: Float64Array,
    hessians: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number
  ): [number, number] | null {
    if (!cols || !resRows || resRows.rows !== rows) return null;
    if (!resGH || resGH.g !== gradients || resGH.h !== hessians) return null;
    ex.sums(cols.pGH, cols.pRows, start, end, pOut);
    const out = new Float64Array(ex.memory.buffer, pOut, 2);
    return [out[0], out[1]];
  }

  /** The pending leaf update applied to the resident margins. */
  function flushLeaves(): void {
    if (!cols || !margins?.pending) return;
    const pRows = margins.all ? 0 : cols.pTrain;
    ex.applyLeaves(cols.pRaw, pRows, margins.rows.length, cols.pLeaf, cols.pValue);
    margins.pending = false;
  }

  function addLeafValues(raw: Float64Array, rows: Uint32Array, leaves: LeafRange[]): boolean {
    if (!cols || !margins || margins.raw !== raw || !resRows || resRows.rows !== rows) return false;
    const c = cols;
    flushLeaves();
    const nIds = leaves.reduce((a, l) => a + (l.toLeft ? 2 : 1), 0);
    if (rows.length === margins.rows.length && nIds <= 256) {
      // The tree covers every adopted row: each row's leaf is noted (u8 per row, a small array
      // that stays in cache) and its value added by the next gradient pass, in row order.
      const values = new Float64Array(ex.memory.buffer, c.pValue, 256);
      let id = 0;
      for (const l of leaves) {
        if (l.toLeft) {
          new Uint8Array(ex.memory.buffer, pToLeft, HIST_BINS).set(l.toLeft);
          values[id] = l.value;
          values[id + 1] = l.valueRight ?? 0;
          // prettier-ignore
          ex.markSplit(
            c.pLeaf, c.pBins, c.stride, l.feature ?? 0, c.pRows, l.start, l.end, pToLeft, id,
            id + 1
          );
          id += 2;
        } else {
          values[id] = l.value;
          ex.markLeaf(c.pLeaf, c.pRows, l.start, l.end, id);
          id++;
        }
      }
      margins.pending = true;
      return true;
    }
    // Leaf records after the resident rows and their scratch.
    const pLeaves = align(rowsRegion(c, rows.length).pScratch + rows.length * 4);
    ensure(pLeaves + leaves.length * 16);
    const buf = ex.memory.buffer;
    const i32 = new Int32Array(buf, pLeaves, leaves.length * 4);
    const f64 = new Float64Array(buf, pLeaves, leaves.length * 2);
    const toLeft = new Uint8Array(buf, pToLeft, HIST_BINS);
    let nPlain = 0;
    for (const l of leaves) {
      if (l.toLeft) {
        toLeft.set(l.toLeft);
        // prettier-ignore
        ex.addSplitValues(
          c.pRaw, c.pBins, c.stride, l.feature ?? 0, c.pRows, l.start, l.end, pToLeft, l.value,
          l.valueRight ?? 0
        );
        continue;
      }
      i32[4 * nPlain] = l.start;
      i32[4 * nPlain + 1] = l.end;
      f64[2 * nPlain + 1] = l.value;
      nPlain++;
    }
    ex.addLeafValues(c.pRaw, c.pRows, pLeaves, nPlain);
    return true;
  }

  function releaseMargins(raw: Float64Array): void {
    if (!cols || !margins || margins.raw !== raw) return;
    flushLeaves();
    const m = new Float64Array(ex.memory.buffer, cols.pRaw, cols.nRows);
    const rows = margins.rows;
    if (rows.length === cols.nRows) raw.set(m);
    else for (let i = 0; i < rows.length; i++) raw[rows[i]] = m[rows[i]];
    margins = null;
  }

  // prettier-ignore
  return {
    buildHistogram, build: buildHistogram, prepare, partition, syncRows, logisticGradients,
    adoptMargins, residentGradients, nodeSums, addLeafValues, releaseMargins
  };
}
