// Guards the seeded fold splitters: every row in exactly one fold, balanced sizes, per-class balance.
import { describe, expect, it } from 'vitest';
import { foldRows, kFold, stratifiedKFold } from './folds';

describe('kFold() / stratifiedKFold()', () => {
  it('kFold() gives near-equal folds, the first n mod k one larger, same seed → same folds', () => {
    const f = kFold(23, 5, 1);
    expect([0, 1, 2, 3, 4].map((k) => foldRows(f, k).test.length)).toEqual([5, 5, 5, 4, 4]);
    expect(Array.from(kFold(23, 5, 1))).toEqual(Array.from(f));
  });

  it('stratifiedKFold() spreads every class evenly over the folds', () => {
    const y = Array.from({ length: 103 }, (_, i) => (i < 70 ? 0 : i < 95 ? 1 : 2));
    const f = stratifiedKFold(y, 5, 42);
    for (const c of [0, 1, 2]) {
      const counts = [0, 0, 0, 0, 0];
      y.forEach((v, i) => v === c && counts[f[i]]++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(() => stratifiedKFold(y, 1, 0)).toThrow(/invalid k: 1/);
  });
});
