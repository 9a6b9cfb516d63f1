/**
 * Issue 7's batch-prediction benchmark, Node side (bundled by tests/bench/predict.mjs and run in
 * a child process; with `--worker` the same file is a worker_threads worker). Prints one JSON
 * object on stdout.
 *
 * 1. flights_delay (tests/bench/data/flights-delay-1m.csv, 1,000,000 rows) loaded with DuckDB and
 *    read as the batch path's Frame (engine frame/query.ts, as the data worker does);
 * 2. a 300-tree GBDT (engine gbdtTrainer defaults — maxLeafNodes 31, learningRate 0.1 — with
 *    maxIter 300 and no early stopping) fitted on the first TRAIN_ROWS rows through the engine's
 *    executor (pipeline + model, WASM histograms), then built into a model bundle (buildBundle)
 *    and round-tripped through its JSON;
 * 3. single thread: `predictBundleOutput(bundle, frame)` on all 1 M rows, median of RUNS runs, the
 *    bundle decoded afresh each run (every run pays decoding and the WASM forest preparation), with
 *    the phase split (schema check + pipeline transform, model = forest decode + WASM predict +
 *    link, output = class index per row); the TypeScript predictor once on 100,000 rows;
 * 4. multi-thread: the frame split into one slice per core, each predicted by a warm
 *    worker_threads worker holding the decoded bundle (slices copied in, outputs transferred
 *    back), median of RUNS runs; outputs checked equal to the single-thread ones;
 * 5. once: the CSV export of all rows (input columns as DuckDB text + prediction columns,
 *    engine toCsvChunks — the CLI's / data worker's writer), for scale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import type { LeaderboardRow } from '../../workers/engine/automl/types';
import { buildBundle } from '../../workers/engine/bundle/build';
import { decodeBundle, encodeBundle } from '../../workers/engine/bundle/codec';
import { decodeAnyModel } from '../../workers/engine/bundle/models';
import {
  outputOfValues,
  predictionColumns,
  type PredictionOutput
} from '../../workers/engine/bundle/output';
import { checkBundleInput, predictBundleOutput } from '../../workers/engine/bundle/predict';
import type { ModelBundle } from '../../workers/engine/bundle/types';
import { queryFrame, queryText, trainingData } from '../../workers/engine/frame/index';
import type { Frame, FrameColumn } from '../../workers/engine/frame/types';
import { loadTable } from '../../workers/engine/index';
import {
  rowMajor,
  setTreePredictKernel,
  treePredictKernel
} from '../../workers/engine/models/trees';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { decodePipeline } from '../../workers/engine/preprocess/index';
import { toCsvChunks } from '../../workers/engine/report/csv';
import { createNodeRunner } from '../../workers/node/duckdb-runner';
import { useGbdtWasm, useTreePredictWasm } from '../../workers/node/gbdt-wasm';

interface Config {
  csv: string;
  runs: number;
  trainRows: number;
  trees: number;
  threads: number;
  /** Where the bundle JSON is written (for profiling by hand). */
  bundleOut?: string;
}

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Rows [r0, r1) of a frame (copies, so the slice can move to a worker on its own). */
function sliceFrame(frame: Frame, r0: number, r1: number): Frame {
  return {
    nRows: r1 - r0,
    columns: frame.columns.map((c): FrameColumn =>
      c.kind === 'categorical'
        ? { ...c, codes: c.codes.slice(r0, r1) }
        : { ...c, values: c.values.slice(r0, r1) }
    )
  };
}

function buffersOf(frame: Frame): ArrayBuffer[] {
  return frame.columns.map(
    (c) => (c.kind === 'categorical' ? c.codes.buffer : c.values.buffer) as ArrayBuffer
  );
}

if (!isMainThread) {
  // Worker: decode the bundle once, then predict every slice it is sent.
  if (!useTreePredictWasm()) throw new Error('predict.wasm not found');
  const bundle = decodeBundle(workerData.bundleJson as string);
  parentPort!.on('message', (frame: Frame) => {
    const out = predictBundleOutput(bundle, frame);
    const transfer = [out.values.buffer as ArrayBuffer];
    if (out.classIndex) transfer.push(out.classIndex.buffer as ArrayBuffer);
    parentPort!.postMessage(out, transfer);
  });
} else {
  await main(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config);
}

