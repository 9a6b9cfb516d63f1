/**
 * The whole metric grid of one prediction set (PyCaret's leaderboard columns): what AutoML
 * computes per fold from a task's predictions.
 */
import type { ModelTask } from '../models/types';
import type { MetricName } from '../automl/types';
import { rocAuc } from './auc';
import { accuracy, cohenKappa, f1, logLoss, mcc, precision, recall } from './classification';
import { mae, mape, mse, r2, rmse, rmsle } from './regression';

/**
 * Every metric of the task: classification (binary, multiclass) gives accuracy, auc, recall,
 * precision, f1, kappa, mcc, logloss; regression gives mae, mse, rmse, r2, rmsle, mape. A metric
 * that is undefined on these rows (AUC with one class present, R2 of a constant y, RMSLE with a
 * value ≤ −1) is NaN rather than missing, so a leaderboard can show "—".
 * @param y Float64Array or number[], length n: class codes 0 … nClasses − 1, or targets.
 * @param predictions classification: Float64Array, length n × nClasses, row-major probabilities;
 *   regression: Float64Array, length n.
 * @param nClasses classes (2 for binary); ignored for regression.
 */
export function computeMetrics(
  task: ModelTask,
  y: ArrayLike<number>,
  predictions: Float64Array,
  nClasses: number
): Partial<Record<MetricName, number>> {
  if (task === 'regression') {
    return {
      mae: mae(y, predictions),
      mse: mse(y, predictions),
      rmse: rmse(y, predictions),
      r2: r2(y, predictions),
      rmsle: rmsle(y, predictions),
      mape: mape(y, predictions)
    };
  }
  const K = nClasses;
  return {
    accuracy: accuracy(predictions, y, K),
    auc: rocAuc(clipRows(predictions, K), y, K),
    recall: recall(predictions, y, K),
    precision: precision(predictions, y, K),
    f1: f1(predictions, y, K),
    kappa: cohenKappa(predictions, y, K),
    mcc: mcc(predictions, y, K),
    logloss: logLoss(predictions, y, K)
  };
}

const CLIP = 1e-15;

/**
 * Rows clipped to [1e-15, 1 − 1e-15] and renormalised — the matrix the anchors' AUC is computed
 * on (clipping can merge scores near 0 or 1 into ties, which changes AUC slightly).
 * @returns Float64Array, length n × K.
 */
function clipRows(proba: Float64Array, K: number): Float64Array {
  const out = new Float64Array(proba.length);
  for (let i = 0; i < proba.length; i += K) {
    let z = 0;
    for (let k = 0; k < K; k++) z += out[i + k] = Math.min(1 - CLIP, Math.max(CLIP, proba[i + k]));
    for (let k = 0; k < K; k++) out[i + k] /= z;
  }
  return out;
}
