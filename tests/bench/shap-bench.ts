// Issue 6 TreeSHAP benchmark, Node side (bundled by shap.mjs with esbuild): a GBDT of 100 trees of
// depth ≤ 6 (fitGbdt: maxDepth 6, maxLeafNodes null, 100 iterations, no early stopping) trained on
// synthetic data with 30 features, then exact TreeSHAP of 1,000 rows with the TypeScript kernel
// and the WASM kernel; median of `runs` runs each. Prints one JSON line on stdout.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { treeShap } from '../../workers/engine/explain/tree-shap';
import { createWasmTreeShap } from '../../workers/engine/explain/tree-shap-wasm';
import { decodeForest, encodeForest } from '../../workers/engine/gbdt/forest-codec';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { treeCount, type FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { createRng } from '../../workers/engine/rng';

const [wasmPath, runsArg, forestCache] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
const N_TRAIN = 5000;
const N_EXPLAIN = 1000;
const N_FEATURES = 30;

function data(
  n: number,
  seed: number
): { cols: Float64Array[]; rows: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const cols = Array.from({ length: N_FEATURES }, () => new Float64Array(n));
  const rows = new Float64Array(n * N_FEATURES);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < N_FEATURES; f++) {
      const v = rng.next() * 2 - 1;
      cols[f][i] = v;
      rows[i * N_FEATURES + f] = v;
      // Every feature matters a little, some interact: deep, varied trees.
      z += (f % 3 === 0 ? Math.sin(3 * v) : v) / (1 + f / 10);
    }
    z += 2 * cols[0][i] * cols[1][i] + (cols[2][i] > 0 ? cols[3][i] : -cols[4][i]);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { cols, rows, y };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function stats(f: FlatForest) {
  let leaves = 0;
  for (let n = 0; n < f.left.length; n++) if (f.left[n] < 0) leaves++;
  let maxDepth = 0;
  for (let t = 0; t < treeCount(f); t++) {
    const s = f.treeStart[t];
    const stack: [number, number][] = [[s, 0]];
    while (stack.length) {
      const [n, d] = stack.pop() as [number, number];
      if (f.left[n] < 0) maxDepth = Math.max(maxDepth, d);
      else stack.push([s + f.left[n], d + 1], [s + f.right[n], d + 1]);
    }
  }
  return { trees: treeCount(f), nodes: f.left.length, meanLeaves: leaves / treeCount(f), maxDepth };
}

/** The benchmark forest: fitted, or read from `forestCache` (forest-codec JSON) when it exists. */
function benchForest(): { forest: FlatForest; fitSeconds: number | null } {
  if (forestCache && existsSync(forestCache))
    return {
      forest: decodeForest(JSON.parse(readFileSync(forestCache, 'utf8'))),
      fitSeconds: null
    };
  const t0 = performance.now();
  const forest = fit();
  const fitSeconds = Math.round((performance.now() - t0) / 10) / 100;
  if (forestCache) writeFileSync(forestCache, JSON.stringify(encodeForest(forest)));
  return { forest, fitSeconds };
}

function fit(): FlatForest {
  const train = data(N_TRAIN, 1);
  return fitGbdt(train.cols, new Array(N_FEATURES).fill('numeric'), train.y, {
    loss: 'logLoss',
    maxIter: 100,
    maxDepth: 6,
    maxLeafNodes: null,
    minSamplesLeaf: 5,
    earlyStopping: false,
    seed: 0
  }).forest;
}

const { forest, fitSeconds } = benchForest();
const X = data(N_EXPLAIN, 2).rows;
const wasmShap = createWasmTreeShap(new Uint8Array(readFileSync(wasmPath)));

/** Wall and CPU seconds (this process) of each run: CPU time shows the cost on a shared machine. */
function time(fn: () => unknown): { wall: number[]; cpu: number[] } {
  fn(); // warm-up (JIT tiers, memory growth), not counted
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const a = performance.now();
    fn();
    wall.push((performance.now() - a) / 1000);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e6);
  }
  return { wall, cpu };
}
const ts = time(() => treeShap(forest, X, N_EXPLAIN));
const wa = time(() => wasmShap(forest, X, N_EXPLAIN));
const a = treeShap(forest, X, N_EXPLAIN);
const b = wasmShap(forest, X, N_EXPLAIN);
let identical = a.values.length === b.values.length;
for (let i = 0; i < a.values.length && identical; i++)
  identical = Object.is(a.values[i], b.values[i]);
let valuesSum = 0;
for (let i = 0; i < a.values.length; i++) valuesSum += a.values[i];
let additivity = 0;
for (let r = 0; r < N_EXPLAIN; r++) {
  let s = a.baseValue[0];
  for (let f = 0; f < N_FEATURES; f++) s += a.values[r * N_FEATURES + f];
  additivity = Math.max(additivity, Math.abs(s - a.margin[r]));
}
console.log(
  JSON.stringify({
    rows: N_EXPLAIN,
    features: N_FEATURES,
    forest: stats(forest),
    fitSeconds,
    runs: RUNS,
    tsSeconds: median(ts.wall),
    wasmSeconds: median(wa.wall),
    tsCpuSeconds: median(ts.cpu),
    wasmCpuSeconds: median(wa.cpu),
    tsRuns: ts.wall,
    wasmRuns: wa.wall,
    identicalBits: identical,
    valuesSum,
    maxAdditivityError: additivity
  })
);
