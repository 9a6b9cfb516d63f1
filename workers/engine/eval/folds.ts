/**
 * K-fold assignments with a seeded RNG: plain (shuffled rows cut into k near-equal folds, the first
 * n mod k folds one row larger, as scikit-learn KFold) and stratified (each class's rows shuffled
 * and dealt round-robin over the folds, so every fold gets its share of every class).
 */
import { AppError } from '../errors';
import { createRng, shuffleInPlace } from '../rng';

function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 2 || k > n)
    throw new AppError({
      code: 'INVALID_PARAM',
      message: {
        en: `invalid k: ${k} (expected an integer in 2 … ${n})`,
        pl: `nieprawidłowe k: ${k} (oczekiwano liczby całkowitej 2 … ${n})`
      },
      details: { param: 'k', value: k }
    });
}

/** @returns Int32Array, length n: the test fold (0 … k − 1) of each row. */
export function kFold(n: number, k: number, seed: number): Int32Array {
  checkK(k, n);
  const order = shuffleInPlace(
    Uint32Array.from({ length: n }, (_, i) => i),
    createRng(seed)
  );
  const fold = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = 0; j < size; j++) fold[order[at++]] = f;
  }
  return fold;
}

/**
 * @param y class codes, length n.
 * @returns Int32Array, length n: the test fold of each row.
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed: number): Int32Array {
  checkK(k, y.length);
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const g = byClass.get(y[i]) ?? [];
    g.push(i);
    byClass.set(y[i], g);
  }
  const fold = new Int32Array(y.length);
  // Continue the round-robin across classes so fold sizes differ by at most one.
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(Uint32Array.from(byClass.get(c) as number[]), rng);
    for (const r of rows) fold[r] = next++ % k;
  }
  return fold;
}

/** Rows of the training and test parts of fold f. @returns two Uint32Array, ascending. */
export function foldRows(fold: Int32Array, f: number): { train: Uint32Array; test: Uint32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}
