/**
 * What the Node and the Chromium sides of `npm run bench:trees` (issue 4) share, so that both
 * measure the same thing on the same bytes: the flights_delay columns, the 80/20 stratified
 * holdout (seed 42), the GBDT settings, and the measurement itself (`measureVariant`). DOM-free
 * and fs-free: tests/bench/trees.mjs (Node, in process), trees-bench.ts (Node child process) and
 * trees-browser-worker.ts (Chromium Web Worker) all import it.
 *
 * Data travels as one binary file (`encodeTreesData` / `decodeTreesData`), written once in Node
 * from the CSV: the browser gets typed arrays without parsing text, and both sides read the very
 * same bytes.
 */
import { stratifiedKFold } from '../../workers/engine/eval/folds';
import { CAT_WORDS, type FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
import type { FeatureKind, GbdtParams } from '../../workers/engine/gbdt/params';
import { predictRaw, prepareForest } from '../../workers/engine/gbdt/predict';
import { createWasmPredictor } from '../../workers/engine/gbdt/wasm-predict';
import { binaryAuc } from '../../workers/engine/metrics/auc';

export const FEATURES = ['month', 'day_of_week', 'hour', 'distance', 'origin', 'destination'];
export const TARGET = 'delayed';
export const HOLDOUT_SEED = 42;

/** XGBoost-like settings (hist, depth 6, eta 0.3, lambda 1, min_child_weight 1), no early stopping. */
export const PARAMS: Partial<GbdtParams> = {
  loss: 'logLoss',
  maxIter: 100,
  maxLeafNodes: null,
  maxDepth: 6,
  learningRate: 0.3,
  l2Regularization: 1,
  minSamplesLeaf: 1,
  minHessianToSplit: 1,
  maxBins: 255,
  earlyStopping: false,
  seed: 42
};

/** origin / destination as numeric ordinal codes, or as native categorical features. */
export type Variant = 'ordinal' | 'categorical';

/** The table plus its holdout. */
export interface TreesData {
  n: number;
  /** Float64Array per feature (FEATURES order), each of length n; origin / destination as codes. */
  cols: Float64Array[];
  /** Float64Array, length n: 0 / 1. */
  y: Float64Array;
  /** Uint32Array of row indices, ascending: the 80 % training part (folds 1 … 4). */
  train: Uint32Array;
  /** Uint32Array of row indices, ascending: the 20 % test part (fold 0). */
  test: Uint32Array;
}

/**
 * Parses the flights_delay CSV (tests/bench/prepare.mjs writes it: plain integers and IATA codes,
 * so a split on commas is exact). origin / destination become the ranks of their sorted IATA codes.
 * @returns Float64Array columns (FEATURES order) and y, each of length n.
 */
export function parseFlightsCsv(text: string): {
  cols: Float64Array[];
  y: Float64Array;
  n: number;
} {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].trim();
  const expected = [...FEATURES, TARGET].join(',');
  if (header !== expected) throw new Error(`unexpected header ${header} (want ${expected})`);
  const n = lines.length - 1;
  const num = [0, 1, 2, 3].map(() => new Float64Array(n));
  const origin: string[] = new Array(n);
  const dest: string[] = new Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = lines[i + 1].split(',');
    for (let j = 0; j < 4; j++) num[j][i] = +p[j];
    origin[i] = p[4];
    dest[i] = p[5];
    y[i] = +p[6];
  }
  const codes = (v: string[]): Float64Array => {
    const sorted = [...new Set(v)].sort();
    const at = new Map(sorted.map((s, i) => [s, i]));
    return Float64Array.from(v, (s) => at.get(s) as number);
  };
  return { cols: [...num, codes(origin), codes(dest)], y, n };
}

/** 80/20 stratified holdout: `stratifiedKFold(y, 5, 42)`, fold 0 = test. */
export function holdout(y: Float64Array): { train: Uint32Array; test: Uint32Array } {
  const fold = stratifiedKFold(y, 5, HOLDOUT_SEED);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < y.length; i++) (fold[i] === 0 ? test : train).push(i);
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}

