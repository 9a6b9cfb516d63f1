/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2) over the flat ensemble format — the TypeScript
 * reference twin of the WASM kernel in wasm/shap/ (tests/unit/treeshap-kernels.test.ts holds both
 * to identical bits). The recursion is XGBoost's `RegTree::TreeShap` without the conditioning
 * arguments (interaction values are not computed), in float64:
 *
 *  - each node extends the "unique path" with the split feature of its parent, the cover fraction
 *    of the branch (`zero`) and whether the row goes that way (`one`); a feature met again is first
 *    unwound so it appears once, its fractions multiplied in;
 *  - at a leaf, every path feature i gets w_i · (one_i − zero_i) · value, w_i being the permutation
 *    weight of the path with i unwound. One fractions are 0 or 1, so the arithmetic uses
 *    precomputed ratio tables (tree-shap-prep.ts `pathTables`) instead of divisions, and cold
 *    elements (one = 0) share one factor per leaf: O(depth) per cold element less.
 *
 * Split rule as predict.ts `leafOf` (NaN → default side, float32 comparison when `float32Splits`,
 * categorical bitsets, codes outside 0 … 32·CAT_WORDS − 1 → default side): the "hot" child is the
 * one the row takes. A branch with zero = one = 0 (cold child of zero cover) contributes exactly 0
 * and is skipped (XGBoost would divide 0 by 0 there).
 *
 * Accumulation order (shared with the WASM kernel): rows, then trees in order, then the recursion
 * hot child first; at each leaf the path positions 1 … depth in order. Averaging forests divide the
 * sums by each output's tree count afterwards (tree-shap-prep.ts `finishValues`).
 */
import { CAT_WORDS, treeCount, type FlatForest } from '../gbdt/flat-forest';
import { checkInput, predictRaw } from '../gbdt/predict';
import {
  baseValues,
  finishValues,
  pathScratchLength,
  pathTables,
  prepareShap,
  transposeMargin,
  type ShapPrep
} from './tree-shap-prep';

const MAX_CODE = 32 * CAT_WORDS;

/** TreeSHAP output in the explain/types.ts layout (ShapValues without the labels). */
export interface TreeShapResult {
  /** Float64Array, length nOutputs × nRows × nFeatures: φ(o, r, f) at (o · nRows + r) · nFeatures + f. */
  values: Float64Array;
  /** Float64Array, length nOutputs: expected raw output. */
  baseValue: Float64Array;
  /** Float64Array, length nOutputs × nRows: the forest's raw output (predictRaw) at o · nRows + r. */
  margin: Float64Array;
}

/** Signature shared by the TS and WASM implementations. */
export type TreeShapFn = (forest: FlatForest, X: Float64Array, nRows: number) => TreeShapResult;

/** State of one kernel run (module-level would be faster to type, a closure keeps it reentrant). */
interface Run {
  f: FlatForest;
  fraction: Float64Array;
  X: Float64Array;
  xOff: number;
  /** Path elements: feature, zero fraction, one fraction, permutation weight. */
  pf: Int32Array;
  pz: Float64Array;
  po: Float64Array;
  pw: Float64Array;
  /** pathTables (tree-shap-prep.ts) and their row width W = maxDepth + 2. */
  tab: Float64Array;
  W: number;
  /** Offset into `values` of output 0 for this row; stride between outputs. */
  phiOff: number;
  outStride: number;
  /** Output of the current tree (−1: all outputs, vector leaves). */
  k: number;
  values: Float64Array;
}

/**
 * Copies the parent's path (at parentOff) to `off` and extends it by one element. Fused: the
 * permutation weights are read from the parent instead of being copied first (same arithmetic).
 */
function extendPath(
  s: Run,
  parentOff: number,
  off: number,
  d: number,
  zero: number,
  one: number,
  feat: number
): void {
  const { pf, pz, po, pw, tab, W } = s;
  for (let i = 0; i < d; i++) {
    pf[off + i] = pf[parentOff + i];
    pz[off + i] = pz[parentOff + i];
    po[off + i] = po[parentOff + i];
  }
  pf[off + d] = feat;
  pz[off + d] = zero;
  po[off + d] = one;
  pw[off + d] = d === 0 ? 1 : 0;
  const up = d * W;
  const down = W * W + d * W;
  // one is 0 or 1: the first update adds exactly 0 when it is 0.
  if (one !== 0) {
    for (let i = d - 1; i >= 0; i--) {
      const wi = pw[parentOff + i];
      pw[off + i + 1] += wi * tab[up + i];
      pw[off + i] = zero * wi * tab[down + i];
    }
  } else {
    for (let i = d - 1; i >= 0; i--) pw[off + i] = zero * pw[parentOff + i] * tab[down + i];
  }
}

