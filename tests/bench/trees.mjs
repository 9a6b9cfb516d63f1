#!/usr/bin/env node
/**
 * `npm run bench:trees` — issue 4's tree-engine benchmark, in Node and in headless Chromium.
 *
 * 1. prepares tests/bench/data/flights-delay-1m.csv (prepare.mjs), builds the WASM kernels, and
 *    writes tests/bench/data/flights-delay-1m.trees.bin once (trees-shared.ts: the columns with
 *    origin / destination as sorted-IATA codes, y, and the 80/20 stratified holdout, seed 42) —
 *    the bytes both sides read;
 * 2. Node: bundles trees-bench.ts with esbuild and runs it in a child process;
 * 3. Chromium: bundles trees-browser-page.ts + trees-browser-worker.ts (esm, browser), serves them
 *    with the data file and the kernels from 127.0.0.1 (edge-api/static-server.mjs: COOP/COEP),
 *    and drives Debian Chromium with playwright-core; the measurement runs in a Web Worker;
 * 4. both sides run trees-shared.ts `measureVariant` per variant ('ordinal': origin / destination
 *    as numeric codes; 'categorical': as native categorical features): `fitGbdt` with the TS
 *    histogram kernel (`--ts-fit-runs`) and the WASM one (`--fit-runs`, median), forests checked
 *    identical; the forest loaded once into the WASM predictor, all 1 M rows predicted (`--runs`,
 *    median); test AUC; forest / prediction fingerprints, so that Chromium's forests are checked
 *    against Node's (`identicalToNode`);
 * 5. writes tests/bench/results/issue-4.json and the issue-4 section of BENCHMARKS.md.
 *
 * Options: --variants ordinal,categorical (default both), --runs N (predictions, default 3),
 * --fit-runs N (WASM fits, default 3), --ts-fit-runs N (TS fits, default 1), --node-only /
 * --chromium-only (the other side is taken from the previous results file), --chromium-extras
 * (TS predictors and other WASM layouts in Chromium too; always on in Node), --json (one JSON
 * object `{node, chromium}` on the last stdout line), --report-only (re-render BENCHMARKS.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { createStaticServer } from '../../edge-api/static-server.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/ensure-chromium.mjs';
import { CSV, dataDir, prepareBenchData } from './prepare.mjs';
import { updateBenchmarksSection } from './benchmarks-md.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = path.join(repoRoot, 'tests/bench');
const resultsDir = path.join(benchDir, 'results');
const resultsFile = path.join(resultsDir, 'issue-4.json');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/datagenius-bench');
const DATA_FILE = 'flights-delay-1m.trees.bin';
/** Node's forests (forest-codec JSON), written by trees-bench.ts for the Chromium side. */
const FOREST_DIR = path.join(cacheDir, 'trees-forests');
const HIST_WASM_DIR = path.join(repoRoot, 'wasm/hist/build');
const PREDICT_WASM_DIR = path.join(repoRoot, 'wasm/predict/build');
const argv = process.argv.slice(2);
/** @param {string} name @param {string} dflt */
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
/** @param {string} name @param {number} dflt */
const count = (name, dflt) => {
  const v = Number(opt(name, String(dflt)));
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} wants a whole number, got ${v}`);
  return v;
};
const VARIANTS = opt('--variants', 'ordinal,categorical').split(',');
for (const v of VARIANTS)
  if (v !== 'ordinal' && v !== 'categorical')
    throw new Error(`--variants: unknown variant ${v} (ordinal, categorical)`);
const SETTINGS = {
  fitRuns: count('--fit-runs', 3),
  tsFitRuns: count('--ts-fit-runs', 1),
  predictRuns: Math.max(1, count('--runs', 3))
};
if (SETTINGS.fitRuns + SETTINGS.tsFitRuns === 0)
  throw new Error('no fits: --fit-runs 0 and --ts-fit-runs 0');
/** Minutes the Chromium side may take before it counts as hung. */
const CHROMIUM_TIMEOUT_MIN = count('--timeout-min', 60);
/** Native references as documented (../shared/datasets/README.md: scikit-learn's train_test_split). */
const XGB = { fitSeconds: 3.5, auc: 0.7107 };
/**
 * XGBoost measured on this machine and on the bench's own split (tests/bench/xgboost-reference.py);
 * when present it is the reference of the fit ratio and the AUC delta, the documented one shown
 * alongside.
 */
const XGB_MEASURED_FILE = path.join(resultsDir, 'xgboost-reference.json');
const HGB_NATIVE_CAT_AUC = 0.713;
const PREDICT_TARGET_S = 0.5;

/** @param {string} msg */
const log = (msg) => console.error(`[bench:trees] ${msg}`);

async function main() {
  if (argv.includes('--report-only')) {
    // Re-renders BENCHMARKS.md from the last results file (no measuring).
    // …with the current XGBoost reference file (re-measured with xgboost-reference.py), if any.
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    const xm = readXgbMeasured();
    if (xm) {
      r.reference = { ...r.reference, xgboostMeasured: xm };
      writeFileSync(resultsFile, `${JSON.stringify(r, null, 2)}\n`);
    }
    updateBenchmarksMd(markdown(r));
    return;
  }
  const runNode = !argv.includes('--chromium-only');
  const runChromium = !argv.includes('--node-only');
  await prepareBenchData({ log });
  execFileSync(process.execPath, [path.join(repoRoot, 'wasm/build.mjs')], { stdio: 'ignore' });
  await ensureTreesData();
  const prev = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;

  const node = runNode ? sideSummary(await measureNode(), 'node') : (prev?.node ?? null);
  const chromiumSide = runChromium
    ? sideSummary(await measureChromium(), 'chromium')
    : (prev?.chromium ?? null);
  if (chromiumSide) markIdentical(chromiumSide, node);

  const result = {
    issue: 4,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version
    },
    reference: {
      xgboostHist1Thread: XGB,
      xgboostMeasured: readXgbMeasured(),
      hgbNativeCategoricalAuc: HGB_NATIVE_CAT_AUC
    },
    node,
    chromium: chromiumSide
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result);
  updateBenchmarksMd(md);
  if (argv.includes('--json')) console.log(JSON.stringify({ node, chromium: chromiumSide }));
  else console.log(md);
}

/**
 * tests/bench/results/xgboost-reference.json (fit median, AUC on our split), or null.
 * @returns {{fitSeconds: number, auc: number, fitCpuSeconds?: number, xgboost?: string, date?: string, fitSecondsAll?: number[], loadAverageBefore?: number[]} | null}
 */
function readXgbMeasured() {
  if (!existsSync(XGB_MEASURED_FILE)) return null;
  const r = JSON.parse(readFileSync(XGB_MEASURED_FILE, 'utf8'));
  if (typeof r.fitSeconds !== 'number' || typeof r.auc !== 'number')
    throw new Error(`${XGB_MEASURED_FILE}: fitSeconds / auc missing`);
  return r;
}

/** Bundles `entry` for Node into the cache and returns the output path. @param {string} entry */
async function bundleForNode(entry) {
  const out = path.join(cacheDir, path.basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning'
  });
  return out;
}

/**
 * Writes tests/bench/data/flights-delay-1m.trees.bin from the CSV (trees-shared.ts, imported here
 * through an esbuild bundle) unless it is newer than the CSV and than trees-shared.ts.
 */
async function ensureTreesData() {
  const file = path.join(dataDir, DATA_FILE);
  const csv = path.join(dataDir, CSV);
  const shared = path.join(benchDir, 'trees-shared.ts');
  const fresh =
    existsSync(file) &&
    statSync(file).mtimeMs > statSync(csv).mtimeMs &&
    statSync(file).mtimeMs > statSync(shared).mtimeMs;
  if (fresh) return;
  const t0 = performance.now();
  const mod = await import(pathToFileURL(await bundleForNode('trees-shared.ts')).href);
  const data = mod.loadTreesData(readFileSync(csv, 'latin1'));
  writeFileSync(file, mod.encodeTreesData(data));
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  log(
    `wrote ${DATA_FILE} (${data.n} rows, ${data.train.length} train / ${data.test.length} test) in ${s} s`
  );
}

const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function measureNode() {
  const script = await bundleForNode('trees-bench.ts');
  mkdirSync(FOREST_DIR, { recursive: true });
  const config = path.join(cacheDir, 'trees-bench.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataFile: path.join(dataDir, DATA_FILE),
      histWasm: path.join(HIST_WASM_DIR, 'hist.wasm'),
      predictWasm: path.join(PREDICT_WASM_DIR, 'predict.wasm'),
      variants: VARIANTS,
      ...SETTINGS,
      extras: true,
      forestDir: FOREST_DIR
    })
  );
  const loadavgBefore = loadavg();
  log(`Node: load average ${loadavgBefore.join(' ')}; ${VARIANTS.join(', ')}…`);
  const stdout = execFileSync(process.execPath, [script, config], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20
  });
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  return {
    ...r,
    env: {
      node: process.version,
      date: new Date().toISOString(),
      loadavgBefore,
      loadavgAfter: loadavg()
    }
  };
}

async function measureChromium() {
  const outdir = path.join(cacheDir, 'trees-browser');
  await build({
    entryPoints: {
      'trees-page': path.join(benchDir, 'trees-browser-page.ts'),
      'trees-worker': path.join(benchDir, 'trees-browser-worker.ts')
    },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning'
  });
  writeFileSync(
    path.join(outdir, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>bench:trees</title>\n<link rel="icon" href="data:,">\n<script type="module" src="./trees-page.js"></script>\n'
  );
  const server = createStaticServer({
    root: outdir,
    mounts: {
      '/bench-data': dataDir,
      '/wasm-hist': HIST_WASM_DIR,
      '/wasm-predict': PREDICT_WASM_DIR,
      '/node-forests': FOREST_DIR
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || ensureChromium({ log }),
    args: CHROMIUM_ARGS
  });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
      log(`chromium ${m.text()}`);
    });
    await page.addInitScript(
      (cfg) => {
        /** @type {any} */ (window).__treesConfig = cfg;
      },
      {
        urls: {
          data: `/bench-data/${DATA_FILE}`,
          hist: '/wasm-hist/hist.wasm',
          predict: '/wasm-predict/predict.wasm',
          worker: './trees-worker.js',
          nodeForests: Object.fromEntries(
            VARIANTS.filter((v) => existsSync(path.join(FOREST_DIR, `trees-forest-${v}.json`))).map(
              (v) => [v, `/node-forests/trees-forest-${v}.json`]
            )
          )
        },
        variants: VARIANTS,
        ...SETTINGS,
        extras: argv.includes('--chromium-extras')
      }
    );
    const loadavgBefore = loadavg();
    log(
      `Chromium ${browser.version()}: load average ${loadavgBefore.join(' ')}; ${VARIANTS.join(', ')}…`
    );
    await page.goto(url);
    const handle = await page.waitForFunction(
      () => /** @type {any} */ (window).__treesResult,
      undefined,
      {
        timeout: CHROMIUM_TIMEOUT_MIN * 60_000,
        polling: 500
      }
    );
    const outcome = await handle.jsonValue();
    if (!outcome.ok)
      throw new Error(`Chromium side failed: ${outcome.error} ${errors.join(' | ')}`);
    return {
      ...outcome.result,
      env: {
        chromium: browser.version(),
        crossOriginIsolated: outcome.crossOriginIsolated,
        date: new Date().toISOString(),
        loadavgBefore,
        loadavgAfter: loadavg()
      }
    };
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}

/**
 * The per-side object of the results and of the `--json` line: the headline figures of the
 * ordinal variant (or the first one run) at the top, every variant under `variants`.
 * @param {any} r a side's raw result @param {'node' | 'chromium'} side
 */
function sideSummary(r, side) {
  const main = r.variants.find((/** @type {any} */ v) => v.variant === 'ordinal') ?? r.variants[0];
  return {
    fitSeconds: main.fitSeconds,
    fitSecondsTs: main.fitSecondsTs,
    fitSecondsWasm: main.fitSecondsWasm,
    wasmSpeedup: main.wasmSpeedup,
    predictSeconds: main.predictSeconds,
    auc: main.auc,
    rows: r.rows,
    trainRows: r.trainRows,
    testRows: r.testRows,
    trees: r.params.maxIter,
    maxDepth: r.params.maxDepth,
    variant: main.variant,
    fitForestsIdentical: r.variants.every((/** @type {any} */ v) => v.fitForestsIdentical),
    forestHash: main.forestHash,
    ...(side === 'chromium'
      ? { identicalToNode: null, nodeForestPredictionsIdentical: null, vsNode: main.vsReference }
      : {}),
    fitRuns: SETTINGS.fitRuns,
    tsFitRuns: SETTINGS.tsFitRuns,
    predictRuns: SETTINGS.predictRuns,
    env: r.env,
    mathProbe: r.mathProbe,
    variants: r.variants,
    params: r.params
  };
}

/**
 * Compares Chromium's variants with Node's: `identicalToNode` = same forest fingerprint and same
 * prediction fingerprint (null when Node did not run the variant); `nodeForestPredictionsIdentical`
 * = Node's forest, predicted in Chromium, gives Node's bits (null when the forest Chromium was
 * handed is not the one of Node's recorded run).
 * @param {any} c @param {any} node
 */
function markIdentical(c, node) {
  for (const v of c.variants) {
    const n = node?.variants?.find((/** @type {any} */ x) => x.variant === v.variant);
    v.identicalToNode =
      n?.forestHash && n?.predictionsHash
        ? n.forestHash === v.forestHash && n.predictionsHash === v.predictionsHash
        : null;
    const ref = v.vsReference;
    v.nodeForestPredictionsIdentical =
      ref && n?.forestHash === ref.forestHash ? ref.predictionsHash === n.predictionsHash : null;
  }
  /** @param {string} key */
  const all = (key) => {
    const flags = c.variants.map((/** @type {any} */ v) => v[key]);
    return flags.includes(null) ? null : flags.every(Boolean);
  };
  c.identicalToNode = all('identicalToNode');
  c.nodeForestPredictionsIdentical = all('nodeForestPredictionsIdentical');
}

/** @param {number} x */
const s = (x) => `${x.toFixed(2)} s`;
/** @param {number[]} xs */
const min = (xs) => Math.min(...xs);
/** @param {number[]} xs */
const la = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
/** @param {number | undefined} n @param {string} what */
const plural = (n, what) => `${n ?? '?'} ${what}${n === 1 ? '' : 's'}`;
/** @param {number} a @param {number} b */
const times = (a, b) => `${(a / b).toFixed(1)}×`;

/** @param {any} r */
function markdown(r) {
  const m = r.machine;
  const node = r.node;
  /** @type {{fitSeconds: number, auc: number, fitCpuSeconds?: number, xgboost?: string, date?: string, fitSecondsAll?: number[], loadAverageBefore?: number[]} | null} */
  const xm = r.reference?.xgboostMeasured ?? null;
  // The ratio and the AUC delta against XGBoost measured here on our split when available.
  const ref = xm ?? XGB;
  const sign = (/** @type {number} */ d) => `${d >= 0 ? '+' : ''}${d.toFixed(4)}`;
  const c = r.chromium;
  const sideLine = (/** @type {string} */ name, /** @type {any} */ side) =>
    side?.env
      ? `${name}: ${side.env.chromium ? `Chromium ${side.env.chromium}, ` : `Node ${side.env.node}, `}${side.env.date}, load average before ${la(side.env.loadavgBefore)}, after ${la(side.env.loadavgAfter)}.`
      : `${name}: not run.`;
  /** One row of the summary table. @param {string} where @param {any} side @param {any} v */
  const row = (where, side, v) => {
    const delta = v.auc - ref.auc;
    return [
      where,
      v.variant,
      v.fitSecondsTs == null ? 'not run' : s(v.fitSecondsTs),
      v.fitSecondsWasm == null
        ? 'not run'
        : `${s(v.fitSecondsWasm)} (${times(v.fitSecondsWasm, ref.fitSeconds)} XGBoost${xm ? `; ${times(v.fitSecondsWasm, XGB.fitSeconds)} documented` : ''})`,
      v.wasmSpeedup == null ? '—' : `${v.wasmSpeedup.toFixed(2)}×`,
      `${v.auc.toFixed(4)} (${sign(delta)}${xm ? `; ${sign(v.auc - XGB.auc)} documented` : ''})`,
      `${s(v.predictSeconds)} (${v.predictSeconds < PREDICT_TARGET_S ? 'met' : '**not met**'})`,
      v.fitForestsIdentical ? 'yes' : '**no**',
      `${v.nodes} / \`${v.forestHash}\``
    ].join(' | ');
  };
  const rows = [
    ...(node?.variants ?? []).map((/** @type {any} */ v) => row('Node', node, v)),
    ...(c?.variants ?? []).map((/** @type {any} */ v) => row('Chromium (Web Worker)', c, v))
  ];
  const detail = (node?.variants ?? [])
    .filter((/** @type {any} */ v) => v.predictSecondsTs)
    .map((/** @type {any} */ v) => {
      const walk = min(v.predictSecondsWasmNodeWalk);
      const tsWalk = min(v.predictSecondsTs);
      return `| ${[
        v.variant,
        s(v.predictSeconds),
        s(min(v.predictSecondsWasmMasks)),
        s(walk),
        `${s(min(v.predictSecondsTsMasks))} / ${s(tsWalk)}`,
        `${times(walk, v.predictSeconds)} / ${times(tsWalk, v.predictSeconds)}`,
        v.wasmTsIdentical ? 'yes' : '**no**'
      ].join(' | ')} |`;
    });
  const yesNo = (/** @type {boolean | null | undefined} */ x) =>
    x == null ? 'not compared' : x ? 'yes' : '**no**';
  const versus = (c?.variants ?? []).map((/** @type {any} */ v) => {
    const ref = v.vsReference;
    return `| ${[
      v.variant,
      yesNo(v.identicalToNode),
      ref
        ? `${ref.differentTrees} of ${ref.trees}${ref.firstDifferentTree >= 0 ? ` (first: tree ${ref.firstDifferentTree})` : ''}`
        : '—',
      ref ? ref.maxAbsMarginDiff.toExponential(2) : '—',
      ref
        ? `${ref.auc.toFixed(5)} (Node: ${node?.variants?.find((/** @type {any} */ x) => x.variant === v.variant)?.auc?.toFixed(5) ?? '?'})`
        : '—',
      yesNo(v.nodeForestPredictionsIdentical)
    ].join(' | ')} |`;
  });
  const runs = node ?? c;
  return [
    `Machine: ${m.cpu} (${m.cores} cores), ${m.memMB} MB RAM, shared with other work (numbers taken under load are upper bounds). ${sideLine('Node side', node)} ${sideLine('Chromium side', c)}`,
    '',
    `GBDT on flights_delay (1,000,000 rows, 6 features): 80/20 stratified holdout (seed 42) = ${(runs?.trainRows ?? 800000).toLocaleString('en-US')} training rows; 100 trees, depth-wise maxDepth 6, learningRate 0.3, l2Regularization 1, minHessianToSplit 1, minSamplesLeaf 1, 255 bins, no early stopping, single thread (Node: one process; Chromium: one dedicated Web Worker, as the app runs compute). Both sides read the same prepared bytes (tests/bench/data/${DATA_FILE}) and run the same code (tests/bench/trees-shared.ts). ${
      xm
        ? `Reference: XGBoost ${xm.xgboost ?? ''} \`hist\`, 1 thread, measured on this machine on the bench's own split (tests/bench/xgboost-reference.py, ${xm.date ?? '?'}, load average before ${la(xm.loadAverageBefore ?? [])}): fit ${s(xm.fitSeconds)} (median of ${xm.fitSecondsAll?.length ?? '?'}${xm.fitCpuSeconds ? `, CPU ${s(xm.fitCpuSeconds)}` : ''}), AUC ${xm.auc.toFixed(4)} — the ratios and Δ AUC below use it; documented (../shared/datasets/README.md, scikit-learn's train_test_split rows): fit ≈ ${XGB.fitSeconds} s, AUC ${XGB.auc}, shown as "documented"`
        : `Reference (native, 1 thread): XGBoost \`hist\` fit ≈ ${XGB.fitSeconds} s, AUC ${XGB.auc}`
    }; HistGradientBoosting native categorical AUC ${HGB_NATIVE_CAT_AUC}.`,
    '',
    `Fit = \`fitGbdt\` with the TypeScript histogram kernel (${plural(runs?.tsFitRuns, 'run')}, median) and with the WASM one (wasm/hist via \`histogramBuilder: createWasmHistogram(bytes)\`, instantiation included; median of ${plural(runs?.fitRuns, 'run')}); every forest of a variant must be identical bit for bit. Prediction = raw margins of all 1,000,000 rows, WASM forest loaded once, median of ${plural(runs?.predictRuns, 'call')} to \`predictRaw\`. Forest hash = FNV-1a over every field of the flat forest.`,
    '',
    '| where | origin / destination | fit, TS histograms | fit, WASM histograms | WASM vs TS | test AUC (Δ vs XGBoost) | predict 1 M rows, WASM (< 0.5 s) | all fits identical | nodes / forest hash |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((x) => `| ${x} |`),
    '',
    ...(versus.length
      ? [
          "Chromium vs Node: Node's forest of each variant is handed to the worker, compared tree by tree with Chromium's own, and predicted there on all 1 M rows.",
          '',
          "| origin / destination | same forest and predictions as Node | trees that differ | max \\|Δ margin\\| own vs Node's forest (1 M rows) | test AUC of Node's forest in Chromium | Node's forest predicted in Chromium = Node's bits |",
          '|---|---|---|---|---|---|',
          ...versus,
          '',
          ...(c.identicalToNode === false ? [whyDifferent(node, c), ''] : [])
        ]
      : []),
    ...(detail.length
      ? [
          `Node predictors, best of the runs (WASM forest load ≈ ${Math.round(node.variants[0].wasmLoadMs)} ms; the node walk is the previous kernel's algorithm):`,
          '',
          '| origin / destination | WASM dense (median) | WASM leaf masks | WASM node walk | TS leaf masks / TS node walk | dense vs WASM walk / TS walk | all predictors bit-identical |',
          '|---|---|---|---|---|---|---|',
          ...detail,
          ''
        ]
      : [])
  ].join('\n');
}

