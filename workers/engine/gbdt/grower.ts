/**
 * TreeGrower: grows one regression tree on binned data from gradients and hessians (scikit-learn
 * `grower.py`). Best-first (leaf-wise) growth up to `maxLeafNodes` leaves — the split with the
 * largest gain first — with an optional `maxDepth`; with maxLeafNodes = null every splittable node
 * is split down to `maxDepth` (depth-wise). Sample indices are partitioned in place (except under
 * a split whose children split no further: `addTrainingPredictions` sorts those rows by the split
 * itself); the smaller child's histogram is built, the larger one's is parent − smaller.
 *
 * Training nodes are not prediction records (STYLE.md habit 2): `toPredictor()` flattens the tree
 * into a FlatTree (flat-forest.ts layout, local indices, preorder).
 */
import { CAT_WORDS } from './flat-forest';
import { HIST_BINS, MISSING_BIN, rawThreshold, type BinMapper } from './binning';
import {
  subtractHistogram,
  tsHistogramBuilder,
  type Histogram,
  type HistogramBuilder,
  type HistogramPool,
  type LeafRange
} from './histogram';
import { partitionRows } from './partition';
import {
  findBestSplit,
  goesLeft,
  leafValue,
  type NodeSums,
  type SplitConstraints,
  type SplitInfo
} from './splitting';
import type { FlatTree } from './pack';

export interface GrowerParams extends SplitConstraints {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  learningRate: number;
}

/** A training node: a range of the grower's row array plus its statistics. */
interface TrainNode {
  start: number;
  end: number;
  depth: number;
  sums: NodeSums;
  /** Leaf value with shrinkage (also kept on internal nodes for explainers). */
  value: number;
  hist: Histogram | null;
  split: SplitInfo | null;
  left: number;
  right: number;
  /**
   * Split node whose rows were not partitioned (neither child splits further): per bin, 1 where
   * the row goes left; its children's ranges are counts only, the rows stay mixed.
   */
  unpartitioned: Uint8Array | null;
  /** Leaf inside an unpartitioned parent's range (the parent adds its value). */
  mixed: boolean;
}

/** Partition scratch shared by all growers (engine code runs single-threaded per worker). */
let sharedScratch = new Uint32Array(0);

export class TreeGrower {
  readonly nodes: TrainNode[] = [];
  private readonly scratch: Uint32Array;

  /**
   * @param binned Uint8Array per feature, each of length nRows.
   * @param rows Uint32Array of the rows this tree trains on (partitioned in place).
   * @param gradients Float64Array, length nRows; hessians likewise.
   * @param featureMask Uint8Array, length nFeatures (column subsample), or null.
   * @param histogramBuilder histogram kernel (default: the TypeScript `buildHistogram`); every
   *   builder gives the same bits, so the same tree.
   */
  constructor(
    private readonly binned: Uint8Array[],
    private readonly mapper: BinMapper,
    private readonly gradients: Float64Array,
    private readonly hessians: Float64Array,
    readonly rows: Uint32Array,
    private readonly params: GrowerParams,
    private readonly featureMask: Uint8Array | null,
    private readonly pool: HistogramPool,
    private readonly histogramBuilder: HistogramBuilder = tsHistogramBuilder
  ) {
    if (sharedScratch.length < rows.length) sharedScratch = new Uint32Array(rows.length);
    this.scratch = sharedScratch;
  }

  /** Grows the tree; call once. */
  grow(): void {
    const { rows, gradients, hessians } = this;
    // Rows are handed over only to a builder that partitions them itself (then it owns their
    // order until syncRows).
    const kernel = this.histogramBuilder;
    if (kernel.partition) kernel.prepare?.(this.binned, gradients, hessians, rows);
    else kernel.prepare?.(this.binned, gradients, hessians);
    const sums = kernel.nodeSums?.(gradients, hessians, rows, 0, rows.length) ?? null;
    let g = sums ? sums[0] : 0;
    let h = sums ? sums[1] : 0;
    if (!sums) {
      // Not held by the kernel: a plain loop in row order (the kernel's sums have these bits).
      for (let i = 0; i < rows.length; i++) {
        g += gradients[rows[i]];
        h += hessians[rows[i]];
      }
    }
    const root = this.makeNode(0, this.rows.length, 0, {
      grad: g,
      hess: h,
      count: this.rows.length
    });
    if (this.splittable(root)) {
      root.hist = this.pool.acquire();
      this.histogramBuilder.build(
        this.binned,
        this.rows,
        0,
        this.rows.length,
        this.gradients,
        this.hessians,
        this.featureMask,
        root.hist
      );
      this.findSplit(root);
    }
    const open: number[] = root.split ? [0] : [];
    const { maxLeafNodes } = this.params;
    let nLeaves = 1;
    while (open.length && (maxLeafNodes === null || nLeaves < maxLeafNodes)) {
      let pick = open.length - 1;
      if (maxLeafNodes !== null) {
        // Best-first: the largest gain (the earliest node on a tie, for determinism).
        for (let i = 0; i < open.length; i++)
          if (
            this.gain(open[i]) > this.gain(open[pick]) ||
            (this.gain(open[i]) === this.gain(open[pick]) && open[i] < open[pick])
          )
            pick = i;
      }
      const id = open[pick];
      open.splice(pick, 1);
      nLeaves++;
      const last = maxLeafNodes !== null && nLeaves >= maxLeafNodes;
      for (const child of this.splitNode(id, last)) if (this.nodes[child].split) open.push(child);
    }
    for (const id of open) this.releaseHist(this.nodes[id]);
    this.histogramBuilder.syncRows?.(this.rows);
  }