function unwindPath(s: Run, off: number, d: number, at: number): void {
  const { pf, pz, po, pw } = s;
  const one = po[off + at];
  const zero = pz[off + at];
  let next = pw[off + d];
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = pw[off + i];
      pw[off + i] = (next * (d + 1)) / ((i + 1) * one);
      next = tmp - (pw[off + i] * zero * (d - i)) / (d + 1);
    } else {
      pw[off + i] = (pw[off + i] * (d + 1)) / (zero * (d - i));
    }
  }
  for (let i = at; i < d; i++) {
    pf[off + i] = pf[off + i + 1];
    pz[off + i] = pz[off + i + 1];
    po[off + i] = po[off + i + 1];
  }
}

/**
 * Total permutation weight of the path with hot element `at` (one fraction 1) unwound, without
 * modifying it (XGBoost's UnwoundPathSum with one = 1, divisions replaced by the HOT / DOWN tables).
 */
function unwoundHotSum(s: Run, off: number, d: number, at: number): number {
  const { pz, pw, tab, W } = s;
  const zero = pz[off + at];
  const hot = 2 * W * W + d * W;
  const down = W * W + d * W;
  let next = pw[off + d];
  let total = 0;
  for (let i = d - 1; i >= 0; i--) {
    const tmp = next * tab[hot + i];
    total += tmp;
    next = pw[off + i] - tmp * zero * tab[down + i];
  }
  return total;
}

/** Second result of unwoundHotPair. */
let pairSecond = 0;

/**
 * unwoundHotSum of hot elements a and b at once, returning a's (b's in `pairSecond`): two
 * independent dependency chains interleaved, each with exactly unwoundHotSum's operations.
 */
function unwoundHotPair(s: Run, off: number, d: number, a: number, b: number): number {
  const { pz, pw, tab, W } = s;
  const za = pz[off + a];
  const zb = pz[off + b];
  const hot = 2 * W * W + d * W;
  const down = W * W + d * W;
  let na = pw[off + d];
  let nb = na;
  let ta = 0;
  let tb = 0;
  for (let i = d - 1; i >= 0; i--) {
    const h = tab[hot + i];
    const dn = tab[down + i];
    const wi = pw[off + i];
    const xa = na * h;
    const xb = nb * h;
    ta += xa;
    tb += xb;
    na = wi - xa * za * dn;
    nb = wi - xb * zb * dn;
  }
  pairSecond = tb;
  return ta;
}

/** Adds scale × the leaf's value(s) to φ of `feature` for the current row and tree output(s). */
function addPhi(s: Run, leaf: number, feature: number, scale: number): void {
  const { values, k, outStride, f } = s;
  const at = s.phiOff + feature;
  const w = f.valueWidth;
  if (k >= 0) values[at + k * outStride] += scale * f.value[leaf * w];
  else
    for (let j = 0; j < f.nOutputs; j++)
      values[at + j * outStride] += scale * f.value[leaf * w + j];
}

/**
 * For a cold element (one fraction 0) the unwound sum is Σ_i pw[i] · (d + 1)/(d − i) / zero, and
 * its contribution factor w · (0 − zero) is minus that sum times zero: the same for every cold
 * element of the leaf, so a leaf computes it once.
 */
function coldSum(s: Run, off: number, d: number): number {
  const { pw, tab, W } = s;
  const cold = 3 * W * W + d * W;
  let total = 0;
  for (let i = d - 1; i >= 0; i--) total += pw[off + i] * tab[cold + i];
  return total;
}

/** Whether the row takes the left child at internal node n (predict.ts leafOf's rule). */
function goesLeft(f: FlatForest, n: number, x: number): boolean {
  const c = f.catOffset[n];
  if (c < 0) {
    if (x !== x) return f.defaultLeft[n] === 1;
    return (f.float32Splits ? Math.fround(x) : x) < f.threshold[n];
  }
  if (x >= 0 && x < MAX_CODE) {
    const code = Math.floor(x);
    return ((f.catWords[c + (code >>> 5)] >>> (code & 31)) & 1) === 1;
  }
  return f.defaultLeft[n] === 1;
}

