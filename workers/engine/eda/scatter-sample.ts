/** A ≤ 1,000-row seeded subset of the relation sample's numeric columns for scatter plots. */
import type { RelationData } from './relation-sample';
import type { ScatterSample } from './types';
import { seededRandom } from './stats-js';

export const SCATTER_ROWS = 1000;
/** Most numeric columns carried (the target first when numeric). */
export const SCATTER_COLUMNS = 8;

/** Picks min(n, SCATTER_ROWS) rows by a seeded partial Fisher–Yates shuffle, kept in row order. */
export function scatterSample(
  data: RelationData,
  target: string | undefined,
  classification: boolean,
  seed: number
): ScatterSample {
  const n = Math.min(data.n, SCATTER_ROWS);
  const idx = Array.from({ length: data.n }, (_, i) => i);
  const rnd = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (data.n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const rows = idx.slice(0, n).sort((a, b) => a - b);
  const numeric = [...data.numeric]
    .sort((a, b) => Number(b.name === target) - Number(a.name === target))
    .slice(0, SCATTER_COLUMNS);
  const out: ScatterSample = {
    columns: numeric.map((c) => c.name),
    values: numeric.map((c) => rows.map((r) => (c.values[r] === c.values[r] ? c.values[r] : null))),
    n
  };
  const t = classification ? data.categorical.find((c) => c.name === target) : undefined;
  if (t) out.labels = rows.map((r) => (t.codes[r] < 0 ? null : t.labels[t.codes[r]]));
  return out;
}
