// Guards the hand-written training step (workers/tfjs/mlp-backprop.ts) against tfjs itself:
// mlpGradients = tf.grads of (weighted mean loss + l2 · Σ kernel²) for every task and activation,
// createAdam = tf.train.adam step by step; and flatten / unflatten keep the layer layout.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TfNs from '@tensorflow/tfjs';
import { initTfNode } from '../../workers/tfjs/node';
import { createAdam, mlpGradients } from '../../workers/tfjs/mlp-backprop';
import {
  flatten,
  initialWeights,
  mlpLoss,
  unflatten,
  type DenseTensors,
  type Tf
} from '../../workers/tfjs/mlp-graph';
import { createRng } from '../../workers/engine/rng';

let tf: Tf;
beforeAll(async () => {
  tf = (await initTfNode()).tf;
});

const widths = [5, 7, 4];
const n = 23;

/** Seeded batch: x ~ U(−2, 2), weights ~ U(0.5, 2), targets per task. */
function batch(task: 'binary' | 'multiclass' | 'regression', seed: number) {
  const rng = createRng(seed);
  const K = task === 'multiclass' ? 3 : 1;
  const x = Float32Array.from({ length: n * widths[0] }, () => 4 * rng.next() - 2);
  const y = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    if (task === 'multiclass') y[i * K + rng.int(K)] = 1;
    else y[i] = task === 'binary' ? rng.int(2) : 3 * rng.next() - 1.5;
  }
  const w = Float32Array.from({ length: n }, () => 0.5 + 1.5 * rng.next());
  return {
    x: tf.tensor2d(x, [n, widths[0]]),
    y: tf.tensor2d(y, [n, K]),
    w: tf.tensor1d(w),
    K
  };
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('mlpGradients() vs tf.grads autodiff', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    for (const activation of ['relu', 'tanh'] as const) {
      it(`${task}, ${activation}, l2 = 0.01: every gradient within 1e-5`, () => {
        tf.tidy(() => {
          const b = batch(task, 11);
          const w = [...widths.slice(0, -1), b.K];
          const init = initialWeights(w, activation, 5);
          const params = init.flatMap((l, i) => [
            tf.tensor2d(l.kernel, [w[i], w[i + 1]]),
            // Non-zero biases so their gradients are exercised away from the initial point.
            tf.tensor1d(l.bias.map((_, j) => 0.1 * (j - 1)))
          ]);
          const asLayers = (p: TfNs.Tensor[]): DenseTensors[] =>
            [0, 1].map((l) => ({
              kernel: p[2 * l] as TfNs.Tensor2D,
              bias: p[2 * l + 1] as TfNs.Tensor1D
            }));
          const l2 = 0.01;
          const reference = tf.grads((...p: TfNs.Tensor[]) => {
            const layers = asLayers(p);
            const penalty = tf.addN(layers.map((l) => tf.sum(tf.square(l.kernel))));
            return tf.add(
              mlpLoss(tf, task, layers, activation, b.x, b.y, b.w),
              tf.mul(penalty, l2)
            );
          })(params);
          const ours = mlpGradients(tf, task, asLayers(params), activation, l2, b);
          expect(ours.length).toBe(reference.length);
          ours.forEach((g, i) => {
            expect(g.shape).toEqual(reference[i].shape);
            expect(maxRelDiff(g.dataSync(), reference[i].dataSync())).toBeLessThanOrEqual(1e-5);
          });
        });
      });
    }
  }
});

describe('createAdam()', () => {
  it('follows tf.train.adam over 5 steps within 1e-6', () => {
    const start = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 0.7);
    const ours = tf.variable(tf.tensor1d(start));
    const theirs = tf.variable(tf.tensor1d(start));
    const adam = createAdam(tf, [ours], 0.01);
    const reference = tf.train.adam(0.01);
    for (let step = 0; step < 5; step++) {
      const g = tf.tensor1d(Float32Array.from({ length: 12 }, (_, i) => Math.cos(i + step)));
      adam.apply([g]);
      reference.applyGradients([{ name: theirs.name, tensor: g }]);
      g.dispose();
      expect(maxRelDiff(ours.dataSync(), theirs.dataSync())).toBeLessThanOrEqual(1e-6);
    }
    // The parameters did move (a step is lr-sized).
    expect(Math.abs(ours.dataSync()[0] - start[0])).toBeGreaterThan(0.005);
    adam.dispose();
    reference.dispose();
    ours.dispose();
    theirs.dispose();
  });
});

describe('flatten() / unflatten()', () => {
  it('slices back exactly the kernels and biases that were packed', () => {
    const w = [3, 4, 2];
    const parts = initialWeights(w, 'relu', 9).map((p, l) => ({
      kernel: p.kernel,
      bias: Float32Array.from({ length: w[l + 1] }, (_, j) => l * 10 + j)
    }));
    const flat = flatten(parts);
    expect(flat.length).toBe(3 * 4 + 4 + 4 * 2 + 2);
    tf.tidy(() => {
      const layers = unflatten(tf, tf.tensor1d(flat), w);
      layers.forEach((l, i) => {
        expect(l.kernel.shape).toEqual([w[i], w[i + 1]]);
        expect(Array.from(l.kernel.dataSync())).toEqual(Array.from(parts[i].kernel));
        expect(Array.from(l.bias.dataSync())).toEqual(Array.from(parts[i].bias));
      });
    });
  });
});