/**
 * The explanation under the Chromium-vs-Node table when the forests differ, from both sides'
 * `mathProbe` fingerprints. @param {any} node @param {any} c
 */
function whyDifferent(node, c) {
  const a = node?.mathProbe;
  const b = c?.mathProbe;
  if (!a || !b) return 'The forests differ (no libm fingerprints recorded to say why).';
  const names = Object.keys(a).filter((k) => a[k] !== b[k]);
  if (!names.length)
    return 'The forests differ although `Math.exp` / `Math.log` / `Math.log1p` give the same bits in both runtimes: **a determinism bug to find**.';
  return `Why the forests differ: ${names.map((k) => `\`Math.${k}\``).join(', ')} ${names.length > 1 ? 'give' : 'gives'} other bits in Chromium ${c.env?.chromium ?? ''} than in Node ${node.env?.node ?? ''} (fingerprints over 200,000 fixed arguments differ; \`mathProbe\` in trees-shared.ts) — the log-loss gradients and base score use them, so equal inputs give slightly different gradient sums and near-tied splits can go the other way. Prediction from a given forest is bit-identical across the runtimes (last column); bit-identical *training* across runtimes would need the engine's own exp / log (e.g. AssemblyScript's, compiled into a kernel).`;
}

/** Replaces (or appends) the issue-4 section of BENCHMARKS.md. @param {string} md */
function updateBenchmarksMd(md) {
  updateBenchmarksSection(
    'issue-4',
    'Tree engine: GBDT fit and prediction (issue 4)',
    md,
    'npm run bench:trees'
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
