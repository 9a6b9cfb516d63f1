/**
 * Category levels: which training categories stand on their own, which are pooled as rare, whether
 * missing is a level; and the mapping of any frame's categorical column onto those levels (the
 * dictionary may differ from training: new files have their own).
 */
import { cmp } from '../frame/dictionary';
import type { FrameCategoricalColumn } from '../frame/types';
import { MISSING_LEVEL, RARE_LEVEL } from './types';

/** Training counts of a categorical column. */
export interface CategoryCounts {
  /** Int32Array/number[] per dictionary code: rows of the training set holding it. */
  counts: Float64Array;
  missing: number;
  /** Distinct non-missing values in training. */
  distinct: number;
}

export function countCategories(col: FrameCategoricalColumn, rows: Uint32Array): CategoryCounts {
  const counts = new Float64Array(col.dictionary.length);
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const c = col.codes[rows[i]];
    if (c < 0) missing++;
    else counts[c]++;
  }
  let distinct = 0;
  for (const n of counts) if (n > 0) distinct++;
  return { counts, missing, distinct };
}

/**
 * Sorted levels: categories seen at least `minCount` times, RARE_LEVEL when some seen category is
 * rarer (unless all are: then no grouping), MISSING_LEVEL when `missingLevel` and training has
 * missing values.
 */
export function fitLevels(
  col: FrameCategoricalColumn,
  cc: CategoryCounts,
  minCount: number,
  missingLevel: boolean
): string[] {
  let levels: string[] = [];
  let rare = false;
  cc.counts.forEach((n, k) => {
    if (n === 0) return;
    if (n < minCount) rare = true;
    else levels.push(col.dictionary[k]);
  });
  if (rare && levels.length === 0) {
    // Everything is rare (tiny data, or thousands of small categories): pooling all of it would
    // erase the column, so keep every category (target encoding's smoothing copes with small ones).
    levels = col.dictionary.filter((_, k) => cc.counts[k] > 0);
  } else if (rare) levels.push(RARE_LEVEL);
  if (missingLevel && cc.missing > 0) levels.push(MISSING_LEVEL);
  return [...new Set(levels)].sort(cmp);
}

/**
 * Level index of every row of `rows` (−1 = no level), per the rule in types.ts `Levels`.
 * @returns Int32Array, length rows.length.
 */
export function mapLevels(
  col: FrameCategoricalColumn,
  levels: readonly string[],
  rows: Uint32Array
): Int32Array {
  const index = new Map(levels.map((l, i) => [l, i]));
  const rare = index.get(RARE_LEVEL) ?? -1;
  const missing = index.get(MISSING_LEVEL) ?? -1;
  const byCode = Int32Array.from(col.dictionary, (s) => index.get(s) ?? rare);
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const c = col.codes[rows[i]];
    out[i] = c < 0 ? missing : byCode[c];
  }
  return out;
}
