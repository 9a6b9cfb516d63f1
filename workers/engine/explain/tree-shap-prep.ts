/**
 * What both TreeSHAP kernels (tree-shap.ts in TypeScript, wasm/shap in WebAssembly) share: the
 * per-node cover fractions, the trees' depth, the expected values (base values) and the final
 * scaling of averaging forests. Computed once per forest in TypeScript, so that the two kernels
 * only differ in the per-row recursion — which they run in the same operation order, hence
 * identical bits.
 *
 * Cover fraction of node n with parent p: cover[n] / cover[p] (0 when cover[p] ≤ 0; 1 at a root).
 * The set function explained is the path-dependent one of Lundberg et al. (2018, Algorithm 2):
 * v(S) = Σ over leaves of value × Π over the leaf's ancestors (split feature ∈ S ? [x goes that
 * way] : fraction of the child on the path). Additivity (base + Σ φ = f(x)) is Shapley's
 * efficiency for that v, with base = v(∅) — it holds whatever the covers, because base values are
 * computed from the same fractions.
 */
import { treeCount, type FlatForest } from '../gbdt/flat-forest';
import { DataValidationError } from '../errors';

/** Per-forest tables both kernels read. */
export interface ShapPrep {
  /** Float64Array, length nNodes: cover fraction of each node within its parent (1 at roots). */
  fraction: Float64Array;
  /** Deepest leaf over all trees, in edges from the root. */
  maxDepth: number;
  /** Float64Array, length nOutputs: trees contributing to each output (averaging divides by it). */
  counts: Float64Array;
}

function badForest(what: string, details: Record<string, unknown>): DataValidationError {
  return new DataValidationError({
    code: 'INVALID_MODEL',
    message: {
      pl: `nieprawidłowy las drzew dla TreeSHAP: ${what}`,
      en: `invalid tree forest for TreeSHAP: ${what}`
    },
    details
  });
}

/**
 * Fractions, depth and per-output tree counts of a forest.
 * @throws DataValidationError INVALID_MODEL when a child index leaves its tree, a node is reached
 *   twice (not a tree) or a split feature is outside 0 … nFeatures − 1.
 */
export function prepareShap(forest: FlatForest): ShapPrep {
  const { treeStart, left, right, cover, treeOutput, nOutputs } = forest;
  // Checked here because the kernels index rows by feature without bounds checks.
  const nTrees = treeCount(forest);
  const fraction = new Float64Array(left.length);
  const seen = new Uint8Array(left.length);
  let maxDepth = 0;
  const stack: number[] = [];
  for (let t = 0; t < nTrees; t++) {
    const s = treeStart[t];
    const size = treeStart[t + 1] - s;
    if (size <= 0) throw badForest(`tree ${t} has no nodes`, { tree: t });
    fraction[s] = 1;
    stack.push(s, 0);
    while (stack.length) {
      const depth = stack.pop() as number;
      const n = stack.pop() as number;
      if (seen[n]) throw badForest(`node ${n - s} of tree ${t} is reached twice`, { tree: t });
      seen[n] = 1;
      if (left[n] < 0) {
        if (depth > maxDepth) maxDepth = depth;
        continue;
      }
      const feat = forest.feature[n];
      if (!(feat >= 0 && feat < forest.nFeatures)) {
        throw badForest(
          `node ${n - s} of tree ${t} splits on feature ${feat}, outside 0 … ${forest.nFeatures - 1}`,
          {
            tree: t,
            node: n - s,
            feature: feat
          }
        );
      }
      const w = cover[n];
      for (const c of [left[n], right[n]]) {
        if (!(c >= 0 && c < size)) {
          throw badForest(`child ${c} of node ${n - s} in tree ${t} is outside the tree`, {
            tree: t,
            node: n - s,
            child: c
          });
        }
        fraction[s + c] = w > 0 ? cover[s + c] / w : 0;
        stack.push(s + c, depth + 1);
      }
    }
  }
  const counts = new Float64Array(nOutputs);
  for (const k of treeOutput) {
    if (k >= 0) counts[k]++;
    else for (let j = 0; j < nOutputs; j++) counts[j]++;
  }
  return { fraction, maxDepth, counts };
}

