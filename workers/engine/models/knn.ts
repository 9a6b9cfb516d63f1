/**
 * k nearest neighbours (scikit-learn `KNeighborsClassifier` / `KNeighborsRegressor`, brute force,
 * Euclidean distance on the given — scaled — columns). The fitted model is the reference set.
 * - weights 'uniform': every neighbour counts 1; 'distance': 1 / d, and when some neighbours sit
 *   at distance 0 only they count (as sklearn);
 * - classification: probability of class k = weighted share of the neighbours in class k;
 *   regression: weighted mean of their targets;
 * - sample weights (class weights) multiply each reference row's vote — sklearn's kNN has no
 *   sample weights; with none given the results are sklearn's;
 * - ties in distance: the reference row that comes first wins (sklearn's order is unspecified);
 * - nNeighbors above the reference size is capped to it (sklearn raises instead).
 */
import { checkShape, checkTraining, toRowMajor } from './inputs';
import { checkTask, isInt, resolveParams } from './params';
import {
  encodeF64,
  invalidModel,
  readChoice,
  readF64,
  readInt,
  readParams,
  readState
} from './codec';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask, ModelTrainer } from './types';

export const KNN_FORMAT = 'dg-knn/1';

export type KnnParams = {
  nNeighbors: number;
  weights: 'uniform' | 'distance';
};

export const KNN_DEFAULTS: Readonly<KnnParams> = Object.freeze({
  nNeighbors: 5,
  weights: 'uniform'
});

