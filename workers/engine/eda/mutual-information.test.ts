// Guards mutualInformation(): exact plug-in value on a hand-computed table, and the Miller–Madow
// correction that keeps independent many-valued features near zero.
import { describe, expect, it } from 'vitest';
import { miBins, mutualInformation } from './target-analysis';

describe('mutualInformation()', () => {
  it('mutualInformation() of a copy of a balanced binary code is ln 2 minus the MM term', () => {
    const a = Int32Array.from([0, 0, 1, 1, 0, 1, 0, 1]);
    // plug-in = ln 2; cells: kxy 2, kx 2, ky 2 → correction (2 − 2 − 2 + 1) / 16 = −1/16
    expect(mutualInformation(a, a)).toBeCloseTo(Math.LN2 + 1 / 16, 12);
  });

  it('mutualInformation() ignores rows where either code is missing (−1)', () => {
    const a = Int32Array.from([0, 1, -1, 0, 1]);
    const b = Int32Array.from([0, 1, 1, -1, 1]);
    // complete rows: (0,0), (1,1), (1,1): plug-in = H = −(1/3 ln 1/3 + 2/3 ln 2/3)
    const h = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3));
    expect(mutualInformation(a, b)).toBeCloseTo(h + 1 / 6, 12);
  });

  it('mutualInformation() of independent 8-bin codes on 442 rows stays near 0 (bias corrected)', () => {
    let s = 7;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 442;
    const a = Int32Array.from({ length: n }, () => Math.floor(rnd() * 8));
    const b = Int32Array.from({ length: n }, () => Math.floor(rnd() * 8));
    expect(mutualInformation(a, b)).toBeLessThan(0.03);
  });

  it('miBins() uses about the cube root of the row count, capped by the histogram bins', () => {
    expect(miBins(442, 30)).toBe(8);
    expect(miBins(1_000_000, 30)).toBe(30);
    expect(miBins(3, 30)).toBe(2);
  });
});