function recurse(
  s: Run,
  start: number,
  n: number,
  d: number,
  parentOff: number,
  zero: number,
  one: number,
  feat: number
): void {
  if (zero === 0 && one === 0) return;
  const { pf, pz, po, f } = s;
  const off = parentOff + d + 1;
  extendPath(s, parentOff, off, d, zero, one, feat);
  const l = f.left[n];
  if (l < 0) {
    // Cold elements: w · (0 − zero) = −coldSum (zero ≠ 0: zero-weight branches are skipped). Hot
    // elements go in pairs (two independent chains interleaved). Path features are unique, so
    // the order in which positions add to φ does not change any sum.
    let cold = NaN;
    let pending = 0;
    for (let i = 1; i <= d; i++) {
      if (po[off + i] === 0) {
        if (cold !== cold) cold = -coldSum(s, off, d);
        addPhi(s, n, pf[off + i], cold);
      } else if (pending === 0) pending = i;
      else {
        const a = unwoundHotPair(s, off, d, pending, i);
        addPhi(s, n, pf[off + pending], a * (1 - pz[off + pending]));
        addPhi(s, n, pf[off + i], pairSecond * (1 - pz[off + i]));
        pending = 0;
      }
    }
    if (pending !== 0) {
      const a = unwoundHotSum(s, off, d, pending);
      addPhi(s, n, pf[off + pending], a * (1 - pz[off + pending]));
    }
    return;
  }
  const split = f.feature[n];
  const left = goesLeft(f, n, s.X[s.xOff + split]);
  const hot = start + (left ? l : f.right[n]);
  const cold = start + (left ? f.right[n] : l);
  let inZero = 1;
  let inOne = 1;
  let at = 0;
  while (at <= d && pf[off + at] !== split) at++;
  if (at <= d) {
    inZero = pz[off + at];
    inOne = po[off + at];
    unwindPath(s, off, d, at);
    d -= 1;
  }
  recurse(s, start, hot, d + 1, off, s.fraction[hot] * inZero, inOne, split);
  recurse(s, start, cold, d + 1, off, s.fraction[cold] * inZero, 0, split);
}

/**
 * Sums the raw (undivided) contributions of every tree into `values`; the part both kernels share
 * bit for bit. Exported for the kernel comparison tests.
 * @param values Float64Array, length nOutputs × nRows × nFeatures, zeroed; written.
 */
export function treeShapRawTs(
  forest: FlatForest,
  prep: ShapPrep,
  X: Float64Array,
  nRows: number,
  values: Float64Array
): void {
  const len = pathScratchLength(prep.maxDepth);
  const nF = forest.nFeatures;
  const s: Run = {
    f: forest,
    fraction: prep.fraction,
    X,
    xOff: 0,
    pf: new Int32Array(len),
    pz: new Float64Array(len),
    po: new Float64Array(len),
    pw: new Float64Array(len),
    tab: pathTables(prep.maxDepth),
    W: prep.maxDepth + 2,
    phiOff: 0,
    outStride: nRows * nF,
    k: 0,
    values
  };
  const nTrees = treeCount(forest);
  for (let r = 0; r < nRows; r++) {
    s.xOff = r * nF;
    s.phiOff = r * nF;
    for (let t = 0; t < nTrees; t++) {
      s.k = forest.treeOutput[t];
      const start = forest.treeStart[t];
      recurse(s, start, start, 0, 0, 1, 1, -1);
    }
  }
}

/**
 * Exact path-dependent TreeSHAP of every row, on the raw-output (margin) scale: log-odds for
 * binary boosting, per-class margins for multiclass boosting, class probabilities for averaging
 * classifiers, values for regressors. baseValue[o] + Σ_f values(o, r, f) = margin(o, r).
 * @param X Float64Array, length nRows × forest.nFeatures, row-major; NaN = missing.
 * @throws DataValidationError INVALID_INPUT (X too short), INVALID_MODEL (malformed trees).
 */
export function treeShap(forest: FlatForest, X: Float64Array, nRows: number): TreeShapResult {
  checkInput(forest, X, nRows);
  const prep = prepareShap(forest);
  const values = new Float64Array(forest.nOutputs * nRows * forest.nFeatures);
  treeShapRawTs(forest, prep, X, nRows, values);
  finishValues(forest, prep, values);
  return {
    values,
    baseValue: baseValues(forest, prep),
    margin: transposeMargin(predictRaw(forest, X, nRows), nRows, forest.nOutputs)
  };
}

/**
 * The TreeSHAP kernel explainers use: the TypeScript one unless a host installs the WASM twin
 * (`createWasmTreeShap`, same bits, ≈ 2× faster) — the engine reads no files itself.
 */
let activeKernel: TreeShapFn = treeShap;

export function setTreeShapKernel(kernel: TreeShapFn | null): void {
  activeKernel = kernel ?? treeShap;
}

/** TreeSHAP with the installed kernel (see setTreeShapKernel). */
export function treeShapActive(forest: FlatForest, X: Float64Array, nRows: number): TreeShapResult {
  return activeKernel(forest, X, nRows);
}
