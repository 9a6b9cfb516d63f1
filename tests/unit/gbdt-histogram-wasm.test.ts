// One suite, two sets of training kernels: histogram.ts `buildHistogram` / partition.ts
// `partitionRows` (TypeScript references) and the WASM kernels (wasm/hist via histogram-wasm.ts)
// must give identical bits on the same inputs — called alone and on rows kept resident in memory.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildHistogram, createHistogram } from '../../workers/engine/gbdt/histogram';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
import { binaryLogLoss } from '../../workers/engine/gbdt/loss/binary-log-loss';
import { expNonPositive } from '../../workers/engine/gbdt/loss/exp';
import { partitionRows } from '../../workers/engine/gbdt/partition';
import { createRng } from '../../workers/engine/rng';
import { repoRoot } from './helpers';

const wasmFile = path.join(repoRoot, 'wasm/hist/build/hist.wasm');
if (!existsSync(wasmFile)) execFileSync('node', [path.join(repoRoot, 'wasm/build.mjs')]);
const wasm = createWasmHistogram(new Uint8Array(readFileSync(wasmFile)));
const kernels = [
  ['ts', buildHistogram],
  ['wasm', wasm.buildHistogram]
] as const;

function data(seed: number, n: number, nF: number) {
  const rng = createRng(seed);
  const binned = Array.from({ length: nF }, (_, f) =>
    Uint8Array.from({ length: n }, (_, i) =>
      f === 0 ? Math.floor((i / n) * 5) : rng.next() < 0.1 ? 255 : rng.int(f === 1 ? 3 : 255)
    )
  );
  const g = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  const h = Float64Array.from({ length: n }, () => rng.next() + 1e-3);
  const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.8);
  return { binned, g, h, rows };
}

describe('buildHistogram(): TS reference and WASM kernel give identical bits', () => {
  test('random nodes, feature masks, column sets changing between calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (seed, n, nF, masked) => {
          const { binned, g, h, rows } = data(seed, n, nF);
          const start = Math.floor(rows.length / 3);
          const end = rows.length;
          const mask = masked ? Uint8Array.from({ length: nF }, (_, f) => f % 2) : null;
          const [ts, wa] = kernels.map(([, build]) => {
            const out = createHistogram(nF);
            out.sums.fill(3);
            build(binned, rows, start, end, g, h, mask, out);
            return out;
          });
          expect(Buffer.from(wa.sums.buffer).equals(Buffer.from(ts.sums.buffer))).toBe(true);
          expect(Buffer.from(wa.counts.buffer).equals(Buffer.from(ts.counts.buffer))).toBe(true);
        }
      ),
      { numRuns: 40 }
    );
  });
});

test('more time-ordered ("runny") columns than the kernel keeps in registers, nodes of every size', () => {
  const rng = createRng(21);
  const n = 5000;
  // Seven sorted / blocky columns (4 ride in registers, the rest go slot by slot) and a random one.
  const binned = [
    ...Array.from({ length: 7 }, (_, f) =>
      Uint8Array.from({ length: n }, (_, i) => Math.floor(i / (3 + 40 * f)) % (f === 6 ? 256 : 200))
    ),
    Uint8Array.from({ length: n }, () => rng.int(256))
  ];
  const g = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  const h = Float64Array.from({ length: n }, () => rng.next() + 1e-3);
  const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.9);
  for (const [start, end] of [
    [0, rows.length],
    [5, 6],
    [100, 100],
    [17, 4000]
  ]) {
    const [ts, wa] = kernels.map(([, build]) => {
      const out = createHistogram(binned.length);
      build(binned, rows, start, end, g, h, null, out);
      return out;
    });
    expect(Buffer.from(wa.sums.buffer).equals(Buffer.from(ts.sums.buffer))).toBe(true);
    expect(Buffer.from(wa.counts.buffer).equals(Buffer.from(ts.counts.buffer))).toBe(true);
  }
});

