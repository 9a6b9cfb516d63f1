/**
 * Leaf-mask tables: a branch-free prediction layout (QuickScorer-style) prepared once per forest,
 * used by the WASM kernel (wasm/predict, `predictMasked`) and the TypeScript fast path
 * (predict.ts). Exact by construction: it evaluates the same split rule as `leafOf`.
 *
 * Each row is first mapped, per used feature, to a small integer code:
 *  - numeric feature f with sorted distinct thresholds T[0 … C − 1]: code = #{j : T[j] ≤ x'} where
 *    x' = Math.fround(x) under float32Splits, else x (so "x' < T[j]" ⇔ code ≤ j); NaN → C + 1;
 *  - categorical feature: code = ⌊x⌋ when 0 ≤ x < 256, else 256 (missing / unseen → default side).
 * Each tree (≤ 64 leaves, numbered left to right) has, per feature it splits on and per code, a
 * 64-bit mask of the leaves still reachable given that feature's value: every node on the feature
 * clears the leaves of the side the code does not go to. ANDing a row's masks over the tree's
 * features leaves exactly one bit: the leaf `leafOf` reaches.
 *
 * Not applicable (null) when a tree has more than 64 leaves, a feature has both numeric and
 * categorical splits, a numeric threshold is NaN, or the tables would exceed MAX_TABLE_BYTES.
 */
import { CAT_WORDS, treeCount, type FlatForest } from './flat-forest';

export const MAX_LEAVES = 64;
const MAX_CODE = 32 * CAT_WORDS;
/** Categorical codes 0 … 255, plus 256 = default side. */
export const CAT_CODES = MAX_CODE + 1;
const MAX_TABLE_BYTES = 64 << 20;

export interface LeafMasks {
  /** Int32Array, length nFeatures: 0 = unused, 1 = numeric, 2 = categorical. */
  featKind: Int32Array;
  /** Int32Array, length nFeatures + 1: feature f's thresholds are thr[thrStart[f] … thrStart[f + 1]). */
  thrStart: Int32Array;
  /** Float64Array: sorted distinct numeric thresholds, feature by feature. */
  thr: Float64Array;
  /** Int32Array, length nTrees + 1: tree t's (feature, table) pairs are pairs[2·p …] for p in [pairStart[t], pairStart[t + 1]). */
  pairStart: Int32Array;
  /** Int32Array: (feature, offset in `masks` in 64-bit words) per pair. */
  pairs: Int32Array;
  /** Masks as (lo, hi) uint32 pairs: word w = (masks[2w], masks[2w + 1]). */
  masks: Uint32Array;
  /** Int32Array, length nTrees × 64: global node index of each tree's leaf b (bit b). */
  leafNode: Int32Array;
}

/** Codes per feature (table length): numeric C + 2 (0 … C, NaN), categorical 257. */
export function codeCount(m: LeafMasks, f: number): number {
  return m.featKind[f] === 2 ? CAT_CODES : m.thrStart[f + 1] - m.thrStart[f] + 2;
}

