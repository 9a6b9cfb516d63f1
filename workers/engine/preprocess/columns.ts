/**
 * Per raw column, on the training rows only: is it constant, is it an identifier, what is its
 * input-schema entry. Rules (README "Dropping"):
 *  - constant: at most one state, missing counting as a state ([5, NaN, 5] is not constant: the
 *    missingness may carry signal);
 *  - ID-like integers: numeric, ≥ 20 training rows, no missing, all values whole and distinct, and
 *    dense (max − min + 1 ≤ 2 × rows: a row counter, possibly with a fold's gaps) — the data
 *    validator's rule loosened for CV folds;
 *  - ID-like text: ≥ 20 non-missing training values and distinct / non-missing > 0.95.
 */
import { cmp } from '../frame/dictionary';
import type { FrameColumn } from '../frame/types';
import { countCategories } from './levels';
import type { CategoryCounts } from './levels';
import { presentAt } from './stats';
import type { InputColumn } from './types';

export const ID_LIKE_MIN_ROWS = 20;
export const ID_LIKE_TEXT_RATIO = 0.95;

export interface ColumnFacts {
  input: InputColumn;
  constant: boolean;
  idLike: boolean;
  missing: number;
  /** Categorical: training counts. */
  counts?: CategoryCounts;
  /** Distinct non-missing training values (numeric columns: capped at 2 unless an ID candidate). */
  distinct: number;
}

export function columnFacts(col: FrameColumn, rows: Uint32Array): ColumnFacts {
  if (col.kind === 'categorical') {
    const cc = countCategories(col, rows);
    const present = rows.length - cc.missing;
    const categories = col.dictionary.filter((_, k) => cc.counts[k] > 0).sort(cmp);
    return {
      input: { name: col.name, kind: 'categorical', categories },
      constant: cc.distinct + (cc.missing > 0 ? 1 : 0) <= 1,
      idLike: present >= ID_LIKE_MIN_ROWS && cc.distinct / present > ID_LIKE_TEXT_RATIO,
      counts: cc,
      missing: cc.missing,
      distinct: cc.distinct
    };
  }
  // One pass for range, wholeness and missing; the exact distinct count (a sort) only for ID candidates.
  const v = col.values;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const x = v[rows[i]];
    if (Number.isNaN(x)) continue;
    n++;
    if (x < min) min = x;
    if (x > max) max = x;
    if (whole && !Number.isInteger(x)) whole = false;
  }
  const missing = rows.length - n;
  let distinct = n === 0 ? 0 : min === max ? 1 : 2;
  const candidate =
    col.kind === 'numeric' &&
    missing === 0 &&
    n >= ID_LIKE_MIN_ROWS &&
    whole &&
    max - min + 1 <= 2 * n;
  if (candidate) {
    const sorted = presentAt(v, rows).sort();
    distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  }
  const idLike = candidate && distinct === n;
  return {
    input: { name: col.name, kind: col.kind, min: n ? min : null, max: n ? max : null },
    constant: distinct + (missing > 0 ? 1 : 0) <= 1,
    idLike,
    missing,
    distinct
  };
}