/**
 * Weight tables of the path arithmetic, so that the kernels multiply instead of divide (a one
 * fraction is always 0 or 1: a product of "the row goes this way" indicators). Row d (unique path
 * depth, 0 … W − 1 with W = maxDepth + 2), column i (0 … d), each table W × W, packed one after
 * the other: UP (i + 1)/(d + 1), DOWN (d − i)/(d + 1), HOT (d + 1)/(i + 1), COLD (d + 1)/(d − i).
 * @returns Float64Array, length 4 · W².
 */
export function pathTables(maxDepth: number): Float64Array {
  const W = maxDepth + 2;
  const t = new Float64Array(4 * W * W);
  for (let d = 0; d < W; d++) {
    for (let i = 0; i <= d; i++) {
      t[d * W + i] = (i + 1) / (d + 1);
      t[W * W + d * W + i] = (d - i) / (d + 1);
      t[2 * W * W + d * W + i] = (d + 1) / (i + 1);
      t[3 * W * W + d * W + i] = i < d ? (d + 1) / (d - i) : 0;
    }
  }
  return t;
}

/** Path scratch (elements) the recursion needs for trees of this depth: (D + 2)(D + 3) / 2. */
export function pathScratchLength(maxDepth: number): number {
  return ((maxDepth + 2) * (maxDepth + 3)) / 2;
}

/** v(∅) of the subtree at global node n: fraction-weighted mean of its leaves, output j. */
function expected(f: FlatForest, fraction: Float64Array, s: number, n: number, j: number): number {
  const l = f.left[n];
  if (l < 0) return f.value[n * f.valueWidth + j];
  const r = f.right[n];
  return (
    fraction[s + l] * expected(f, fraction, s, s + l, j) +
    fraction[s + r] * expected(f, fraction, s, s + r, j)
  );
}

/**
 * Base values: the expected raw output, in the forest's own accumulation order (predict.ts):
 * boosting = baseScore + E(tree 0) + E(tree 1) + …; averaging = (0 + E(tree 0) + …) / count + base.
 * @returns Float64Array, length nOutputs.
 */
export function baseValues(forest: FlatForest, prep: ShapPrep): Float64Array {
  const K = forest.nOutputs;
  const averaging = forest.kind === 'averaging';
  const out = averaging ? new Float64Array(K) : Float64Array.from(forest.baseScore);
  for (let t = 0; t < treeCount(forest); t++) {
    const s = forest.treeStart[t];
    const k = forest.treeOutput[t];
    if (k >= 0) out[k] += expected(forest, prep.fraction, s, s, 0);
    else for (let j = 0; j < K; j++) out[j] += expected(forest, prep.fraction, s, s, j);
  }
  if (averaging) {
    for (let k = 0; k < K; k++) {
      const c = prep.counts[k];
      out[k] = (c > 0 ? out[k] / c : 0) + forest.baseScore[k];
    }
  }
  return out;
}

/**
 * Averaging forests: divides each output's summed contributions by its tree count, in place.
 * @param values Float64Array, length nOutputs × nRows × nFeatures (explain/types.ts layout).
 */
export function finishValues(forest: FlatForest, prep: ShapPrep, values: Float64Array): void {
  if (forest.kind !== 'averaging') return;
  const per = values.length / forest.nOutputs;
  for (let k = 0; k < forest.nOutputs; k++) {
    const c = prep.counts[k];
    for (let i = k * per; i < (k + 1) * per; i++) values[i] = c > 0 ? values[i] / c : 0;
  }
}

/**
 * Raw outputs (predict.ts `predictRaw`, row-major nRows × nOutputs) in the explain layout.
 * @returns Float64Array, length nOutputs × nRows: (o, r) at o · nRows + r.
 */
export function transposeMargin(raw: Float64Array, nRows: number, K: number): Float64Array {
  const out = new Float64Array(nRows * K);
  for (let r = 0; r < nRows; r++) for (let k = 0; k < K; k++) out[k * nRows + r] = raw[r * K + k];
  return out;
}
