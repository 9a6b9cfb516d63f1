/**
 * Sampling SHAP over design features: coalitions are built by taking the explained row's value
 * for present features and each background row's value for the others, the model is run on the
 * whole batch at once, and v(S) is the weighted background mean (sampling-shap.ts).
 */
import { checkShape } from '../models/inputs';
import type { DesignMatrix } from '../models/types';
import type { Background } from './background';
import { intOption } from './errors';
import type { OutputFn } from './model-output';
import { samplingShap } from './sampling-shap';
import type { ShapValues } from './types';

/** ShapValues from a sampling estimator, with the standard error of every value. */
export interface SampledShap extends ShapValues {
  /** Float64Array, same layout as `values`: standard error of each value (0 when exact). */
  stdError: Float64Array;
}

export interface DesignShapOptions {
  /** Orderings per row (antithetic pairs, so rounded up to even); default 64. */
  samples?: number;
  seed: number;
  exact?: 'auto' | boolean;
  outputNames: string[];
}

/**
 * @param f the model output on the explained scale (nRows × nOutputs).
 * @param X rows to explain. @param bg background (same features).
 */
export function designShap(
  f: OutputFn,
  nOutputs: number,
  X: DesignMatrix,
  bg: Background,
  opts: DesignShapOptions
): SampledShap {
  const samples = intOption('samples', opts.samples, 64, 2, 100_000);
  const M = X.columns.length;
  const nb = bg.X.nRows;
  checkShape(X);
  checkShape(bg.X, M);
  const value = (row: number, masks: Uint8Array, nMasks: number): Float64Array => {
    const columns = X.columns.map((col, j) => {
      const out = new Float64Array(nMasks * nb);
      const x = col[row];
      const b = bg.X.columns[j];
      for (let m = 0; m < nMasks; m++) {
        if (masks[m * M + j]) out.fill(x, m * nb, (m + 1) * nb);
        else out.set(b, m * nb);
      }
      return out;
    });
    const y = f({ ...X, nRows: nMasks * nb, columns });
    const v = new Float64Array(nMasks * nOutputs);
    for (let m = 0; m < nMasks; m++)
      for (let i = 0; i < nb; i++) {
        const w = bg.weights[i];
        for (let k = 0; k < nOutputs; k++)
          v[m * nOutputs + k] += w * y[(m * nb + i) * nOutputs + k];
      }
    return v;
  };
  const res = samplingShap({
    nRows: X.nRows,
    nPlayers: M,
    nOutputs,
    value,
    samples,
    seed: opts.seed,
    exact: opts.exact,
    // About 2^16 model rows per batch.
    maxMasks: Math.max(1, Math.floor(65_536 / nb))
  });
  let maxStdError = 0;
  for (const s of res.stdError) maxStdError = Math.max(maxStdError, s);
  return {
    method: 'permutation',
    nRows: X.nRows,
    nFeatures: M,
    nOutputs,
    outputNames: opts.outputNames,
    featureNames: [...X.names],
    baseValue: res.baseValue,
    values: res.values,
    margin: res.margin,
    stdError: res.stdError,
    estimate: { samples: res.samples, background: nb, maxStdError }
  };
}
