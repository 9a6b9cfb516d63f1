/**
 * The TypeScript reference predictor over the flat ensemble format (flat-forest.ts): the twin of the
 * WASM kernel in wasm/predict/ (tests/unit/predict-kernels.test.ts holds both to identical bits).
 *
 * Accumulation order is part of the contract, so that both kernels agree bit for bit: for each row
 * and output, boosting sums `baseScore[k] + leaf(tree 0) + leaf(tree 1) + …` in tree order in
 * float64; averaging sums the contributing trees' leaf values in tree order from 0, divides by
 * their count, then adds baseScore[k].
 *
 * Categorical codes: a value x at a categorical node is used as code ⌊x⌋ when 0 ≤ x < 32·CAT_WORDS;
 * anything else (negative, too large, NaN) follows the node's default direction.
 */
import { CAT_WORDS, treeCount, type FlatForest } from './flat-forest';
import { buildLeafMasks, CAT_CODES, MAX_LEAVES, type LeafMasks } from './leaf-masks';
import { DataValidationError } from '../errors';
import { exp } from '../math/index';

const MAX_CODE = 32 * CAT_WORDS;

/**
 * Index (global, into the node arrays) of the leaf that one row reaches in tree t.
 * @param X Float64Array, row-major; the row starts at `rowOffset`.
 */
export function leafOf(f: FlatForest, t: number, X: Float64Array, rowOffset: number): number {
  const start = f.treeStart[t];
  const { feature, threshold, left, right, defaultLeft, catOffset, catWords } = f;
  const f32 = f.float32Splits;
  let n = start;
  for (;;) {
    const l = left[n];
    if (l < 0) return n;
    const x = X[rowOffset + feature[n]];
    const c = catOffset[n];
    let goLeft: boolean;
    if (c < 0) {
      if (x !== x) goLeft = defaultLeft[n] === 1;
      else goLeft = (f32 ? Math.fround(x) : x) < threshold[n];
    } else if (x >= 0 && x < MAX_CODE) {
      const code = Math.floor(x);
      goLeft = ((catWords[c + (code >>> 5)] >>> (code & 31)) & 1) === 1;
    } else {
      goLeft = defaultLeft[n] === 1;
    }
    n = start + (goLeft ? l : right[n]);
  }
}

/** Throws a typed error when X cannot hold nRows × nFeatures values. */
export function checkInput(f: FlatForest, X: Float64Array, nRows: number): void {
  if (!Number.isInteger(nRows) || nRows < 0 || X.length < nRows * f.nFeatures) {
    throw new DataValidationError({
      code: 'INVALID_INPUT',
      message: {
        pl: `nieprawidłowe dane wejściowe: ${nRows} wierszy × ${f.nFeatures} cech wymaga ${nRows * f.nFeatures} wartości, jest ${X.length}`,
        en: `invalid input: ${nRows} rows × ${f.nFeatures} features needs ${nRows * f.nFeatures} values, got ${X.length}`
      },
      details: { nRows, nFeatures: f.nFeatures, length: X.length }
    });
  }
}

/**
 * Raw outputs: margins for boosting, averaged leaf values (+ baseScore) for averaging.
 * @param X Float64Array, length nRows × forest.nFeatures, row-major; NaN = missing.
 * @returns Float64Array, length nRows × forest.nOutputs, row-major.
 */
export function predictRaw(forest: FlatForest, X: Float64Array, nRows: number): Float64Array {
  checkInput(forest, X, nRows);
  const { nFeatures, nOutputs, baseScore, treeOutput, value, valueWidth } = forest;
  const nTrees = treeCount(forest);
  const out = new Float64Array(nRows * nOutputs);
  if (forest.kind === 'boosting') {
    for (let r = 0; r < nRows; r++) {
      const o = r * nOutputs;
      for (let k = 0; k < nOutputs; k++) out[o + k] = baseScore[k];
      for (let t = 0; t < nTrees; t++) {
        const leaf = leafOf(forest, t, X, r * nFeatures);
        const k = treeOutput[t];
        if (k >= 0) out[o + k] += value[leaf * valueWidth];
        else for (let j = 0; j < nOutputs; j++) out[o + j] += value[leaf * valueWidth + j];
      }
    }
    return out;
  }
  const counts = new Float64Array(nOutputs);
  for (let t = 0; t < nTrees; t++) {
    const k = treeOutput[t];
    if (k >= 0) counts[k]++;
    else for (let j = 0; j < nOutputs; j++) counts[j]++;
  }
  for (let r = 0; r < nRows; r++) {
    const o = r * nOutputs;
    for (let t = 0; t < nTrees; t++) {
      const leaf = leafOf(forest, t, X, r * nFeatures);
      const k = treeOutput[t];
      if (k >= 0) out[o + k] += value[leaf * valueWidth];
      else for (let j = 0; j < nOutputs; j++) out[o + j] += value[leaf * valueWidth + j];
    }
    for (let k = 0; k < nOutputs; k++) {
      out[o + k] = (counts[k] > 0 ? out[o + k] / counts[k] : 0) + baseScore[k];
    }
  }
  return out;
}

const BLOCK = 256;

/**
 * A forest prepared once for fast TypeScript prediction: leaf-mask tables (leaf-masks.ts) when they
 * apply — same bits as predictRaw, several times faster on large batches — else the node walk.
 */
export function prepareForest(forest: FlatForest): {
  layout: 'masks' | 'nodes';
  predictRaw(X: Float64Array, nRows: number): Float64Array;
} {
  const m = buildLeafMasks(forest);
  if (!m) return { layout: 'nodes', predictRaw: (X, n) => predictRaw(forest, X, n) };
  return { layout: 'masks', predictRaw: (X, n) => predictRawMasked(forest, m, X, n) };
}

