// TreeSHAP against XGBoost's own pred_contribs (exact path-dependent TreeSHAP, float32 inside
// XGBoost): the shared breast_cancer golden (../shared/golden/xgboost-treeshap, binary, rows with
// missing values) and tests/golden/xgboost-shap (make_goldens.py: multiclass, regression, binary
// with learned default directions, native categorical splits), imported with the XGBoost importer.
// Tolerance 1e-6 absolute per value and per bias (the goldens' README); both kernels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importXGBoostJson, parseXGBoostJson } from '../../workers/engine/gbdt/xgboost-import';
import type { TreeShapResult } from '../../workers/engine/explain/tree-shap';
import { repoRoot } from './helpers';
import { shapKernels } from './treeshap-kernels';

interface Golden {
  name: string;
  modelText: string;
  X: (number | null)[][];
  /** [row][output][feature…, bias] */
  contribs: number[][][];
  margin: number[][];
}

const sharedDir = path.resolve(repoRoot, '../shared/golden/xgboost-treeshap');
const ownDir = path.join(repoRoot, 'tests/golden/xgboost-shap');

function sharedGolden(): Golden[] {
  const ref = JSON.parse(readFileSync(path.join(sharedDir, 'shap_reference.json'), 'utf8'));
  const modelText = readFileSync(path.join(sharedDir, 'model.json'), 'utf8');
  return (['rows', 'rows_with_missing'] as const).map((key) => ({
    name: `breast_cancer ${key} (shared golden)`,
    modelText,
    X: ref[key].X,
    contribs: (ref[key].pred_contribs as number[][]).map((row) => [row]),
    margin: (ref[key].margin as number[]).map((m) => [m])
  }));
}

function ownGolden(name: string): Golden {
  const g = JSON.parse(readFileSync(path.join(ownDir, `${name}.json`), 'utf8'));
  return {
    name,
    modelText: readFileSync(path.join(ownDir, `${name}.model.json`), 'utf8'),
    X: g.X,
    contribs: g.contribs,
    margin: g.margin
  };
}

const goldens: Golden[] = [
  ...sharedGolden(),
  ...['multiclass_wine', 'regression_diabetes', 'binary_missing', 'categorical'].map(ownGolden)
];

/** Max |ours − XGBoost| over values, biases and margins. */
function compare(g: Golden, r: TreeShapResult, nF: number) {
  const n = g.X.length;
  let values = 0;
  let bias = 0;
  let margin = 0;
  let additivity = 0;
  g.contribs.forEach((row, i) =>
    row.forEach((c, o) => {
      let sum = r.baseValue[o];
      for (let f = 0; f < nF; f++) {
        const v = r.values[(o * n + i) * nF + f];
        values = Math.max(values, Math.abs(v - c[f]));
        sum += v;
      }
      bias = Math.max(bias, Math.abs(r.baseValue[o] - c[nF]));
      margin = Math.max(margin, Math.abs(r.margin[o * n + i] - g.margin[i][o]));
      additivity = Math.max(additivity, Math.abs(sum - r.margin[o * n + i]));
    })
  );
  return { values, bias, margin, additivity };
}

describe.each(shapKernels)('treeShap (%s) equals XGBoost pred_contribs', (_, shap) => {
  test.each(goldens)('$name', (g) => {
    const forest = parseXGBoostJson(g.modelText);
    expect(forest.nOutputs).toBe(g.contribs[0].length);
    const nF = forest.nFeatures;
    expect(g.contribs[0][0].length).toBe(nF + 1);
    const X = Float64Array.from(g.X.flat(), (v) => (v === null ? NaN : v));
    const r = shap(forest, X, g.X.length);
    const d = compare(g, r, nF);
    expect(d.values).toBeLessThan(1e-6);
    expect(d.bias).toBeLessThan(1e-6);
    // XGBoost accumulates margins in float32 (golden README: up to ~4e-6).
    expect(d.margin).toBeLessThan(1e-5);
    expect(d.additivity).toBeLessThan(1e-9);
    console.log(
      `golden ${g.name}: max |Δφ| ${d.values.toExponential(2)}, |Δbias| ${d.bias.toExponential(2)}`
    );
  });

  test('parseXGBoostJson (text) gives the same values as importXGBoostJson', () => {
    const g = goldens[1]; // plain JSON (no bare NaN)
    const X = Float64Array.from(g.X.flat(), (v) => (v === null ? NaN : v));
    const a = shap(parseXGBoostJson(g.modelText), X, g.X.length);
    const b = shap(importXGBoostJson(JSON.parse(g.modelText)), X, g.X.length);
    expect(a.values).toEqual(b.values);
  });
});
