/** Display names of the metrics, as PyCaret's leaderboards print them. */
export const METRIC_LABELS = Object.freeze({
  auc: 'AUC',
  accuracy: 'Accuracy',
  logLoss: 'Log Loss',
  r2: 'R2',
  mae: 'MAE',
  rmse: 'RMSE'
});

export type MetricKey = keyof typeof METRIC_LABELS;
