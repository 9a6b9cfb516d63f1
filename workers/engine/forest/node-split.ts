/**
 * Split finding for forest trees: per node and candidate feature, a sparse class-count histogram
 * (per bin: weighted target channels + unique-row count; only the bins the node touches are
 * visited and reset), then the impurity decrease of each candidate threshold.
 *
 * Channels: classification — K weighted class counts (gini); regression — (Σw, Σw·y) (squared
 * error). The split score is scikit-learn's proxy: Σ_children Σ_k c_k² / W (gini) or (Σwy)² / W
 * (squared error); the parent's term is constant per node, subtracted once at the end.
 *
 * Features are drawn per node by a partial Fisher–Yates shuffle until `maxFeatures` non-constant
 * features have been tried (constant ones do not count, as in scikit-learn). Numeric features: the
 * best splitter scans every threshold with the missing bin on both sides (learned direction; a
 * node without missing rows sends them to the larger child); the random splitter (extra trees)
 * draws one threshold bin uniformly in [min bin, max bin) of the node and tries missing on both
 * sides. Categorical features: one category (or the missing bin) vs the rest, like one-hot columns.
 */
import { MISSING_BIN, HIST_BINS, type BinMapper } from '../gbdt/binning';
import type { Rng } from '../rng';

/** Per-row training targets. */
export interface SplitTargets {
  classification: boolean;
  /** Channels: K classes, or 2 for regression (Σw, Σw·y). */
  C: number;
  /** Int32Array, length nRows: class code (classification). */
  cls: Int32Array;
  /** Float64Array, length nRows: target value (regression). */
  y: Float64Array;
  /** Float64Array, length nRows: bootstrap weight (count) of each row; 0 = not in this tree. */
  w: Float64Array;
}

/** A chosen split: rows with bin ≤ `bin` (numeric) or bin = `bin` (categorical) go left. */
export interface NodeSplit {
  feature: number;
  bin: number;
  categorical: boolean;
  missingLeft: boolean;
  gain: number;
}

/** Whether a row in bin `b` of the split feature goes left. */
export function splitGoesLeft(s: NodeSplit, b: number): boolean {
  if (b === MISSING_BIN) return s.missingLeft;
  return s.categorical ? b === s.bin : b <= s.bin;
}

export class SplitFinder {
  /** Float64Array, length 256 × C: channel sums per bin (only touched bins non-zero). */
  private readonly hist: Float64Array;
  /** Uint32Array, length 256: unique rows per bin. */
  private readonly counts = new Uint32Array(HIST_BINS);
  /** Int32Array, length 256: bins touched by the current feature. */
  private readonly touched = new Int32Array(HIST_BINS);
  private readonly perm: Int32Array;
  private readonly acc: Float64Array;
  private parent!: Float64Array;
  private nNode = 0;
  private best: NodeSplit | null = null;

  /**
   * @param binned Uint8Array per feature, each of length nRows.
   * @param mtry features to try per split (1 … nFeatures).
   * @param random extra-trees splitter (one random threshold per feature).
   */
  constructor(
    private readonly binned: Uint8Array[],
    private readonly mapper: BinMapper,
    private readonly t: SplitTargets,
    private readonly rng: Rng,
    private readonly mtry: number,
    private readonly minSamplesLeaf: number,
    private readonly random: boolean
  ) {
    this.hist = new Float64Array(HIST_BINS * t.C);
    this.perm = Int32Array.from({ length: binned.length }, (_, i) => i);
    this.acc = new Float64Array(t.C);
  }

  /** Proxy impurity of the node itself (channel sums `parent`). */
  private parentProxy(): number {
    const s = this.parent;
    if (!this.t.classification) return (s[1] * s[1]) / s[0];
    let sq = 0;
    let W = 0;
    for (let k = 0; k < this.t.C; k++) {
      sq += s[k] * s[k];
      W += s[k];
    }
    return sq / W;
  }

  /** Proxy impurity of the split "left = acc, right = parent − acc". */
  private splitProxy(): number {
    const { acc, parent } = this;
    if (!this.t.classification) {
      const sr = parent[1] - acc[1];
      return (acc[1] * acc[1]) / acc[0] + (sr * sr) / (parent[0] - acc[0]);
    }
    let sqL = 0;
    let wL = 0;
    let sqR = 0;
    let wR = 0;
    for (let k = 0; k < this.t.C; k++) {
      const a = acc[k];
      const b = parent[k] - a;
      sqL += a * a;
      wL += a;
      sqR += b * b;
      wR += b;
    }
    return sqL / wL + sqR / wR;
  }

