// fitGbdt with the WASM histogram kernel (histogram-wasm.ts, wasm/hist) as its `histogramBuilder`
// must grow exactly the forest the TypeScript kernel grows: every FlatForest array bit for bit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { fitGbdt, type GbdtResult } from '../../workers/engine/gbdt/gbdt';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
import type { FeatureKind, GbdtParams } from '../../workers/engine/gbdt/params';
import { createRng } from '../../workers/engine/rng';
import { loadDataset } from './gbdt-data';
import { repoRoot } from './helpers';

const wasmFile = path.join(repoRoot, 'wasm/hist/build/hist.wasm');
if (!existsSync(wasmFile)) execFileSync('node', [path.join(repoRoot, 'wasm/build.mjs')]);
const wasmBytes = new Uint8Array(readFileSync(wasmFile));

/** Every field of the forest; typed arrays as their bytes (so −0 / NaN payloads count too). */
function bits(f: FlatForest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f))
    out[k] = ArrayBuffer.isView(v)
      ? Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
      : v;
  return out;
}

function both(
  X: Float64Array[],
  kinds: FeatureKind[],
  y: Float64Array,
  params: Partial<GbdtParams>
): [GbdtResult, GbdtResult] {
  const ts = fitGbdt(X, kinds, y, params);
  // A fresh kernel per fit, as a worker would hold one per training job.
  const kernel = createWasmHistogram(wasmBytes);
  const calls = { prepare: 0, build: 0, partition: 0, sync: 0, gradients: 0 };
  const wasm = fitGbdt(X, kinds, y, params, undefined, undefined, {
    histogramBuilder: {
      prepare: (b, g, h, rows) => (calls.prepare++, kernel.prepare(b, g, h, rows)),
      build: (...args) => (calls.build++, kernel.build(...args)),
      partition: (...args) => (calls.partition++, kernel.partition(...args)),
      syncRows: (rows) => (calls.sync++, kernel.syncRows(rows)),
      logisticGradients: (...args) => (calls.gradients++, kernel.logisticGradients(...args))
    }
  });
  // The WASM kernels really grew the trees: gradients and rows handed over once per tree, rows
  // partitioned in memory and read back once per tree.
  expect(calls.prepare).toBeGreaterThan(0);
  expect(calls.prepare).toBeLessThanOrEqual(wasm.forest.treeOutput.length);
  expect(calls.build).toBeGreaterThan(calls.prepare);
  expect(calls.partition).toBeGreaterThan(calls.prepare);
  expect(calls.sync).toBe(calls.prepare);
  // Binary log-loss: gradients computed in WASM once per round.
  const binary = params.loss === 'logLoss' && new Set(y).size === 2;
  expect(calls.gradients).toBe(binary ? wasm.nIter : 0);
  // Without the partition kernel (a wrapper that forwards only prepare / build) the rows stay in
  // TypeScript and the forest is still the same.
  const partial = createWasmHistogram(wasmBytes);
  const half = fitGbdt(X, kinds, y, params, undefined, undefined, {
    histogramBuilder: {
      prepare: (b, g, h, rows) => partial.prepare(b, g, h, rows),
      build: (...args) => partial.build(...args)
    }
  });
  expect(bits(half.forest)).toEqual(bits(ts.forest));
  return [ts, wasm];
}

function expectIdentical([ts, wasm]: [GbdtResult, GbdtResult]): void {
  expect(ts.forest.feature.length).toBeGreaterThan(ts.nIter);
  expect(bits(wasm.forest)).toEqual(bits(ts.forest));
  expect(wasm.nIter).toBe(ts.nIter);
  expect(wasm.validLoss).toEqual(ts.validLoss);
}

