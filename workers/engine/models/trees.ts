/**
 * The tree families of the model zoo — GBDT, random forest, extra trees, decision tree — as
 * `ModelTrainer`s over the tree engine (gbdt/, forest/). They take the 'tree' pipeline flavour:
 * NaN kept (trees learn the missing side) and low-cardinality categories as native categorical
 * features. A fitted tree model is a FlatForest (encoded with gbdt/forest-codec.ts, format
 * 'dg-forest/1'), so TreeSHAP and the WASM predictor read it as it is.
 */
import { AppError } from '../errors';
import { decodeForest, encodeForest } from '../gbdt/forest-codec';
import type { FlatForest } from '../gbdt/flat-forest';
import { fitGbdt, type GbdtFitOptions } from '../gbdt/gbdt';
import type { FeatureKind, GbdtParams } from '../gbdt/params';
import { applyLink, predictProba } from '../gbdt/predict';
import { fitDecisionTree, fitForest } from '../forest/forest';
import type { ForestParams } from '../forest/params';
import type {
  DesignMatrix,
  EncodedModel,
  FitContext,
  FittedModel,
  ModelFamily,
  ModelTrainer,
  ModelTask
} from './types';

const ALL_TASKS: readonly ModelTask[] = ['binary', 'multiclass', 'regression'];

/** Column-major design → row-major Float64Array, length nRows × nFeatures (the predictors' input). */
export function rowMajor(X: DesignMatrix): Float64Array {
  return rowMajorBlock(X, 0, X.nRows, new Float64Array(X.nRows * X.columns.length));
}

/** Rows [r0, r1) of `X` row-major into `out` (length ≥ (r1 − r0) × nFeatures); returns `out`. */
function rowMajorBlock(X: DesignMatrix, r0: number, r1: number, out: Float64Array): Float64Array {
  const nF = X.columns.length;
  for (let f = 0; f < nF; f++) {
    const col = X.columns[f];
    for (let r = r0, o = f; r < r1; r++, o += nF) out[o] = col[r];
  }
  return out;
}

/**
 * A tree-prediction kernel (gbdt/wasm-predict.ts `createWasmPredictor` satisfies it): the same
 * bits as the TypeScript `predictRaw` (tests/unit/predict-kernels.test.ts), only faster.
 */
export interface TreePredictKernel {
  /** Prepares a forest once for many calls. */
  load(forest: FlatForest): {
    /** @param X Float64Array, length nRows × nFeatures, row-major. @returns raw outputs, nRows × nOutputs. */
    predictRaw(X: Float64Array, nRows: number): Float64Array;
    dispose(): void;
  };
  /** One-shot prediction (small batches: no preparation kept). */
  predictRaw(forest: FlatForest, X: Float64Array, nRows: number): Float64Array;
}

type LoadedForest = ReturnType<TreePredictKernel['load']>;

/**
 * Below this many rows a forest not yet prepared predicts one-shot (preparing its tables costs
 * about 10,000 rows' worth of prediction).
 */
const LOAD_MIN_ROWS = 10_000;
/** Rows per kernel call: bounds the row-major copy and the kernel's memory (64k × 100 features = 50 MB). */
const PREDICT_BLOCK = 65_536;

let predictKernel: TreePredictKernel | null = null;
/** Forests prepared by the installed kernel, per forest object (a model predicting again reuses it). */
let loaded = new WeakMap<FlatForest, LoadedForest>();
/** Frees a prepared forest's kernel memory once its forest is garbage. */
const release =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<LoadedForest>((h) => h.dispose())
    : null;

/**
 * Installs the kernel every TreeModel.predict uses (the host does it once: the ML worker, the CLI,
 * benches); null restores the TypeScript predictor. Same predictions either way.
 */
export function setTreePredictKernel(kernel: TreePredictKernel | null): void {
  predictKernel = kernel;
  loaded = new WeakMap();
}

/** The installed tree-prediction kernel, or null (TypeScript). */
export function treePredictKernel(): TreePredictKernel | null {
  return predictKernel;
}

