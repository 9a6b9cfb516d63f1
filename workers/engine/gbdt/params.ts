/**
 * GBDT hyper-parameters: names follow scikit-learn's HistGradientBoosting in camelCase, defaults
 * are its defaults, and everything is validated before any compute (STYLE.md habit 3), with a
 * typed INVALID_PARAM error naming the bad value.
 */
import { AppError } from '../errors';

/** Objective of a GBDT fit. */
export type GbdtLoss = 'squaredError' | 'logLoss';

/** Kind of an input feature. */
export type FeatureKind = 'numeric' | 'categorical';

export interface GbdtParams {
  /** 'squaredError' (regression) or 'logLoss' (classification: binary when nClasses = 2, else softmax). */
  loss: GbdtLoss;
  /** Classes for logLoss; default max(y) + 1 (at least 2). Give it when a fold may miss a class. */
  nClasses?: number;
  learningRate: number;
  maxIter: number;
  /** Leaves per tree, grown best-first; null = depth-wise growth limited by maxDepth only. */
  maxLeafNodes: number | null;
  /** Edges from root to deepest leaf; null = unlimited. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  minHessianToSplit: number;
  /** Non-missing bins per feature, 2 … 255 (one more bin is reserved for missing values). */
  maxBins: number;
  /** Share of training rows drawn (without replacement) for each round, (0, 1]. */
  subsample: number;
  /** Share of features drawn for each tree, (0, 1]. */
  colsampleByTree: number;
  /** 'auto' = on above 10,000 rows (scikit-learn). */
  earlyStopping: 'auto' | boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export const GBDT_DEFAULTS: Readonly<GbdtParams> = Object.freeze({
  loss: 'squaredError',
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  minHessianToSplit: 1e-3,
  maxBins: 255,
  subsample: 1,
  colsampleByTree: 1,
  earlyStopping: 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0
});

function invalid(name: string, value: unknown, expected: string): AppError {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return new AppError({
    code: 'INVALID_PARAM',
    message: {
      pl: `nieprawidłowy parametr ${name}: ${shown} (oczekiwano: ${expected})`,
      en: `invalid ${name}: ${shown} (expected ${expected})`
    },
    details: { param: name, value, expected }
  });
}

type Check = [keyof GbdtParams, (v: unknown) => boolean, string];
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);
const nullable = (f: (v: unknown) => boolean) => (v: unknown) => v === null || f(v);

const CHECKS: Check[] = [
  ['loss', (v) => v === 'squaredError' || v === 'logLoss', "'squaredError' or 'logLoss'"],
  ['nClasses', (v) => v === undefined || (isInt(v) && v >= 2), 'an integer ≥ 2'],
  ['learningRate', (v) => isNum(v) && v > 0, 'a number > 0'],
  ['maxIter', (v) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  ['maxLeafNodes', nullable((v) => isInt(v) && v >= 2), 'an integer ≥ 2 or null'],
  ['maxDepth', nullable((v) => isInt(v) && v >= 1), 'an integer ≥ 1 or null'],
  ['minSamplesLeaf', (v) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  ['l2Regularization', (v) => isNum(v) && v >= 0, 'a number ≥ 0'],
  ['minHessianToSplit', (v) => isNum(v) && v >= 0, 'a number ≥ 0'],
  ['maxBins', (v) => isInt(v) && v >= 2 && v <= 255, 'an integer in 2 … 255'],
  ['subsample', (v) => isNum(v) && v > 0 && v <= 1, 'a number in (0, 1]'],
  ['colsampleByTree', (v) => isNum(v) && v > 0 && v <= 1, 'a number in (0, 1]'],
  ['earlyStopping', (v) => v === 'auto' || typeof v === 'boolean', "'auto', true or false"],
  ['validationFraction', (v) => isNum(v) && v > 0 && v < 1, 'a number in (0, 1)'],
  ['nIterNoChange', (v) => isInt(v) && v >= 1, 'an integer ≥ 1'],
  ['tol', (v) => isNum(v) && v >= 0, 'a number ≥ 0'],
  ['seed', (v) => isInt(v), 'an integer']
];

/**
 * Defaults merged with `given`, every value checked. Throws AppError INVALID_PARAM (details:
 * param, value, expected) on the first bad value, or on an unknown parameter name.
 */
export function resolveGbdtParams(given: Partial<GbdtParams>): GbdtParams {
  for (const key of Object.keys(given)) {
    if (!(key in GBDT_DEFAULTS) && key !== 'nClasses')
      throw invalid('parameter name', key, 'a known GBDT parameter');
  }
  const p = { ...GBDT_DEFAULTS, ...given } as GbdtParams;
  for (const [name, ok, expected] of CHECKS) {
    if (!ok(p[name])) throw invalid(name, p[name], expected);
  }
  if (p.maxLeafNodes === null && p.maxDepth === null)
    throw invalid('maxDepth', null, 'a depth limit when maxLeafNodes is null');
  return p;
}

export { invalid as invalidParam };
