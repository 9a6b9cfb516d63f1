// Guards the pipeline's arithmetic helpers against independent references: calendar parts against
// JavaScript's Date UTC getters over ±300 years, the quickselect median against a full sort.
import { describe, expect, test } from 'vitest';
import { datePart, DATETIME_PARTS } from '../../workers/engine/preprocess/index';
import { median, quantile, std } from '../../workers/engine/preprocess/stats';
import { createRng } from '../../workers/engine/rng';

describe('datePart', () => {
  test('equals the Date UTC getters (pandas conventions) for 20,000 instants in 1700 … 2300', () => {
    const rng = createRng(5);
    const lo = Date.UTC(1700, 0, 1);
    const hi = Date.UTC(2300, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(lo + rng.next() * (hi - lo));
      const d = new Date(ms);
      const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
      const ref = {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        dayofweek: (d.getUTCDay() + 6) % 7,
        dayofyear: Math.floor((ms - jan1) / 86_400_000) + 1,
        hour: d.getUTCHours()
      };
      for (const p of DATETIME_PARTS)
        if (datePart(ms, p) !== ref[p]) expect([ms, p, datePart(ms, p)]).toEqual([ms, p, ref[p]]);
    }
  });

  test('known days: 2000-02-29 (leap, Tuesday), 1969-12-31T23:59 (Wednesday), 2023-12-31 (day 365, Sunday)', () => {
    const parts = (ms: number) => DATETIME_PARTS.map((p) => datePart(ms, p));
    expect(parts(Date.UTC(2000, 1, 29, 5))).toEqual([2000, 2, 29, 1, 60, 5]);
    expect(parts(Date.UTC(1969, 11, 31, 23, 59))).toEqual([1969, 12, 31, 2, 365, 23]);
    expect(parts(Date.UTC(2023, 11, 31))).toEqual([2023, 12, 31, 6, 365, 0]);
    expect(datePart(NaN, 'year')).toBeNaN();
  });
});

describe('median / quantile / std', () => {
  test('quickselect median = middle of the sorted values (mean of the two middles), with many ties', () => {
    const rng = createRng(9);
    for (let t = 0; t < 300; t++) {
      const n = 1 + rng.int(60);
      const ties = 1 + rng.int(10);
      const x = Float64Array.from({ length: n }, () => rng.int(ties) * 1.5 - 3);
      const s = Array.from(x).sort((a, b) => a - b);
      const ref = n % 2 ? s[n >> 1] : (s[(n >> 1) - 1] + s[n >> 1]) / 2;
      expect(median(x)).toBe(ref);
    }
    expect(median(new Float64Array(0))).toBeNaN();
  });

  test('np.percentile linear and population std on a hand example', () => {
    const x = Float64Array.from([4, 1, 3, 2]);
    expect(quantile(x, 0.25)).toBe(1.75); // position 0.75 between 1 and 2
    expect(quantile(x, 0.75)).toBe(3.25);
    expect(std(x)).toBe(Math.sqrt(1.25)); // Σ(x − 2.5)² = 5, / 4
  });
});
