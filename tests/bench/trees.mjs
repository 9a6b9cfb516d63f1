#!/usr/bin/env node
/**
 * `npm run bench:trees` — issue 4's tree-engine benchmark (Node side).
 *
 * 1. prepares tests/bench/data/flights-delay-1m.csv (prepare.mjs) and builds the WASM kernels;
 * 2. bundles tests/bench/trees-bench.ts with esbuild and runs it in a child process: fitGbdt on the
 *    80/20 stratified holdout (seed 42) with XGBoost-like settings, origin/destination as ordinal
 *    codes and as native categorical features, each fitted with the TypeScript and the WASM
 *    histogram kernel (forests checked identical); prediction of all 1 M rows with the WASM kernel
 *    (forest loaded once) and the TypeScript predictors; test AUC;
 * 3. writes tests/bench/results/issue-4.json and the issue-4 section of BENCHMARKS.md.
 *
 * Options: --variants ordinal,categorical (default both), --runs N (prediction repeats, default 3),
 * --json (print one JSON object on the last line), --report-only (re-render BENCHMARKS.md from
 * the results file). The Chromium side is not run yet (null).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CSV, dataDir, prepareBenchData } from './prepare.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(repoRoot, 'tests/bench/results');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const VARIANTS = opt('--variants', 'ordinal,categorical');
const RUNS = Number(opt('--runs', '3'));
/** Native references (../shared/datasets/README.md). */
const XGB = { fitSeconds: 3.5, auc: 0.7107 };
const HGB_NATIVE_CAT_AUC = 0.713;
const PREDICT_TARGET_S = 0.5;

const log = (msg) => console.error(`[bench:trees] ${msg}`);

async function main() {
  if (argv.includes('--report-only')) {
    // Re-renders BENCHMARKS.md from the last results file (no measuring).
    const r = JSON.parse(readFileSync(path.join(resultsDir, 'issue-4.json'), 'utf8'));
    updateBenchmarksMd(markdown(r));
    return;
  }
  await prepareBenchData({ log });
  const wasmFile = path.join(repoRoot, 'wasm/predict/build/predict.wasm');
  const histWasmFile = path.join(repoRoot, 'wasm/hist/build/hist.wasm');
  execFileSync(process.execPath, [path.join(repoRoot, 'wasm/build.mjs')], { stdio: 'ignore' });
  const out = path.join(repoRoot, 'node_modules/.cache/datagenius-bench/trees-bench.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'tests/bench/trees-bench.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning'
  });
  const loadavgBefore = os.loadavg();
  log(`load average ${loadavgBefore.map((x) => x.toFixed(2)).join(' ')}; fitting ${VARIANTS}…`);
  const stdout = execFileSync(
    process.execPath,
    [out, path.join(dataDir, CSV), wasmFile, VARIANTS, String(RUNS), histWasmFile],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 }
  );
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  const loadavgAfter = os.loadavg();
  const main = r.variants.find((v) => v.variant === 'ordinal') ?? r.variants[0];
  const node = {
    fitSeconds: main.fitSeconds,
    fitSecondsWasm: main.fitSecondsWasm,
    predictSeconds: main.predictSeconds,
    auc: main.auc,
    rows: r.rows,
    trainRows: r.trainRows,
    testRows: r.testRows,
    trees: r.params.maxIter,
    maxDepth: r.params.maxDepth,
    variant: main.variant,
    variants: r.variants,
    params: r.params
  };
  const result = {
    issue: 4,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      loadavgBefore,
      loadavgAfter
    },
    reference: { xgboostHist1Thread: XGB, hgbNativeCategoricalAuc: HGB_NATIVE_CAT_AUC },
    node,
    chromium: null
  };
  result.node.runs = RUNS;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'issue-4.json'), `${JSON.stringify(result, null, 2)}\n`);
  updateBenchmarksMd(markdown(result));
  if (argv.includes('--json')) console.log(JSON.stringify({ node, chromium: null }));
  else console.log(markdown(result));
}

