/**
 * The output scale each family is explained on (its "margin"), as a function of a design matrix:
 * - mlp: the last layer before its activation — log-odds (binary, 1 output), K softmax logits
 *   (multiclass), the de-standardised value (regression); the same scale as linear and tree SHAP;
 * - every other family explained by sampling (k-NN, naive Bayes, trees when forced, baseline):
 *   `predict` as it is — the probability of the positive class (binary, 1 output), the K class
 *   probabilities (multiclass), the value (regression). k-NN and naive Bayes give probabilities
 *   of exactly 0 or 1 for many rows, whose log-odds are infinite, so their margin is the
 *   probability itself.
 */
import { checkShape } from '../models/inputs';
import { mlpForward, type MlpModel } from '../models/mlp';
import type { DesignMatrix, FittedModel } from '../models/types';

/** Model output on the explained scale. @returns Float64Array, length nRows × nOutputs. */
export type OutputFn = (X: DesignMatrix) => Float64Array;

export interface ModelOutput {
  fn: OutputFn;
  nOutputs: number;
  scale: 'margin' | 'probability' | 'value';
}

/** The explained output of a fitted model; `probe` (≥ 1 row) finds the output width. */
export function modelOutput(model: FittedModel, probe: DesignMatrix): ModelOutput {
  if (model.family === 'mlp') {
    const s = (model as MlpModel).state;
    // mlpForward does not check shapes (MlpModel.predict does): check once here.
    checkShape(probe, s.nFeatures);
    const width = s.layers[s.layers.length - 1].nOut;
    if (s.output === 'identity')
      return {
        fn: (X) => mlpForward(s, X.columns, X.nRows).map((z) => s.yMean + s.yStd * z),
        nOutputs: 1,
        scale: 'value'
      };
    return { fn: (X) => mlpForward(s, X.columns, X.nRows), nOutputs: width, scale: 'margin' };
  }
  const one = { ...probe, nRows: 1, columns: probe.columns.map((c) => c.subarray(0, 1)) };
  const width = model.predict(one).length;
  if (width === 1) return { fn: (X) => model.predict(X), nOutputs: 1, scale: 'value' };
  if (width === 2)
    return {
      fn: (X) => {
        const p = model.predict(X);
        return Float64Array.from({ length: X.nRows }, (_, i) => p[2 * i + 1]);
      },
      nOutputs: 1,
      scale: 'probability'
    };
  return { fn: (X) => model.predict(X), nOutputs: width, scale: 'probability' };
}