const CHECKS = {
  nNeighbors: [(v: unknown) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  weights: [(v: unknown) => v === 'uniform' || v === 'distance', "'uniform' or 'distance'"]
} as const;

const resolve = (given: Readonly<Record<string, unknown>> | null | undefined): KnnParams =>
  resolveParams('knn', { ...KNN_DEFAULTS }, given, CHECKS);

const TASKS: readonly ModelTask[] = ['binary', 'multiclass', 'regression'];

/** Query rows handled together, so that each reference row is read once per block. */
const BLOCK = 32;

export class KnnModel implements FittedModel {
  readonly family = 'knn' as const;
  readonly nRef: number;
  /**
   * @param refX Float64Array, length nRef × nFeatures, row-major: the reference rows.
   * @param refY Float64Array, length nRef: class codes or targets.
   * @param refW Float64Array, length nRef: vote weights.
   * @param nClasses classes (classification) or 1 (regression).
   */
  constructor(
    readonly params: KnnParams,
    readonly task: ModelTask,
    readonly nClasses: number,
    readonly nFeatures: number,
    readonly refX: Float64Array,
    readonly refY: Float64Array,
    readonly refW: Float64Array
  ) {
    this.nRef = refY.length;
  }

  /** Classification: Float64Array, length nRows × nClasses; regression: length nRows. */
  predict(X: DesignMatrix): Float64Array {
    checkShape(X, this.nFeatures);
    const p = this.nFeatures;
    const k = Math.min(this.params.nNeighbors, this.nRef);
    const classify = this.task !== 'regression';
    const width = classify ? this.nClasses : 1;
    const Q = toRowMajor(X);
    const out = new Float64Array(X.nRows * width);
    const dist = new Float64Array(BLOCK * k);
    const idx = new Int32Array(BLOCK * k);
    const { refX, refY, refW } = this;
    for (let q0 = 0; q0 < X.nRows; q0 += BLOCK) {
      const nq = Math.min(BLOCK, X.nRows - q0);
      dist.fill(Infinity);
      idx.fill(-1);
      for (let r = 0; r < this.nRef; r++) {
        const ro = r * p;
        for (let b = 0; b < nq; b++) {
          const qo = (q0 + b) * p;
          const worst = dist[b * k + k - 1];
          let s = 0;
          for (let j = 0; j < p && s < worst; j++) {
            const d = Q[qo + j] - refX[ro + j];
            s += d * d;
          }
          if (s < worst) insert(dist, idx, b * k, k, s, r);
        }
      }
      for (let b = 0; b < nq; b++) {
        const o = (q0 + b) * width;
        const base = b * k;
        const exact = this.params.weights === 'distance' && dist[base] === 0;
        let total = 0;
        for (let t = 0; t < k; t++) {
          const r = idx[base + t];
          const d = dist[base + t];
          let v = refW[r];
          if (this.params.weights === 'distance') v *= exact ? (d === 0 ? 1 : 0) : 1 / Math.sqrt(d);
          total += v;
          if (classify) out[o + refY[r]] += v;
          else out[o] += v * refY[r];
        }
        if (total > 0) for (let c = 0; c < width; c++) out[o + c] /= total;
        else fallback(out, o, classify, refY, idx, base, k);
      }
    }
    return out;
  }

  encode(): EncodedModel {
    return {
      family: 'knn',
      format: KNN_FORMAT,
      params: { ...this.params },
      state: {
        task: this.task,
        nClasses: this.nClasses,
        nFeatures: this.nFeatures,
        nRef: this.nRef,
        refX: encodeF64(this.refX),
        refY: encodeF64(this.refY),
        refW: encodeF64(this.refW)
      }
    };
  }
}

/** Inserts (s, r) into the ascending top-k list at `base`; an equal distance goes after. */
function insert(
  dist: Float64Array,
  idx: Int32Array,
  base: number,
  k: number,
  s: number,
  r: number
): void {
  let t = k - 1;
  while (t > 0 && dist[base + t - 1] > s) {
    dist[base + t] = dist[base + t - 1];
    idx[base + t] = idx[base + t - 1];
    t--;
  }
  dist[base + t] = s;
  idx[base + t] = r;
}

/** All neighbours have weight 0 (zero sample weights): fall back to an unweighted vote. */
function fallback(
  out: Float64Array,
  o: number,
  classify: boolean,
  refY: Float64Array,
  idx: Int32Array,
  base: number,
  k: number
): void {
  for (let t = 0; t < k; t++) {
    if (classify) out[o + refY[idx[base + t]]] += 1 / k;
    else out[o] += refY[idx[base + t]] / k;
  }
}

export const knnTrainer: ModelTrainer<KnnParams> = {
  family: 'knn',
  tasks: TASKS,
  input: 'dense',
  needsScaling: true,
  defaults: () => ({ ...KNN_DEFAULTS }),
  space: {
    nNeighbors: { type: 'int', low: 1, high: 50, log: true },
    weights: { type: 'choice', values: ['uniform', 'distance'] }
  },
  async fit(X, y, given, ctx) {
    const params = resolve(given);
    checkTask('knn', ctx.task, TASKS);
    const w = checkTraining(X, y, ctx);
    const nClasses = ctx.task === 'regression' ? 1 : ctx.nClasses;
    return new KnnModel(
      params,
      ctx.task,
      nClasses,
      X.columns.length,
      toRowMajor(X),
      Float64Array.from(y),
      Float64Array.from(w)
    );
  }
};

/** Rebuilds a KnnModel from its encoding. @throws AppError INVALID_MODEL. */
export function decodeKnn(e: EncodedModel): KnnModel {
  const s = readState(e, 'knn', KNN_FORMAT);
  const params = readParams(e, resolve);
  const task = readChoice(s, 'task', TASKS);
  const nClasses = readInt(s, 'nClasses', task === 'regression' ? 1 : 2);
  const nFeatures = readInt(s, 'nFeatures', 0);
  const nRef = readInt(s, 'nRef', 1);
  const refY = readF64(s, 'refY', nRef);
  if (task !== 'regression' && !refY.every((v) => Number.isInteger(v) && v >= 0 && v < nClasses))
    throw invalidModel(
      'refY holds a value that is not a class code',
      'refY zawiera wartość spoza kodów klas',
      {
        field: 'refY'
      }
    );
  const refW = readF64(s, 'refW', nRef);
  if (!refW.every((v) => v >= 0))
    throw invalidModel('refW holds a negative weight', 'refW zawiera ujemną wagę', {
      field: 'refW'
    });
  return new KnnModel(
    params,
    task,
    nClasses,
    nFeatures,
    readF64(s, 'refX', nRef * nFeatures),
    refY,
    refW
  );
}
