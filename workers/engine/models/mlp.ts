/**
 * The MLP's inference side: a fully connected network held as plain typed arrays and evaluated in
 * TypeScript, so the model bundle scores without TensorFlow.js (DESIGN.md "Model bundle"). The
 * trainer (workers/tfjs/mlp-trainer.ts) fits it with tfjs and hands over the weights it pulled out
 * of its tensors; its own tfjs forward pass and `mlpForward` agree to ~1e-6 (float32 weights,
 * float64 arithmetic here).
 *
 * Layout follows tfjs dense layers: layer l maps nIn → nOut with kernel[i·nOut + j] (row-major
 * nIn × nOut) and bias[j]; hidden layers apply `activation`, the last layer gives raw outputs that
 * `output` turns into probabilities (sigmoid: 1 logit for binary; softmax: K logits) or, for
 * regression, a standardised value that is mapped back with yMean + yStd · z.
 */
import { DataValidationError } from '../errors';
import type { DesignMatrix, EncodedModel, FittedModel, ModelTask } from './types';
import { decodeMlpState, encodeMlp } from './mlp-codec';

export type MlpActivation = 'relu' | 'tanh';
export type MlpOutput = 'sigmoid' | 'softmax' | 'identity';

/** One dense layer. */
export interface MlpLayer {
  nIn: number;
  nOut: number;
  /** Float64Array, length nIn × nOut, row-major (input i, unit j at i·nOut + j). */
  kernel: Float64Array;
  /** Float64Array, length nOut. */
  bias: Float64Array;
}

/** Everything inference needs (the bundle's `state`, decoded). */
export interface MlpState {
  task: ModelTask;
  /** Classes (2 for binary); 1 for regression. */
  nClasses: number;
  nFeatures: number;
  activation: MlpActivation;
  output: MlpOutput;
  /** Hidden layers then the output layer; layer 0 has nIn = nFeatures. */
  layers: MlpLayer[];
  /** Regression target de-standardisation: prediction = yMean + yStd · z (0 and 1 otherwise). */
  yMean: number;
  yStd: number;
}

/** The output activation a task uses. */
export function outputFor(task: ModelTask): MlpOutput {
  return task === 'regression' ? 'identity' : task === 'binary' ? 'sigmoid' : 'softmax';
}

/** Width of the network's last layer for a task. */
export function outputUnits(task: ModelTask, nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}

/**
 * Raw outputs of the last layer (logits / standardised values), before the output activation.
 * @param X Float64Array per feature, each of length nRows (DesignMatrix columns).
 * @returns Float64Array, length nRows × width of the last layer, row-major.
 */
export function mlpForward(s: MlpState, X: Float64Array[], nRows: number): Float64Array {
  const last = s.layers[s.layers.length - 1];
  const out = new Float64Array(nRows * last.nOut);
  const maxWidth = Math.max(s.nFeatures, ...s.layers.map((l) => l.nOut));
  let a = new Float64Array(maxWidth);
  let b = new Float64Array(maxWidth);
  const relu = s.activation === 'relu';
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < s.nFeatures; f++) a[f] = X[f][r];
    for (let l = 0; l < s.layers.length; l++) {
      const { nIn, nOut, kernel, bias } = s.layers[l];
      for (let j = 0; j < nOut; j++) b[j] = bias[j];
      // Input-major loop: reads the kernel in storage order.
      for (let i = 0; i < nIn; i++) {
        const x = a[i];
        if (x === 0) continue;
        const row = i * nOut;
        for (let j = 0; j < nOut; j++) b[j] += x * kernel[row + j];
      }
      if (l < s.layers.length - 1) {
        for (let j = 0; j < nOut; j++) b[j] = relu ? (b[j] > 0 ? b[j] : 0) : Math.tanh(b[j]);
      }
      const t = a;
      a = b;
      b = t;
    }
    out.set(a.subarray(0, last.nOut), r * last.nOut);
  }
  return out;
}

/**
 * Predictions from raw outputs: row-major probabilities (binary: [1 − p, p]) or de-standardised
 * values. @returns Float64Array, length nRows × nClasses (classification) or nRows.
 */
export function mlpLink(s: MlpState, raw: Float64Array, nRows: number): Float64Array {
  if (s.output === 'identity') return raw.map((z) => s.yMean + s.yStd * z);
  if (s.output === 'sigmoid') {
    const out = new Float64Array(nRows * 2);
    for (let r = 0; r < nRows; r++) {
      const z = raw[r];
      // Stable in both tails: exp of a non-positive number only.
      const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
    return out;
  }
  const K = s.nClasses;
  const out = new Float64Array(nRows * K);
  for (let r = 0; r < nRows; r++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[r * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[r * K + k] = Math.exp(raw[r * K + k] - max);
    for (let k = 0; k < K; k++) out[r * K + k] /= sum;
  }
  return out;
}

/** A fitted MLP (inference only). */
export class MlpModel implements FittedModel {
  readonly family = 'mlp' as const;

  /**
   * @param state the network (validated by decodeMlp or built by the trainer).
   * @param params the hyper-parameters it was trained with (kept in the bundle for display).
   */
  constructor(
    readonly state: MlpState,
    readonly params: Record<string, unknown> = {}
  ) {}

  predict(X: DesignMatrix): Float64Array {
    checkDesign(this.state, X);
    return mlpLink(this.state, mlpForward(this.state, X.columns, X.nRows), X.nRows);
  }

  encode(): EncodedModel {
    return encodeMlp(this.state, this.params);
  }
}

function checkDesign(s: MlpState, X: DesignMatrix): void {
  const badColumn = X.columns.findIndex((c) => c.length < X.nRows);
  if (X.columns.length !== s.nFeatures || badColumn >= 0) {
    throw new DataValidationError({
      code: 'INVALID_INPUT',
      message: {
        en: `invalid input for the neural network: ${X.columns.length} features (expected ${s.nFeatures}) × ${X.nRows} rows`,
        pl: `nieprawidłowe dane wejściowe sieci neuronowej: ${X.columns.length} cech (oczekiwano ${s.nFeatures}) × ${X.nRows} wierszy`
      },
      details: { nFeatures: X.columns.length, expected: s.nFeatures, nRows: X.nRows, badColumn }
    });
  }
}

/**
 * The fitted MLP in an EncodedModel (`family: 'mlp'`, `format: 'dg-mlp/1'`) — what
 * models/registry.ts calls for that family.
 * @throws AppError INVALID_MODEL when the encoding is damaged.
 */
export function decodeMlp(e: unknown): MlpModel {
  const { state, params } = decodeMlpState(e);
  return new MlpModel(state, params);
}