/** CSV text → table + holdout. */
export function loadTreesData(csvText: string): TreesData {
  const { cols, y, n } = parseFlightsCsv(csvText);
  return { cols, y, n, ...holdout(y) };
}

const MAGIC = 0x45455254; // 'TREE' little-endian
const VERSION = 1;
const HEADER_BYTES = 32;

/**
 * One buffer: header (8 × uint32: magic, version, n, nFeatures, nTrain, nTest, 0, 0), then the
 * columns (nFeatures × n float64), y (n float64), train (nTrain uint32), test (nTest uint32).
 * Every section starts at a multiple of 8, so decoding makes views, not copies.
 */
export function encodeTreesData(d: TreesData): Uint8Array {
  const nF = d.cols.length;
  const bytes = HEADER_BYTES + (nF + 1) * d.n * 8 + (d.train.length + d.test.length) * 4;
  const buf = new ArrayBuffer(bytes);
  new Uint32Array(buf, 0, 8).set([MAGIC, VERSION, d.n, nF, d.train.length, d.test.length, 0, 0]);
  let at = HEADER_BYTES;
  for (const c of [...d.cols, d.y]) {
    new Float64Array(buf, at, d.n).set(c);
    at += d.n * 8;
  }
  new Uint32Array(buf, at, d.train.length).set(d.train);
  at += d.train.length * 4;
  new Uint32Array(buf, at, d.test.length).set(d.test);
  return new Uint8Array(buf);
}

/** Inverse of encodeTreesData (views into `buf`). @throws Error on a foreign or truncated buffer. */
export function decodeTreesData(buf: ArrayBuffer, byteOffset = 0): TreesData {
  const h = new Uint32Array(buf, byteOffset, 8);
  if (h[0] !== MAGIC || h[1] !== VERSION) throw new Error('not a bench:trees data file (v1)');
  const [n, nF, nTrain, nTest] = [h[2], h[3], h[4], h[5]];
  const want = HEADER_BYTES + (nF + 1) * n * 8 + (nTrain + nTest) * 4;
  if (buf.byteLength - byteOffset < want)
    throw new Error(`bench:trees data truncated: ${buf.byteLength - byteOffset} < ${want} bytes`);
  let at = byteOffset + HEADER_BYTES;
  const f64 = (): Float64Array => {
    const v = new Float64Array(buf, at, n);
    at += n * 8;
    return v;
  };
  const cols = Array.from({ length: nF }, f64);
  const y = f64();
  const train = new Uint32Array(buf, at, nTrain);
  at += nTrain * 4;
  const test = new Uint32Array(buf, at, nTest);
  return { n, cols, y, train, test };
}

/** Model inputs derived from TreesData, built once per process. */
export interface Inputs {
  n: number;
  trainRows: number;
  testRows: number;
  /** Float64Array per feature, length trainRows. */
  Xtr: Float64Array[];
  /** Float64Array, length trainRows. */
  ytr: Float64Array;
  /** Float64Array, length n × nFeatures, row-major: all rows, for prediction. */
  Xall: Float64Array;
  /** Uint32Array, length testRows: the test rows (indices into Xall). */
  test: Uint32Array;
  /** Uint8Array, length testRows: 1 where the test row is delayed. */
  isPos: Uint8Array;
}

export function makeInputs(d: TreesData): Inputs {
  const pick = (c: Float64Array, rows: Uint32Array): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = c[rows[i]];
    return out;
  };
  const nF = d.cols.length;
  const Xall = new Float64Array(d.n * nF);
  for (let f = 0; f < nF; f++) {
    const c = d.cols[f];
    for (let i = 0; i < d.n; i++) Xall[i * nF + f] = c[i];
  }
  return {
    n: d.n,
    trainRows: d.train.length,
    testRows: d.test.length,
    Xtr: d.cols.map((c) => pick(c, d.train)),
    ytr: pick(d.y, d.train),
    Xall,
    test: d.test,
    isPos: Uint8Array.from(d.test, (r) => (d.y[r] === 1 ? 1 : 0))
  };
}

