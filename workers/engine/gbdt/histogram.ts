/**
 * Histograms: for one node, per feature and per bin, the sums of gradients and hessians and the
 * sample count of the node's rows. The grower builds the smaller child's histogram directly and
 * gets the larger child's by subtraction from the parent (the "histogram subtraction trick").
 *
 * Layout of one node's histogram, feature f, bin b (HIST_BINS = 256 slots per feature):
 *  - sums[2 · (f · 256 + b)] = Σ gradients, sums[2 · (f · 256 + b) + 1] = Σ hessians;
 *  - counts[f · 256 + b] = number of rows.
 */
import { HIST_BINS } from './binning';
import { partitionRows } from './partition';

export interface Histogram {
  /** Float64Array, length nFeatures × 256 × 2: interleaved (Σ gradient, Σ hessian). */
  sums: Float64Array;
  /** Uint32Array, length nFeatures × 256. */
  counts: Uint32Array;
}

/** A zeroed histogram for nFeatures features. */
export function createHistogram(nFeatures: number): Histogram {
  return {
    sums: new Float64Array(nFeatures * HIST_BINS * 2),
    counts: new Uint32Array(nFeatures * HIST_BINS)
  };
}

/**
 * Fills `out` with the histogram of the rows rows[start … end). Features whose `featureMask` entry is
 * 0 are left zeroed (not used by split finding).
 * @param binned Uint8Array per feature, each of length nRows (all training rows).
 * @param rows Uint32Array of row indices; the node owns rows[start … end).
 * @param gradients Float64Array, length nRows; hessians likewise.
 * @param featureMask Uint8Array, length nFeatures, or null for all features.
 */
export function buildHistogram(
  binned: Uint8Array[],
  rows: Uint32Array,
  start: number,
  end: number,
  gradients: Float64Array,
  hessians: Float64Array,
  featureMask: Uint8Array | null,
  out: Histogram
): void {
  out.sums.fill(0);
  out.counts.fill(0);
  const { sums, counts } = out;
  const n = end - start;
  // Gradients and hessians gathered once, in the node's row order (scikit-learn's
  // "ordered_gradients"): every feature's pass then reads them sequentially. Each bin still sums
  // the same values in the same row order, so the sums are bit-identical to a direct gather.
  if (ordered.g.length < n) {
    const size = Math.max(n, 2 * ordered.g.length);
    ordered.g = new Float64Array(size);
    ordered.h = new Float64Array(size);
  }
  const og = ordered.g;
  const oh = ordered.h;
  for (let i = 0; i < n; i++) {
    const r = rows[start + i];
    og[i] = gradients[r];
    oh[i] = hessians[r];
  }
  for (let f = 0; f < binned.length; f++) {
    if (featureMask && !featureMask[f]) continue;
    const col = binned[f];
    const base = f * HIST_BINS;
    // Rows in time or sorted order often repeat a bin (month, hour, …): then every update waits
    // for the previous store to the same slot. Such columns take runs: the bin's sums stay in
    // registers until the bin changes — the same additions in the same order, so the same bits.
    let changes = 0;
    const probe = Math.min(n, 256);
    for (let i = 1; i < probe; i++)
      if (col[rows[start + i]] !== col[rows[start + i - 1]]) changes++;
    if (4 * changes < probe) {
      let slot = base + col[rows[start]];
      let g = sums[2 * slot];
      let h = sums[2 * slot + 1];
      let c = counts[slot];
      for (let i = 0; i < n; i++) {
        const s2 = base + col[rows[start + i]];
        if (s2 !== slot) {
          sums[2 * slot] = g;
          sums[2 * slot + 1] = h;
          counts[slot] = c;
          slot = s2;
          g = sums[2 * slot];
          h = sums[2 * slot + 1];
          c = counts[slot];
        }
        g += og[i];
        h += oh[i];
        c++;
      }
      if (n > 0) {
        sums[2 * slot] = g;
        sums[2 * slot + 1] = h;
        counts[slot] = c;
      }
      continue;
    }
    for (let i = 0; i < n; i++) {
      const slot = base + col[rows[start + i]];
      sums[2 * slot] += og[i];
      sums[2 * slot + 1] += oh[i];
      counts[slot]++;
    }
  }
}

/** The signature of `buildHistogram` (the TypeScript kernel and its WASM twin share it). */
export type BuildHistogramFn = typeof buildHistogram;

/**
 * The training kernels as the grower uses them (`fitGbdt` / `TreeGrower` option
 * `histogramBuilder`): `build` has `buildHistogram`'s contract and must give its bits; `partition`,
 * when present, has `partitionRows`'s (partition.ts) contract and result. Every builder therefore
 * grows the same tree.
 *
 * Resident rows: `prepare` is called once per tree before its first `build`, with the arrays that
 * tree's calls will receive (their contents change between trees even when the arrays are the
 * same) and the tree's row array. A kernel may copy them once there (histogram-wasm.ts keeps
 * columns, gradients and rows in linear memory) and then partition its own copy of `rows`: after
 * the grower's last `partition` of the tree it calls `syncRows(rows)`, which must leave `rows` in
 * the order `partitionRows` would have; in between, the grower does not read `rows`.
 */