/** predictRaw over leaf-mask tables (blocks of rows; trees outer, rows inner). */
export function predictRawMasked(
  forest: FlatForest,
  m: LeafMasks,
  X: Float64Array,
  nRows: number
): Float64Array {
  checkInput(forest, X, nRows);
  const { nFeatures: nF, nOutputs: K, baseScore, treeOutput, value, valueWidth: w } = forest;
  const { featKind, thrStart, thr, pairStart, pairs, masks, leafNode } = m;
  const f32 = forest.float32Splits;
  const averaging = forest.kind === 'averaging';
  const nTrees = treeCount(forest);
  const out = new Float64Array(nRows * K);
  // codes[f · BLOCK + i]: the table index (2 × code, masks being (lo, hi) pairs) of row i.
  const codes = new Int32Array(nF * BLOCK);
  const accLo = new Int32Array(BLOCK);
  const accHi = new Int32Array(BLOCK);
  const counts = new Float64Array(K);
  for (const k of treeOutput) {
    if (k >= 0) counts[k]++;
    else for (let j = 0; j < K; j++) counts[j]++;
  }
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const nb = Math.min(BLOCK, nRows - r0);
    if (!averaging) for (let i = 0; i < nb; i++) out.set(baseScore, (r0 + i) * K);
    for (let f = 0; f < nF; f++) {
      const kind = featKind[f];
      if (kind === 0) continue;
      const c0 = f * BLOCK;
      if (kind === 2) {
        for (let i = 0; i < nb; i++) {
          const x = X[(r0 + i) * nF + f];
          codes[c0 + i] = 2 * (x >= 0 && x < CAT_CODES - 1 ? Math.floor(x) : CAT_CODES - 1);
        }
        continue;
      }
      const t0 = thrStart[f];
      const C = thrStart[f + 1] - t0;
      for (let i = 0; i < nb; i++) {
        const x = X[(r0 + i) * nF + f];
        let code = C + 1;
        if (x === x) {
          const xv = f32 ? Math.fround(x) : x;
          let lo = 0;
          let hi = C;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (xv < thr[t0 + mid]) hi = mid;
            else lo = mid + 1;
          }
          code = lo;
        }
        codes[c0 + i] = 2 * code;
      }
    }
    for (let t = 0; t < nTrees; t++) {
      accLo.fill(-1);
      accHi.fill(-1);
      for (let q = pairStart[t]; q < pairStart[t + 1]; q++) {
        const c0 = pairs[2 * q] * BLOCK;
        const tab = 2 * pairs[2 * q + 1];
        for (let i = 0; i < nb; i++) {
          const at = tab + codes[c0 + i];
          accLo[i] &= masks[at];
          accHi[i] &= masks[at + 1];
        }
      }
      const k = treeOutput[t];
      const lb = t * MAX_LEAVES;
      for (let i = 0; i < nb; i++) {
        const lo = accLo[i];
        const bit = lo !== 0 ? 31 - Math.clz32(lo & -lo) : 63 - Math.clz32(accHi[i] & -accHi[i]);
        const leaf = leafNode[lb + bit];
        const o = (r0 + i) * K;
        if (k >= 0) out[o + k] += value[leaf * w];
        else for (let j = 0; j < K; j++) out[o + j] += value[leaf * w + j];
      }
    }
    if (averaging) {
      for (let i = 0; i < nb; i++) {
        const o = (r0 + i) * K;
        for (let k = 0; k < K; k++) {
          out[o + k] = (counts[k] > 0 ? out[o + k] / counts[k] : 0) + baseScore[k];
        }
      }
    }
  }
  return out;
}

/**
 * Applies the forest's link to raw outputs, in place where the shape allows.
 * @param raw Float64Array, length nRows × forest.nOutputs (from predictRaw).
 * @returns logistic: Float64Array nRows × 2 ([1 − p, p]); softmax: nRows × nOutputs; identity: raw.
 */
export function applyLink(forest: FlatForest, raw: Float64Array, nRows: number): Float64Array {
  const K = forest.nOutputs;
  if (forest.link === 'logistic') {
    const out = new Float64Array(nRows * 2);
    for (let r = 0; r < nRows; r++) {
      const p = 1 / (1 + exp(-raw[r * K]));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
    return out;
  }
  if (forest.link === 'softmax') {
    for (let r = 0; r < nRows; r++) {
      const o = r * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (raw[o + k] > max) max = raw[o + k];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += raw[o + k] = exp(raw[o + k] - max);
      for (let k = 0; k < K; k++) raw[o + k] /= sum;
    }
  }
  return raw;
}

/**
 * Predictions after the link: class probabilities for classifiers, values for regressors.
 * @param X Float64Array, length nRows × forest.nFeatures; NaN = missing.
 * @returns Float64Array: nRows × 2 (logistic), nRows × nOutputs (softmax, identity).
 */
export function predictProba(forest: FlatForest, X: Float64Array, nRows: number): Float64Array {
  return applyLink(forest, predictRaw(forest, X, nRows), nRows);
}

/**
 * The leaf each row reaches in each tree, as an index local to its tree.
 * @param X Float64Array, length nRows × forest.nFeatures; NaN = missing.
 * @returns Int32Array, length nRows × nTrees, row-major.
 */
export function leafIndices(forest: FlatForest, X: Float64Array, nRows: number): Int32Array {
  checkInput(forest, X, nRows);
  const nTrees = treeCount(forest);
  const out = new Int32Array(nRows * nTrees);
  for (let r = 0; r < nRows; r++) {
    for (let t = 0; t < nTrees; t++) {
      out[r * nTrees + t] = leafOf(forest, t, X, r * forest.nFeatures) - forest.treeStart[t];
    }
  }
  return out;
}
