/**
 * Grows one forest tree depth-first on binned data (scikit-learn's DepthFirstTreeBuilder): a node
 * becomes a leaf when it is pure, holds fewer than minSamplesSplit or 2·minSamplesLeaf unique rows,
 * reaches maxDepth, or no candidate feature allows a split. Nodes are numbered as they are popped
 * from the stack (right child pushed first), which is preorder, so the flat tree needs no
 * reordering. Row counts (minSamples*) count unique rows; channel sums and covers use bootstrap
 * weights.
 */
import { CAT_WORDS } from '../gbdt/flat-forest';
import { HIST_BINS, MISSING_BIN, rawThreshold, type BinMapper } from '../gbdt/binning';
import type { FlatTree } from '../gbdt/pack';
import { splitGoesLeft, type NodeSplit, type SplitFinder, type SplitTargets } from './node-split';

export interface TreeLimits {
  maxDepth: number | null;
  minSamplesLeaf: number;
  minSamplesSplit: number;
}

/** A grown tree: its flat form plus the binned split rules (for OOB and training outputs). */
export interface BuiltTree {
  flat: FlatTree;
  /** One entry per node (preorder); null at leaves. */
  splits: (NodeSplit | null)[];
  /** Output values per node: width = K (class probabilities) or 1 (mean). */
  width: number;
}

interface Pending {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
}

/**
 * Grows a tree on `rows` (the rows with weight > 0; partitioned in place).
 * @param binned Uint8Array per feature, each of length nRows.
 * @param rows Uint32Array of distinct row indices.
 */
export function growTree(
  binned: Uint8Array[],
  mapper: BinMapper,
  t: SplitTargets,
  rows: Uint32Array,
  finder: SplitFinder,
  lim: TreeLimits
): BuiltTree {
  const C = t.C;
  const width = t.classification ? C : 1;
  const scratch = new Uint32Array(rows.length);
  const feature: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const values: number[] = [];
  const cover: number[] = [];
  const splits: (NodeSplit | null)[] = [];
  const sums = new Float64Array(C);
  const stack: Pending[] = [{ start: 0, end: rows.length, depth: 0, parent: -1, isLeft: false }];
  while (stack.length) {
    const { start, end, depth, parent, isLeft } = stack.pop() as Pending;
    const id = feature.length;
    if (parent >= 0) (isLeft ? left : right)[parent] = id;
    sums.fill(0);
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (t.classification) sums[t.cls[r]] += t.w[r];
      else {
        sums[0] += t.w[r];
        sums[1] += t.w[r] * t.y[r];
        if (t.y[r] < yMin) yMin = t.y[r];
        if (t.y[r] > yMax) yMax = t.y[r];
      }
    }
    let W = 0;
    let nonZero = 0;
    if (t.classification)
      for (let k = 0; k < C; k++) {
        W += sums[k];
        if (sums[k] > 0) nonZero++;
      }
    else W = sums[0];
    if (t.classification) for (let k = 0; k < C; k++) values.push(sums[k] / W);
    else values.push(sums[1] / W);
    cover.push(W);
    feature.push(-1);
    left.push(-1);
    right.push(-1);
    const n = end - start;
    const pure = t.classification ? nonZero <= 1 : yMin === yMax;
    const leaf =
      pure ||
      n < lim.minSamplesSplit ||
      n < 2 * lim.minSamplesLeaf ||
      (lim.maxDepth !== null && depth >= lim.maxDepth);
    const split = leaf ? null : finder.find(rows, start, end, sums);
    splits.push(split);
    if (!split) continue;
    feature[id] = split.feature;
    const col = binned[split.feature];
    let nl = start;
    let nr = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (splitGoesLeft(split, col[r])) rows[nl++] = r;
      else scratch[nr++] = r;
    }
    rows.set(scratch.subarray(0, nr), nl);
    stack.push({ start: nl, end, depth: depth + 1, parent: id, isLeft: false });
    stack.push({ start, end: nl, depth: depth + 1, parent: id, isLeft: true });
  }
  return { flat: flatten(mapper, feature, left, right, values, cover, splits), splits, width };
}

function flatten(
  mapper: BinMapper,
  feature: number[],
  left: number[],
  right: number[],
  values: number[],
  cover: number[],
  splits: (NodeSplit | null)[]
): FlatTree {
  const m = feature.length;
  const flat: FlatTree = {
    feature: Int32Array.from(feature),
    threshold: new Float64Array(m),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    defaultLeft: new Uint8Array(m),
    value: Float64Array.from(values),
    cover: Float64Array.from(cover),
    catOffset: new Int32Array(m).fill(-1),
    catWords: []
  };
  splits.forEach((s, i) => {
    if (!s) return;
    flat.defaultLeft[i] = s.missingLeft ? 1 : 0;
    if (!s.categorical) {
      flat.threshold[i] = rawThreshold(mapper, s.feature, s.bin);
      return;
    }
    flat.catOffset[i] = flat.catWords.length;
    flat.catWords.push(...categoryBitset(mapper, s));
  });
  return flat;
}

/** Codes sent left: the split's category, or (missing bin left) every code unseen in training. */
function categoryBitset(mapper: BinMapper, s: NodeSplit): Uint32Array {
  const words = new Uint32Array(CAT_WORDS);
  const codes = mapper.edges[s.feature];
  if (s.bin !== MISSING_BIN) {
    const code = codes[s.bin];
    words[code >>> 5] |= 1 << (code & 31);
    return words;
  }
  const known = new Uint8Array(HIST_BINS);
  for (const code of codes) known[code] = 1;
  for (let code = 0; code < HIST_BINS; code++)
    if (!known[code]) words[code >>> 5] |= 1 << (code & 31);
  return words;
}

/**
 * Local index of the leaf that row `row` of binned data reaches (same bins as training).
 * @param binned Uint8Array per feature, each of length nRows.
 */
export function leafBinned(tree: BuiltTree, binned: Uint8Array[], row: number): number {
  const { left, right } = tree.flat;
  let n = 0;
  for (;;) {
    const s = tree.splits[n];
    if (!s) return n;
    n = splitGoesLeft(s, binned[s.feature][row]) ? left[n] : right[n];
  }
}