  private gain(id: number): number {
    return (this.nodes[id].split as SplitInfo).gain;
  }

  private makeNode(start: number, end: number, depth: number, sums: NodeSums): TrainNode {
    const { l2Regularization, learningRate } = this.params;
    const node: TrainNode = {
      start,
      end,
      depth,
      sums,
      value: leafValue(sums.grad, sums.hess, l2Regularization, learningRate),
      hist: null,
      split: null,
      left: -1,
      right: -1,
      unpartitioned: null,
      mixed: false
    };
    this.nodes.push(node);
    return node;
  }

  private splittable(n: TrainNode): boolean {
    return this.canSplit(n.depth, n.sums);
  }

  private canSplit(depth: number, sums: NodeSums): boolean {
    const p = this.params;
    if (p.maxDepth !== null && depth >= p.maxDepth) return false;
    return sums.count >= 2 * p.minSamplesLeaf && sums.hess >= 2 * p.minHessianToSplit;
  }

  private findSplit(n: TrainNode): void {
    n.split = findBestSplit(
      n.hist as Histogram,
      n.sums,
      this.mapper,
      this.featureMask,
      this.params
    );
    if (!n.split) this.releaseHist(n);
  }

  private releaseHist(n: TrainNode): void {
    if (n.hist) this.pool.release(n.hist);
    n.hist = null;
  }

  /** Splits node `id`; returns its children. `last`: no further splits will happen. */
  private splitNode(id: number, last: boolean): [number, number] {
    const node = this.nodes[id];
    const split = node.split as SplitInfo;
    const { rows, scratch } = this;
    // goesLeft per bin, looked up once per row.
    const toLeft = new Uint8Array(HIST_BINS);
    for (let b = 0; b < HIST_BINS; b++) toLeft[b] = goesLeft(split, b) ? 1 : 0;
    const depth = node.depth + 1;
    const sumsLeft = { grad: split.gradLeft, hess: split.hessLeft, count: split.countLeft };
    const sumsRight = { grad: split.gradRight, hess: split.hessRight, count: split.countRight };
    const doLeft = !last && this.canSplit(depth, sumsLeft);
    const doRight = !last && this.canSplit(depth, sumsRight);
    let nl = node.start + split.countLeft;
    // Children that split no further need no partition (the deepest level of a depth-wise tree):
    // the leaf update sorts their rows by `toLeft` instead (addTrainingPredictions).
    if (!doLeft && !doRight) node.unpartitioned = toLeft;
    else {
      const partition = this.histogramBuilder.partition;
      nl = partition
        ? partition(this.binned, rows, node.start, node.end, split.feature, toLeft, scratch)
        : partitionRows(this.binned[split.feature], rows, node.start, node.end, toLeft, scratch);
    }
    const left = this.makeNode(node.start, nl, depth, sumsLeft);
    const right = this.makeNode(nl, node.end, depth, sumsRight);
    left.mixed = right.mixed = node.unpartitioned !== null;
    node.left = this.nodes.length - 2;
    node.right = this.nodes.length - 1;
    if (doLeft || doRight) {
      const [small, large] = left.sums.count <= right.sums.count ? [left, right] : [right, left];
      small.hist = this.pool.acquire();
      this.histogramBuilder.build(
        this.binned,
        rows,
        small.start,
        small.end,
        this.gradients,
        this.hessians,
        this.featureMask,
        small.hist
      );
      large.hist = node.hist as Histogram;
      node.hist = null;
      subtractHistogram(large.hist, small.hist, large.hist);
      if (doLeft) this.findSplit(left);
      else this.releaseHist(left);
      if (doRight) this.findSplit(right);
      else this.releaseHist(right);
    } else this.releaseHist(node);
    return [node.left, node.right];
  }