describe('partition: TS reference and WASM kernel on resident rows give the same order', () => {
  test('random nodes, split tables; histograms of the parts agree too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 9 }),
        (seed, n, nF) => {
          const { binned, g, h, rows } = data(seed, n, nF);
          const rng = createRng(seed ^ 0x5bd1e995);
          const toLeft = Uint8Array.from({ length: 256 }, () => (rng.next() < 0.5 ? 1 : 0));
          const feature = rng.int(nF);
          const start = rng.int(rows.length + 1);
          const end = start + rng.int(rows.length - start + 1);
          const tsRows = rows.slice();
          const scratch = new Uint32Array(rows.length);
          const nlTs = partitionRows(binned[feature], tsRows, start, end, toLeft, scratch);
          // Independent expectation: left rows in order, then right rows in order.
          const part = Array.from(rows.subarray(start, end));
          const want = [
            ...part.filter((r) => toLeft[binned[feature][r]] === 1),
            ...part.filter((r) => toLeft[binned[feature][r]] !== 1)
          ];
          expect(Array.from(tsRows.subarray(start, end))).toEqual(want);
          expect(nlTs - start).toBe(part.filter((r) => toLeft[binned[feature][r]] === 1).length);

          const waRows = rows.slice();
          wasm.prepare(binned, g, h, waRows);
          const nlWa = wasm.partition(binned, waRows, start, end, feature, toLeft, scratch);
          expect(nlWa).toBe(nlTs);
          // Resident rows: the histograms of both parts come from the kernel's own copy…
          for (const [a, b] of [
            [start, nlWa],
            [nlWa, end]
          ]) {
            const got = createHistogram(nF);
            const ref = createHistogram(nF);
            wasm.build(binned, waRows, a, b, g, h, null, got);
            buildHistogram(binned, tsRows, a, b, g, h, null, ref);
            // Byte comparison (−0 and NaN payloads count), as one boolean: fast on 40 kB.
            expect(Buffer.from(got.sums.buffer).equals(Buffer.from(ref.sums.buffer))).toBe(true);
            expect(Buffer.from(got.counts.buffer).equals(Buffer.from(ref.counts.buffer))).toBe(
              true
            );
          }
          // …and syncRows writes it back.
          expect(waRows).toEqual(rows);
          wasm.syncRows(waRows);
          expect(waRows).toEqual(tsRows);
        }
      ),
      { numRuns: 40 }
    );
  });

  test('rows not handed to prepare: partition falls back to the TypeScript reference', () => {
    const { binned, g, h, rows } = data(3, 500, 3);
    wasm.prepare(binned, g, h);
    const toLeft = Uint8Array.from({ length: 256 }, (_, b) => (b % 3 === 0 ? 1 : 0));
    const a = rows.slice();
    const b = rows.slice();
    const scratch = new Uint32Array(rows.length);
    const nl = wasm.partition(binned, a, 0, a.length, 1, toLeft, scratch);
    expect(nl).toBe(partitionRows(binned[1], b, 0, b.length, toLeft, scratch));
    expect(a).toEqual(b);
  });
});

describe('binary log-loss gradients: loss/binary-log-loss.ts and the WASM kernel agree bit for bit', () => {
  // Margins around every branch of fdlibm's exp: tiny, the ln 2 / 2 and 3 ln 2 / 2 reduction
  // bounds, subnormal results (below −708) and underflow (below −745.13), both signs.
  const below = (x: number): number => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    v.setBigUint64(0, v.getBigUint64(0) - 1n);
    return v.getFloat64(0);
  };
  const bounds = [3.725290298461914e-9, 0.3465735912322998, 1.039720773696899, 745.1332191019411];
  const specials = [
    0,
    -0,
    1e-300,
    ...bounds,
    ...bounds.map(below),
    Math.log(2) * 1.5,
    708.4,
    709.8,
    745.14,
    1e6,
    Infinity
  ];
  test('random margins over many scales, odd and even row counts, rows in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 4000 }),
        fc.double({ min: 1e-12, max: 1e4, noNaN: true }),
        (seed, n, scale) => {
          const rng = createRng(seed);
          const raw = Float64Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
          specials.forEach((v, i) => {
            if (2 * i + 1 < n) {
              raw[2 * i] = v;
              raw[2 * i + 1] = -v;
            }
          });
          const y = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
          const binned = [new Uint8Array(n)];
          // All rows (bulk path) and a shuffled subset (other entries must stay untouched).
          const subset = Uint32Array.from({ length: n }, (_, i) => i).filter(
            () => rng.next() < 0.6
          );
          for (let i = subset.length - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [subset[i], subset[j]] = [subset[j], subset[i]];
          }
          for (const rows of [Uint32Array.from({ length: n }, (_, i) => i), subset]) {
            const [gw, hw, gt, ht] = [0, 1, 2, 3].map(() => new Float64Array(n).fill(7));
            wasm.logisticGradients(binned, y, raw, rows, gw, hw);
            binaryLogLoss().gradients(y, raw, rows, [gt], [ht]);
            expect(Buffer.from(gw.buffer).equals(Buffer.from(gt.buffer))).toBe(true);
            expect(Buffer.from(hw.buffer).equals(Buffer.from(ht.buffer))).toBe(true);
          }
        }
      ),
      { numRuns: 30 }
    );
  });

  test('expNonPositive: exact at 0, −∞, NaN and underflow; within 1 ulp of e^x elsewhere', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(-746)).toBe(0);
    // e^−745 ≈ 4.94e−324 rounds to the smallest subnormal; e^−1 from its decimal expansion.
    expect(expNonPositive(-745)).toBe(Number.MIN_VALUE);
    expect(expNonPositive(-1)).toBe(0.36787944117144233);
    const rng = createRng(5);
    for (let i = 0; i < 20000; i++) {
      const x = -rng.next() * (i % 2 ? 700 : 2);
      const want = Math.exp(x);
      expect(Math.abs(expNonPositive(x) - want)).toBeLessThanOrEqual(want * 2 ** -52);
    }
  });
});

