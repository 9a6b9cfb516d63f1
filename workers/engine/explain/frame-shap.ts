/**
 * Sampling SHAP over raw frame columns — for blends, whose members each run their own pipeline
 * (dense vs tree flavour), so no design feature is shared: the players are the raw input columns,
 * a coalition takes the explained row's raw values for present columns and a background row's for
 * the others, every member transforms and predicts the batch, and the blend's output is their
 * average of probabilities (values for regression) — the blend's own prediction, so the blend is
 * explained on the probability scale. (Averaging the members' own SHAP would mix scales: GBDT
 * log-odds with k-NN probabilities.)
 */
import type { Frame, FrameColumn } from '../frame/types';
import { explainError } from './errors';
import { samplingShap } from './sampling-shap';
import type { SampledShap } from './design-shap';

/** A frame → outputs function. @returns Float64Array, length nRows × nOutputs. */
export type FrameOutputFn = (frame: Frame) => Float64Array;

/**
 * The columns `names` of `a` (rows `ra`) followed by those of `b` (rows `rb`), categories merged
 * into one dictionary (a's labels first).
 * @throws DataValidationError MISSING_COLUMNS when a name is absent from either frame.
 */
export function stackColumns(
  names: string[],
  a: Frame,
  ra: Uint32Array,
  b: Frame,
  rb: Uint32Array
): Frame {
  const find = (f: Frame, name: string): FrameColumn => {
    const c = f.columns.find((x) => x.name === name);
    if (!c)
      throw explainError(
        'MISSING_COLUMNS',
        `the data have no column ${name}`,
        `w danych brakuje kolumny ${name}`,
        { missing: [name] }
      );
    return c;
  };
  const n = ra.length + rb.length;
  const columns = names.map((name): FrameColumn => {
    const ca = find(a, name);
    const cb = find(b, name);
    if (ca.kind === 'categorical' || cb.kind === 'categorical') {
      const dict: string[] = [];
      const index = new Map<string, number>();
      const codeOf = (c: FrameColumn, r: number): number => {
        const label =
          c.kind === 'categorical'
            ? c.codes[r] < 0
              ? null
              : c.dictionary[c.codes[r]]
            : Number.isNaN(c.values[r])
              ? null
              : String(c.values[r]);
        if (label === null) return -1;
        let k = index.get(label);
        if (k === undefined) index.set(label, (k = dict.push(label) - 1));
        return k;
      };
      const codes = new Int32Array(n);
      ra.forEach((r, i) => (codes[i] = codeOf(ca, r)));
      rb.forEach((r, i) => (codes[ra.length + i] = codeOf(cb, r)));
      return { name, kind: 'categorical', codes, dictionary: dict };
    }
    const values = new Float64Array(n);
    ra.forEach((r, i) => (values[i] = ca.values[r]));
    rb.forEach((r, i) => (values[ra.length + i] = cb.values[r]));
    return { name, kind: ca.kind, values };
  });
  return { nRows: n, columns };
}

function gather(c: FrameColumn, idx: Uint32Array): FrameColumn {
  if (c.kind === 'categorical') return { ...c, codes: Int32Array.from(idx, (i) => c.codes[i]) };
  return { ...c, values: Float64Array.from(idx, (i) => c.values[i]) };
}

export interface FrameShapOptions {
  samples: number;
  seed: number;
  exact?: 'auto' | boolean;
  outputNames: string[];
}

/**
 * @param stacked explained rows 0 … nExplain − 1, then background rows (stackColumns); its
 *   columns are the players. @param weights Float64Array, length nBackground, summing to 1.
 */
export function frameShap(
  f: FrameOutputFn,
  nOutputs: number,
  stacked: Frame,
  nExplain: number,
  weights: Float64Array,
  opts: FrameShapOptions
): SampledShap {
  const M = stacked.columns.length;
  const nb = stacked.nRows - nExplain;
  const K = nOutputs;
  const value = (row: number, masks: Uint8Array, nMasks: number): Float64Array => {
    const columns = stacked.columns.map((c, j) => {
      const idx = new Uint32Array(nMasks * nb);
      for (let m = 0; m < nMasks; m++)
        for (let i = 0; i < nb; i++) idx[m * nb + i] = masks[m * M + j] ? row : nExplain + i;
      return gather(c, idx);
    });
    const y = f({ nRows: nMasks * nb, columns });
    const v = new Float64Array(nMasks * K);
    for (let m = 0; m < nMasks; m++)
      for (let i = 0; i < nb; i++)
        for (let k = 0; k < K; k++) v[m * K + k] += weights[i] * y[(m * nb + i) * K + k];
    return v;
  };
  const res = samplingShap({
    nRows: nExplain,
    nPlayers: M,
    nOutputs: K,
    value,
    samples: opts.samples,
    seed: opts.seed,
    exact: opts.exact,
    maxMasks: Math.max(1, Math.floor(16_384 / Math.max(1, nb)))
  });
  let maxStdError = 0;
  for (const s of res.stdError) maxStdError = Math.max(maxStdError, s);
  return {
    method: 'permutation',
    nRows: nExplain,
    nFeatures: M,
    nOutputs: K,
    outputNames: opts.outputNames,
    featureNames: stacked.columns.map((c) => c.name),
    baseValue: res.baseValue,
    values: res.values,
    margin: res.margin,
    stdError: res.stdError,
    estimate: { samples: res.samples, background: nb, maxStdError }
  };
}