/** FNV-1a (32-bit) of bytes, continuing from `h`. */
function fnv(bytes: Uint8Array, h: number): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}
const viewBytes = (v: ArrayBufferView): Uint8Array =>
  new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
const hex = (h: number): string => h.toString(16).padStart(8, '0');

/**
 * Fingerprints of a forest: FNV-1a of every field (typed arrays byte for byte, other fields as
 * JSON), and of all of them in sorted key order (`all`). Equal across Node and Chromium = same
 * forest; the per-field ones say where two forests differ.
 */
export function forestHashes(f: FlatForest): Record<string, string> {
  const rec = f as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  let all = 0x811c9dc5;
  for (const k of Object.keys(rec).sort()) {
    const v = rec[k];
    const bytes = ArrayBuffer.isView(v)
      ? viewBytes(v)
      : new TextEncoder().encode(JSON.stringify(v));
    out[k] = hex(fnv(bytes, 0x811c9dc5));
    all = fnv(bytes, fnv(new TextEncoder().encode(k), all));
  }
  return { all: hex(all), ...out };
}

/** Fingerprint of a Float64Array's bytes (predictions). */
export function arrayHash(v: Float64Array): string {
  return hex(fnv(viewBytes(v), 0x811c9dc5));
}

/** Same length and bytes. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = viewBytes(a);
  const y = viewBytes(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Every FlatForest field equal, typed arrays byte for byte. */
export function sameForest(a: FlatForest, b: FlatForest): boolean {
  return Object.entries(a).every(([k, v]) => {
    const w = (b as unknown as Record<string, unknown>)[k];
    if (!ArrayBuffer.isView(v)) return JSON.stringify(v) === JSON.stringify(w);
    return ArrayBuffer.isView(w) && sameBytes(v, w);
  });
}

/**
 * Fingerprints of `Math.exp`, `Math.log` and `Math.log1p` (what the log loss uses) over 200,000
 * fixed pseudo-random arguments in [−20, 20) (|x| for the logarithms): different fingerprints in
 * two runtimes mean their libm rounds differently, so the same fit cannot give the same bits.
 */
export function mathProbe(): Record<'exp' | 'log' | 'log1p', string> {
  const n = 200_000;
  const fns = { exp: Math.exp, log: Math.log, log1p: Math.log1p };
  const out = {} as Record<keyof typeof fns, string>;
  for (const [name, fn] of Object.entries(fns) as [keyof typeof fns, (x: number) => number][]) {
    const v = new Float64Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const x = (s / 4294967296 - 0.5) * 40;
      v[i] = fn(name === 'exp' ? x : Math.abs(x));
    }
    out[name] = arrayHash(v);
  }
  return out;
}

/** Median (upper middle for even lengths, an observed value). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export interface MeasureOptions {
  /** wasm/hist/build/hist.wasm */
  histBytes: Uint8Array;
  /** wasm/predict/build/predict.wasm */
  predictBytes: Uint8Array;
  /** Fits with the WASM histogram kernel (median reported). */
  fitRuns: number;
  /** Fits with the TypeScript histogram kernel (median reported; the speed-up's reference). */
  tsFitRuns: number;
  /** predictRaw repeats of the default WASM layout (median reported). */
  predictRuns: number;
  /** Also time the TypeScript predictors and the other WASM layouts, and check their bits. */
  extras: boolean;
  /**
   * Another platform's forest of this variant (Node's, in Chromium): reported how far it is from
   * ours (`vsReference`), and predicted here so that its predictions can be compared with the
   * other platform's bits.
   */
  reference?: FlatForest;
  /** Wall clock in seconds with sub-millisecond resolution. */
  now: () => number;
  log?: (line: string) => void;
}

