/**
 * Packing trees into the flat ensemble format: each grower's `toPredictor()` gives a FlatTree with
 * local indices; `packForest` concatenates them into one FlatForest (flat-forest.ts).
 */
import type { FlatForest, ForestKind, ForestLink } from './flat-forest';

/** One tree in flat form (local child indices, preorder, root first). */
export interface FlatTree {
  /** Int32Array, length nNodes; −1 at leaves. */
  feature: Int32Array;
  /** Float64Array, length nNodes: raw threshold, "left when x < threshold". */
  threshold: Float64Array;
  /** Int32Array, length nNodes: local left child; −1 at leaves. */
  left: Int32Array;
  /** Int32Array, length nNodes: local right child; −1 at leaves. */
  right: Int32Array;
  /** Uint8Array, length nNodes: 1 when missing values go left. */
  defaultLeft: Uint8Array;
  /** Float64Array, length nNodes × valueWidth. */
  value: Float64Array;
  /** Float64Array, length nNodes: hessian sum (or sample count). */
  cover: Float64Array;
  /** Int32Array, length nNodes: −1, or the offset of the node's bitset in this tree's catWords. */
  catOffset: Int32Array;
  /** Bitset words of this tree's categorical nodes, CAT_WORDS per node. */
  catWords: number[];
}

export interface ForestMeta {
  kind: ForestKind;
  link: ForestLink;
  nFeatures: number;
  nOutputs: number;
  /** Float64Array, length nOutputs. */
  baseScore: Float64Array;
  valueWidth: number;
}

/**
 * Concatenates trees into a FlatForest.
 * @param treeOutput length trees.length: the output each tree adds to (−1: all, valueWidth wide).
 */
export function packForest(trees: FlatTree[], treeOutput: number[], meta: ForestMeta): FlatForest {
  let nNodes = 0;
  let nWords = 0;
  for (const t of trees) {
    nNodes += t.feature.length;
    nWords += t.catWords.length;
  }
  const w = meta.valueWidth;
  const f: FlatForest = {
    ...meta,
    treeStart: new Int32Array(trees.length + 1),
    treeOutput: Int32Array.from(treeOutput),
    feature: new Int32Array(nNodes),
    threshold: new Float64Array(nNodes),
    left: new Int32Array(nNodes),
    right: new Int32Array(nNodes),
    defaultLeft: new Uint8Array(nNodes),
    value: new Float64Array(nNodes * w),
    cover: new Float64Array(nNodes),
    catOffset: new Int32Array(nNodes),
    catWords: new Uint32Array(nWords),
    float32Splits: false
  };
  let at = 0;
  let words = 0;
  trees.forEach((t, i) => {
    f.treeStart[i] = at;
    f.feature.set(t.feature, at);
    f.threshold.set(t.threshold, at);
    f.left.set(t.left, at);
    f.right.set(t.right, at);
    f.defaultLeft.set(t.defaultLeft, at);
    f.value.set(t.value, at * w);
    f.cover.set(t.cover, at);
    for (let n = 0; n < t.catOffset.length; n++)
      f.catOffset[at + n] = t.catOffset[n] < 0 ? -1 : t.catOffset[n] + words;
    f.catWords.set(t.catWords, words);
    at += t.feature.length;
    words += t.catWords.length;
  });
  f.treeStart[trees.length] = at;
  return f;
}
