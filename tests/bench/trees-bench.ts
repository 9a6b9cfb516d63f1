/**
 * Node side of `npm run bench:trees` (issue 4): GBDT on the 1,000,000-row flights_delay table.
 * Bundled by tests/bench/trees.mjs with esbuild and run in a child process; prints one JSON object
 * on its last stdout line.
 *
 *   node trees-bench.mjs <csv> <predict.wasm> <variants: ordinal,categorical> <predictRuns> <hist.wasm>
 *
 * Each variant is fitted twice, with the TypeScript histogram kernel and with the WASM one
 * (wasm/hist, `histogramBuilder` option); the two forests must be identical bit for bit.
 *
 * Columns are parsed straight from the CSV (the fastest way to typed arrays; the table is plain
 * integers and IATA codes). origin / destination become ordinal codes of their sorted IATA codes,
 * used either as numeric features ('ordinal') or as native categorical ones ('categorical').
 * 80/20 stratified holdout, seed 42 (stratifiedKFold(y, 5, 42), fold 0 = test).
 */
import { readFileSync } from 'node:fs';
import { stratifiedKFold } from '../../workers/engine/eval/folds';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
import type { FeatureKind, GbdtParams } from '../../workers/engine/gbdt/params';
import { predictRaw, prepareForest } from '../../workers/engine/gbdt/predict';
import { createWasmPredictor } from '../../workers/engine/gbdt/wasm-predict';
import { binaryAuc } from '../../workers/engine/metrics/auc';

const FEATURES = ['month', 'day_of_week', 'hour', 'distance', 'origin', 'destination'];

/** XGBoost-like settings (hist, depth 6, eta 0.3, lambda 1, min_child_weight 1), no early stopping. */
const PARAMS: Partial<GbdtParams> = {
  loss: 'logLoss',
  maxIter: 100,
  maxLeafNodes: null,
  maxDepth: 6,
  learningRate: 0.3,
  l2Regularization: 1,
  minSamplesLeaf: 1,
  minHessianToSplit: 1,
  maxBins: 255,
  earlyStopping: false,
  seed: 42
};

function loadCsv(file: string): { cols: Float64Array[]; y: Float64Array; n: number } {
  const text = readFileSync(file, 'latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].trim().split(',');
  const expected = [...FEATURES, 'delayed'].join(',');
  if (header.join(',') !== expected) throw new Error(`unexpected header ${header.join(',')}`);
  const n = lines.length - 1;
  const num = [0, 1, 2, 3].map(() => new Float64Array(n));
  const origin: string[] = new Array(n);
  const dest: string[] = new Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = lines[i + 1].split(',');
    for (let j = 0; j < 4; j++) num[j][i] = +p[j];
    origin[i] = p[4];
    dest[i] = p[5];
    y[i] = +p[6];
  }
  const codes = (v: string[]): Float64Array => {
    const sorted = [...new Set(v)].sort();
    const at = new Map(sorted.map((s, i) => [s, i]));
    return Float64Array.from(v, (s) => at.get(s) as number);
  };
  return { cols: [...num, codes(origin), codes(dest)], y, n };
}

