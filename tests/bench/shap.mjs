#!/usr/bin/env node
/**
 * Issue 6 TreeSHAP benchmark (Node): exact path-dependent TreeSHAP of 1,000 rows × 100 trees of
 * depth ≤ 6 on 30 features, TypeScript kernel vs WASM kernel (wasm/shap), median of 5 runs;
 * target < 1 s.
 *
 * 1. builds wasm/shap (wasm/build.mjs `buildKernel`, this kernel only);
 * 2. bundles shap-bench.ts with esbuild and runs it in a child process (it trains the GBDT with
 *    fitGbdt and times both kernels, checking identical bits and additivity);
 * 3. writes tests/bench/results/issue-6-treeshap.json and the issue-6-treeshap section of
 *    BENCHMARKS.md; prints one JSON line on stdout.
 *
 * 4. Chromium side (unless --node-only): the same forest (written by the Node side to the cache)
 *    and kernels in a Web Worker of headless Chromium (shap-browser-worker.ts, esbuild bundle,
 *    local COOP/COEP server, playwright-core); the sum of all SHAP values is compared with Node's.
 *
 * Options: --runs N (default 5), --no-md (leave BENCHMARKS.md alone), --reuse-forest (fit once,
 * keep the forest in node_modules/.cache and reuse it on later runs), --node-only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { createStaticServer } from '../../edge-api/static-server.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/ensure-chromium.mjs';
import { buildKernel } from '../../wasm/build.mjs';
import { updateBenchmarksSection } from './benchmarks-md.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = path.join(repoRoot, 'tests/bench');
const resultsFile = path.join(benchDir, 'results/issue-6-treeshap.json');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/datagenius-bench');
const WASM = path.join(repoRoot, 'wasm/shap/build/shap.wasm');
const TARGET_S = 1;
const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs wants a whole number ≥ 1, got ${runs}`);

async function main() {
  const asc = (await import('assemblyscript/asc')).default;
  await buildKernel(asc, 'shap');
  mkdirSync(cacheDir, { recursive: true });
  const out = path.join(cacheDir, 'shap-bench.mjs');
  await build({
    entryPoints: [path.join(benchDir, 'shap-bench.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning'
  });
  const load = os.loadavg();
  // The forest goes to the cache for the Chromium side; --reuse-forest also reads it back.
  const cache = path.join(cacheDir, 'shap-forest.json');
  if (!argv.includes('--reuse-forest') && existsSync(cache)) rmSync(cache);
  const stdout = execFileSync('node', [out, WASM, String(runs), cache], { encoding: 'utf8' });
  const node = JSON.parse(stdout.trim().split('\n').pop());
  if (!node.identicalBits) throw new Error('TS and WASM TreeSHAP differ');
  const result = {
    issue: 6,
    benchmark: 'treeshap',
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      loadavgBefore: load.map((x) => Math.round(x * 100) / 100)
    },
    targetSeconds: TARGET_S,
    node,
    chromium: argv.includes('--node-only') ? null : await measureChromium(cache, node)
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  if (!argv.includes('--no-md')) updateBenchmarksMd(markdown(result));
  console.log(JSON.stringify(result));
}

/**
 * The Chromium side: shap-browser-worker.ts in a Web Worker of headless Chromium.
 * @param {string} forestFile forest-codec JSON written by the Node side
 * @param {any} node the Node result (valuesSum checks that both explained the same rows)
 */