/**
 * Fits one variant `tsFitRuns` times with the TypeScript histogram kernel and `fitRuns` times with
 * the WASM one (instantiation included: a fresh `createWasmHistogram` per fit), checks that every
 * forest equals the first, loads it once into the WASM predictor and predicts all n rows
 * `predictRuns` times; the test rows' margins give the AUC.
 */
export function measureVariant(
  inp: Inputs,
  variant: Variant,
  o: MeasureOptions
): { record: Record<string, unknown>; forest: FlatForest } {
  const log = o.log ?? (() => undefined);
  const kinds: FeatureKind[] = FEATURES.map((_, f) =>
    variant === 'categorical' && f >= 4 ? 'categorical' : 'numeric'
  );
  const fit = (wasm: boolean): { seconds: number; forest: FlatForest; nIter: number } => {
    const t0 = o.now();
    const options = wasm ? { histogramBuilder: createWasmHistogram(o.histBytes) } : {};
    const r = fitGbdt(inp.Xtr, kinds, inp.ytr, PARAMS, undefined, undefined, options);
    const seconds = o.now() - t0;
    log(`${variant}: fit (${wasm ? 'WASM' : 'TS'} histograms) ${seconds.toFixed(2)} s`);
    return { seconds, forest: r.forest, nIter: r.nIter };
  };
  const tsFits = Array.from({ length: o.tsFitRuns }, () => fit(false));
  const wasmFits = Array.from({ length: o.fitRuns }, () => fit(true));
  const forest = (wasmFits[0] ?? tsFits[0]).forest;
  const fitForestsIdentical = [...tsFits, ...wasmFits].every((f) => sameForest(forest, f.forest));
  const fitSecondsTs = tsFits.length ? median(tsFits.map((f) => f.seconds)) : null;
  const fitSecondsWasm = wasmFits.length ? median(wasmFits.map((f) => f.seconds)) : null;

  const predictor = createWasmPredictor(o.predictBytes);
  const l0 = o.now();
  const handle = predictor.load(forest);
  const wasmLoadMs = (o.now() - l0) * 1000;
  const times = (runs: number, fn: () => Float64Array): [number[], Float64Array] => {
    const ts: number[] = [];
    let out: Float64Array = new Float64Array(0);
    for (let i = 0; i < Math.max(1, runs); i++) {
      const s = o.now();
      out = fn();
      ts.push(o.now() - s);
    }
    return [ts, out];
  };
  const [wasmTimes, raw] = times(o.predictRuns, () => handle.predictRaw(inp.Xall, inp.n));
  log(
    `${variant}: predict (WASM ${handle.layout}) ${wasmTimes.map((t) => t.toFixed(3)).join(' ')} s`
  );
  const scores = Float64Array.from(inp.test, (r) => raw[r]);
  const hashes = forestHashes(forest);
  const out: Record<string, unknown> = {
    variant,
    fitSeconds: r3((fitSecondsWasm ?? fitSecondsTs) as number),
    fitSecondsTs: fitSecondsTs === null ? null : r3(fitSecondsTs),
    fitSecondsWasm: fitSecondsWasm === null ? null : r3(fitSecondsWasm),
    wasmSpeedup:
      fitSecondsTs !== null && fitSecondsWasm !== null
        ? Math.round((fitSecondsTs / fitSecondsWasm) * 100) / 100
        : null,
    fitSecondsTsRuns: tsFits.map((f) => r3(f.seconds)),
    fitSecondsWasmRuns: wasmFits.map((f) => r3(f.seconds)),
    fitForestsIdentical,
    predictSeconds: r3(median(wasmTimes)),
    predictSecondsWasm: wasmTimes.map(r3),
    wasmLayout: handle.layout,
    wasmLoadMs: r3(wasmLoadMs),
    auc: Math.round(binaryAuc(scores, inp.isPos) * 1e5) / 1e5,
    nIter: (wasmFits[0] ?? tsFits[0]).nIter,
    nodes: forest.feature.length,
    forestHash: hashes.all,
    forestFieldHashes: hashes,
    predictionsHash: arrayHash(raw)
  };
  if (o.extras) {
    const few = Math.min(o.predictRuns, 2);
    const [tsTimes, rawTs] = times(few, () => predictRaw(forest, inp.Xall, inp.n));
    const prepared = prepareForest(forest);
    const [tsMaskTimes, rawMasks] = times(few, () => prepared.predictRaw(inp.Xall, inp.n));
    const masks = predictor.load(forest, { layout: 'masks' });
    const [maskTimes, rawWasmMasks] = times(o.predictRuns, () => masks.predictRaw(inp.Xall, inp.n));
    masks.dispose();
    const nodes = predictor.load(forest, { layout: 'nodes' });
    const [nodeTimes, rawWasmNodes] = times(few, () => nodes.predictRaw(inp.Xall, inp.n));
    nodes.dispose();
    out.wasmTsIdentical = [rawTs, rawMasks, rawWasmMasks, rawWasmNodes].every((r) =>
      sameBytes(r, raw)
    );
    out.predictSecondsTs = tsTimes.map(r3);
    out.predictSecondsTsMasks = tsMaskTimes.map(r3);
    out.predictSecondsWasmMasks = maskTimes.map(r3);
    out.predictSecondsWasmNodeWalk = nodeTimes.map(r3);
  }
  if (o.reference) {
    const ref = predictor.load(o.reference);
    const refRaw = ref.predictRaw(inp.Xall, inp.n);
    ref.dispose();
    let maxAbs = 0;
    for (let i = 0; i < raw.length; i++) maxAbs = Math.max(maxAbs, Math.abs(raw[i] - refRaw[i]));
    const refScores = Float64Array.from(inp.test, (r) => refRaw[r]);
    out.vsReference = {
      forestHash: forestHashes(o.reference).all,
      ...treeDiff(forest, o.reference),
      maxAbsMarginDiff: maxAbs,
      predictionsHash: arrayHash(refRaw),
      auc: Math.round(binaryAuc(refScores, inp.isPos) * 1e5) / 1e5
    };
  }
  handle.dispose();
  return { record: out, forest };
}

