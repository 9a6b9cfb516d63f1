/** Row splits of an AutoML run: holdout, comparison subsample and CV folds (all seeded). */
import { foldRows, kFold, stratifiedKFold } from '../eval/folds';
import type { EncodedTarget } from '../frame/types';
import { createRng, shuffleInPlace } from '../rng';

/** Stratified (classification) random share of `rows`. @returns [kept, taken], each ascending. */
export function splitShare(
  rows: Uint32Array,
  target: EncodedTarget,
  share: number,
  seed: number
): [Uint32Array, Uint32Array] {
  if (share <= 0) return [rows, new Uint32Array(0)];
  const rng = createRng(seed);
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const key = target.task === 'regression' ? 0 : target.y[r];
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  const taken: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = shuffleInPlace(Uint32Array.from(groups.get(key) as number[]), rng);
    // Every class keeps at least one row on each side when it has two or more.
    let m = Math.round(g.length * share);
    if (g.length >= 2) m = Math.min(Math.max(m, 1), g.length - 1);
    else m = 0;
    for (let i = 0; i < m; i++) taken.push(g[i]);
  }
  const isTaken = new Set(taken);
  return [rows.filter((r) => !isTaken.has(r)), Uint32Array.from(taken).sort()];
}

export interface Fold {
  /** Frame rows to fit on. */
  train: Uint32Array;
  /** Frame rows to score. */
  test: Uint32Array;
}

/** k folds over `rows` (frame row indices): stratified for classification. */
export function makeFolds(
  rows: Uint32Array,
  target: EncodedTarget,
  k: number,
  seed: number
): Fold[] {
  const y = Float64Array.from(rows, (r) => target.y[r]);
  const assign =
    target.task === 'regression' ? kFold(rows.length, k, seed) : stratifiedKFold(y, k, seed);
  return Array.from({ length: k }, (_, f) => {
    const { train, test } = foldRows(assign, f);
    return { train: train.map((i) => rows[i]), test: test.map((i) => rows[i]) };
  });
}