async function measureChromium(forestFile, node) {
  const outdir = path.join(cacheDir, 'shap-browser');
  await build({
    entryPoints: { 'shap-worker': path.join(benchDir, 'shap-browser-worker.ts') },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning'
  });
  writeFileSync(
    path.join(outdir, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>bench:shap</title>\n<link rel="icon" href="data:,">\n' +
      `<script type="module">const w = new Worker('./shap-worker.js', { type: 'module' });\n` +
      `w.onmessage = (e) => { window.__shapResult = e.data; };\n` +
      `w.postMessage({ forest: '/cache/${path.basename(forestFile)}', wasm: '/wasm-shap/shap.wasm', runs: ${runs} });</script>\n`
  );
  const server = createStaticServer({
    root: outdir,
    mounts: { '/cache': path.dirname(forestFile), '/wasm-shap': path.dirname(WASM) }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || ensureChromium(),
    args: CHROMIUM_ARGS
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const handle = await page.waitForFunction(
      () => /** @type {any} */ (window).__shapResult,
      undefined,
      {
        timeout: 600_000,
        polling: 250
      }
    );
    const r = await handle.jsonValue();
    if (!r.ok) throw new Error(`Chromium TreeSHAP: ${r.error}`);
    return {
      chromium: browser.version(),
      ...r.result,
      sameValuesAsNode: r.result.valuesSum === node.valuesSum
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** @param {any} r */
function markdown(r) {
  const n = r.node;
  const f = n.forest;
  const s = (x) => `${x.toFixed(3)} s`;
  const ok = (x) => (x < r.targetSeconds ? 'yes' : 'no');
  return [
    `Exact path-dependent TreeSHAP of ${n.rows} rows × ${f.trees} trees (max depth ${f.maxDepth}, ` +
      `${f.meanLeaves.toFixed(1)} leaves per tree on average) on ${n.features} features: a GBDT ` +
      `fitted with fitGbdt (maxDepth 6, maxLeafNodes null, 100 iterations) on synthetic data. ` +
      `Median of ${n.runs} runs after one warm-up; ${r.date.slice(0, 10)}, ${r.machine.cpu} ` +
      `(${r.machine.cores} cores, load ${r.machine.loadavgBefore[0]}), Node ${r.machine.node}.`,
    '',
    '| kernel | median wall | median CPU | runs (wall) | under 1 s (wall / CPU) |',
    '|---|---|---|---|---|',
    `| TypeScript (explain/tree-shap.ts) | ${s(n.tsSeconds)} | ${s(n.tsCpuSeconds)} | ${n.tsRuns.map((x) => x.toFixed(3)).join(', ')} | ${ok(n.tsSeconds)} / ${ok(n.tsCpuSeconds)} |`,
    `| WASM (wasm/shap) | ${s(n.wasmSeconds)} | ${s(n.wasmCpuSeconds)} | ${n.wasmRuns.map((x) => x.toFixed(3)).join(', ')} | ${ok(n.wasmSeconds)} / ${ok(n.wasmCpuSeconds)} |`,
    ...(r.chromium
      ? [
          `| TypeScript, Chromium ${r.chromium.chromium} worker | ${s(r.chromium.tsSeconds)} | — | ${r.chromium.tsRuns.map((x) => x.toFixed(3)).join(', ')} | ${ok(r.chromium.tsSeconds)} / — |`,
          `| WASM, Chromium worker | ${s(r.chromium.wasmSeconds)} | — | ${r.chromium.wasmRuns.map((x) => x.toFixed(3)).join(', ')} | ${ok(r.chromium.wasmSeconds)} / — |`
        ]
      : []),
    '',
    ...(r.chromium
      ? [
          `Chromium: TS and WASM identical bits: ${r.chromium.identicalBits}; same SHAP values as Node (sum of all values bit-equal): ${r.chromium.sameValuesAsNode}.`,
          ''
        ]
      : []),
    "CPU = this process's user + system time per run: on a shared machine wall time includes waiting " +
      'for a core (see the load figure), CPU time does not.',
    '',
    `Both kernels give identical bits: ${n.identicalBits}; max |base + Σφ − margin| = ` +
      `${n.maxAdditivityError.toExponential(1)}. Reproduce: \`node tests/bench/shap.mjs\`.`,
    ''
  ].join('\n');
}

/** Replaces (or appends) the issue-6-treeshap section of BENCHMARKS.md. */
function updateBenchmarksMd(md) {
  updateBenchmarksSection(
    'issue-6-treeshap',
    'TreeSHAP: 1,000 rows × 100 trees of depth 6 (issue 6)',
    md,
    'node tests/bench/shap.mjs'
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
