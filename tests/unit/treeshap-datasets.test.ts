// TreeSHAP on every shared dataset (../shared/datasets: binary, multiclass, regression, NaNs,
// categorical features) for every tree family the engine trains — GBDT, random forest, extra
// trees, decision tree — with both kernels: additivity (base + Σφ = predictRaw, 1e-6 required;
// float64 gives ~1e-12), identical bits TS vs WASM, φ = 0 exactly for features no tree splits on
// (Shapley's dummy axiom), and for averaging classifiers Σ over classes of φ = 0 and of base = 1
// (the outputs are probabilities summing to 1 for every row).
import { describe, expect, test } from 'vitest';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { predictRaw } from '../../workers/engine/gbdt/predict';
import { fitDecisionTree, fitForest } from '../../workers/engine/forest/forest';
import { treeShap } from '../../workers/engine/explain/tree-shap';
import { anchors, loadDataset, type Dataset } from './gbdt-data';
import { wasmShap } from './treeshap-kernels';

const ROWS = 120;

type Family = 'gbdt' | 'randomForest' | 'extraTrees' | 'decisionTree';
const families: Family[] = ['gbdt', 'randomForest', 'extraTrees', 'decisionTree'];

function fit(d: Dataset, family: Family): FlatForest {
  const classification = d.anchor.task !== 'regression';
  const nClasses = classification ? d.nClasses : undefined;
  if (family === 'gbdt') {
    return fitGbdt(d.X, d.kinds, d.y, {
      loss: classification ? 'logLoss' : 'squaredError',
      nClasses,
      maxIter: 25,
      seed: 1
    }).forest;
  }
  const task = classification ? 'classification' : 'regression';
  if (family === 'decisionTree')
    return fitDecisionTree(d.X, d.kinds, d.y, { task, nClasses, seed: 1 }).forest;
  return fitForest(d.X, d.kinds, d.y, {
    task,
    nClasses,
    algorithm: family,
    nEstimators: 12,
    seed: 1
  }).forest;
}

/** The first ROWS rows, row-major. */
function rows(d: Dataset): { X: Float64Array; n: number } {
  const n = Math.min(ROWS, d.y.length);
  const nF = d.X.length;
  const X = new Float64Array(n * nF);
  for (let i = 0; i < n; i++) for (let f = 0; f < nF; f++) X[i * nF + f] = d.X[f][i];
  return { X, n };
}

const cases = Object.keys(anchors).flatMap((name) => families.map((family) => ({ name, family })));

describe('TreeSHAP on the shared datasets, every tree family', () => {
  const data = new Map<string, Dataset>();
  test.each(cases)('$name / $family: additive, TS = WASM, dummy features 0', ({ name, family }) => {
    const d = data.get(name) ?? loadDataset(name);
    data.set(name, d);
    const forest = fit(d, family);
    const { X, n } = rows(d);
    const nF = forest.nFeatures;
    const K = forest.nOutputs;
    const a = treeShap(forest, X, n);
    const b = wasmShap(forest, X, n);
    // Identical bits.
    expect(b.values.length).toBe(K * n * nF);
    let differ = 0;
    for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) differ++;
    expect(differ).toBe(0);
    expect(Array.from(b.baseValue)).toEqual(Array.from(a.baseValue));
    // Additivity against the predictor.
    const raw = predictRaw(forest, X, n);
    let worst = 0;
    for (let o = 0; o < K; o++) {
      for (let r = 0; r < n; r++) {
        let sum = a.baseValue[o];
        for (let f = 0; f < nF; f++) sum += a.values[(o * n + r) * nF + f];
        worst = Math.max(worst, Math.abs(sum - raw[r * K + o]));
        expect(a.margin[o * n + r]).toBe(raw[r * K + o]);
      }
    }
    expect(worst).toBeLessThan(1e-6);
    // Dummy axiom: features no tree splits on get exactly 0.
    const used = new Set<number>();
    forest.feature.forEach((f, i) => forest.left[i] >= 0 && used.add(f));
    for (let f = 0; f < nF; f++) {
      if (used.has(f)) continue;
      for (let i = 0; i < K * n; i++) expect(a.values[i * nF + f]).toBe(0);
    }
    // Averaging classifiers explain probabilities: they sum to 1 over classes for every row.
    if (forest.kind === 'averaging' && K > 1) {
      expect(a.baseValue.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      let maxClassSum = 0;
      for (let i = 0; i < n * nF; i++) {
        let s = 0;
        for (let o = 0; o < K; o++) s += a.values[o * n * nF + i];
        maxClassSum = Math.max(maxClassSum, Math.abs(s));
      }
      expect(maxClassSum).toBeLessThan(1e-12);
    }
    // Output sets: multiclass K, binary boosting 1 (the positive class margin), regression 1.
    const expectedK =
      d.anchor.task === 'regression' ? 1 : family === 'gbdt' && d.nClasses === 2 ? 1 : d.nClasses;
    expect(K).toBe(expectedK);
  });
});
