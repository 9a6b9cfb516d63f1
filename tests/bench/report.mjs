#!/usr/bin/env node
/**
 * Issue 7's report benchmark: the time to produce a FULL report — EDA, the model's evaluation and
 * SHAP (the CLI's own pipeline, workers/cli/report.ts), then building the report model and
 * rendering HTML, Markdown and PDF — on a dev dataset with a model trained by the CLI, in Node and
 * in the app's report worker in headless Chromium.
 * Targets (issue 7, stated for Chromium): full report under 2 s for HTML / Markdown and under 5 s
 * for PDF.
 *
 *   node tests/bench/report.mjs [--dataset titanic_survival --target survived] [--runs 5]
 *                               [--node-only] [--no-md]
 *
 * Steps: build the CLI, train a model (logistic, gbdt, baseline; 20 s budget) into
 * tests/bench/data/, bundle an in-process runner (esbuild, stdin entry) that loads the file, runs
 * the analysis once and renders each format `--runs` times (median). Chromium (unless
 * --node-only): the same ReportInput (written as JSON) is rendered by workers/report.worker.ts
 * (esbuild bundle) driven from a page (report-browser-page.ts) through comlink, fonts fetched from
 * the bench server like the app fetches them; each format once cold, then `--runs` times (median).
 * Writes tests/bench/results/issue-7-report.json and the issue-7-report section of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { createStaticServer } from '../../edge-api/static-server.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/ensure-chromium.mjs';
import { updateBenchmarksSection } from './benchmarks-md.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dataset = arg('--dataset', 'titanic_survival');
const target = arg('--target', 'survived');
const runs = Number(arg('--runs', '5'));
const file = path.join(root, '../shared/datasets', `${dataset}.csv`);
const dataDir = path.join(root, 'tests/bench/data');
mkdirSync(dataDir, { recursive: true });
const modelFile = path.join(dataDir, `${dataset}.report-model.json`);

execFileSync(process.execPath, [path.join(root, 'workers/cli/build.mjs')], {
  cwd: root,
  stdio: 'inherit'
});
execFileSync(
  process.execPath,
  [
    path.join(root, 'workers/cli/bin.mjs'),
    'train',
    file,
    '--target',
    target,
    '--families',
    'logistic,gbdt,baseline',
    '--time-budget',
    '20',
    '--json',
    '--out',
    modelFile
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
);

const entry = `
import path from 'node:path';
import { runEda, predictBundle } from './workers/engine/index';
import { explainBundle } from './workers/engine/explain/explain-bundle';
import { buildReport, renderHtml, renderMarkdown, renderPdf, evaluationFromProba, shapSummary } from './workers/engine/report/index';
import { withLoadedFile } from './workers/cli/load-file';
import { loadFrame } from './workers/cli/frame';
import { readBundle } from './workers/cli/predict';
import { jsonSafe } from './workers/cli/profile';
import { nodeFonts } from './workers/cli/report';

/** Renders a saved ReportModel (JSON) runs times: the renderers alone, in a fresh process. */
export async function renderOnly(modelJson, runs) {
  const model = JSON.parse(modelJson);
  const fonts = await nodeFonts();
  const times = { html: [], md: [], pdf: [] };
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now(); renderHtml(model); times.html.push(performance.now() - t0);
    t0 = performance.now(); renderMarkdown(model); times.md.push(performance.now() - t0);
    t0 = performance.now(); await renderPdf(model, { fonts }); times.pdf.push(performance.now() - t0);
  }
  const r = (x) => Math.round(x * 10) / 10;
  return { html: r(median(times.html)), md: r(median(times.md)), pdf: r(median(times.pdf)), pdfFirst: r(times.pdf[0]) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export async function run(file, modelFile, runs) {
  const bundle = await readBundle(modelFile);
  const cat = bundle.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);
  const t = {};
  const input = await withLoadedFile({ file }, async (db, info) => {
    let t0 = performance.now();
    const eda = jsonSafe(await runEda(db, info, { target: bundle.target }));
    t.eda = performance.now() - t0;
    const frame = await loadFrame(db, info, cat);
    t0 = performance.now();
    const p = predictBundle(bundle, frame);
    const col = frame.columns.find((c) => c.name === bundle.target);
    const codes = Array.from({ length: frame.nRows }, (_, r) => bundle.classes.indexOf(col.dictionary[col.codes[r]]));
    const keep = codes.map((c, r) => (c >= 0 ? r : -1)).filter((r) => r >= 0);
    const K = bundle.classes.length;
    const proba = new Float64Array(keep.length * K);
    keep.forEach((r, i) => proba.set(p.values.subarray(r * K, (r + 1) * K), i * K));
    const evaluation = evaluationFromProba(proba, keep.map((r) => codes[r]), bundle.classes, 'file');
    t.evaluation = performance.now() - t0;
    t0 = performance.now();
    const n = Math.min(200, frame.nRows);
    const { grouped } = explainBundle(bundle, frame, Uint32Array.from({ length: n }, (_, i) => i), { samples: 32, backgroundSize: 16, seed: 42 });
    const shap = shapSummary(grouped, 0, 3);
    t.shap = performance.now() - t0;
    return { dataset: info, datasetName: path.basename(file), eda, bundle, evaluation, shap, generatedAt: '2026-01-01T00:00:00Z' };
  });
  const fonts = await nodeFonts();
  const times = { build: [], html: [], md: [], pdf: [] };
  const sizes = {};
  let pages = 0;
  let modelJson = '';
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const model = buildReport(input, { lang: 'pl' });
    times.build.push(performance.now() - t0);
    t0 = performance.now(); const html = renderHtml(model); times.html.push(performance.now() - t0);
    t0 = performance.now(); const md = renderMarkdown(model); times.md.push(performance.now() - t0);
    // UTF-8 bytes, as the files are written (and as the Chromium side counts them).
    sizes.html = new TextEncoder().encode(html).length;
    sizes.md = new TextEncoder().encode(md).length;
    t0 = performance.now(); const pdf = await renderPdf(model, { fonts }); times.pdf.push(performance.now() - t0);
    sizes.pdf = pdf.length;
    pages = (new TextDecoder('latin1').decode(pdf).match(/\\/Type \\/Page[^s]/g) ?? []).length;
    if (i === 0) { times.firstPdf = times.pdf[0]; modelJson = JSON.stringify(model); }
  }
  const r = (x) => Math.round(x * 10) / 10;
  return {
    analysisMs: { eda: r(t.eda), evaluation: r(t.evaluation), shap: r(t.shap) },
    renderMs: { build: r(median(times.build)), html: r(median(times.html)), md: r(median(times.md)), pdf: r(median(times.pdf)), pdfFirst: r(times.firstPdf) },
    bytes: sizes,
    pdfPages: pages,
    family: bundle.family,
    shapMethod: input.shap.method,
    modelJson,
    inputJson: JSON.stringify(input)
  };
}
`;
const out = path.join(dataDir, 'report-bench.mjs');
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'report-bench-entry.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  external: ['@duckdb/duckdb-wasm', 'parquet-wasm', 'apache-arrow', '@tensorflow/*'],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  },
  tsconfig: path.join(root, 'workers/engine/tsconfig.json'),
  logLevel: 'warning'
});
process.env.DATAGENIUS_FONTS = path.join(root, 'static/fonts');
const { run } = await import(pathToFileURL(out).href);
const { modelJson, inputJson, ...result } = await run(file, modelFile, runs);
// The report model itself, for renderer-only profiling (node_modules-free JSON).
writeFileSync(path.join(dataDir, 'report-model.json'), modelJson);
// The renderers alone in a fresh process: the process above also holds DuckDB and the models.
const fresh = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { readFileSync } from 'node:fs'; const m = await import(${JSON.stringify(pathToFileURL(out).href)}); ` +
        `console.log(JSON.stringify(await m.renderOnly(readFileSync(${JSON.stringify(path.join(dataDir, 'report-model.json'))}, 'utf8'), ${runs})));`
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATAGENIUS_FONTS: path.join(root, 'static/fonts') }
    }
  )
    .trim()
    .split('\n')
    .pop()
);
result.renderMsFreshProcess = fresh;
const total = result.analysisMs.eda + result.analysisMs.evaluation + result.analysisMs.shap;
const chromiumResult = process.argv.includes('--node-only')
  ? null
  : await measureChromium(inputJson);
