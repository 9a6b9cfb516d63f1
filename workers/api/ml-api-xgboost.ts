/**
 * "Import model" for XGBoost JSON (booster.save_model('x.json')): the engine's importer turns it
 * into a FlatForest, the session's columns are matched by the model's feature_names, and exact
 * TreeSHAP explains the holdout rows. Predictions come from the forest's margin through its link
 * (logistic → [1 − p, p], softmax, identity), so the evaluation plots work as for our models.
 * No permutation importance or learning curve (nothing to refit).
 */
import { DataValidationError } from '../engine/errors';
import type { EncodedTarget, Frame } from '../engine/frame/types';
import { importXGBoostJson, parseLenientJson } from '../engine/gbdt/xgboost-import';
import { treeShap } from '../engine/explain/tree-shap';
import { ungrouped } from '../engine/explain/group';
import type { ShapValues } from '../engine/explain/types';
import { computeMetrics } from '../engine/metrics/compute';
import type { Evaluation } from './ml-api';

/** Holdout rows explained at most (TreeSHAP is exact; this bounds memory). */
export const MAX_XGB_ROWS = 2000;

function mismatch(code: string, pl: string, en: string, details: Record<string, unknown>) {
  return new DataValidationError({
    code,
    message: { pl, en },
    details,
    hint: {
      pl: 'Wczytaj dane z kolumnami, na których model był uczony (te same nazwy, liczby).',
      en: 'Load data with the columns the model was trained on (same names, numbers).'
    }
  });
}

/**
 * @throws DataLoadError INVALID_MODEL / UNSUPPORTED_MODEL (importer); DataValidationError
 *   XGBOOST_NO_FEATURE_NAMES, MISSING_COLUMNS (details.missing lists them), NON_NUMERIC_COLUMNS,
 *   MODEL_TASK_MISMATCH.
 */
export function explainXGBoostText(
  text: string,
  frame: Frame,
  target: EncodedTarget,
  holdoutRows: Uint32Array,
  name = 'xgboost'
): Evaluation {
  const json = parseLenientJson(text) as { learner?: { feature_names?: unknown } };
  const forest = importXGBoostJson(json);
  const given = json.learner?.feature_names;
  // A model trained on a bare array has no names: then the data's columns in order, when they
  // are exactly as many (the target is not among them).
  const names: unknown[] =
    Array.isArray(given) && given.length
      ? given
      : frame.columns.length === forest.nFeatures &&
          !frame.columns.some((c) => c.name === target.column)
        ? frame.columns.map((c) => c.name)
        : [];
  if (names.length !== forest.nFeatures)
    throw mismatch(
      'XGBOOST_NO_FEATURE_NAMES',
      `model XGBoost nie ma nazw cech (feature_names), a dane mają ${frame.columns.length} kolumn cech zamiast ${forest.nFeatures} — ucz go na DataFrame albo ustaw booster.feature_names`,
      `the XGBoost model has no feature names (feature_names) and the data has ${frame.columns.length} feature columns instead of ${forest.nFeatures} — train it on a DataFrame or set booster.feature_names`,
      { features: forest.nFeatures, columns: frame.columns.length }
    );
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const missing = names.filter((n) => !byName.has(String(n))).map(String);
  if (missing.length)
    throw mismatch(
      'MISSING_COLUMNS',
      `w danych brakuje kolumn modelu: ${missing.slice(0, 20).join(', ')}`,
      `the data lacks the model's columns: ${missing.slice(0, 20).join(', ')}`,
      { missing }
    );
  const text_ = names.filter((n) => byName.get(String(n))?.kind === 'categorical').map(String);
  if (text_.length)
    throw mismatch(
      'NON_NUMERIC_COLUMNS',
      `model XGBoost potrzebuje liczb, a te kolumny są tekstowe: ${text_.join(', ')}`,
      `the XGBoost model needs numbers, these columns are text: ${text_.join(', ')}`,
      { columns: text_ }
    );
  const K = target.task === 'regression' ? 1 : target.classes.length;
  const fits =
    (forest.link === 'logistic' && target.task === 'binary') ||
    (forest.link === 'softmax' && target.task === 'multiclass' && forest.nOutputs === K) ||
    (forest.link === 'identity' && target.task === 'regression');
  if (!fits)
    throw mismatch(
      'MODEL_TASK_MISMATCH',
      `model XGBoost (${forest.link}, ${forest.nOutputs} wyjść) nie pasuje do zadania ${target.task}`,
      `the XGBoost model (${forest.link}, ${forest.nOutputs} outputs) does not fit the ${target.task} task`,
      { link: forest.link, outputs: forest.nOutputs, task: target.task }
    );
  const rows = holdoutRows.slice(0, MAX_XGB_ROWS);
  const n = rows.length;
  const p = forest.nFeatures;
  const X = new Float64Array(n * p);
  names.forEach((nm, f) => {
    const c = byName.get(String(nm));
    if (c && c.kind !== 'categorical') for (let i = 0; i < n; i++) X[i * p + f] = c.values[rows[i]];
  });
  const res = treeShap(forest, X, n);
  const outputNames =
    target.task === 'multiclass'
      ? [...target.classes]
      : target.task === 'binary'
        ? [target.classes[1] ?? 'positive']
        : [target.column ?? 'target'];
  const shap: ShapValues = {
    method: 'tree',
    nRows: n,
    nFeatures: p,
    nOutputs: res.baseValue.length,
    outputNames,
    featureNames: names.map(String),
    baseValue: res.baseValue,
    values: res.values,
    margin: res.margin
  };
  // Probabilities / values from the margin (margin layout: o · n + r).
  const predictions = new Float64Array(n * K);
  for (let r = 0; r < n; r++) {
    if (forest.link === 'identity') predictions[r] = res.margin[r];
    else if (forest.link === 'logistic') {
      const q = 1 / (1 + Math.exp(-res.margin[r]));
      predictions[r * 2] = 1 - q;
      predictions[r * 2 + 1] = q;
    } else {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, res.margin[k * n + r]);
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(res.margin[k * n + r] - m);
      for (let k = 0; k < K; k++) predictions[r * K + k] = Math.exp(res.margin[k * n + r] - m) / s;
    }
  }
  const y = Float64Array.from(rows, (r) => target.y[r]);
  const values = new Float64Array(n * p);
  values.set(X);
  return {
    modelId: `xgboost:${name}`,
    task: target.task,
    classes: [...target.classes],
    holdoutRows: Uint32Array.from(rows),
    y,
    predictions,
    metrics: computeMetrics(target.task, y, predictions, K),
    shap: {
      holdoutIndex: Uint32Array.from({ length: n }, (_, i) => i),
      encoded: shap,
      grouped: ungrouped(shap),
      encodedValues: values,
      groupedValues: values,
      groupedCategories: names.map(() => null)
    },
    permutation: null,
    learning: null,
    seconds: {}
  };
}
