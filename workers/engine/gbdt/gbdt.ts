/**
 * fitGbdt: histogram gradient boosting (scikit-learn HistGradientBoosting, same defaults and
 * vocabulary). Bins the training rows, then per round computes gradients and hessians, grows one
 * tree per output on (a subsample of) the rows, and updates raw predictions; optional early
 * stopping on a held-out validation split. Ends with the flat forest (kind 'boosting').
 */
import { CancelledError } from '../errors';
import { checkTrainingInputs } from './inputs';
import type { CancelSignal, ProgressFn } from '../progress';
import { createRng, sampleWithoutReplacement, shuffleInPlace, type Rng } from '../rng';
import { binColumns, fitBinMapper } from './binning';
import type { FlatForest } from './flat-forest';
import { TreeGrower } from './grower';
import { HistogramPool, tsHistogramBuilder, type HistogramBuilder } from './histogram';
import { createObjective } from './loss/create';
import { packForest, type FlatTree } from './pack';
import { resolveGbdtParams, type FeatureKind, type GbdtParams } from './params';

export interface GbdtResult {
  forest: FlatForest;
  /** Rounds actually run (≤ maxIter; fewer after early stopping). */
  nIter: number;
  /**
   * Mean training loss after each round (length nIter) when asked for (`GbdtFitOptions.trainLoss`);
   * empty otherwise — it costs a log and an exp per training row and round.
   */
  trainLoss: number[];
  /** Mean validation loss after each round (length nIter; empty without early stopping). */
  validLoss: number[];
}

/** Engine options of `fitGbdt` that do not change its results. */
export interface GbdtFitOptions {
  /**
   * Histogram kernel (default: the TypeScript `buildHistogram`). Every builder gives the same
   * bits, so the same forest; e.g. `createWasmHistogram(bytes)` (histogram-wasm.ts), instantiated
   * once by the caller from wasm/hist's bytes (the engine reads no files).
   */
  histogramBuilder?: HistogramBuilder;
  /** Record the mean training loss after every round in `GbdtResult.trainLoss` (default false). */
  trainLoss?: boolean;
}

/** Training / validation rows: a (stratified, for classification) random validation share. */
function splitRows(
  y: Float64Array,
  p: GbdtParams,
  on: boolean,
  rng: Rng
): [Uint32Array, Uint32Array] {
  const n = y.length;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  if (!on) return [all, new Uint32Array(0)];
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = p.loss === 'logLoss' ? y[i] : 0;
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  }
  const valid: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = shuffleInPlace(Uint32Array.from(groups.get(key) as number[]), rng);
    valid.push(...g.subarray(0, Math.round(g.length * p.validationFraction)));
  }
  const isValid = new Uint8Array(n);
  for (const i of valid) isValid[i] = 1;
  return [all.filter((i) => !isValid[i]), Uint32Array.from(valid).sort()];
}

/** scikit-learn `_should_stop`: no score among the last nIterNoChange beat the one before them by > tol. */
function shouldStop(losses: number[], p: GbdtParams): boolean {
  if (losses.length <= p.nIterNoChange) return false;
  const ref = losses[losses.length - 1 - p.nIterNoChange];
  return losses.slice(-p.nIterNoChange).every((l) => -l <= -ref + p.tol);
}

/**
 * Fits a gradient-boosted tree ensemble.
 * @param X Float64Array per feature (column-major), each of length nRows; NaN = missing;
 *   categorical features as integer codes 0 … 255.
 * @param featureKinds length nFeatures.
 * @param y Float64Array, length nRows: values (squaredError) or class codes 0 … K − 1 (logLoss).
 * @param options engine options (histogram kernel); results do not depend on them.
 * @throws AppError INVALID_PARAM, DataValidationError INVALID_INPUT, CancelledError.
 */