export interface HistogramBuilder {
  prepare?(
    binned: Uint8Array[],
    gradients: Float64Array,
    hessians: Float64Array,
    rows?: Uint32Array
  ): void;
  build: BuildHistogramFn;
  partition?: PartitionFn;
  syncRows?(rows: Uint32Array): void;
  /**
   * Binary log-loss gradients and hessians at `rows`, with the bits of loss/binary-log-loss.ts
   * `gradients(y, raw, rows, [grad], [hess])` (other entries of grad / hess untouched). `binned`
   * is the fit's column set: a kernel may keep the results in memory for the next `prepare`.
   * @param raw Float64Array, length nRows (one output).
   */
  logisticGradients?(
    binned: Uint8Array[],
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array,
    grad: Float64Array,
    hess: Float64Array
  ): void;
  /**
   * Σ gradients and Σ hessians of rows[start … end), added in row order (the bits of the plain
   * loop), when the kernel holds these rows (`prepare`) and gradients; null otherwise (the grower
   * then sums them itself).
   */
  nodeSums?(
    gradients: Float64Array,
    hessians: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number
  ): [number, number] | null;
  /**
   * Leaf update of adopted margins: raw[rows[i]] += value for every leaf and start ≤ i < end, on
   * the kernel's copies (rows as last partitioned). @returns false (nothing done) when `raw` is not
   * adopted or `rows` not resident: the grower then updates `raw` itself.
   */
  addLeafValues?(raw: Float64Array, rows: Uint32Array, leaves: LeafRange[]): boolean;
  /**
   * Resident margins for one-output binary log-loss (`fitGbdt` without row subsampling): the
   * kernel copies y, raw and the training rows in once and owns raw[rows] until
   * `releaseMargins(raw)` writes them back; meanwhile `residentGradients` computes each round's
   * gradients from them (bits of `logisticGradients`, kept in the kernel: the JS grad / hess
   * arrays only name them for `prepare` / `build` / `nodeSums`) and `addLeafValues` updates them.
   */
  adoptMargins?(binned: Uint8Array[], y: Float64Array, raw: Float64Array, rows: Uint32Array): void;
  residentGradients?(binned: Uint8Array[], grad: Float64Array, hess: Float64Array): boolean;
  releaseMargins?(raw: Float64Array): void;
}

/**
 * A leaf's range of the grower's rows and its value (with shrinkage); or, with `toLeft`, the range
 * of a split node whose rows were left unpartitioned: a row in bin b of `feature` gets `value`
 * when toLeft[b] = 1, else `valueRight`.
 */
export interface LeafRange {
  start: number;
  end: number;
  value: number;
  feature?: number;
  /** Uint8Array, length 256. */
  toLeft?: Uint8Array;
  valueRight?: number;
}

/**
 * Stable partition of rows[start … end) by `feature`'s bins (`partitionRows` of partition.ts on
 * binned[feature]). @param toLeft Uint8Array, length 256. @param scratch Uint32Array, length ≥
 * end − start. @returns the end of the left part.
 */
export type PartitionFn = (
  binned: Uint8Array[],
  rows: Uint32Array,
  start: number,
  end: number,
  feature: number,
  toLeft: Uint8Array,
  scratch: Uint32Array
) => number;

/** The default builder: the TypeScript `buildHistogram` and `partitionRows`. */
export const tsHistogramBuilder: HistogramBuilder = {
  build: buildHistogram,
  partition: (binned, rows, start, end, feature, toLeft, scratch) =>
    partitionRows(binned[feature], rows, start, end, toLeft, scratch)
};

/** Reused scratch of buildHistogram (engine code runs single-threaded per worker). */
const ordered = { g: new Float64Array(0), h: new Float64Array(0) };

/** out = parent − child, slot by slot (`out` may be `parent` itself). */
export function subtractHistogram(parent: Histogram, child: Histogram, out: Histogram): void {
  const ps = parent.sums;
  const cs = child.sums;
  const os = out.sums;
  for (let i = 0; i < ps.length; i++) os[i] = ps[i] - cs[i];
  const pc = parent.counts;
  const cc = child.counts;
  const oc = out.counts;
  for (let i = 0; i < pc.length; i++) oc[i] = pc[i] - cc[i];
}

/**
 * A small free list of histograms, so a tree allocates O(leaves) buffers once per fit rather than
 * one per node.
 */
export class HistogramPool {
  private readonly free: Histogram[] = [];
  constructor(private readonly nFeatures: number) {}
  acquire(): Histogram {
    return this.free.pop() ?? createHistogram(this.nFeatures);
  }
  release(h: Histogram): void {
    this.free.push(h);
  }
}
