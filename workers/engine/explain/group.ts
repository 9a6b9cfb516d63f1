/**
 * SHAP of design features summed back to the raw columns they came from (one-hot levels, date
 * parts, target encodings, missing indicators). Shapley values are additive over players, so the
 * sum is the attribution of the whole raw column for exact methods; additivity is kept exactly.
 */
import { explainError } from './errors';
import type { GroupedShap, ShapValues } from './types';

/**
 * @param source Int32Array, length shap.nFeatures: raw column index of each feature
 *   (DesignMatrix.source).
 * @param sourceNames raw column names indexed by `source` (FittedPipeline.sourceNames).
 * Groups are ordered by the first feature of each raw column.
 */
export function groupShap(
  shap: ShapValues,
  source: Int32Array,
  sourceNames: string[]
): GroupedShap {
  if (source.length !== shap.nFeatures)
    throw explainError(
      'GROUP_MISMATCH',
      `source has ${source.length} entries for ${shap.nFeatures} features`,
      `source ma ${source.length} pozycji dla ${shap.nFeatures} cech`,
      { source: source.length, features: shap.nFeatures }
    );
  const groupOf = new Map<number, number>();
  const members: number[][] = [];
  const names: string[] = [];
  source.forEach((s, f) => {
    let g = groupOf.get(s);
    if (g === undefined) {
      if (!(s >= 0 && s < sourceNames.length))
        throw explainError(
          'GROUP_MISMATCH',
          `feature ${shap.featureNames[f]} comes from column ${s}, not among ${sourceNames.length} names`,
          `cecha ${shap.featureNames[f]} pochodzi z kolumny ${s}, spoza ${sourceNames.length} nazw`,
          { feature: f, source: s }
        );
      g = members.length;
      groupOf.set(s, g);
      members.push([]);
      names.push(sourceNames[s]);
    }
    members[g].push(f);
  });
  const G = members.length;
  const { nRows: n, nFeatures: p, nOutputs: K } = shap;
  const values = new Float64Array(K * n * G);
  for (let k = 0; k < K; k++)
    for (let r = 0; r < n; r++) {
      const i = (k * n + r) * p;
      const o = (k * n + r) * G;
      for (let f = 0; f < p; f++) values[o + groupOf.get(source[f])!] += shap.values[i + f];
    }
  return {
    method: shap.method,
    nRows: n,
    nFeatures: G,
    nOutputs: K,
    outputNames: [...shap.outputNames],
    featureNames: names,
    baseValue: shap.baseValue,
    values,
    margin: shap.margin,
    ...(shap.estimate ? { estimate: shap.estimate } : {}),
    members
  };
}

/** Identity grouping: every feature its own group (SHAP already on raw columns, e.g. blends). */
export function ungrouped(shap: ShapValues): GroupedShap {
  return { ...shap, members: shap.featureNames.map((_, f) => [f]) };
}

/** A feature's global importance. */
export interface Importance {
  name: string;
  value: number;
}

/**
 * Mean |SHAP| per feature, sorted descending. `output` given: that output's mean |φ|; absent:
 * the sum over outputs of each output's mean |φ| (the total length of shap's stacked multiclass
 * bar; for one output the two are the same).
 */
export function meanAbsShap(shap: ShapValues, output?: number): Importance[] {
  const { nRows: n, nFeatures: p, nOutputs: K } = shap;
  if (output !== undefined && !(Number.isInteger(output) && output >= 0 && output < K))
    throw explainError(
      'EXPLAIN_OPTION',
      `invalid output: ${output} (expected 0 … ${K - 1})`,
      `nieprawidłowe wyjście: ${output} (oczekiwano 0 … ${K - 1})`,
      { output }
    );
  const sums = new Float64Array(p);
  const ks = output === undefined ? [...Array(K).keys()] : [output];
  for (const k of ks)
    for (let r = 0; r < n; r++) {
      const i = (k * n + r) * p;
      for (let f = 0; f < p; f++) sums[f] += Math.abs(shap.values[i + f]);
    }
  return shap.featureNames
    .map((name, f) => ({ name, value: n ? sums[f] / n : 0 }))
    .sort((a, b) => b.value - a.value);
}