/** Every FlatForest field equal, typed arrays byte for byte. */
function sameForest(a: FlatForest, b: FlatForest): boolean {
  const bytes = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return Object.entries(a).every(([k, v]) => {
    const w = (b as unknown as Record<string, unknown>)[k];
    if (!ArrayBuffer.isView(v)) return JSON.stringify(v) === JSON.stringify(w);
    if (!ArrayBuffer.isView(w) || v.byteLength !== w.byteLength) return false;
    const x = bytes(v);
    const y = bytes(w);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function main(): void {
  const [csv, wasmFile, variantsArg, runsArg, histWasmFile] = process.argv.slice(2);
  const runs = Number(runsArg) || 3;
  const t0 = performance.now();
  const { cols, y, n } = loadCsv(csv);
  const loadSeconds = (performance.now() - t0) / 1000;
  const fold = stratifiedKFold(y, 5, 42);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (fold[i] === 0 ? test : train).push(i);
  const pick = (c: Float64Array, rows: number[]) => Float64Array.from(rows, (r) => c[r]);
  const Xtr = cols.map((c) => pick(c, train));
  const ytr = pick(y, train);
  // All 1 M rows row-major for prediction; the test rows' scores give the AUC.
  const nF = cols.length;
  const Xall = new Float64Array(n * nF);
  for (let i = 0; i < n; i++) for (let f = 0; f < nF; f++) Xall[i * nF + f] = cols[f][i];
  const isPos = Uint8Array.from(test, (r) => (y[r] === 1 ? 1 : 0));
  const wasm = createWasmPredictor(new Uint8Array(readFileSync(wasmFile)));
  const histBytes = new Uint8Array(readFileSync(histWasmFile));

  const variants: Record<string, unknown>[] = [];
  for (const variant of variantsArg.split(',')) {
    const kinds: FeatureKind[] = FEATURES.map((_, f) =>
      variant === 'categorical' && f >= 4 ? 'categorical' : 'numeric'
    );
    const f0 = performance.now();
    const fit = fitGbdt(Xtr, kinds, ytr, PARAMS);
    const fitSeconds = (performance.now() - f0) / 1000;
    const forest = fit.forest;
    // Same fit with the WASM histogram kernel (instantiation included in the time).
    const w0 = performance.now();
    const histogramBuilder = createWasmHistogram(histBytes);
    const fitWasm = fitGbdt(Xtr, kinds, ytr, PARAMS, undefined, undefined, { histogramBuilder });
    const fitSecondsWasm = (performance.now() - w0) / 1000;
    const fitForestsIdentical = sameForest(forest, fitWasm.forest);
    const l0 = performance.now();
    const handle = wasm.load(forest);
    const wasmLoadMs = performance.now() - l0;
    const wasmTimes: number[] = [];
    let raw: Float64Array = new Float64Array(0);
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      raw = handle.predictRaw(Xall, n);
      wasmTimes.push((performance.now() - s) / 1000);
    }
    const tsTimes: number[] = [];
    let rawTs: Float64Array = new Float64Array(0);
    for (let i = 0; i < Math.max(1, Math.min(runs, 2)); i++) {
      const s = performance.now();
      rawTs = predictRaw(forest, Xall, n);
      tsTimes.push((performance.now() - s) / 1000);
    }
    const tsPrepared = prepareForest(forest);
    const tsMaskTimes: number[] = [];
    let rawMasks: Float64Array = new Float64Array(0);
    for (let i = 0; i < Math.max(1, Math.min(runs, 2)); i++) {
      const s = performance.now();
      rawMasks = tsPrepared.predictRaw(Xall, n);
      tsMaskTimes.push((performance.now() - s) / 1000);
    }
    const maskTimes: number[] = [];
    const masksHandle = wasm.load(forest, { layout: 'masks' });
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      masksHandle.predictRaw(Xall, n);
      maskTimes.push((performance.now() - s) / 1000);
    }
    masksHandle.dispose();
    const nodeTimes: number[] = [];
    const nodesHandle = wasm.load(forest, { layout: 'nodes' });
    for (let i = 0; i < Math.max(1, Math.min(runs, 2)); i++) {
      const s = performance.now();
      nodesHandle.predictRaw(Xall, n);
      nodeTimes.push((performance.now() - s) / 1000);
    }
    nodesHandle.dispose();
    handle.dispose();
    let identical = raw.length === rawTs.length && rawMasks.length === rawTs.length;
    for (let i = 0; identical && i < raw.length; i++)
      if (!Object.is(raw[i], rawTs[i]) || !Object.is(rawMasks[i], rawTs[i])) identical = false;
    const scores = Float64Array.from(test, (r) => raw[r]);
    variants.push({
      variant,
      fitSeconds: r3(fitSeconds),
      fitSecondsTs: r3(fitSeconds),
      fitSecondsWasm: r3(fitSecondsWasm),
      fitForestsIdentical,
      predictSeconds: r3(median(wasmTimes)),
      predictSecondsWasm: wasmTimes.map(r3),
      predictSecondsTs: tsTimes.map(r3),
      predictSecondsTsMasks: tsMaskTimes.map(r3),
      predictSecondsWasmMasks: maskTimes.map(r3),
      predictSecondsWasmNodeWalk: nodeTimes.map(r3),
      wasmLayout: handle.layout,
      wasmLoadMs: r3(wasmLoadMs),
      wasmTsIdentical: identical,
      auc: Math.round(binaryAuc(scores, isPos) * 1e5) / 1e5,
      nIter: fit.nIter,
      nodes: forest.feature.length
    });
    console.error(`[bench:trees] ${JSON.stringify(variants[variants.length - 1])}`);
  }
  console.log(
    JSON.stringify({
      rows: n,
      trainRows: train.length,
      testRows: test.length,
      features: FEATURES,
      params: PARAMS,
      loadSeconds: r3(loadSeconds),
      variants
    })
  );
}

main();
