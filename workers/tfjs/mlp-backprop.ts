/**
 * One training step with hand-written backpropagation and Adam, in tfjs ops. Why not
 * `tf.variableGrads` + `tf.train.adam`: for the small networks AutoML trains, time goes to per-op
 * overhead, not arithmetic, and autodiff plus tfjs's Adam issue ~200 ops per step (broadcast
 * reductions, reshapes, a scalar per constant) where these issue ~100 — half the training time.
 * tests/unit/mlp-backprop.test.ts holds the gradients to tfjs autodiff and the optimiser to
 * tf.train.adam.
 */
import type * as TfNs from '@tensorflow/tfjs';
import type { MlpActivation } from '../engine/models/mlp';
import type { ModelTask } from '../engine/models/types';
import type { DenseTensors, Tf } from './mlp-graph';

/** A mini-batch: x [b, nFeatures], y [b, width] (one-hot or 0/1 or standardised), w [b]. */
export interface Batch {
  x: TfNs.Tensor2D;
  y: TfNs.Tensor2D;
  w: TfNs.Tensor1D;
}

/**
 * Gradients of Σ w·loss / Σ w + l2 · Σ kernel² (loss as rowLoss in mlp-graph.ts) with respect to
 * [kernel0, bias0, kernel1, bias1, …]. With z the last layer's output, ∂loss/∂z is σ(z) − y
 * (binary), softmax(z) − y (multiclass) or 2(z − y) (regression).
 */
export function mlpGradients(
  tf: Tf,
  task: ModelTask,
  layers: readonly DenseTensors[],
  activation: MlpActivation,
  l2: number,
  b: Batch
): TfNs.Tensor[] {
  // Forward, keeping each layer's input.
  const inputs: TfNs.Tensor2D[] = [b.x];
  let z: TfNs.Tensor2D = b.x;
  layers.forEach(({ kernel, bias }, l) => {
    const hidden = l < layers.length - 1;
    if (hidden && activation === 'tanh')
      z = tf.tanh(tf.fused.matMul({ a: z, b: kernel, bias })) as TfNs.Tensor2D;
    else
      z = tf.fused.matMul({
        a: z,
        b: kernel,
        bias,
        activation: hidden ? 'relu' : 'linear'
      }) as TfNs.Tensor2D;
    if (hidden) inputs.push(z);
  });
  const dLoss =
    task === 'binary'
      ? tf.sub(tf.sigmoid(z), b.y)
      : task === 'multiclass'
        ? tf.sub(tf.softmax(z), b.y)
        : tf.mul(tf.sub(z, b.y), 2);
  let d = tf.mul(dLoss, tf.div(b.w, tf.sum(b.w)).expandDims(1)) as TfNs.Tensor2D;
  const grads: TfNs.Tensor[] = new Array(2 * layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { kernel } = layers[l];
    const a = inputs[l];
    const gW = tf.matMul(a, d, true, false);
    grads[2 * l] = l2 > 0 ? tf.add(gW, tf.mul(kernel, 2 * l2)) : gW;
    grads[2 * l + 1] = tf.sum(d, 0);
    if (l > 0) {
      const dA = tf.matMul(d, kernel, false, true);
      // a = relu(pre) > 0 exactly where pre > 0; tanh' = 1 − tanh².
      const slope = activation === 'relu' ? tf.step(a) : tf.sub(1, tf.square(a));
      d = tf.mul(dA, slope);
    }
  }
  return grads;
}

/** Adam (Kingma & Ba), the update of tf.train.adam with its default β₁, β₂, ε. */
export interface Adam {
  /** Applies one step of `grads` (same order and shapes as the params). */
  apply(grads: readonly TfNs.Tensor[]): void;
  dispose(): void;
}

/**
 * w ← w − lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) — tf.train.adam's formula,
 * with the bias corrections applied as two scalars per step.
 */
export function createAdam(
  tf: Tf,
  params: readonly TfNs.Variable[],
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7
): Adam {
  // tidy frees the zero tensors; the variables (which share their data) survive it.
  const zeros = () => params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  const m = zeros();
  const v = zeros();
  const consts = [beta1, 1 - beta1, beta2, 1 - beta2, epsilon].map((c) => tf.scalar(c));
  const [b1, ob1, b2, ob2, eps] = consts;
  let t = 0;
  return {
    apply(grads) {
      t++;
      tf.tidy(() => {
        const c1 = tf.scalar(learningRate / (1 - beta1 ** t));
        const c2 = tf.scalar(1 / (1 - beta2 ** t));
        params.forEach((p, i) => {
          const g = grads[i];
          const mi = tf.add(tf.mul(m[i], b1), tf.mul(g, ob1));
          const vi = tf.add(tf.mul(v[i], b2), tf.mul(tf.square(g), ob2));
          m[i].assign(mi);
          v[i].assign(vi);
          p.assign(tf.sub(p, tf.div(tf.mul(mi, c1), tf.add(tf.sqrt(tf.mul(vi, c2)), eps))));
        });
      });
    },
    dispose() {
      for (const x of [...m, ...v, ...consts]) x.dispose();
    }
  };
}
