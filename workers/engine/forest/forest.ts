/**
 * fitForest: random forest and extra trees (scikit-learn's RandomForest / ExtraTrees on binned
 * data) and fitDecisionTree (one interpretable tree). Bins the rows once (≤ 255 bins + missing),
 * then per tree draws bootstrap weights (counts of n draws with replacement) or uses every row,
 * grows the tree (tree-builder.ts) and accumulates training-time and out-of-bag outputs. Ends with
 * a FlatForest of kind 'averaging', link 'identity': classification leaves hold K class
 * probabilities (valueWidth = nOutputs = K, treeOutput −1), regression leaves hold means.
 */
import { CancelledError, DataValidationError } from '../errors';
import { checkTrainingInputs } from '../gbdt/inputs';
import type { CancelSignal, ProgressFn } from '../progress';
import { createRng } from '../rng';
import { binColumns, fitBinMapper } from '../gbdt/binning';
import type { FlatForest } from '../gbdt/flat-forest';
import { packForest, type FlatTree } from '../gbdt/pack';
import type { FeatureKind } from '../gbdt/params';
import { accuracy } from '../metrics/classification';
import { r2 } from '../metrics/regression';
import { SplitFinder, type SplitTargets } from './node-split';
import { growTree, leafBinned } from './tree-builder';
import {
  DECISION_TREE_DEFAULTS,
  featuresPerSplit,
  resolveForestParams,
  type ForestParams,
  type ResolvedForestParams
} from './params';

export interface ForestResult {
  forest: FlatForest;
  /**
   * Float64Array, length nRows × forest.nOutputs: the forest's output on every training row,
   * computed from the binned rows at training time (equals predictRaw on the raw rows).
   */
  trainPrediction: Float64Array;
  /** Out-of-bag accuracy (classification) or R² (regression), over rows out of bag at least once; bootstrap only. */
  oobScore?: number;
  /** Float64Array, length nRows × nOutputs: mean over the trees a row was out of bag for; NaN rows never out of bag. */
  oobPrediction?: Float64Array;
}

