// Random FlatForests for the predictor tests and the prediction benchmark: complete trees of a given
// depth, random numeric thresholds, optional categorical bitsets, random default directions.
import { CAT_WORDS, type FlatForest, type ForestKind } from '../../workers/engine/gbdt/flat-forest';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomForestSpec {
  nTrees: number;
  depth: number;
  nFeatures: number;
  nOutputs?: number;
  kind?: ForestKind;
  /** Share of internal nodes with a categorical split (on features < nCatFeatures). */
  catShare?: number;
  nCatFeatures?: number;
  float32Splits?: boolean;
  /** Averaging trees carrying nOutputs values per leaf (treeOutput −1). */
  vectorLeaves?: boolean;
  seed?: number;
}

export function randomForest(s: RandomForestSpec): FlatForest {
  const rand = rng(s.seed ?? 1);
  const K = s.nOutputs ?? 1;
  const kind = s.kind ?? 'boosting';
  const width = s.vectorLeaves ? K : 1;
  const perTree = 2 ** (s.depth + 1) - 1;
  const n = s.nTrees * perTree;
  const f: FlatForest = {
    kind,
    link: K > 1 ? 'softmax' : 'logistic',
    nFeatures: s.nFeatures,
    nOutputs: K,
    baseScore: Float64Array.from({ length: K }, () => (kind === 'boosting' ? rand() - 0.5 : 0)),
    treeStart: Int32Array.from({ length: s.nTrees + 1 }, (_, t) => t * perTree),
    treeOutput: Int32Array.from({ length: s.nTrees }, (_, t) => (s.vectorLeaves ? -1 : t % K)),
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    defaultLeft: new Uint8Array(n),
    value: new Float64Array(n * width),
    valueWidth: width,
    cover: new Float64Array(n).fill(1),
    catOffset: new Int32Array(n).fill(-1),
    catWords: new Uint32Array(0),
    float32Splits: s.float32Splits ?? false
  };
  const words: number[] = [];
  const internal = 2 ** s.depth - 1;
  for (let t = 0; t < s.nTrees; t++) {
    for (let k = 0; k < perTree; k++) {
      const g = t * perTree + k;
      for (let j = 0; j < width; j++) f.value[g * width + j] = rand() * 2 - 1;
      if (k >= internal) {
        f.feature[g] = f.left[g] = f.right[g] = -1;
        continue;
      }
      f.left[g] = 2 * k + 1;
      f.right[g] = 2 * k + 2;
      f.defaultLeft[g] = rand() < 0.5 ? 1 : 0;
      const nCat = s.nCatFeatures ?? 0;
      if (nCat > 0 && rand() < (s.catShare ?? 0)) {
        f.feature[g] = Math.floor(rand() * nCat);
        f.catOffset[g] = words.length;
        for (let w = 0; w < CAT_WORDS; w++) words.push((rand() * 2 ** 32) >>> 0);
        f.threshold[g] = NaN;
      } else {
        f.feature[g] = nCat + Math.floor(rand() * (s.nFeatures - nCat));
        const thr = rand() * 4 - 2;
        f.threshold[g] = f.float32Splits ? Math.fround(thr) : thr;
      }
    }
  }
  f.catWords = Uint32Array.from(words);
  return f;
}

/**
 * Random inputs: numeric features ~ U(−2, 2) (some exactly at float32 thresholds' neighbours),
 * categorical codes 0 … 299 (some ≥ 256, some fractional, some negative), a share of NaN.
 */
export function randomRows(
  f: FlatForest,
  nRows: number,
  opts: { nanShare?: number; nCatFeatures?: number; seed?: number } = {}
): Float64Array {
  const rand = rng(opts.seed ?? 7);
  const X = new Float64Array(nRows * f.nFeatures);
  const nCat = opts.nCatFeatures ?? 0;
  for (let i = 0; i < X.length; i++) {
    const j = i % f.nFeatures;
    const u = rand();
    if (u < (opts.nanShare ?? 0)) X[i] = NaN;
    else if (j < nCat) X[i] = u < 0.05 ? -1 : u < 0.1 ? 7.5 : Math.floor(rand() * 300);
    else if (u < 0.15) {
      // Just above or below a threshold in float64 but equal to it in float32.
      const thr = f.threshold[Math.floor(rand() * f.threshold.length)];
      X[i] = Number.isFinite(thr) ? thr + (rand() - 0.5) * 1e-8 : 0;
    } else X[i] = rand() * 4 - 2;
  }
  return X;
}
