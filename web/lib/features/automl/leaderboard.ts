/**
 * Pure helpers of the AutoML view: leaderboard ordering (higher- or lower-is-better aware, failed
 * rows last), the metrics of a task, and the class-imbalance check behind the "Recall rather than
 * Accuracy for a rare class" advice.
 */
import type { AutoMLPlan, EncodedTarget, LeaderboardRow, MetricName } from '$engine';
import { METRIC_INFO, metricsFor } from '$engine/metrics/info';

export { METRIC_INFO, metricsFor };

/** Rarest class share below which the imbalance advice is shown (as the engine's 'auto' weights). */
export const IMBALANCE_SHARE = 0.2;

/**
 * Rows ordered best first by `metric`: done rows with the metric by its direction (ties: faster
 * fit first, then id), then done rows without it, then failed rows (by id).
 */
export function sortRows(rows: readonly LeaderboardRow[], metric: MetricName): LeaderboardRow[] {
  const higher = METRIC_INFO[metric]?.higherIsBetter ?? true;
  const rank = (r: LeaderboardRow) =>
    r.status === 'failed' ? 2 : Number.isFinite(r.cv[metric]) ? 0 : 1;
  return [...rows].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 0) {
      const d = (a.cv[metric] as number) - (b.cv[metric] as number);
      if (d !== 0) return higher ? -d : d;
      if (a.fitSeconds !== b.fitSeconds) return a.fitSeconds - b.fitSeconds;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Inserts `row` or replaces the row with its id (a tuned or re-scored model). */
export function upsertRow(rows: readonly LeaderboardRow[], row: LeaderboardRow): LeaderboardRow[] {
  const i = rows.findIndex((r) => r.id === row.id);
  if (i < 0) return [...rows, row];
  const next = [...rows];
  next[i] = row;
  return next;
}

/** Share of the rarest class of a classification target (null for regression or no rows). */
export function rarestClassShare(target: EncodedTarget): number | null {
  if (target.task === 'regression' || target.y.length === 0) return null;
  const counts = new Float64Array(Math.max(2, target.classes.length));
  for (const v of target.y) if (v >= 0 && v < counts.length) counts[v]++;
  let min = Infinity;
  for (const c of counts) min = Math.min(min, c);
  return min / target.y.length;
}

/** Whether the plan already carries an imbalance warning of the engine. */
function hasImbalanceWarning(plan: AutoMLPlan): boolean {
  return plan.warnings.some((w) => /IMBALANC/i.test(w.code));
}

/**
 * The plan's warnings, plus the imbalance advice when the rarest class is under IMBALANCE_SHARE
 * and the engine did not say it already.
 */
export function planWarnings(plan: AutoMLPlan, target: EncodedTarget): AutoMLPlan['warnings'] {
  const share = rarestClassShare(target);
  if (share === null || share >= IMBALANCE_SHARE || hasImbalanceWarning(plan)) return plan.warnings;
  const pct = Math.round(share * 1000) / 10;
  return [
    ...plan.warnings,
    {
      code: 'CLASS_IMBALANCE',
      message: {
        pl: `Klasy są niezrównoważone (najrzadsza to ${String(pct).replace('.', ',')} % wierszy): przy rzadkiej klasie wybierz raczej Recall niż Accuracy.`,
        en: `The classes are imbalanced (the rarest is ${pct} % of rows): for a rare class choose Recall rather than Accuracy.`
      }
    }
  ];
}
