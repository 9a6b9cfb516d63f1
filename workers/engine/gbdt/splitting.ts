/**
 * Split finding over one node's histogram (scikit-learn `splitting.pyx`, same gain and constraints):
 * gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ), a split is kept only when gain > 0, both
 * children hold ≥ minSamplesLeaf rows and ≥ minHessianToSplit hessian.
 *
 * Numeric features: scan bins left to right with the missing bin on the right, then (when the node
 * has missing values) right to left with it on the left — the learned default direction. A node with
 * no missing values sends future missing values to the child with more rows.
 * Categorical features: categories with ≥ MIN_CAT_SUPPORT rows sorted by G/(H + MIN_CAT_SUPPORT),
 * prefixes of ≤ min(MAX_CAT_THRESHOLD, (n + 1)/2) categories scanned from both ends (LightGBM's
 * sorted-gradient partition); the missing bin takes part like a category.
 */
import { HIST_BINS, MISSING_BIN, type BinMapper } from './binning';
import type { Histogram } from './histogram';

export const MIN_CAT_SUPPORT = 10;
export const MAX_CAT_THRESHOLD = 32;

export interface SplitConstraints {
  minSamplesLeaf: number;
  minHessianToSplit: number;
  l2Regularization: number;
}

export interface SplitInfo {
  gain: number;
  feature: number;
  /** Numeric: bins ≤ bin go left (missing bin excluded). −1 for categorical. */
  bin: number;
  missingLeft: boolean;
  /** Categorical: Uint8Array, length 256, 1 for the bins sent left (the missing bin included); else null. */
  catLeft: Uint8Array | null;
  gradLeft: number;
  hessLeft: number;
  countLeft: number;
  gradRight: number;
  hessRight: number;
  countRight: number;
}

/** Node statistics: Σ gradients, Σ hessians, row count. */
export interface NodeSums {
  grad: number;
  hess: number;
  count: number;
}

/** The part of the loss reduction that belongs to one node: G² / (H + λ). */
const score = (g: number, h: number, l2: number): number => (g * g) / (h + l2);

/** Leaf value with shrinkage: −G/(H + λ) · learningRate. */
export function leafValue(grad: number, hess: number, l2: number, learningRate: number): number {
  return (-grad / (hess + l2)) * learningRate;
}

function consider(
  best: SplitInfo | null,
  c: SplitConstraints,
  node: NodeSums,
  parentScore: number,
  gl: number,
  hl: number,
  nl: number
): number {
  const nr = node.count - nl;
  if (nl < c.minSamplesLeaf || nr < c.minSamplesLeaf) return -Infinity;
  const hr = node.hess - hl;
  if (hl < c.minHessianToSplit || hr < c.minHessianToSplit) return -Infinity;
  const l2 = c.l2Regularization;
  const gain = score(gl, hl, l2) + score(node.grad - gl, hr, l2) - parentScore;
  return gain > 0 && (best === null || gain > best.gain) ? gain : -Infinity;
}

function record(
  feature: number,
  gain: number,
  node: NodeSums,
  gl: number,
  hl: number,
  nl: number
): SplitInfo {
  return {
    gain,
    feature,
    bin: -1,
    missingLeft: false,
    catLeft: null,
    gradLeft: gl,
    hessLeft: hl,
    countLeft: nl,
    gradRight: node.grad - gl,
    hessRight: node.hess - hl,
    countRight: node.count - nl
  };
}

