/**
 * Explaining a user's own XGBoost model (JSON from `Booster.save_model`): imported with the tree
 * engine's importer, its features matched to the frame's columns by the model's `feature_names`
 * (or, when the model has none, the frame's columns in order — exactly num_feature of them), and
 * explained with exact TreeSHAP on the margin (what XGBoost's `pred_contribs` gives).
 */
import type { Frame } from '../frame/types';
import { importXGBoostJson } from '../gbdt/xgboost-import';
import { explainError } from './errors';
import { treeShapActive } from './tree-shap';
import type { ShapValues } from './types';

/** The model's `learner.feature_names` (empty when it was trained without names). */
export function xgboostFeatureNames(json: unknown): string[] {
  const learner = (json as { learner?: { feature_names?: unknown } } | null)?.learner;
  const names = learner?.feature_names;
  return Array.isArray(names) ? names.map(String) : [];
}

/**
 * @param json the parsed model (parseLenientJson of the file's text).
 * @returns ShapValues on the margin: 1 output (regression, binary log-odds) or one per class
 *   (multiclass logits), output names 'margin' / 'class k'.
 * @throws DataLoadError INVALID_MODEL / UNSUPPORTED_MODEL (importer); DataValidationError
 *   MISSING_COLUMNS (names listed), FEATURE_COUNT, NOT_NUMERIC.
 */
export function explainXGBoost(json: unknown, frame: Frame): ShapValues {
  const forest = importXGBoostJson(json);
  const p = forest.nFeatures;
  let names = xgboostFeatureNames(json);
  let cols;
  if (names.length) {
    const byName = new Map(frame.columns.map((c) => [c.name, c]));
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length)
      throw explainError(
        'MISSING_COLUMNS',
        `the file lacks the model's columns: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` (+${missing.length - 20})` : ''}`,
        `w pliku brakuje kolumn modelu: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` (+${missing.length - 20})` : ''}`,
        { missing }
      );
    cols = names.map((n) => byName.get(n)!);
  } else {
    if (frame.columns.length !== p)
      throw explainError(
        'FEATURE_COUNT',
        `the model has no feature names and ${p} features, the file has ${frame.columns.length} columns`,
        `model nie ma nazw cech i ma ${p} cech, a plik ma ${frame.columns.length} kolumn`,
        { expected: p, columns: frame.columns.length }
      );
    cols = frame.columns;
    names = cols.map((c) => c.name);
  }
  const n = frame.nRows;
  const X = new Float64Array(n * p);
  cols.forEach((c, f) => {
    if (c.kind === 'categorical')
      throw explainError(
        'NOT_NUMERIC',
        `column ${c.name} is text; the XGBoost model needs numbers`,
        `kolumna ${c.name} jest tekstowa; model XGBoost wymaga liczb`,
        { column: c.name }
      );
    for (let r = 0; r < n; r++) X[r * p + f] = c.values[r];
  });
  const res = treeShapActive(forest, X, n);
  const K = forest.nOutputs;
  return {
    method: 'tree',
    nRows: n,
    nFeatures: p,
    nOutputs: K,
    outputNames: K === 1 ? ['margin'] : Array.from({ length: K }, (_, k) => `class ${k}`),
    featureNames: names,
    baseValue: res.baseValue,
    values: res.values,
    margin: res.margin
  };
}
