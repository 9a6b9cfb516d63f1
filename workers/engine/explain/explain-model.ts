/**
 * explainModel: SHAP values of any fitted model on a design matrix, dispatching on the family —
 * exact TreeSHAP for tree models (path-dependent, on the forest's raw output), exact linear SHAP
 * for linear / logistic models (on the margin), sampling SHAP for everything else (model-output.ts
 * says which scale). Blends need their members' pipelines: explainBundle handles them.
 */
import type { LinearParts } from '../models/linear-parts';
import { rowMajor, type TreeModel } from '../models/trees';
import type { DesignMatrix, FittedModel } from '../models/types';
import { fullBackground, kmeansBackground, type Background } from './background';
import { designShap } from './design-shap';
import { explainError, intOption } from './errors';
import { linearShap } from './linear-shap';
import { modelOutput } from './model-output';
import { treeShapActive } from './tree-shap';
import type { ShapValues } from './types';

export interface ExplainOptions {
  /** Reference rows for linear and sampling SHAP (default: X itself). Trees use their covers. */
  background?: DesignMatrix;
  /** Background rows kept for sampling SHAP: k-means centroids (dense data) or a sample; default 32. */
  backgroundSize?: number;
  /** Orderings per row for sampling SHAP (even; default 64). */
  samples?: number;
  seed: number;
  /** Output labels: [positive class] binary, class labels multiclass, [target] regression. */
  outputNames?: string[];
  /** 'auto' (default) dispatches on the family; 'sampling' forces sampling SHAP (tests, checks). */
  method?: 'auto' | 'sampling';
  /** Sampling SHAP: 'auto' enumerates all coalitions when that is cheaper; true / false force. */
  exact?: 'auto' | boolean;
}

const TREE_FAMILIES = new Set(['decisionTree', 'randomForest', 'extraTrees', 'gbdt']);

function names(given: string[] | undefined, k: number): string[] {
  if (given && given.length === k) return [...given];
  if (given && given.length !== k)
    throw explainError(
      'EXPLAIN_OPTION',
      `outputNames has ${given.length} names for ${k} outputs`,
      `outputNames ma ${given.length} nazw dla ${k} wyjść`,
      { names: given.length, outputs: k }
    );
  return Array.from({ length: k }, (_, i) => `output ${i}`);
}

/** SHAP of one fitted model. @throws DataValidationError EXPLAIN_OPTION, EMPTY_BACKGROUND, INVALID_INPUT. */
export function explainModel(
  model: FittedModel,
  X: DesignMatrix,
  opts: ExplainOptions
): ShapValues {
  if (model.family === 'blend')
    throw explainError(
      'EXPLAIN_BLEND',
      'a blend is explained from its bundle (explainBundle): its members have their own pipelines',
      'mieszankę (blend) wyjaśnia się z pakietu modelu (explainBundle): członkowie mają własne potoki',
      { family: model.family }
    );
  const auto = (opts.method ?? 'auto') === 'auto';
  if (auto && TREE_FAMILIES.has(model.family) && 'forest' in model)
    return explainTrees(model as TreeModel, X, opts);
  if (auto && (model.family === 'linear' || model.family === 'logistic')) {
    const parts = model as unknown as LinearParts;
    const bg = fullBackground(opts.background ?? X);
    return linearShap(parts, X, bg, names(opts.outputNames, parts.nOutputs));
  }
  const size = intOption('backgroundSize', opts.backgroundSize, 32, 1, 10_000);
  const bg: Background = kmeansBackground(opts.background ?? X, size, opts.seed);
  const out = modelOutput(model, bg.X);
  return designShap(out.fn, out.nOutputs, X, bg, {
    samples: opts.samples,
    seed: opts.seed,
    exact: opts.exact,
    outputNames: names(opts.outputNames, out.nOutputs)
  });
}

/**
 * TreeSHAP on the forest's raw output (GBDT: log-odds / logits / value; averaging forests: class
 * probabilities / value). A binary averaging forest has two probability outputs; only the positive
 * class's is kept (one output for binary, as everywhere).
 */
function explainTrees(model: TreeModel, X: DesignMatrix, opts: ExplainOptions): ShapValues {
  const f = model.forest;
  const r = treeShapActive(f, rowMajor(X), X.nRows);
  const n = X.nRows;
  const p = f.nFeatures;
  let K = f.nOutputs;
  let { values, baseValue, margin } = r;
  if (K === 2 && f.kind === 'averaging') {
    values = values.slice(n * p);
    baseValue = baseValue.slice(1);
    margin = margin.slice(n);
    K = 1;
  }
  return {
    method: 'tree',
    nRows: n,
    nFeatures: p,
    nOutputs: K,
    outputNames: names(opts.outputNames, K),
    featureNames: [...X.names],
    baseValue,
    values,
    margin
  };
}