/** Raw outputs of `forest` on X with the installed kernel; null when none is installed or it fails. */
function kernelRaw(forest: FlatForest, X: DesignMatrix): Float64Array | null {
  const kernel = predictKernel;
  if (!kernel) return null;
  const n = X.nRows;
  const nF = X.columns.length;
  try {
    let h = loaded.get(forest);
    // A forest already prepared serves any batch; small batches of a new one go one-shot.
    if (!h && n < LOAD_MIN_ROWS) return kernel.predictRaw(forest, rowMajor(X), n);
    if (!h) {
      h = kernel.load(forest);
      loaded.set(forest, h);
      release?.register(forest, h);
    }
    const K = forest.nOutputs;
    const out = new Float64Array(n * K);
    const block = new Float64Array(Math.min(n, PREDICT_BLOCK) * nF);
    for (let r0 = 0; r0 < n; r0 += PREDICT_BLOCK) {
      const r1 = Math.min(n, r0 + PREDICT_BLOCK);
      rowMajorBlock(X, r0, r1, block);
      out.set(h.predictRaw(block, r1 - r0), r0 * K);
    }
    return out;
  } catch {
    // A kernel that cannot take this forest or batch (e.g. memory): the TypeScript twin can.
    return null;
  }
}

/** A fitted tree model: any FlatForest behind the FittedModel contract. */
export class TreeModel implements FittedModel {
  constructor(
    readonly family: ModelFamily,
    readonly forest: FlatForest,
    readonly params: Record<string, unknown>
  ) {}

  /** Class probabilities / values; the installed kernel (setTreePredictKernel) when there is one. */
  predict(X: DesignMatrix): Float64Array {
    const raw = kernelRaw(this.forest, X);
    if (raw) return applyLink(this.forest, raw, X.nRows);
    return predictProba(this.forest, rowMajor(X), X.nRows);
  }

  encode(): EncodedModel {
    return {
      family: this.family,
      format: 'dg-forest/1',
      params: this.params,
      state: encodeForest(this.forest)
    };
  }
}

/** Rebuilds a tree model from its bundle form; AppError INVALID_MODEL on garbage. */
export function decodeTreeModel(e: EncodedModel): TreeModel {
  if (e.format !== 'dg-forest/1')
    throw new AppError({
      code: 'INVALID_MODEL',
      message: {
        pl: `nieznany format modelu drzewiastego: ${String(e.format)}`,
        en: `unknown tree model format: ${String(e.format)}`
      },
      details: { field: 'format' }
    });
  return new TreeModel(e.family, decodeForest(e.state), e.params ?? {});
}

/** Rows of a design as the tree trainers want them. */
function kindsOf(X: DesignMatrix): FeatureKind[] {
  return X.kinds.map((k): FeatureKind => (k === 'categorical' ? 'categorical' : 'numeric'));
}

function nClassesOf(ctx: FitContext): number | undefined {
  return ctx.task === 'regression' ? undefined : ctx.nClasses;
}

/**
 * Engine options for the GBDT trainer that do not change results (e.g. the WASM histogram
 * kernel); set once per process by the host (browser worker / CLI).
 */
let gbdtFitOptions: GbdtFitOptions = {};
export function setGbdtFitOptions(o: GbdtFitOptions): void {
  gbdtFitOptions = o;
}

export interface GbdtTrainerParams {
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  subsample: number;
  colsampleByTree: number;
  earlyStopping: 'auto' | boolean;
}