const record = {
  issue: 7,
  benchmark: 'report generation (Node + Chromium)',
  dataset,
  target,
  runs,
  ...result,
  fullReportMs: {
    html: Math.round(total + result.renderMs.build + result.renderMs.html),
    md: Math.round(total + result.renderMs.build + result.renderMs.md),
    pdf: Math.round(total + result.renderMs.build + result.renderMs.pdf)
  },
  chromium: chromiumResult,
  targets: { htmlMdRenderMs: 2000, pdfRenderMs: 5000 },
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10),
    node: process.version
  },
  date: new Date().toISOString()
};
mkdirSync(path.join(root, 'tests/bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'tests/bench/results/issue-7-report.json'),
  JSON.stringify(record, null, 2) + '\n'
);
if (!process.argv.includes('--no-md'))
  updateBenchmarksSection(
    'issue-7-report',
    'Report generation: full report (EDA + model + SHAP) in HTML, Markdown, PDF (issue 7)',
    markdown(record),
    'node tests/bench/report.mjs'
  );
console.log(JSON.stringify(record, null, 2));

/**
 * The app's report worker (workers/report.worker.ts) in headless Chromium, driven by
 * report-browser-page.ts through comlink; the input is the Node side's ReportInput.
 * @param {string} inputJson
 */
async function measureChromium(inputJson) {
  const outdir = path.join(root, 'node_modules/.cache/datagenius-bench/report-browser');
  mkdirSync(path.join(outdir, 'cache'), { recursive: true });
  await build({
    entryPoints: {
      'report-worker': path.join(root, 'workers/report.worker.ts'),
      'report-page': path.join(root, 'tests/bench/report-browser-page.ts')
    },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning'
  });
  writeFileSync(path.join(outdir, 'cache/report-input.json'), inputJson);
  writeFileSync(
    path.join(outdir, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>bench:report</title>\n' +
      '<link rel="icon" href="data:,">\n<script type="module" src="./report-page.js"></script>\n'
  );
  // Served under a base path, as one e2e test serves the app: the fonts sit next to the page.
  const server = createStaticServer({
    root: outdir,
    base: '/app/',
    mounts: { '/app/fonts': path.join(root, 'static/fonts') }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || ensureChromium(),
    args: CHROMIUM_ARGS
  });
  try {
    const page = await browser.newPage();
    const foreign = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(`http://127.0.0.1:${port}/`)) foreign.push(req.url());
    });
    await page.goto(`http://127.0.0.1:${port}/app/?runs=${runs}`);
    const handle = await page.waitForFunction(
      () => /** @type {any} */ (window).__reportResult,
      undefined,
      { timeout: 300_000, polling: 250 }
    );
    const r = await handle.jsonValue();
    if (!r.ok) throw new Error(`Chromium report: ${r.error}`);
    return { chromium: browser.version(), requestsOffOrigin: foreign.length, ...r.result };
  } finally {
    await browser.close();
    server.close();
  }
}