describe('resident margins: nodeSums and addLeafValues equal plain loops bit for bit', () => {
  test('random rows, leaves and unpartitioned splits; margins released at the adopted rows only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20, max: 2000 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, n, nF) => {
          const { binned, rows } = data(seed, n, nF);
          const rng = createRng(seed ^ 0x2545f491);
          const y = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
          const raw = Float64Array.from({ length: n }, () => (rng.next() - 0.5) * 8);
          const grad = new Float64Array(n);
          const hess = new Float64Array(n);
          const k = createWasmHistogram(new Uint8Array(readFileSync(wasmFile)));
          k.adoptMargins(binned, y, raw, rows);
          expect(k.residentGradients(binned, grad, hess)).toBe(true);
          // Reference gradients: the TS loss on a copy of the margins.
          const gRef = new Float64Array(n);
          const hRef = new Float64Array(n);
          binaryLogLoss().gradients(y, raw, rows, [gRef], [hRef]);
          // A tree on every adopted row (leaf update deferred to the next gradient pass) or on all
          // but the last (immediate update).
          const drop = rows.length > 2 && rng.next() < 0.5;
          const tree = drop ? rows.slice(0, rows.length - 1) : rows.slice();
          k.prepare(binned, grad, hess, tree);
          // Σ in row order, by a plain loop over the reference gradients.
          const start = rng.int(tree.length);
          const end = start + 1 + rng.int(tree.length - start);
          let sg = 0;
          let sh = 0;
          for (let i = start; i < end; i++) {
            sg += gRef[tree[i]];
            sh += hRef[tree[i]];
          }
          expect(k.nodeSums(grad, hess, tree, start, end)).toEqual([sg, sh]);
          // Leaves: [0, a) plain, [a, rows) an unpartitioned split on a random feature.
          const a = rng.int(tree.length + 1);
          const f = rng.int(nF);
          const toLeft = Uint8Array.from({ length: 256 }, () => (rng.next() < 0.5 ? 1 : 0));
          const leaves = [
            { start: 0, end: a, value: 0.1 + rng.next() },
            { start: a, end: tree.length, value: -rng.next(), feature: f, toLeft, valueRight: 0.3 }
          ];
          const want = raw.slice();
          for (let i = 0; i < a; i++) want[tree[i]] += leaves[0].value;
          for (let i = a; i < tree.length; i++)
            want[tree[i]] += toLeft[binned[f][tree[i]]] ? leaves[1].value : 0.3;
          expect(k.addLeafValues(raw, tree, leaves)).toBe(true);
          // Not the adopted margins: nothing done, the caller updates them itself.
          expect(k.addLeafValues(raw.slice(), tree, leaves)).toBe(false);
          const before = raw.slice();
          k.releaseMargins(raw);
          const adopted = new Uint8Array(n);
          for (const r of rows) adopted[r] = 1;
          for (let r = 0; r < n; r++) expect(raw[r]).toBe(adopted[r] ? want[r] : before[r]);
        }
      ),
      { numRuns: 25 }
    );
  });
});
