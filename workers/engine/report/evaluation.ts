/**
 * Helpers that turn engine outputs into the report's inputs: evaluation data (confusion matrix,
 * ROC of the positive class) from predicted probabilities, and a SHAP summary (mean |SHAP| per
 * column, a few local explanations) from ShapValues.
 */
import type { ShapValues } from '../explain/types';
import type { EvaluationData, ShapSummary } from './types';

/**
 * @param proba Float64Array, length n × K, row-major class probabilities.
 * @param y class codes 0 … K − 1, length n (rows with a missing target left out by the caller).
 * @param labels class labels in code order, length K.
 * ROC (binary only): thresholds at every distinct score of class 1, ties handled as one step,
 * points from (0, 0) to (1, 1); AUC by the trapezoid rule over those points (= Mann–Whitney with
 * ties counted half).
 */
export function evaluationFromProba(
  proba: Float64Array,
  y: ArrayLike<number>,
  labels: string[],
  source?: string
): EvaluationData {
  const K = labels.length;
  const n = y.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
    confusion[y[i]][best]++;
  }
  const ev: EvaluationData = { rows: n, labels, confusion, ...(source ? { source } : {}) };
  if (K === 2) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => proba[b * 2 + 1] - proba[a * 2 + 1]
    );
    let P = 0;
    for (let i = 0; i < n; i++) if (y[i] === 1) P++;
    const N = n - P;
    if (P > 0 && N > 0) {
      const fpr = [0];
      const tpr = [0];
      let tp = 0;
      let fp = 0;
      for (let j = 0; j < n; j++) {
        if (y[order[j]] === 1) tp++;
        else fp++;
        const next = order[j + 1];
        if (next === undefined || proba[next * 2 + 1] !== proba[order[j] * 2 + 1]) {
          fpr.push(fp / N);
          tpr.push(tp / P);
        }
      }
      let auc = 0;
      for (let j = 1; j < fpr.length; j++)
        auc += ((fpr[j] - fpr[j - 1]) * (tpr[j] + tpr[j - 1])) / 2;
      ev.roc = { fpr, tpr, auc, positive: labels[1] };
    }
  }
  return ev;
}

/**
 * @param output which output set (0 for regression / binary; a class for multiclass).
 * @param localRows how many rows (the first ones) get a local explanation.
 */
export function shapSummary(shap: ShapValues, output = 0, localRows = 3): ShapSummary {
  const { nRows: n, nFeatures: p } = shap;
  const importance = shap.featureNames.map((feature) => ({ feature, value: 0 }));
  for (let r = 0; r < n; r++) {
    const off = (output * n + r) * p;
    for (let f = 0; f < p; f++) importance[f].value += Math.abs(shap.values[off + f]);
  }
  if (n > 0) for (const f of importance) f.value /= n;
  const local = Array.from({ length: Math.min(localRows, n) }, (_, r) => {
    const off = (output * n + r) * p;
    return {
      row: r,
      baseValue: shap.baseValue[output],
      prediction: shap.margin[output * n + r],
      contributions: shap.featureNames.map((feature, f) => ({
        feature,
        value: shap.values[off + f]
      }))
    };
  });
  return {
    method: shap.method,
    outputName: shap.outputNames[output],
    rows: n,
    importance,
    local
  };
}