function fit(
  X: Float64Array[],
  kinds: FeatureKind[],
  y: Float64Array,
  p: ResolvedForestParams,
  onProgress?: ProgressFn,
  signal?: CancelSignal,
  sampleWeight?: Float64Array | null
): ForestResult {
  const classification = p.task === 'classification';
  const checked = checkTrainingInputs(X, kinds, y, {
    classification,
    nClasses: p.nClasses,
    requireFeatures: true
  });
  if (
    sampleWeight &&
    (sampleWeight.length !== y.length || sampleWeight.some((v) => !(v >= 0 && v < Infinity)))
  )
    throw new DataValidationError({
      code: 'INVALID_INPUT',
      message: {
        pl: `wagi wierszy: oczekiwano ${y.length} skończonych liczb ≥ 0`,
        en: `sample weights: expected ${y.length} finite numbers ≥ 0`
      },
      details: { param: 'sampleWeight' }
    });
  const K = classification ? checked : 1;
  const n = y.length;
  const nF = X.length;
  const width = classification ? K : 1;
  const rng = createRng(p.seed);
  const mapper = fitBinMapper(X, kinds, { maxBins: p.maxBins, seed: p.seed });
  const binned = binColumns(mapper, X);
  const targets: SplitTargets = {
    classification,
    C: classification ? K : 2,
    cls: classification ? Int32Array.from(y) : new Int32Array(0),
    y,
    w: new Float64Array(n)
  };
  const finder = new SplitFinder(
    binned,
    mapper,
    targets,
    rng,
    featuresPerSplit(p.maxFeatures, nF),
    p.minSamplesLeaf,
    p.algorithm === 'extraTrees'
  );
  const trees: FlatTree[] = [];
  const train = new Float64Array(n * width);
  const oob = new Float64Array(n * width);
  const oobTrees = new Uint32Array(n);
  for (let t = 0; t < p.nEstimators; t++) {
    if (signal?.aborted) throw new CancelledError('forest');
    const w = targets.w;
    if (p.bootstrap) {
      w.fill(0);
      for (let i = 0; i < n; i++) w[rng.int(n)]++;
    } else w.fill(1);
    // Sample weights (e.g. class weights) scale each row's bootstrap count.
    if (sampleWeight) for (let i = 0; i < n; i++) w[i] *= sampleWeight[i];
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (w[i] > 0) rows.push(i);
    const tree = growTree(binned, mapper, targets, Uint32Array.from(rows), finder, p);
    trees.push(tree.flat);
    const v = tree.flat.value;
    for (let r = 0; r < n; r++) {
      const leaf = leafBinned(tree, binned, r) * width;
      for (let k = 0; k < width; k++) train[r * width + k] += v[leaf + k];
      if (w[r] > 0) continue;
      oobTrees[r]++;
      for (let k = 0; k < width; k++) oob[r * width + k] += v[leaf + k];
    }
    onProgress?.({ stage: 'forest', fraction: (t + 1) / p.nEstimators });
  }
  for (let i = 0; i < train.length; i++) train[i] = train[i] / p.nEstimators + 0;
  const forest = packForest(
    trees,
    trees.map(() => -1),
    {
      kind: 'averaging',
      link: 'identity',
      nFeatures: nF,
      nOutputs: width,
      baseScore: new Float64Array(width),
      valueWidth: width
    }
  );
  const result: ForestResult = { forest, trainPrediction: train };
  if (p.bootstrap) {
    const seen: number[] = [];
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < width; k++)
        oob[r * width + k] = oobTrees[r] ? oob[r * width + k] / oobTrees[r] : NaN;
      if (oobTrees[r]) seen.push(r);
    }
    result.oobPrediction = oob;
    if (seen.length) {
      const pred = new Float64Array(seen.length * width);
      seen.forEach((r, i) => pred.set(oob.subarray(r * width, (r + 1) * width), i * width));
      const yy = Float64Array.from(seen, (r) => y[r]);
      result.oobScore = classification ? accuracy(pred, yy, width) : r2(yy, pred);
    }
  }
  return result;
}

/**
 * Fits a random forest or extra-trees ensemble.
 * @param X Float64Array per feature (column-major), each of length nRows; NaN = missing;
 *   categorical features as integer codes 0 … 255.
 * @param featureKinds length nFeatures.
 * @param y Float64Array, length nRows: class codes 0 … K − 1 (classification) or values (regression).
 * @param sampleWeight Float64Array, length nRows, finite ≥ 0 (e.g. class weights), or null.
 * @throws AppError INVALID_PARAM, DataValidationError INVALID_INPUT, CancelledError.
 */
export function fitForest(
  X: Float64Array[],
  featureKinds: FeatureKind[],
  y: Float64Array,
  params: Partial<ForestParams>,
  onProgress?: ProgressFn,
  signal?: CancelSignal,
  sampleWeight?: Float64Array | null
): ForestResult {
  return fit(X, featureKinds, y, resolveForestParams(params), onProgress, signal, sampleWeight);
}

/**
 * Fits one decision tree: no bootstrap, every feature at every split, best thresholds, and
 * maxDepth 5 unless given (DECISION_TREE_DEFAULTS) — small enough to read. Same arguments and
 * result as fitForest (a one-tree 'averaging' forest; no OOB score).
 */
export function fitDecisionTree(
  X: Float64Array[],
  featureKinds: FeatureKind[],
  y: Float64Array,
  params: Partial<Omit<ForestParams, 'nEstimators' | 'bootstrap' | 'algorithm'>>,
  onProgress?: ProgressFn,
  signal?: CancelSignal,
  sampleWeight?: Float64Array | null
): ForestResult {
  const p = resolveForestParams({ ...DECISION_TREE_DEFAULTS, ...params });
  return fit(
    X,
    featureKinds,
    y,
    { ...p, nEstimators: 1, bootstrap: false, algorithm: 'randomForest' },
    onProgress,
    signal,
    sampleWeight
  );
}