export const gbdtTrainer: ModelTrainer<GbdtTrainerParams> = {
  family: 'gbdt',
  tasks: ALL_TASKS,
  input: 'tree',
  needsScaling: false,
  // scikit-learn HistGradientBoosting's defaults (the anchors' model).
  defaults: () => ({
    learningRate: 0.1,
    maxIter: 100,
    maxLeafNodes: 31,
    maxDepth: null,
    minSamplesLeaf: 20,
    l2Regularization: 0,
    subsample: 1,
    colsampleByTree: 1,
    earlyStopping: 'auto'
  }),
  space: {
    learningRate: { type: 'float', low: 0.02, high: 0.3, log: true },
    maxIter: { type: 'int', low: 50, high: 400, log: true },
    maxLeafNodes: { type: 'int', low: 7, high: 63, log: true },
    minSamplesLeaf: { type: 'int', low: 2, high: 60, log: true },
    l2Regularization: { type: 'float', low: 1e-3, high: 10, log: true },
    subsample: { type: 'float', low: 0.6, high: 1 },
    colsampleByTree: { type: 'float', low: 0.5, high: 1 }
  },
  async fit(X, y, params, ctx) {
    const p: Partial<GbdtParams> = {
      ...params,
      // A tuned leaf size larger than a tenth of the rows leaves a small fold one leaf per tree.
      minSamplesLeaf: Math.max(1, Math.min(params.minSamplesLeaf, Math.floor(X.nRows / 10))),
      loss: ctx.task === 'regression' ? 'squaredError' : 'logLoss',
      nClasses: nClassesOf(ctx),
      seed: ctx.seed
    };
    const r = fitGbdt(X.columns, kindsOf(X), y, p, ctx.onProgress, ctx.signal, gbdtFitOptions);
    return new TreeModel('gbdt', r.forest, { ...params });
  }
};

export interface ForestTrainerParams {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  maxFeatures: ForestParams['maxFeatures'];
}

function forestTrainer(
  family: 'randomForest' | 'extraTrees',
  nEstimators: number
): ModelTrainer<ForestTrainerParams> {
  return {
    family,
    tasks: ALL_TASKS,
    input: 'tree',
    needsScaling: false,
    defaults: (task) => ({
      nEstimators,
      maxDepth: null,
      minSamplesLeaf: 1,
      maxFeatures: task === 'regression' ? 'all' : 'sqrt'
    }),
    space: {
      nEstimators: { type: 'int', low: 50, high: 400, log: true },
      maxDepth: { type: 'choice', values: [null, 6, 10, 16] },
      minSamplesLeaf: { type: 'int', low: 1, high: 10, log: true },
      maxFeatures: { type: 'choice', values: ['sqrt', 'log2', 0.5, 'all'] }
    },
    async fit(X, y, params, ctx) {
      const r = fitForest(
        X.columns,
        kindsOf(X),
        y,
        {
          ...params,
          algorithm: family,
          task: ctx.task === 'regression' ? 'regression' : 'classification',
          nClasses: nClassesOf(ctx),
          seed: ctx.seed
        },
        ctx.onProgress,
        ctx.signal,
        ctx.sampleWeight
      );
      return new TreeModel(family, r.forest, { ...params });
    }
  };
}

/** 100 trees (scikit-learn's default) in the comparison; tuning explores 50 … 400. */
export const randomForestTrainer = forestTrainer('randomForest', 100);
export const extraTreesTrainer = forestTrainer('extraTrees', 100);

export interface DecisionTreeTrainerParams {
  maxDepth: number | null;
  minSamplesLeaf: number;
}

export const decisionTreeTrainer: ModelTrainer<DecisionTreeTrainerParams> = {
  family: 'decisionTree',
  tasks: ALL_TASKS,
  input: 'tree',
  needsScaling: false,
  defaults: () => ({ maxDepth: 5, minSamplesLeaf: 1 }),
  space: {
    maxDepth: { type: 'int', low: 2, high: 12 },
    minSamplesLeaf: { type: 'int', low: 1, high: 30, log: true }
  },
  async fit(X, y, params, ctx) {
    const r = fitDecisionTree(
      X.columns,
      kindsOf(X),
      y,
      {
        ...params,
        task: ctx.task === 'regression' ? 'regression' : 'classification',
        nClasses: nClassesOf(ctx),
        seed: ctx.seed
      },
      ctx.onProgress,
      ctx.signal,
      ctx.sampleWeight
    );
    return new TreeModel('decisionTree', r.forest, { ...params });
  }
};

export const TREE_TRAINERS: readonly ModelTrainer[] = [
  gbdtTrainer,
  randomForestTrainer,
  extraTreesTrainer,
  decisionTreeTrainer
] as unknown as readonly ModelTrainer[];
