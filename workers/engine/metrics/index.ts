/** The metrics subsystem's public surface (STYLE.md habit 1). */
export { binaryAuc, rocAuc } from './auc';
export {
  accuracy,
  argmaxRows,
  cohenKappa,
  confusionMatrix,
  f1,
  logLoss,
  mcc,
  precision,
  recall
} from './classification';
export { mae, mape, mse, r2, rmse, rmsle } from './regression';
export { computeMetrics } from './compute';
export { METRIC_INFO, metricsFor } from './info';
export type { MetricInfo } from './info';
export { METRIC_LABELS } from './names';
export type { MetricKey } from './names';