/** Leaf masks for the forest, or null when the layout does not apply (see the module comment). */
export function buildLeafMasks(forest: FlatForest): LeafMasks | null {
  const { feature, threshold, left, right, defaultLeft, catOffset, catWords, treeStart } = forest;
  const nF = forest.nFeatures;
  const nTrees = treeCount(forest);
  const featKind = new Int32Array(nF);
  const thrSets: number[][] = Array.from({ length: nF }, () => []);
  for (let n = 0; n < feature.length; n++) {
    if (left[n] < 0) continue;
    const f = feature[n];
    if (f < 0 || f >= nF) return null;
    const kind = catOffset[n] >= 0 ? 2 : 1;
    if (featKind[f] !== 0 && featKind[f] !== kind) return null;
    featKind[f] = kind;
    if (kind === 1) {
      if (Number.isNaN(threshold[n])) return null;
      thrSets[f].push(threshold[n]);
    }
  }
  const thrStart = new Int32Array(nF + 1);
  const thrIndex: Map<number, number>[] = [];
  const allThr: number[] = [];
  for (let f = 0; f < nF; f++) {
    const sorted = [...new Set(thrSets[f])].sort((a, b) => a - b);
    thrIndex.push(new Map(sorted.map((v, i) => [v, i])));
    thrStart[f] = allThr.length;
    for (const v of sorted) allThr.push(v);
  }
  thrStart[nF] = allThr.length;
  const nCodes = (f: number): number =>
    featKind[f] === 2 ? CAT_CODES : thrStart[f + 1] - thrStart[f] + 2;

  // Per tree: leaves in left-to-right order and each node's leaf-bit range.
  const pairStart = new Int32Array(nTrees + 1);
  const pairs: number[] = [];
  const leafNode = new Int32Array(nTrees * MAX_LEAVES);
  const tables: { words: number; fill: (m: Uint32Array, at: number) => void }[] = [];
  let totalWords = 0;
  for (let t = 0; t < nTrees; t++) {
    const s = treeStart[t];
    const lo = new Int32Array(treeStart[t + 1] - s);
    const mid = new Int32Array(lo.length);
    const hi = new Int32Array(lo.length);
    let nLeaves = 0;
    // Iterative in-order walk: bits of node n = [lo, hi), left child's = [lo, mid).
    const stack: number[] = [0];
    const visited = new Uint8Array(lo.length);
    while (stack.length) {
      const k = stack[stack.length - 1];
      if (left[s + k] < 0) {
        if (nLeaves >= MAX_LEAVES) return null;
        leafNode[t * MAX_LEAVES + nLeaves] = s + k;
        lo[k] = nLeaves;
        hi[k] = ++nLeaves;
        stack.pop();
      } else if (visited[k] === 0) {
        visited[k] = 1;
        lo[k] = nLeaves;
        stack.push(left[s + k]);
      } else if (visited[k] === 1) {
        visited[k] = 2;
        mid[k] = nLeaves;
        stack.push(right[s + k]);
      } else {
        hi[k] = nLeaves;
        stack.pop();
      }
    }
    // Bits of the left (2k) and right (2k + 1) subtree of node k, as (lo, hi) words.
    const clearLo = new Int32Array(2 * lo.length);
    const clearHi = new Int32Array(2 * lo.length);
    for (let k = 0; k < lo.length; k++) {
      const ranges = [lo[k], mid[k], mid[k], hi[k]];
      for (let side = 0; side < 2; side++) {
        for (let bit = ranges[2 * side]; bit < ranges[2 * side + 1]; bit++) {
          if (bit < 32) clearLo[2 * k + side] |= 1 << bit;
          else clearHi[2 * k + side] |= 1 << (bit - 32);
        }
      }
    }
    const byFeature = new Map<number, number[]>();
    for (let k = 0; k < lo.length; k++) {
      const n = s + k;
      if (left[n] < 0 || !visited[k]) continue;
      const f = feature[n];
      const list = byFeature.get(f) ?? [];
      list.push(k);
      byFeature.set(f, list);
    }
    pairStart[t] = pairs.length / 2;
    for (const f of [...byFeature.keys()].sort((a, b) => a - b)) {
      const nodes = byFeature.get(f) as number[];
      const words = nCodes(f);
      pairs.push(f, totalWords);
      const offset = totalWords;
      tables.push({
        words,
        fill: (m) => {
          for (let c = 0; c < words; c++) {
            let mLo = 0xffffffff;
            let mHi = 0xffffffff;
            for (const k of nodes) {
              const n = s + k;
              let goLeft: boolean;
              if (featKind[f] === 2) {
                goLeft =
                  c < MAX_CODE
                    ? ((catWords[catOffset[n] + (c >>> 5)] >>> (c & 31)) & 1) === 1
                    : defaultLeft[n] === 1;
              } else {
                const C = words - 2;
                goLeft =
                  c <= C ? c <= (thrIndex[f].get(threshold[n]) as number) : defaultLeft[n] === 1;
              }
              // Clear the bits of the side not taken.
              const q = goLeft ? 2 * k + 1 : 2 * k;
              mLo &= ~clearLo[q];
              mHi &= ~clearHi[q];
            }
            m[2 * (offset + c)] = mLo >>> 0;
            m[2 * (offset + c) + 1] = mHi >>> 0;
          }
        }
      });
      totalWords += words;
      if (totalWords * 8 > MAX_TABLE_BYTES) return null;
    }
  }
  pairStart[nTrees] = pairs.length / 2;
  const masks = new Uint32Array(totalWords * 2);
  for (const tb of tables) tb.fill(masks, 0);
  return {
    featKind,
    thrStart,
    thr: Float64Array.from(allThr),
    pairStart,
    pairs: Int32Array.from(pairs),
    masks,
    leafNode
  };
}
