/**
 * The MLP as TensorFlow.js ops: forward pass, weighted losses, seeded initial weights. The trainer
 * validates on `mlpLoss` (its gradients are hand-written in mlp-backprop.ts); `tfPredictRaw` is tfjs's own forward pass over an MlpState, the
 * reference the engine's plain-TypeScript `mlpForward` is tested against.
 */
import type * as TfNs from '@tensorflow/tfjs';
import { createRng, type Rng } from '../engine/rng';
import type { MlpActivation, MlpState } from '../engine/models/mlp';
import type { ModelTask } from '../engine/models/types';

export type Tf = typeof TfNs;

/** One dense layer's tensors: kernel [nIn, nOut], bias [nOut]. */
export interface DenseTensors {
  kernel: TfNs.Tensor2D;
  bias: TfNs.Tensor1D;
}

/** Last-layer raw outputs [nRows, width] (logits or standardised values). */
export function forward(
  tf: Tf,
  layers: readonly DenseTensors[],
  activation: MlpActivation,
  x: TfNs.Tensor2D
): TfNs.Tensor2D {
  let a: TfNs.Tensor2D = x;
  layers.forEach(({ kernel, bias }, l) => {
    const hidden = l < layers.length - 1;
    // Fused matmul + bias (+ ReLU) is one kernel on wasm/webgpu; tfjs has no fused tanh gradient.
    if (hidden && activation === 'tanh')
      a = tf.tanh(tf.fused.matMul({ a, b: kernel, bias })) as TfNs.Tensor2D;
    else
      a = tf.fused.matMul({
        a,
        b: kernel,
        bias,
        activation: hidden ? 'relu' : 'linear'
      }) as TfNs.Tensor2D;
  });
  return a;
}

/**
 * Per-row loss [nRows]: binary — sigmoid cross-entropy on one logit (stable form
 * max(z, 0) − z·y + log(1 + e^−|z|)); multiclass — −log softmax at the true class (y one-hot
 * [nRows, K]); regression — squared error on the standardised target.
 */
export function rowLoss(
  tf: Tf,
  task: ModelTask,
  z: TfNs.Tensor2D,
  y: TfNs.Tensor2D
): TfNs.Tensor1D {
  if (task === 'multiclass') return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1));
  if (task === 'regression') return tf.squaredDifference(z, y).reshape([-1]);
  const l = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  return l.reshape([-1]);
}

/** Weighted mean loss Σ w·loss / Σ w over a batch (a scalar), without the L2 term. */
export function mlpLoss(
  tf: Tf,
  task: ModelTask,
  layers: readonly DenseTensors[],
  activation: MlpActivation,
  x: TfNs.Tensor2D,
  y: TfNs.Tensor2D,
  w: TfNs.Tensor1D
): TfNs.Scalar {
  const z = forward(tf, layers, activation, x);
  return tf.div(tf.sum(tf.mul(rowLoss(tf, task, z, y), w)), tf.sum(w)) as TfNs.Scalar;
}

/**
 * Seeded initial weights: He-uniform (±√(6/nIn)) for ReLU hidden layers, Glorot-uniform
 * (±√(6/(nIn + nOut))) for tanh and the output layer; zero biases.
 * @returns one Float32Array kernel (nIn × nOut, row-major) and bias (nOut) per layer.
 */
export function initialWeights(
  widths: readonly number[],
  activation: MlpActivation,
  seed: number
): { kernel: Float32Array; bias: Float32Array }[] {
  const rng: Rng = createRng(seed);
  const out: { kernel: Float32Array; bias: Float32Array }[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const nIn = widths[l];
    const nOut = widths[l + 1];
    const he = activation === 'relu' && l + 2 < widths.length;
    const limit = Math.sqrt(6 / (he ? nIn : nIn + nOut));
    const kernel = new Float32Array(nIn * nOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rng.next() - 1) * limit;
    out.push({ kernel, bias: new Float32Array(nOut) });
  }
  return out;
}

/**
 * tfjs's forward pass over a fitted MlpState (weights as float32 tensors): the raw last-layer
 * outputs, row-major [nRows × width]. Tensors are disposed before returning.
 * @param X Float64Array per feature, each of length nRows.
 */
export function tfPredictRaw(tf: Tf, s: MlpState, X: Float64Array[], nRows: number): Float32Array {
  return tf.tidy(() => {
    const layers = s.layers.map((l) => ({
      kernel: tf.tensor2d(Float32Array.from(l.kernel), [l.nIn, l.nOut]),
      bias: tf.tensor1d(Float32Array.from(l.bias))
    }));
    const x = tf.tensor2d(toRowMajor(X, nRows), [nRows, s.nFeatures]);
    return forward(tf, layers, s.activation, x).dataSync() as Float32Array;
  });
}

/**
 * Rows of column-major features as one row-major float32 buffer.
 * @param rows row indices to take (default all nRows).
 * @returns Float32Array, length rows × nFeatures.
 */
export function toRowMajor(
  X: Float64Array[],
  nRows: number,
  rows?: ArrayLike<number>
): Float32Array {
  const d = X.length;
  const n = rows ? rows.length : nRows;
  const out = new Float32Array(n * d);
  for (let f = 0; f < d; f++) {
    const c = X[f];
    for (let i = 0; i < n; i++) out[i * d + f] = c[rows ? rows[i] : i];
  }
  return out;
}

/**
 * All weights in one flat vector — kernel0, bias0, kernel1, bias1, … — so the optimiser updates
 * one tensor per step instead of two per layer (per-op overhead dominates small networks).
 * @returns Float32Array, length Σ (nIn + 1) · nOut.
 */
export function flatten(
  parts: readonly { kernel: Float32Array; bias: Float32Array }[]
): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.kernel.length + p.bias.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p.kernel, at);
    out.set(p.bias, (at += p.kernel.length));
    at += p.bias.length;
  }
  return out;
}

/** Per-layer views (slices) of a flat weight vector laid out as `flatten` does. */
export function unflatten(tf: Tf, theta: TfNs.Tensor1D, widths: readonly number[]): DenseTensors[] {
  const layers: DenseTensors[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [nIn, nOut] = [widths[l], widths[l + 1]];
    layers.push({
      kernel: tf.reshape(tf.slice(theta, [at], [nIn * nOut]), [nIn, nOut]),
      bias: tf.slice(theta, [at + nIn * nOut], [nOut])
    });
    at += (nIn + 1) * nOut;
  }
  return layers;
}