/** @param {any} r */
function markdown(r) {
  const m = r.machine;
  const la = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
  const s = (x) => `${x.toFixed(2)} s`;
  const min = (xs) => Math.min(...xs);
  const rows = r.node.variants.map((v) => {
    const tsWalk = min(v.predictSecondsTs);
    const walk = min(v.predictSecondsWasmNodeWalk);
    const delta = v.auc - XGB.auc;
    const fitW = v.fitSecondsWasm;
    return [
      v.variant,
      `${s(v.fitSeconds)} (${(v.fitSeconds / XGB.fitSeconds).toFixed(1)}× XGBoost)`,
      fitW === undefined
        ? 'not run'
        : `${s(fitW)} (${(fitW / XGB.fitSeconds).toFixed(1)}× XGBoost; ${(v.fitSeconds / fitW).toFixed(2)}× TS)`,
      `${v.auc.toFixed(4)} (${delta >= 0 ? '+' : ''}${delta.toFixed(4)})`,
      `${s(v.predictSeconds)} (${v.predictSeconds < PREDICT_TARGET_S ? 'met' : '**not met**'})`,
      s(min(v.predictSecondsWasmMasks)),
      s(walk),
      `${s(min(v.predictSecondsTsMasks))} / ${s(tsWalk)}`,
      `${(walk / v.predictSeconds).toFixed(1)}× / ${(tsWalk / v.predictSeconds).toFixed(1)}×`,
      String(v.nodes)
    ].join(' | ');
  });
  return [
    `Machine: ${m.cpu} (${m.cores} cores), ${m.memMB} MB RAM; Node ${m.node}; ${r.date}; load average before ${la(m.loadavgBefore)}, after ${la(m.loadavgAfter)} (other work shares the cores: numbers taken under load are upper bounds).`,
    `GBDT on flights_delay (1,000,000 rows, 6 features): 80/20 stratified holdout (seed 42) = ${r.node.trainRows.toLocaleString('en-US')} training rows; 100 trees, depth-wise maxDepth 6, learningRate 0.3, l2Regularization 1, minHessianToSplit 1, minSamplesLeaf 1, 255 bins, no early stopping, single thread (TypeScript trainer). Reference (native, 1 thread): XGBoost \`hist\` fit ≈ ${XGB.fitSeconds} s, AUC ${XGB.auc}; HistGradientBoosting native categorical AUC ${HGB_NATIVE_CAT_AUC}.`,
    `Prediction = raw margins of all 1,000,000 rows; WASM forest loaded once (\`load(forest)\`, ≈ ${Math.round(r.node.variants[0].wasmLoadMs)} ms), then \`predictRaw\` (median of ${r.node.runs ?? RUNS} for the default dense layout, best of the runs otherwise); the node walk is the previous kernel's algorithm. All predictors agree bit for bit (checked on every run: ${r.node.variants.every((v) => v.wasmTsIdentical) ? 'yes' : '**no**'}).`,
    `Fit = one \`fitGbdt\` each with the TypeScript histogram kernel (default) and with the WASM one (wasm/hist via \`histogramBuilder: createWasmHistogram(bytes)\`, instantiation included; binned columns copied into linear memory once per fit, gradients / hessians once per tree); the two forests are identical bit for bit (checked on every run: ${r.node.variants.every((v) => v.fitForestsIdentical) ? 'yes' : '**no**'}).`,
    '',
    '| origin / destination | fit (Node, TS histograms) | fit (Node, WASM histograms) | test AUC (Δ vs XGBoost) | predict 1 M rows, WASM dense (< 0.5 s) | WASM leaf masks | WASM node walk | TS leaf masks / TS node walk | dense vs WASM walk / TS walk | nodes |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((x) => `| ${x} |`),
    '',
    'Chromium: not run yet (`chromium: null`).',
    ''
  ].join('\n');
}

/** Replaces (or appends) the issue-4 section of BENCHMARKS.md. @param {string} md */
function updateBenchmarksMd(md) {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const begin = '<!-- bench:issue-4:begin (written by npm run bench:trees) -->';
  const end = '<!-- bench:issue-4:end -->';
  const section = `${begin}\n## Tree engine: GBDT fit and prediction (issue 4)\n\n${md}${end}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const i = old.indexOf('<!-- bench:issue-4:begin');
  const j = old.indexOf(end);
  const next =
    i >= 0 && j > i
      ? old.slice(0, i) + section + old.slice(j + end.length)
      : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