  /**
   * Adds each leaf's value to the raw predictions of its training rows (the rows given to the
   * constructor): raw[row · stride + offset] += value.
   * @param raw Float64Array, length nRows × stride.
   */
  addTrainingPredictions(raw: Float64Array, stride: number, offset: number): void {
    const rows = this.rows;
    const kernel = this.histogramBuilder;
    const { nodes } = this;
    if (kernel.addLeafValues && stride === 1) {
      // Margins adopted by the kernel: it updates its own copy (one addition per row, same bits).
      const leaves: LeafRange[] = [];
      for (const n of nodes)
        if (n.unpartitioned) {
          const s = n.split as SplitInfo;
          // prettier-ignore
          leaves.push({
            start: n.start, end: n.end, value: nodes[n.left].value, feature: s.feature,
            toLeft: n.unpartitioned, valueRight: nodes[n.right].value
          });
        } else if (n.left < 0 && !n.mixed)
          leaves.push({ start: n.start, end: n.end, value: n.value });
      if (kernel.addLeafValues(raw, rows, leaves)) return;
    }
    for (const n of nodes) {
      if (n.unpartitioned) {
        const col = this.binned[(n.split as SplitInfo).feature];
        const toLeft = n.unpartitioned;
        const vl = nodes[n.left].value;
        const vr = nodes[n.right].value;
        for (let i = n.start; i < n.end; i++) {
          const r = rows[i];
          raw[r * stride + offset] += toLeft[col[r]] ? vl : vr;
        }
        continue;
      }
      if (n.left >= 0 || n.mixed) continue;
      const v = n.value;
      const end = n.end;
      if (stride === 1) for (let i = n.start; i < end; i++) raw[rows[i]] += v;
      else for (let i = n.start; i < end; i++) raw[rows[i] * stride + offset] += v;
    }
  }

  /** Leaf value reached by row `row` of binned data (same bins as training). */
  predictBinned(binned: Uint8Array[], row: number): number {
    let n = this.nodes[0];
    while (n.left >= 0) {
      const s = n.split as SplitInfo;
      n = this.nodes[goesLeft(s, binned[s.feature][row]) ? n.left : n.right];
    }
    return n.value;
  }

  /** The tree in flat form: preorder, local child indices, raw thresholds, covers = hessian sums. */
  toPredictor(): FlatTree {
    const order: number[] = [];
    const stack = [0];
    while (stack.length) {
      const id = stack.pop() as number;
      order.push(id);
      const n = this.nodes[id];
      if (n.left >= 0) stack.push(n.right, n.left);
    }
    const local = new Int32Array(this.nodes.length);
    order.forEach((id, i) => (local[id] = i));
    const m = order.length;
    const t: FlatTree = {
      feature: new Int32Array(m).fill(-1),
      threshold: new Float64Array(m),
      left: new Int32Array(m).fill(-1),
      right: new Int32Array(m).fill(-1),
      defaultLeft: new Uint8Array(m),
      value: new Float64Array(m),
      cover: new Float64Array(m),
      catOffset: new Int32Array(m).fill(-1),
      catWords: []
    };
    order.forEach((id, i) => {
      const n = this.nodes[id];
      t.value[i] = n.value;
      t.cover[i] = n.sums.hess;
      if (n.left < 0) return;
      const s = n.split as SplitInfo;
      t.feature[i] = s.feature;
      t.left[i] = local[n.left];
      t.right[i] = local[n.right];
      t.defaultLeft[i] = s.missingLeft ? 1 : 0;
      if (s.catLeft) {
        t.catOffset[i] = t.catWords.length;
        t.catWords.push(...this.bitset(s));
      } else t.threshold[i] = rawThreshold(this.mapper, s.feature, s.bin);
    });
    return t;
  }

  /** Category codes sent left; codes unseen in training follow the missing direction. */
  private bitset(s: SplitInfo): Uint32Array {
    const words = new Uint32Array(CAT_WORDS);
    const codes = this.mapper.edges[s.feature];
    const known = new Uint8Array(HIST_BINS);
    const left = s.catLeft as Uint8Array;
    codes.forEach((code, bin) => {
      known[code] = 1;
      if (left[bin]) words[code >>> 5] |= 1 << (code & 31);
    });
    if (left[MISSING_BIN])
      for (let code = 0; code < HIST_BINS; code++)
        if (!known[code]) words[code >>> 5] |= 1 << (code & 31);
    return words;
  }
}
