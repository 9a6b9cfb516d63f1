#!/usr/bin/env node
/**
 * `npm run bench:automl` — issue 5's AutoML benchmark.
 *
 * Node side: bundles tests/bench/automl-bench.ts with esbuild and runs it in a child process —
 * every shared dataset with the default AutoML options (60 s budget, 5 folds, seed 42, 20 %
 * holdout; MLP on tfjs-wasm included), then flights_delay (1 M rows) with a 120 s budget.
 * Quality = best CV score of our leaderboard vs the best anchor of anchors.json (note: our CV runs
 * on the 80 % that is not held out and on our own seeded folds; the anchors use all rows and
 * scikit-learn's folds). Writes tests/bench/results/issue-5.json and the issue-5 section of
 * BENCHMARKS.md.
 *
 * Chromium side (automl-chromium.mjs): the production build driven through the UI, same datasets
 * and defaults (2 ML workers on this machine); the leaderboards are compared with Node's.
 *
 * Options: --datasets a,b (default all), --no-flights, --flights-budget S (default 120),
 * --node-only, --chromium-only, --json (one JSON object on the last line), --report-only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { measureChromium } from './automl-chromium.mjs';
import { updateBenchmarksSection } from './benchmarks-md.mjs';
import { CSV, dataDir, prepareBenchData } from './prepare.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const datasetsDir = path.resolve(repoRoot, '../shared/datasets');
const resultsFile = path.join(repoRoot, 'tests/bench/results/issue-5.json');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/datagenius-bench');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const anchors = JSON.parse(readFileSync(path.join(datasetsDir, 'anchors.json'), 'utf8')).datasets;
const DATASETS = opt('--datasets', Object.keys(anchors).join(',')).split(',');
const FLIGHTS_BUDGET = Number(opt('--flights-budget', '120'));
const XGB_AUC = 0.7107;
const log = (m) => console.error(`[bench:automl] ${m}`);

function bestAnchor(name, metric) {
  return Math.max(
    ...Object.entries(anchors[name].models)
      .filter(([m]) => !m.startsWith('Dummy'))
      .map(([, v]) => v.metrics[metric].mean)
  );
}

async function main() {
  if (argv.includes('--report-only')) {
    updateBenchmarksMd(markdown(JSON.parse(readFileSync(resultsFile, 'utf8'))));
    return;
  }
  const runNode = !argv.includes('--chromium-only');
  const runChromium = !argv.includes('--node-only');
  const prev = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  const load = os.loadavg();
  const node = runNode ? await measureNode() : prev?.node;
  const chromiumSide = runChromium
    ? await measureChromium({ repoRoot, datasetsDir, datasets: DATASETS, log })
    : (prev?.chromium ?? null);
  if (chromiumSide && node) compareLeaderboards(chromiumSide, node);
  const result = {
    issue: 5,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      loadavgBefore: load.map((x) => Math.round(x * 100) / 100)
    },
    // A run over some datasets keeps the others' last figures.
    node: {
      ...node,
      datasets: { ...prev?.node?.datasets, ...node.datasets },
      flights: node.flights ?? prev?.node?.flights ?? null
    },
    chromium: chromiumSide && {
      ...chromiumSide,
      datasets: { ...prev?.chromium?.datasets, ...chromiumSide.datasets }
    }
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result);
  updateBenchmarksMd(md);
  if (argv.includes('--json'))
    console.log(JSON.stringify({ node: result.node, chromium: result.chromium }));
  else console.log(md);
}

/** Same leaderboard in both: same rows, CV scores equal to 1e-6. Marks each Chromium dataset. */
function compareLeaderboards(ch, node) {
  for (const [name, c] of Object.entries(ch.datasets)) {
    const n = node.datasets?.[name];
    if (!n) continue;
    const byId = new Map(n.leaderboard.map((r) => [r.id, r]));
    let maxDiff = 0;
    let same = c.leaderboard.length === n.leaderboard.length;
    for (const r of c.leaderboard) {
      const o = byId.get(r.id);
      if (!o) {
        same = false;
        continue;
      }
      for (const [k, v] of Object.entries(r.cv)) {
        if (!Number.isFinite(v) || !Number.isFinite(o.cv[k])) continue;
        maxDiff = Math.max(maxDiff, Math.abs(v - o.cv[k]));
      }
    }
    c.sameRowsAsNode = same;
    c.maxCvDiffVsNode = maxDiff;
  }
}

