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
 * Options: --runs N (default 5), --no-md (leave BENCHMARKS.md alone), --reuse-forest (fit once,
 * keep the forest in node_modules/.cache and reuse it on later runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildKernel } from '../../wasm/build.mjs';

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
  // --reuse-forest: the forest fitted by an earlier run (forest-codec JSON in the cache).
  const cache = argv.includes('--reuse-forest') ? path.join(cacheDir, 'shap-forest.json') : '';
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
    node
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  if (!argv.includes('--no-md')) updateBenchmarksMd(markdown(result));
  console.log(JSON.stringify(result));
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
    '',
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
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const begin = '<!-- bench:issue-6-treeshap:begin (written by node tests/bench/shap.mjs) -->';
  const end = '<!-- bench:issue-6-treeshap:end -->';
  const section = `${begin}\n## TreeSHAP: 1,000 rows × 100 trees of depth 6 (issue 6)\n\n${md}${end}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const i = old.indexOf('<!-- bench:issue-6-treeshap:begin');
  const j = old.indexOf(end);
  writeFileSync(
    file,
    i >= 0 && j > i
      ? old.slice(0, i) + section + old.slice(j + end.length)
      : `${old.trimEnd()}\n\n${section}\n`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
