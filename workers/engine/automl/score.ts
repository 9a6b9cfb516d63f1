/** Fold scoring for AutoML: the metric grid on one fold's predictions, and metric direction. */
import { computeMetrics } from '../metrics/compute';
import { METRIC_INFO } from '../metrics/info';
import type { ModelTask } from '../models/types';
import type { MetricName } from './types';

export function higherIsBetter(m: MetricName): boolean {
  return METRIC_INFO[m].higherIsBetter;
}

/** True when score `a` beats `b` on metric m (NaN never beats anything). */
export function better(m: MetricName, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return higherIsBetter(m) ? a > b : a < b;
}

/**
 * Metrics of one fold (the whole grid of the task).
 * @param y Float64Array of the fold's targets (class codes or values).
 * @param pred classification: row-major probabilities y.length × K; regression: values.
 */
export function scoreFold(
  task: ModelTask,
  y: Float64Array,
  pred: Float64Array,
  K: number
): Partial<Record<MetricName, number>> {
  return computeMetrics(task, y, pred, K);
}