/** Numeric columns with NaN, a sorted (run-length) column and a categorical one; y depends on all. */
function synthetic(n: number, seed: number) {
  const rng = createRng(seed);
  const x0 = Float64Array.from({ length: n }, () => (rng.next() < 0.15 ? NaN : rng.next() * 10));
  const x1 = Float64Array.from({ length: n }, (_, i) => Math.floor((i / n) * 12));
  const cat = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.int(40)));
  const x3 = Float64Array.from({ length: n }, () => rng.next());
  const score = (i: number) =>
    (Number.isNaN(x0[i]) ? 2 : x0[i] / 5) +
    (Number.isNaN(cat[i]) ? 3 : cat[i] % 7) / 3 +
    x1[i] / 12 +
    rng.next() -
    1.5;
  const yReg = Float64Array.from({ length: n }, (_, i) => score(i));
  const yCls = Float64Array.from(yReg, (v) => (v < 0 ? 0 : v < 1 ? 1 : 2));
  const kinds: FeatureKind[] = ['numeric', 'numeric', 'categorical', 'numeric'];
  return { X: [x0, x1, cat, x3], kinds, yReg, yCls };
}

describe('fitGbdt(): TS and WASM histogram builders grow identical forests', () => {
  it('breast_cancer (binary log-loss, defaults)', () => {
    const d = loadDataset('breast_cancer');
    expectIdentical(both(d.X, d.kinds, d.y, { loss: 'logLoss', maxIter: 30, seed: 42 }));
  });

  it('synthetic categorical + NaN: regression, subsample / colsample, depth-wise', () => {
    const s = synthetic(3000, 7);
    expectIdentical(
      both(s.X, s.kinds, s.yReg, {
        maxIter: 25,
        subsample: 0.7,
        colsampleByTree: 0.75,
        maxLeafNodes: null,
        maxDepth: 5,
        seed: 3
      })
    );
  });

  it('synthetic categorical + NaN: binary log-loss, early stopping, subsample (WASM gradients)', () => {
    const s = synthetic(2500, 13);
    const yBin = Float64Array.from(s.yCls, (v) => (v > 0 ? 1 : 0));
    expectIdentical(
      both(s.X, s.kinds, yBin, {
        loss: 'logLoss',
        maxIter: 20,
        earlyStopping: true,
        subsample: 0.8,
        maxLeafNodes: null,
        maxDepth: 4,
        seed: 9
      })
    );
  });

  it('synthetic categorical + NaN: 3-class softmax with early stopping', () => {
    const s = synthetic(2500, 11);
    expectIdentical(
      both(s.X, s.kinds, s.yCls, { loss: 'logLoss', maxIter: 20, earlyStopping: true, seed: 5 })
    );
  });

  // The full kernel as the builder (no wrapper): one-output binary log-loss without subsampling
  // keeps the training margins in linear memory for the whole fit (adoptMargins →
  // residentGradients / nodeSums / addLeafValues → releaseMargins).
  it.each([
    ['early stopping (validation rows stay in TS), training loss', { earlyStopping: true }],
    ['depth-wise, no early stopping', { maxLeafNodes: null, maxDepth: 5, earlyStopping: false }]
  ])('resident margins: binary log-loss, %s', (_, extra) => {
    const s = synthetic(3000, 17);
    const yBin = Float64Array.from(s.yCls, (v) => (v > 0 ? 1 : 0));
    const params: Partial<GbdtParams> = { loss: 'logLoss', maxIter: 25, seed: 4, ...extra };
    const ts = fitGbdt(s.X, s.kinds, yBin, params, undefined, undefined, { trainLoss: true });
    const kernel = createWasmHistogram(wasmBytes);
    const calls = { resident: 0, gradients: 0, leaves: 0, sums: 0 };
    const wasm = fitGbdt(s.X, s.kinds, yBin, params, undefined, undefined, {
      trainLoss: true,
      histogramBuilder: {
        ...kernel,
        residentGradients: (...a) => (calls.resident++, kernel.residentGradients(...a)),
        logisticGradients: (...a) => (calls.gradients++, kernel.logisticGradients(...a)),
        addLeafValues: (...a) => {
          const done = kernel.addLeafValues(...a);
          if (done) calls.leaves++;
          return done;
        },
        nodeSums: (...a) => {
          const r = kernel.nodeSums(...a);
          if (r) calls.sums++;
          return r;
        }
      }
    });
    expectIdentical([ts, wasm]);
    // Training losses need the margins back in TS each round: same values as the TS fit's.
    expect(wasm.trainLoss).toEqual(ts.trainLoss);
    expect(calls).toEqual({
      resident: wasm.nIter,
      gradients: 0,
      leaves: wasm.nIter,
      sums: wasm.nIter
    });
  });
});
