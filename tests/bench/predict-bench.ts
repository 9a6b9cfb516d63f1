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
 * 4. multi-thread: the CLI's worker_threads pool (workers/node/predict-pool.ts: one slice per
 *    core, each predicted by a warm worker holding the decoded bundle, slices copied in, outputs
 *    transferred back), median of RUNS runs; outputs checked equal to the single-thread ones;
 * 5. once: the CSV export of all rows (input columns as DuckDB text + prediction columns,
 *    engine toCsvChunks — the CLI's / data worker's writer), for scale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { createPredictPool, servePredictWorker, sliceFrame } from '../../workers/node/predict-pool';

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

// In a pool worker this file only serves slices (workers/node/predict-pool.ts).
if (!servePredictWorker()) await main(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config);

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

  // 4. Multi-thread: the CLI's worker_threads pool (workers/node/predict-pool.ts), warm workers.
  const threads = Math.max(1, config.threads);
  const pool = createPredictPool(bundleJson, { threads, script: fileURLToPath(import.meta.url) });
  // Warm-up: each worker prepares its forest on a first small slice.
  await pool.predict(sliceFrame(frame, 0, 20_000 * threads));
  const multi: number[] = [];
  let multiSame = true;
  for (let i = 0; i < config.runs; i++) {
    const t1 = performance.now();
    const merged = await pool.predict(frame);
    multi.push(ms(t1));
    multiSame &&= sameOutput(merged, ref as PredictionOutput);
  }
  await pool.close();

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

function sameOutput(a: PredictionOutput, b: PredictionOutput): boolean {
  if (a.nRows !== b.nRows || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  if (!a.classIndex || !b.classIndex) return a.classIndex === b.classIndex;
  for (let i = 0; i < a.nRows; i++) if (a.classIndex[i] !== b.classIndex[i]) return false;
  return true;
}
