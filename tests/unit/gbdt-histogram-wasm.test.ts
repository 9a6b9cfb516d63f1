// One suite, two histogram kernels: histogram.ts `buildHistogram` (TypeScript reference) and the
// WASM kernel (wasm/hist via histogram-wasm.ts) must give identical bits on the same inputs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildHistogram, createHistogram } from '../../workers/engine/gbdt/histogram';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
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
          expect(new Uint8Array(wa.sums.buffer)).toEqual(new Uint8Array(ts.sums.buffer));
          expect(wa.counts).toEqual(ts.counts);
        }
      ),
      { numRuns: 40 }
    );
  });
});
