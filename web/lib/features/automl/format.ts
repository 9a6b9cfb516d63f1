/** Display helpers of the AutoML view: metric values, family names, file downloads. */
import type { ModelFamily } from '$engine';
import { formatNumber, hasMessage, t } from '$lib/i18n/i18n.svelte';

/** A metric value with 4 significant decimals ('—' when absent). */
export function formatMetric(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : formatNumber(v, 4);
}

export function familyLabel(f: ModelFamily | string): string {
  const key = `automl.family.${f}`;
  return hasMessage(key) ? t(key) : f;
}

/** A leaderboard id such as 'gbdt#tune3' as "Gradient boosting (GBDT) #tune3". */
export function rowLabel(id: string, family: ModelFamily): string {
  const hash = id.indexOf('#');
  return hash < 0 ? familyLabel(family) : `${familyLabel(family)} ${id.slice(hash)}`;
}

export { downloadBlob } from '$lib/charts/export';
