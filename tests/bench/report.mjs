#!/usr/bin/env node
/**
 * Issue 7's report benchmark (Node): the time to produce a FULL report — EDA, the model's
 * evaluation and SHAP (the CLI's own pipeline, workers/cli/report.ts), then building the report
 * model and rendering HTML, Markdown and PDF — on a dev dataset with a model trained by the CLI.
 * Targets (issue 7, stated for Chromium; this is the Node side): HTML / Markdown < 2 s, PDF < 5 s
 * for the rendering of a full report.
 *
 *   node tests/bench/report.mjs [--dataset titanic_survival --target survived] [--runs 3]
 *
 * Steps: build the CLI, train a model (logistic, gbdt, baseline; 20 s budget) into
 * tests/bench/data/, bundle an in-process runner (esbuild, stdin entry) that loads the file, runs
 * the analysis once and renders each format `--runs` times (median), and write
 * tests/bench/results/issue-7-report.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dataset = arg('--dataset', 'titanic_survival');
const target = arg('--target', 'survived');
const runs = Number(arg('--runs', '3'));
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
    t0 = performance.now(); sizes.html = renderHtml(model).length; times.html.push(performance.now() - t0);
    t0 = performance.now(); sizes.md = renderMarkdown(model).length; times.md.push(performance.now() - t0);
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
    modelJson
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
const { modelJson, ...result } = await run(file, modelFile, runs);
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
const record = {
  issue: 7,
  benchmark: 'report generation (Node)',
  dataset,
  target,
  runs,
  ...result,
  fullReportMs: {
    html: Math.round(total + result.renderMs.build + result.renderMs.html),
    md: Math.round(total + result.renderMs.build + result.renderMs.md),
    pdf: Math.round(total + result.renderMs.build + result.renderMs.pdf)
  },
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
console.log(JSON.stringify(record, null, 2));