/** @param {any} r */
function markdown(r) {
  const a = r.analysisMs;
  const ms = (x) => `${Math.round(x)} ms`;
  const ok = (x, target) => (x < target ? 'yes' : 'no');
  const lines = [
    `Dataset \`${r.dataset}\` (target \`${r.target}\`), model \`${r.family}\` trained by the CLI ` +
      `(logistic, gbdt, baseline; 20 s budget), SHAP method \`${r.shapMethod}\` on 200 rows; the ` +
      `report has every section (PDF: ${r.pdfPages} pages). ${r.date.slice(0, 10)}, ${r.machine.model} ` +
      `(${r.machine.cpus} cores, load ${r.machine.loadavg[0]}), Node ${r.machine.node}` +
      (r.chromium ? `, Chromium ${r.chromium.chromium}.` : '.'),
    '',
    `Analysis in Node (the CLI's pipeline; in the app the EDA, Explain and SHAP panels have ` +
      `computed it before a report is asked for): EDA ${ms(a.eda)}, evaluation ${ms(a.evaluation)}, ` +
      `SHAP ${ms(a.shap)}.`,
    '',
    '| where | format | build + render (median) | first (cold) | bytes | under target |',
    '|---|---|---|---|---|---|'
  ];
  const size = r.bytes;
  for (const [f, target] of [
    ['html', 2000],
    ['md', 2000],
    ['pdf', 5000]
  ]) {
    const t = r.renderMs.build + r.renderMs[f];
    const first = f === 'pdf' ? ms(r.renderMs.pdfFirst) : '—';
    lines.push(`| Node | ${f} | ${ms(t)} | ${first} | ${size[f]} | ${ok(t, target)} |`);
  }
  if (r.chromium)
    for (const [f, target] of [
      ['html', 2000],
      ['md', 2000],
      ['pdf', 5000]
    ]) {
      const c = r.chromium[f];
      lines.push(
        `| Chromium worker (page wall) | ${f} | ${ms(c.wallMs)} (build ${ms(c.buildMs)}, render ${ms(c.renderMs)}) | ` +
          `${ms(c.coldWallMs)} | ${c.bytes}${c.bytes === size[f] ? ' (= Node)' : ' (≠ Node)'} | ` +
          `${ok(c.wallMs, target)} (cold: ${ok(c.coldWallMs, target)}) |`
      );
    }
  lines.push(
    '',
    `Median of ${r.runs} runs. Node: in the bench process (the full report = analysis + build + ` +
      `render is ${ms(r.fullReportMs.html)} HTML, ${ms(r.fullReportMs.md)} Markdown, ` +
      `${ms(r.fullReportMs.pdf)} PDF). Chromium: the app's report worker ` +
      '(workers/report.worker.ts) called from the page through comlink — wall time includes ' +
      'cloning the input in and transferring the file back; "cold" is the first call of each ' +
      'format (worker start for HTML, jsPDF import and font fetch for PDF).' +
      (r.chromium ? ` Requests off the page's origin: ${r.chromium.requestsOffOrigin}.` : ''),
    ''
  );
  return lines.join('\n');
}
