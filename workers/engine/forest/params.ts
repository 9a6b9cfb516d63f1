/**
 * Forest / decision-tree hyper-parameters: scikit-learn's RandomForest, ExtraTrees and
 * DecisionTree names in camelCase, validated before any compute with a typed INVALID_PARAM error
 * naming the bad value (same error shape as the GBDT's).
 */
import { invalidParam } from '../gbdt/params';

/** Classification (gini on class counts, leaves = class probabilities) or regression (squared error, leaves = means). */
export type ForestTask = 'classification' | 'regression';

/**
 * Features tried per split: 'sqrt' = ⌊√nF⌋, 'log2' = ⌊log2 nF⌋, 'all' = nF; an integer ≥ 1 is a
 * count (capped at nF), a number in (0, 1) a share of nF (⌊share · nF⌋); always at least 1.
 */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface ForestParams {
  task: ForestTask;
  /** 'randomForest' (best binned threshold) or 'extraTrees' (one random threshold per feature). */
  algorithm: 'randomForest' | 'extraTrees';
  /** Classes for classification; default max(y) + 1 (at least 2). Give it when a fold may miss a class. */
  nClasses?: number;
  nEstimators: number;
  /** Edges from root to deepest leaf; null = grow until pure / too small. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Default: 'sqrt' for classification, 'all' for regression (scikit-learn 1.2). */
  maxFeatures?: MaxFeatures;
  /** Default: true for randomForest, false for extraTrees. */
  bootstrap?: boolean;
  /** Non-missing bins per feature, 2 … 255 (one more bin is reserved for missing values). */
  maxBins: number;
  seed: number;
}

/** A ForestParams with the task-dependent defaults filled in. */
export type ResolvedForestParams = Required<Omit<ForestParams, 'nClasses'>> &
  Pick<ForestParams, 'nClasses'>;

export const FOREST_DEFAULTS: Readonly<Omit<ForestParams, 'maxFeatures' | 'bootstrap'>> =
  Object.freeze({
    task: 'classification',
    algorithm: 'randomForest',
    nEstimators: 100,
    maxDepth: null,
    minSamplesLeaf: 1,
    minSamplesSplit: 2,
    maxBins: 255,
    seed: 0
  });

/**
 * Decision-tree defaults: one tree, no bootstrap, every feature at every split, and maxDepth 5 (not
 * scikit-learn's unlimited depth) so that the tree stays small enough to read as an explanation.
 */
export const DECISION_TREE_DEFAULTS: Readonly<Partial<ForestParams>> = Object.freeze({
  nEstimators: 1,
  maxDepth: 5,
  maxFeatures: 'all',
  bootstrap: false
});

type Check = [keyof ForestParams, (v: unknown) => boolean, string];
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

const CHECKS: Check[] = [
  ['task', (v) => v === 'classification' || v === 'regression', "'classification' or 'regression'"],
  [
    'algorithm',
    (v) => v === 'randomForest' || v === 'extraTrees',
    "'randomForest' or 'extraTrees'"
  ],
  ['nClasses', (v) => v === undefined || (isInt(v) && v >= 2), 'an integer ≥ 2'],
  ['nEstimators', (v) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  ['maxDepth', (v) => v === null || (isInt(v) && v >= 1), 'an integer ≥ 1 or null'],
  ['minSamplesLeaf', (v) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  ['minSamplesSplit', (v) => isInt(v) && v >= 2, 'an integer ≥ 2'],
  [
    'maxFeatures',
    (v) =>
      v === 'sqrt' ||
      v === 'log2' ||
      v === 'all' ||
      (isNum(v) && v > 0 && (v < 1 || Number.isInteger(v))),
    "'sqrt', 'log2', 'all', an integer ≥ 1 or a share in (0, 1)"
  ],
  ['bootstrap', (v) => typeof v === 'boolean', 'true or false'],
  ['maxBins', (v) => isInt(v) && v >= 2 && v <= 255, 'an integer in 2 … 255'],
  ['seed', (v) => isInt(v), 'an integer']
];

const KNOWN = new Set<string>([
  ...Object.keys(FOREST_DEFAULTS),
  'nClasses',
  'maxFeatures',
  'bootstrap'
]);

/**
 * Defaults merged with `given`, every value checked. Throws AppError INVALID_PARAM (details:
 * param, value, expected) on the first bad value, or on an unknown parameter name.
 */
export function resolveForestParams(given: Partial<ForestParams>): ResolvedForestParams {
  for (const key of Object.keys(given))
    if (!KNOWN.has(key)) throw invalidParam('parameter name', key, 'a known forest parameter');
  const merged = { ...FOREST_DEFAULTS, ...given };
  const p: ResolvedForestParams = {
    ...merged,
    maxFeatures: merged.maxFeatures ?? (merged.task === 'regression' ? 'all' : 'sqrt'),
    bootstrap: merged.bootstrap ?? merged.algorithm === 'randomForest'
  };
  for (const [name, ok, expected] of CHECKS)
    if (!ok(p[name])) throw invalidParam(name, p[name], expected);
  return p;
}

/** Features tried per split for nFeatures features (scikit-learn's rounding), in 1 … nFeatures. */
export function featuresPerSplit(m: MaxFeatures, nFeatures: number): number {
  let k: number;
  if (m === 'sqrt') k = Math.floor(Math.sqrt(nFeatures));
  else if (m === 'log2') k = Math.floor(Math.log2(nFeatures));
  else if (m === 'all') k = nFeatures;
  else k = m < 1 ? Math.floor(m * nFeatures) : m;
  return Math.max(1, Math.min(nFeatures, k));
}