async function main(config: Config): Promise<void> {
  const kernels = { gbdtWasm: useGbdtWasm(), predictWasm: useTreePredictWasm() };
  if (!kernels.predictWasm) throw new Error('wasm/predict/build/predict.wasm not found');
  const db = await createNodeRunner();

  // 1. The table and the batch path's frame.
  let t0 = performance.now();
  const b = readFileSync(config.csv);
  const info = await loadTable(db, new Uint8Array(b.buffer, b.byteOffset, b.byteLength), {
    fileName: path.basename(config.csv)
  });
  const loadMs = ms(t0);
  t0 = performance.now();
  const frame = await queryFrame(db, info);
  const frameMs = ms(t0);

  // 2. The model: the engine's GBDT through the executor, then a bundle.
  const data = trainingData(frame, 'delayed', 'binary');
  const executor = createLocalExecutor();
  await executor.prepare(data.frame, data.target);
  const trainRows = Uint32Array.from({ length: config.trainRows }, (_, i) => i);
  const params = { maxIter: config.trees, earlyStopping: false };
  t0 = performance.now();
  const refit = await executor.run({
    family: 'gbdt',
    params,
    trainRows,
    testRows: new Uint32Array(0),
    seed: 42,
    classWeights: null,
    keepModel: true
  });
  const fitMs = ms(t0);
  const best: LeaderboardRow = {
    id: 'gbdt',
    family: 'gbdt',
    stage: 'refit',
    params,
    cv: {},
    cvStd: {},
    fitSeconds: refit.fitSeconds,
    status: 'done'
  };
  const bundleJson = encodeBundle(
    buildBundle({
      frame: data.frame,
      target: data.target,
      targetName: 'delayed',
      trainRows,
      best,
      refit,
      metric: 'auc',
      holdout: {},
      leaderboard: [best],
      exclude: [],
      seed: 42,
      createdAt: new Date().toISOString()
    })
  );
  if (config.bundleOut) writeFileSync(config.bundleOut, bundleJson);
  const probe = decodeBundle(bundleJson);
  const forest = (decodeAnyModel(probe.model) as unknown as { forest: { treeStart: Int32Array } })
    .forest;
  const trees = forest.treeStart.length - 1;
  if (trees !== config.trees) throw new Error(`expected ${config.trees} trees, got ${trees}`);
  const leaves = (() => {
    const f = decodeAnyModel(probe.model) as unknown as { forest: { left: Int32Array } };
    let k = 0;
    for (const l of f.forest.left) if (l < 0) k++;
    return k;
  })();

  // 3. Single thread: phases, median of runs; then the whole call.
  const n = frame.nRows;
  const phases: { check: number; pipeline: number; model: number; output: number }[] = [];
  let ref: PredictionOutput | null = null;
  for (let i = 0; i < config.runs; i++) {
    const bundle: ModelBundle = decodeBundle(bundleJson);
    let t = performance.now();
    checkBundleInput(bundle, frame);
    const check = ms(t);
    t = performance.now();
    const X = decodePipeline(bundle.pipeline).transform(frame);
    const pipeline = ms(t);
    t = performance.now();
    const values = decodeAnyModel(bundle.model).predict(X);
    const model = ms(t);
    t = performance.now();
    const out = outputOfValues(bundle, values);
    const output = ms(t);
    phases.push({ check, pipeline, model, output });
    ref = out;
  }
  const whole: number[] = [];
  for (let i = 0; i < config.runs; i++) {
    const bundle = decodeBundle(bundleJson);
    const t = performance.now();
    const out = predictBundleOutput(bundle, frame);
    whole.push(ms(t));
    if (!sameOutput(out, ref as PredictionOutput)) throw new Error('predictBundleOutput differs');
  }
  const single = {
    runsMs: whole.map(round),
    medianMs: round(median(whole)),
    rowsPerSecond: Math.round(n / (median(whole) / 1000)),
    phasesMedianMs: {
      checkAndPipeline: round(median(phases.map((p) => p.check + p.pipeline))),
      model: round(median(phases.map((p) => p.model))),
      output: round(median(phases.map((p) => p.output)))
    }
  };

  // The WASM kernel alone (forest prepared once, row-major input ready): the floor of the model phase.
  const kernelOnly = treePredictKernel();
  let kernelMs = NaN;
  let kernelLayout = '';
  if (kernelOnly) {
    const f = (decodeAnyModel(decodeBundle(bundleJson).model) as unknown as { forest: FlatForest })
      .forest;
    const h = kernelOnly.load(f);
    kernelLayout = (h as { layout?: string }).layout ?? '';
    const X = rowMajor(decodePipeline(probe.pipeline).transform(frame));
    const times: number[] = [];
    for (let i = 0; i < config.runs; i++) {
      const t1 = performance.now();
      h.predictRaw(X, n);
      times.push(ms(t1));
    }
    h.dispose();
    kernelMs = median(times);
  }

  // The TypeScript predictor, once, on the first 100,000 rows (same bits, for the ratio).
  const tsRows = Math.min(n, 100_000);
  const kernel = treePredictKernel();
  setTreePredictKernel(null);
  const small = sliceFrame(frame, 0, tsRows);
  let t = performance.now();
  const tsOut = predictBundleOutput(decodeBundle(bundleJson), small);
  const tsMs = ms(t);
  setTreePredictKernel(kernel);
  const tsSame = sameOutput(tsOut, sliceOutput(ref as PredictionOutput, 0, tsRows));

  // 4. Multi-thread: one warm worker per slice.
  const threads = Math.max(1, config.threads);
  const self = fileURLToPath(import.meta.url);
  const workers = Array.from(
    { length: threads },
    () => new Worker(self, { workerData: { bundleJson } })
  );
  const ask = (w: Worker, f: Frame) =>
    new Promise<PredictionOutput>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(f, buffersOf(f));
    });
  const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.round((i * n) / threads));
  // Warm-up: each worker prepares its forest on a first small slice.
  await Promise.all(workers.map((w) => ask(w, sliceFrame(frame, 0, 20_000))));
  const multi: number[] = [];
  let multiSame = true;
  for (let i = 0; i < config.runs; i++) {
    const t1 = performance.now();
    const slices = workers.map((_, k) => sliceFrame(frame, bounds[k], bounds[k + 1]));
    const parts = await Promise.all(workers.map((w, k) => ask(w, slices[k])));
    const merged = mergeOutputs(parts);
    multi.push(ms(t1));
    multiSame &&= sameOutput(merged, ref as PredictionOutput);
  }
  await Promise.all(workers.map((w) => w.terminate()));

  // 5. The CSV export, once.
  t = performance.now();
  const text = await queryText(db, info);
  const textMs = ms(t);
  t = performance.now();
  const taken = new Set(text.map((c) => c.name));
  let bytes = 0;
  for (const chunk of toCsvChunks([...text, ...predictionColumns(ref as PredictionOutput, taken)]))
    bytes += chunk.length;
  const csvMs = ms(t);

  console.log(
    JSON.stringify({
      rows: n,
      features: frame.columns.length - 1,
      trainRows: config.trainRows,
      trees,
      leaves,
      kernels,
      loadMs: round(loadMs),
      frameMs: round(frameMs),
      fitMs: round(fitMs),
      bundleBytes: bundleJson.length,
      single,
      kernel: { layout: kernelLayout, medianMs: round(kernelMs) },
      typescript: {
        rows: tsRows,
        ms: round(tsMs),
        rowsPerSecond: Math.round(tsRows / (tsMs / 1000)),
        sameAsWasm: tsSame
      },
      multi: {
        threads,
        runsMs: multi.map(round),
        medianMs: round(median(multi)),
        rowsPerSecond: Math.round(n / (median(multi) / 1000)),
        sameAsSingle: multiSame
      },
      csv: { textQueryMs: round(textMs), writeMs: round(csvMs), chars: bytes },
      cpus: os.cpus().length
    })
  );
  process.exit(0);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function sliceOutput(o: PredictionOutput, r0: number, r1: number): PredictionOutput {
  const K = o.classIndex ? o.classes.length : 1;
  return {
    ...o,
    nRows: r1 - r0,
    values: o.values.slice(r0 * K, r1 * K),
    classIndex: o.classIndex ? o.classIndex.slice(r0, r1) : null
  };
}

function mergeOutputs(parts: PredictionOutput[]): PredictionOutput {
  const nRows = parts.reduce((s, p) => s + p.nRows, 0);
  const values = new Float64Array(parts.reduce((s, p) => s + p.values.length, 0));
  const classIndex = parts[0].classIndex ? new Int32Array(nRows) : null;
  let v = 0;
  let r = 0;
  for (const p of parts) {
    values.set(p.values, v);
    v += p.values.length;
    if (classIndex && p.classIndex) classIndex.set(p.classIndex, r);
    r += p.nRows;
  }
  return { ...parts[0], nRows, values, classIndex };
}

function sameOutput(a: PredictionOutput, b: PredictionOutput): boolean {
  if (a.nRows !== b.nRows || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  if (!a.classIndex || !b.classIndex) return a.classIndex === b.classIndex;
  for (let i = 0; i < a.nRows; i++) if (a.classIndex[i] !== b.classIndex[i]) return false;
  return true;
}