async function measureNode() {
  const flights = !argv.includes('--no-flights');
  if (flights) await prepareBenchData({ log });
  mkdirSync(cacheDir, { recursive: true });
  const script = path.join(cacheDir, 'automl-bench.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'tests/bench/automl-bench.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning'
  });
  const config = path.join(cacheDir, 'automl-bench.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      datasetsDir,
      datasets: DATASETS,
      flightsCsv: flights ? path.join(dataDir, CSV) : null,
      flightsBudget: FLIGHTS_BUDGET
    })
  );
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', script, config], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 2 ** 20
  });
  if (r.status !== 0) throw new Error(`automl-bench exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const f4 = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(4) : '—');

function markdown(r) {
  const lines = [];
  lines.push(
    `Machine: ${r.machine.cpu} (${r.machine.cores} cores), ${r.machine.memMB} MB RAM; Node ${r.machine.node}; ${r.date}; load average before ${r.machine.loadavgBefore.join(' ')}. tfjs backend (MLP): ${r.node.backend}; GBDT kernels: ${r.node.gbdtWasm ? 'WASM' : 'TypeScript'}.`,
    '',
    'Whole AutoML run per dataset with the defaults (compare all families → tune the best three by random search → blend when it beats the best → refit on the 80 % training part → holdout); in-process executor (1 worker). Quality = best CV score among our models vs the best non-dummy anchor (targets: accuracy within 0.5 points, AUC within 0.005, R2 within 0.01; our CV runs on the training 80 % with our own seeded folds).',
    '',
    '| dataset | rows | run (Node, < 30 s) | best model | best CV AUC / R2 (anchor best, Δ) | best CV accuracy (anchor best, Δ) | holdout of the winner | models |',
    '|---|---|---|---|---|---|---|---|'
  );
  for (const [name, d] of Object.entries(r.node.datasets)) {
    const reg = d.bestCv.r2 !== undefined;
    const main = reg ? d.bestCv.r2 : d.bestCv.auc;
    const anchorMain = bestAnchor(name, reg ? 'r2' : 'roc_auc');
    const acc = reg
      ? '—'
      : `${f4(d.bestCv.accuracy)} (${f4(bestAnchor(name, 'accuracy'))}, ${d.bestCv.accuracy - bestAnchor(name, 'accuracy') >= 0 ? '+' : ''}${f4(d.bestCv.accuracy - bestAnchor(name, 'accuracy'))})`;
    const hold = reg
      ? `R2 ${f4(d.holdout.r2)}`
      : `AUC ${f4(d.holdout.auc)}, acc ${f4(d.holdout.accuracy)}`;
    lines.push(
      `| ${name} | ${d.rows} | ${d.seconds.toFixed(1)} s${d.seconds < 30 ? '' : ' (**not met**)'} | ${d.bestId} | ${f4(main)} (${f4(anchorMain)}, ${main - anchorMain >= 0 ? '+' : ''}${f4(main - anchorMain)}) | ${acc} | ${hold} | ${d.leaderboard.filter((x) => x.status === 'done').length} done, ${d.leaderboard.filter((x) => x.status === 'failed').length} failed |`
    );
  }
  const fl = r.node.flights;
  lines.push('');
  if (fl)
    lines.push(
      `flights_delay (${fl.rows.toLocaleString('en-US')} rows, budget ${fl.budget} s): run ${fl.seconds.toFixed(1)} s (${fl.seconds <= fl.budget ? 'inside the budget' : '**over the budget**'}${fl.truncated ? ', stopped by the budget' : ''}), ranked by ${fl.metric ?? 'accuracy'}, comparison on ${fl.subsampleRows ? fl.subsampleRows.toLocaleString('en-US') + ' sampled rows' : 'all rows'}${fl.skipped?.length ? ` (left out by the plan: ${fl.skipped.join(', ')})` : ''}, winner ${fl.bestId} refitted on all 800,000 training rows, holdout AUC ${f4(fl.holdout.auc)} (XGBoost reference ${XGB_AUC}, Δ ${f4(fl.holdout.auc - XGB_AUC)}; target within 0.005).`
    );
  else lines.push('flights_delay: not run.');
  lines.push('');
  if (r.chromium) {
    lines.push(
      `Chromium (${r.chromium.chromium}, production build driven through the UI, ML worker pool of ${r.machine.cores} workers): Start click → run done. Same leaderboard = same rows and every CV score equal to 1e-6 (Node's figures are stored rounded to 6 decimals).`,
      '',
      '| dataset | run (Chromium, < 30 s) | leaderboard rows | same leaderboard as Node (max CV Δ) | MLP backend |',
      '|---|---|---|---|---|'
    );
    for (const [name, c] of Object.entries(r.chromium.datasets))
      lines.push(
        `| ${name} | ${c.seconds.toFixed(1)} s${c.seconds < 30 ? '' : ' (**not met**)'}${c.phase === 'done' ? '' : ` (${c.phase})`} | ${c.leaderboard.length} | ${c.sameRowsAsNode === undefined ? '—' : `${c.sameRowsAsNode && c.maxCvDiffVsNode < 1e-6 ? 'yes' : '**no**'} (${c.maxCvDiffVsNode?.toExponential(1)})`} | ${c.backend ?? '—'} |`
      );
  } else lines.push('Chromium: not run yet.');
  lines.push('');
  return lines.join('\n');
}

function updateBenchmarksMd(md) {
  updateBenchmarksSection(
    'issue-5',
    'AutoML: whole runs and quality vs the anchors (issue 5)',
    md,
    'npm run bench:automl'
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
