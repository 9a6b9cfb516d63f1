/**
 * The flat tree-ensemble format: what every tree model (GBDT, random forest, extra trees, decision
 * tree, imported XGBoost) becomes when training ends (`toPredictor()`), what model bundles store
 * (typed arrays → base64), what the WASM prediction and TreeSHAP kernels read, and what the
 * TypeScript reference predictor walks. Training structures (grower nodes, histograms) never leave
 * the trainer; this is the only inference structure.
 *
 * Layout: all trees' nodes are packed into one set of parallel arrays. Tree t owns the node range
 * [treeStart[t], treeStart[t + 1]); its root is the first node of that range. `left` / `right`
 * are indices *local to the tree* (add treeStart[t]); −1 marks a leaf.
 *
 * Split rule at an internal node n with feature f = feature[n] and input value x:
 *  - x missing (NaN) → left when defaultLeft[n] = 1, else right;
 *  - numeric split (catOffset[n] = −1) → left when x < threshold[n]; when `float32Splits` is set
 *    (imported XGBoost), left when Math.fround(x) < threshold[n] (threshold already a float32);
 *  - categorical split (catOffset[n] ≥ 0) → x is a category code (integer ≥ 0); left when bit x of
 *    the bitset catWords[catOffset[n] … catOffset[n] + CAT_WORDS − 1] is set; codes outside the
 *    bitset (≥ 32·CAT_WORDS, unseen categories) go to the default side like missing values.
 */

/** Words per categorical bitset: 8 × 32 = 256 category codes. */
export const CAT_WORDS = 8;

/** How the per-output sums of leaf values become predictions. */
export type ForestKind =
  /** GBDT: raw margin = baseScore + Σ leaves (one tree per output per round). */
  | 'boosting'
  /** Random forest / extra trees / decision tree: output = mean over the trees of each output's leaf values. */
  | 'averaging';

/** Link from the raw output to the prediction. */
export type ForestLink = 'identity' | 'logistic' | 'softmax';

export interface FlatForest {
  kind: ForestKind;
  link: ForestLink;
  /** Number of input features the trees index into. */
  nFeatures: number;
  /** Outputs per row: 1 (regression, binary margin) or K (multiclass; averaging classifiers: K class probabilities). */
  nOutputs: number;
  /** Float64Array, length nOutputs: added to every row's raw output (0 for averaging). */
  baseScore: Float64Array;
  /** Int32Array, length nTrees + 1: node range of each tree. */
  treeStart: Int32Array;
  /** Int32Array, length nTrees: the output (class) each tree contributes to (averaging trees with nOutputs > 1 use leafValues of width nOutputs instead: treeOutput = −1). */
  treeOutput: Int32Array;
  /** Int32Array, length nNodes: split feature; −1 at a leaf. */
  feature: Int32Array;
  /** Float64Array, length nNodes: numeric threshold (unused at leaves and categorical nodes). */
  threshold: Float64Array;
  /** Int32Array, length nNodes: local index of the left child; −1 at a leaf. */
  left: Int32Array;
  /** Int32Array, length nNodes: local index of the right child; −1 at a leaf. */
  right: Int32Array;
  /** Uint8Array, length nNodes: 1 when missing values go left. */
  defaultLeft: Uint8Array;
  /**
   * Float64Array, length nNodes × valueWidth: node value (leaf output; internal nodes hold the
   * node's own value, used by explainers). valueWidth = nOutputs for averaging trees with
   * treeOutput −1, else 1.
   */
  value: Float64Array;
  /** Values per node in `value` (1, or nOutputs for multi-output averaging trees). */
  valueWidth: number;
  /** Float64Array, length nNodes: cover (hessian sum, or training-sample count) — TreeSHAP weights. */
  cover: Float64Array;
  /** Int32Array, length nNodes: −1 for a numeric split, else the offset of its bitset in catWords. */
  catOffset: Int32Array;
  /** Uint32Array, length (number of categorical nodes) × CAT_WORDS. */
  catWords: Uint32Array;
  /** Compare in float32 (imported XGBoost models). */
  float32Splits: boolean;
}

/** Number of trees in a forest. */
export function treeCount(f: FlatForest): number {
  return f.treeStart.length - 1;
}