function numericSplit(
  h: Histogram,
  f: number,
  nBins: number,
  node: NodeSums,
  c: SplitConstraints,
  best: SplitInfo | null
): SplitInfo | null {
  const { sums, counts } = h;
  const base = f * HIST_BINS;
  const parentScore = score(node.grad, node.hess, c.l2Regularization);
  const mSlot = base + MISSING_BIN;
  const nMissing = counts[mSlot];
  // Missing on the right: thresholds after bins 0 … nBins − 2, plus "all values | missing".
  const last = nMissing > 0 ? nBins : nBins - 1;
  let gl = 0;
  let hl = 0;
  let nl = 0;
  for (let b = 0; b < last; b++) {
    gl += sums[2 * (base + b)];
    hl += sums[2 * (base + b) + 1];
    nl += counts[base + b];
    const gain = consider(best, c, node, parentScore, gl, hl, nl);
    if (gain > -Infinity) {
      best = record(f, gain, node, gl, hl, nl);
      best.bin = b;
      best.missingLeft = nMissing === 0 && nl >= node.count - nl;
    }
  }
  if (nMissing === 0) return best;
  // Missing on the left.
  gl = sums[2 * mSlot];
  hl = sums[2 * mSlot + 1];
  nl = nMissing;
  for (let b = 0; b < nBins - 1; b++) {
    gl += sums[2 * (base + b)];
    hl += sums[2 * (base + b) + 1];
    nl += counts[base + b];
    const gain = consider(best, c, node, parentScore, gl, hl, nl);
    if (gain > -Infinity) {
      best = record(f, gain, node, gl, hl, nl);
      best.bin = b;
      best.missingLeft = true;
    }
  }
  return best;
}

function categoricalSplit(
  h: Histogram,
  f: number,
  nBins: number,
  node: NodeSums,
  c: SplitConstraints,
  best: SplitInfo | null
): SplitInfo | null {
  const { sums, counts } = h;
  const base = f * HIST_BINS;
  const used: number[] = [];
  for (let b = 0; b < nBins; b++) if (counts[base + b] >= MIN_CAT_SUPPORT) used.push(b);
  if (counts[base + MISSING_BIN] >= MIN_CAT_SUPPORT) used.push(MISSING_BIN);
  if (used.length <= 1) return best;
  const ratio = (b: number) => sums[2 * (base + b)] / (sums[2 * (base + b) + 1] + MIN_CAT_SUPPORT);
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const maxCats = Math.min(MAX_CAT_THRESHOLD, (used.length + 1) >> 1);
  const parentScore = score(node.grad, node.hess, c.l2Regularization);
  for (const dir of [1, -1]) {
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let i = 0; i < maxCats; i++) {
      const b = used[dir === 1 ? i : used.length - 1 - i];
      gl += sums[2 * (base + b)];
      hl += sums[2 * (base + b) + 1];
      nl += counts[base + b];
      const gain = consider(best, c, node, parentScore, gl, hl, nl);
      if (gain > -Infinity) {
        best = record(f, gain, node, gl, hl, nl);
        const left = new Uint8Array(HIST_BINS);
        for (let j = 0; j <= i; j++) left[used[dir === 1 ? j : used.length - 1 - j]] = 1;
        best.catLeft = left;
        best.missingLeft = left[MISSING_BIN] === 1;
      }
    }
  }
  return best;
}

/**
 * The best split of a node over the features whose mask entry is 1, or null when no split meets
 * the constraints with a positive gain.
 * @param featureMask Uint8Array, length nFeatures, or null for all features.
 */
export function findBestSplit(
  hist: Histogram,
  node: NodeSums,
  mapper: BinMapper,
  featureMask: Uint8Array | null,
  c: SplitConstraints
): SplitInfo | null {
  let best: SplitInfo | null = null;
  for (let f = 0; f < mapper.nFeatures; f++) {
    if (featureMask && !featureMask[f]) continue;
    const nb = mapper.nBins[f];
    best = mapper.isCategorical[f]
      ? categoricalSplit(hist, f, nb, node, c, best)
      : numericSplit(hist, f, nb, node, c, best);
  }
  return best;
}

/** Whether a row in bin `bin` of the split feature goes left. */
export function goesLeft(split: SplitInfo, bin: number): boolean {
  if (bin === MISSING_BIN) return split.missingLeft;
  if (split.catLeft) return split.catLeft[bin] === 1;
  return bin <= split.bin;
}
