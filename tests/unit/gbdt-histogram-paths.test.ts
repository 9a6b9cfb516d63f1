// buildHistogram() takes a run-length path for columns whose consecutive rows repeat a bin (time-
// ordered data) and a direct path otherwise; both must equal the naive per-row sums bit for bit.
import { expect, test } from 'vitest';
import { HIST_BINS } from '../../workers/engine/gbdt/binning';
import { buildHistogram, createHistogram } from '../../workers/engine/gbdt/histogram';
import { createRng } from '../../workers/engine/rng';

function naive(
  binned: Uint8Array[],
  rows: Uint32Array,
  start: number,
  end: number,
  g: Float64Array,
  h: Float64Array
) {
  const out = createHistogram(binned.length);
  binned.forEach((col, f) => {
    for (let i = start; i < end; i++) {
      const slot = f * HIST_BINS + col[rows[i]];
      out.sums[2 * slot] += g[rows[i]];
      out.sums[2 * slot + 1] += h[rows[i]];
      out.counts[slot]++;
    }
  });
  return out;
}

test('run-length and direct histogram paths equal the naive sums exactly', () => {
  const rng = createRng(11);
  const n = 5000;
  // Sorted (long runs), blocky (short runs), random, and constant columns.
  const binned = [
    Uint8Array.from({ length: n }, (_, i) => Math.floor((i / n) * 7)),
    Uint8Array.from({ length: n }, (_, i) => Math.floor(i / 3) % 24),
    Uint8Array.from({ length: n }, () => rng.int(256)),
    new Uint8Array(n).fill(255)
  ];
  const g = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  const h = Float64Array.from({ length: n }, () => rng.next() + 1e-3);
  const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.7);
  for (const [start, end] of [
    [0, rows.length],
    [10, 11],
    [100, 100],
    [37, 2999]
  ]) {
    const got = createHistogram(binned.length);
    got.sums.fill(7); // stale contents must be cleared
    buildHistogram(binned, rows, start, end, g, h, null, got);
    const want = naive(binned, rows, start, end, g, h);
    expect(new Uint8Array(got.sums.buffer)).toEqual(new Uint8Array(want.sums.buffer));
    expect(got.counts).toEqual(want.counts);
  }
});