export function fitGbdt(
  X: Float64Array[],
  featureKinds: FeatureKind[],
  y: Float64Array,
  params: Partial<GbdtParams>,
  onProgress?: ProgressFn,
  signal?: CancelSignal,
  options: GbdtFitOptions = {}
): GbdtResult {
  const histogramBuilder = options.histogramBuilder ?? tsHistogramBuilder;
  const p = resolveGbdtParams(params);
  const nClasses = checkTrainingInputs(X, featureKinds, y, {
    classification: p.loss === 'logLoss',
    nClasses: p.nClasses
  });
  const n = y.length;
  const nF = X.length;
  const rng = createRng(p.seed);
  const es = p.earlyStopping === 'auto' ? n > 10_000 : p.earlyStopping;
  const [train, valid] = splitRows(y, p, es, rng);
  const mapper = fitBinMapper(X, featureKinds, { maxBins: p.maxBins, seed: p.seed, rows: train });
  const binned = binColumns(mapper, X);
  const obj = createObjective(p.loss, nClasses);
  const K = obj.nOutputs;
  const base = obj.baseScore(y, train);
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) raw.set(base, i * K);
  const grad = Array.from({ length: K }, () => new Float64Array(n));
  const hess = Array.from({ length: K }, () => new Float64Array(n));
  const pool = new HistogramPool(nF);
  const trees: FlatTree[] = [];
  const treeOutput: number[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  const scores = es ? [obj.loss(y, raw, valid)] : [];
  const nSub = Math.max(1, Math.floor(p.subsample * train.length));
  const nCols = Math.max(1, Math.round(p.colsampleByTree * nF));
  // One row buffer per output, reused every round (growers partition their rows in place).
  const rowBufs = Array.from({ length: K }, () => new Uint32Array(nSub));
  // Rows whose raw predictions the growers do not update: validation rows, plus the training rows
  // left out of the round's subsample.
  const inSample = new Uint8Array(n);
  // Binary log-loss on every training row each round: the kernel may keep the training margins
  // for the whole fit (gradients and leaf updates without copies); raw[train] is stale meanwhile.
  const kb = histogramBuilder;
  const resident =
    K === 1 &&
    p.loss === 'logLoss' &&
    nSub === train.length &&
    !!kb.adoptMargins &&
    !!kb.residentGradients &&
    !!kb.releaseMargins;
  if (resident) kb.adoptMargins?.(binned, y, raw, train);
  let it = 0;
  try {
    while (it < p.maxIter) {
      if (signal?.aborted) throw new CancelledError('gbdt');
      if (resident && kb.residentGradients?.(binned, grad[0], hess[0])) {
        // Gradients computed and kept in the kernel.
      } else if (K === 1 && p.loss === 'logLoss' && histogramBuilder.logisticGradients)
        histogramBuilder.logisticGradients(binned, y, raw, train, grad[0], hess[0]);
      else obj.gradients(y, raw, train, grad, hess);
      const sample =
        nSub < train.length
          ? sampleWithoutReplacement(train.length, nSub, rng).map((i) => train[i])
          : train;
      const growers: TreeGrower[] = [];
      for (let k = 0; k < K; k++) {
        let mask: Uint8Array | null = null;
        if (nCols < nF) {
          mask = new Uint8Array(nF);
          for (const f of sampleWithoutReplacement(nF, nCols, rng)) mask[f] = 1;
        }
        rowBufs[k].set(sample);
        const g = new TreeGrower(
          binned,
          mapper,
          grad[k],
          hess[k],
          rowBufs[k],
          p,
          mask,
          pool,
          histogramBuilder
        );
        g.grow();
        growers.push(g);
        trees.push(g.toPredictor());
        treeOutput.push(k);
      }
      const everyRow = sample.length === n;
      if (!everyRow) for (const r of sample) inSample[r] = 1;
      growers.forEach((g, k) => {
        g.addTrainingPredictions(raw, K, k);
        if (!everyRow)
          for (let r = 0; r < n; r++)
            if (!inSample[r]) raw[r * K + k] += g.predictBinned(binned, r);
      });
      if (!everyRow) for (const r of sample) inSample[r] = 0;
      it++;
      if (options.trainLoss) {
        // The training margins back from the kernel (and adopted again) for the loss.
        if (resident) kb.releaseMargins?.(raw);
        trainLoss.push(obj.loss(y, raw, train));
        if (resident) kb.adoptMargins?.(binned, y, raw, train);
      }
      onProgress?.({ stage: 'gbdt', fraction: it / p.maxIter });
      if (es) {
        validLoss.push(obj.loss(y, raw, valid));
        scores.push(validLoss[validLoss.length - 1]);
        if (shouldStop(scores, p)) break;
      }
    }
  } finally {
    if (resident) kb.releaseMargins?.(raw);
  }
  const forest = packForest(trees, treeOutput, {
    kind: 'boosting',
    link: obj.link,
    nFeatures: nF,
    nOutputs: K,
    baseScore: base,
    valueWidth: 1
  });
  return { forest, nIter: it, trainLoss, validLoss };
}