/**
 * Trees of `a` that differ from the same-index tree of `b` in any node field.
 * @returns the first such tree (−1 when none) and how many there are (of the common count).
 */
export function treeDiff(
  a: FlatForest,
  b: FlatForest
): { trees: number; firstDifferentTree: number; differentTrees: number } {
  const nT = Math.min(a.treeStart.length, b.treeStart.length) - 1;
  const fields = [
    'feature',
    'threshold',
    'left',
    'right',
    'defaultLeft',
    'value',
    'cover'
  ] as const;
  let first = -1;
  let count = 0;
  for (let t = 0; t < nT; t++) {
    const [s, e] = [a.treeStart[t], a.treeStart[t + 1]];
    let same = b.treeStart[t + 1] - b.treeStart[t] === e - s && a.valueWidth === b.valueWidth;
    const o = b.treeStart[t] - s;
    for (const k of fields) {
      const w = k === 'value' ? a.valueWidth : 1;
      for (let i = s * w; same && i < e * w; i++)
        if (!Object.is(a[k][i], b[k][i + o * w])) same = false;
    }
    for (let i = s; same && i < e; i++) {
      const [ca, cb] = [a.catOffset[i], b.catOffset[i + o]];
      if (ca < 0 !== cb < 0) same = false;
      for (let j = 0; same && ca >= 0 && j < CAT_WORDS; j++)
        if (a.catWords[ca + j] !== b.catWords[cb + j]) same = false;
    }
    if (!same) {
      if (first < 0) first = t;
      count++;
    }
  }
  return { trees: nT, firstDifferentTree: first, differentTrees: count };
}