  /** Scores "left = acc" (nl unique rows) and keeps it when best so far. */
  private consider(f: number, bin: number, cat: boolean, nl: number, missingLeft: boolean): void {
    const nr = this.nNode - nl;
    if (nl < this.minSamplesLeaf || nr < this.minSamplesLeaf) return;
    const gain = this.splitProxy();
    if (this.best === null || gain > this.best.gain)
      this.best = { feature: f, bin, categorical: cat, missingLeft, gain };
  }

  private addBin(b: number, sign: number): void {
    const C = this.t.C;
    for (let k = 0; k < C; k++) this.acc[k] += sign * this.hist[b * C + k];
  }

  /**
   * Best split of the node owning rows[start … end), or null when no feature allows one.
   * @param rows Uint32Array of row indices. @param parent Float64Array, length C: node channel sums.
   */
  find(rows: Uint32Array, start: number, end: number, parent: Float64Array): NodeSplit | null {
    this.parent = parent;
    this.nNode = end - start;
    this.best = null;
    const nF = this.perm.length;
    let visited = 0;
    for (let i = 0; i < nF && visited < this.mtry; i++) {
      const j = i + this.rng.int(nF - i);
      const f = this.perm[j];
      this.perm[j] = this.perm[i];
      this.perm[i] = f;
      if (this.scanFeature(f, rows, start, end)) visited++;
    }
    const best = this.best as NodeSplit | null;
    if (best) best.gain -= this.parentProxy();
    return best;
  }

  /** Histogram of feature f over the node, candidate splits, reset. @returns false when constant. */
  private scanFeature(f: number, rows: Uint32Array, start: number, end: number): boolean {
    const { hist, counts, touched } = this;
    const { C, classification, cls, y, w } = this.t;
    const col = this.binned[f];
    let nt = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const b = col[r];
      if (counts[b]++ === 0) touched[nt++] = b;
      if (classification) hist[b * C + cls[r]] += w[r];
      else {
        hist[b * C] += w[r];
        hist[b * C + 1] += w[r] * y[r];
      }
    }
    const bins = touched.subarray(0, nt).sort();
    const nonConstant = nt >= 2;
    if (nonConstant) {
      if (this.mapper.isCategorical[f]) this.categorical(f, bins);
      else this.numeric(f, bins);
    }
    for (let i = 0; i < nt; i++) {
      const b = bins[i];
      counts[b] = 0;
      hist.fill(0, b * C, b * C + C);
    }
    return nonConstant;
  }

  /** @param bins Int32Array, ascending: touched bins (MISSING_BIN last when present). */
  private numeric(f: number, bins: Int32Array): void {
    const nMiss = bins[bins.length - 1] === MISSING_BIN ? this.counts[MISSING_BIN] : 0;
    const m = nMiss ? bins.length - 1 : bins.length;
    const allLeft = this.mapper.nBins[f] - 1;
    const { acc, counts } = this;
    if (this.random) {
      if (m >= 2) {
        const thr = bins[0] + this.rng.int(bins[m - 1] - bins[0]);
        acc.fill(0);
        let nl = 0;
        for (let i = 0; i < m && bins[i] <= thr; i++) {
          this.addBin(bins[i], 1);
          nl += counts[bins[i]];
        }
        this.consider(f, thr, false, nl, !nMiss && 2 * nl >= this.nNode);
        if (nMiss) {
          this.addBin(MISSING_BIN, 1);
          this.consider(f, thr, false, nl + nMiss, true);
        }
      } else if (nMiss) {
        acc.fill(0);
        this.addBin(bins[0], 1);
        this.consider(f, allLeft, false, counts[bins[0]], false);
      }
      return;
    }
    // Missing on the right: thresholds after each value bin (after the last only with missing rows).
    acc.fill(0);
    let nl = 0;
    const last = nMiss ? m : m - 1;
    for (let i = 0; i < last; i++) {
      this.addBin(bins[i], 1);
      nl += counts[bins[i]];
      const bin = i === m - 1 ? allLeft : bins[i];
      this.consider(f, bin, false, nl, !nMiss && 2 * nl >= this.nNode);
    }
    if (!nMiss) return;
    // Missing on the left.
    acc.fill(0);
    this.addBin(MISSING_BIN, 1);
    nl = nMiss;
    for (let i = 0; i < m - 1; i++) {
      this.addBin(bins[i], 1);
      nl += counts[bins[i]];
      this.consider(f, bins[i], false, nl, true);
    }
  }

  /** One category (or the missing bin) left, the rest right. */
  private categorical(f: number, bins: Int32Array): void {
    const pick = this.random ? this.rng.int(bins.length) : -1;
    for (let i = 0; i < bins.length; i++) {
      if (pick >= 0 && i !== pick) continue;
      this.acc.fill(0);
      this.addBin(bins[i], 1);
      this.consider(f, bins[i], true, this.counts[bins[i]], bins[i] === MISSING_BIN);
    }
  }
}
