/**
 * The MLP family for AutoML: trains with TensorFlow.js (Adam, mini-batches in a seeded order,
 * weighted loss, L2 on kernels, early stopping on a seeded stratified validation split with the
 * best epoch's weights restored) and returns the engine's MlpModel, which predicts without tfjs.
 *
 * The tf namespace is injected (`createMlpTrainer(tf)`) so that the browser and Node each choose
 * and initialise their backend first (backend.ts). Every tensor made here is disposed before fit
 * returns or throws.
 */
import type * as TfNs from '@tensorflow/tfjs';
import { CancelledError, ModelTrainingError } from '../engine/errors';
import { createRng, shuffleInPlace } from '../engine/rng';
import {
  MlpModel,
  outputFor,
  outputUnits,
  type MlpLayer,
  type MlpState
} from '../engine/models/mlp';
import type { DesignMatrix, FitContext, ModelTrainer } from '../engine/models/types';
import { flatten, initialWeights, mlpLoss, toRowMajor, unflatten, type Tf } from './mlp-graph';
import { createAdam, mlpGradients } from './mlp-backprop';
import { MLP_SPACE, mlpDefaults, resolveMlpParams, type MlpParams } from './mlp-params';
import { checkMlpData, encodeTargets, splitValidation } from './mlp-data';

/** Longest stretch of training between two yields to the event loop, ms. */
const YIELD_MS = 50;

/** Relative improvement of the validation loss that counts as better (guards float noise). */
const MIN_DELTA = 1e-4;

/** The MLP family on the given tfjs namespace (its backend already set). */
export function createMlpTrainer(tf: Tf): ModelTrainer<MlpParams> {
  return {
    family: 'mlp',
    tasks: ['binary', 'multiclass', 'regression'],
    input: 'dense',
    needsScaling: true,
    defaults: mlpDefaults,
    space: MLP_SPACE,
    fit: (X, y, params, ctx) => fitMlp(tf, X, y, params, ctx)
  };
}

/**
 * Trains one MLP. @param y class codes 0 … nClasses − 1, or values (regression), length X.nRows.
 * @throws DataValidationError INVALID_INPUT on bad inputs, AppError INVALID_PARAM on bad params,
 *   CancelledError when ctx.signal is aborted (checked between epochs).
 */
export async function fitMlp(
  tf: Tf,
  X: DesignMatrix,
  y: Float64Array,
  params: Partial<MlpParams> | Record<string, unknown>,
  ctx: FitContext
): Promise<MlpModel> {
  const nFeatures = X.columns.length;
  const p = resolveMlpParams(params, mlpDefaults(ctx.task, X.nRows, nFeatures));
  checkMlpData(X, y, ctx);
  const targets = encodeTargets(y, ctx);
  const rng = createRng(ctx.seed ^ 0x5eed);
  const { train, valid } = splitValidation(targets, p.validationFraction, rng);
  const widths = [nFeatures, ...p.hiddenLayers, outputUnits(ctx.task, ctx.nClasses)];

  const owned: TfNs.Tensor[] = [];
  const keep = <T extends TfNs.Tensor>(t: T): T => (owned.push(t), t);
  const data = (rows: Uint32Array) => ({
    x: keep(tf.tensor2d(toRowMajor(X.columns, X.nRows, rows), [rows.length, nFeatures])),
    y: keep(tf.tensor2d(targets.take(rows), [rows.length, targets.width])),
    w: keep(tf.tensor1d(Float32Array.from(rows, (r) => targets.weight[r])))
  });
  // A variable shares its initial tensor's data: both are owned and disposed.
  const init = keep(tf.tensor1d(flatten(initialWeights(widths, p.activation, ctx.seed))));
  const theta = keep(tf.variable(init, true));
  const layers = () => unflatten(tf, theta, widths);
  const optimizer = createAdam(tf, [theta], p.learningRate);
  // The best epoch's weights, as tensor copies (no readback per improvement).
  let best: TfNs.Tensor | null = null;
  let bestEpoch = 0;
  let epochs = 0;
  try {
    const tr = data(train);
    const va = valid.length > 0 ? data(valid) : null;
    const order = Uint32Array.from({ length: train.length }, (_, i) => i);
    let bestLoss = Infinity;
    let lastYield = performance.now();
    for (let epoch = 1; epoch <= p.maxEpochs; epoch++) {
      if (ctx.signal?.aborted) throw new CancelledError('mlp');
      shuffleInPlace(order, rng);
      for (let s = 0; s < order.length; s += p.batchSize) {
        tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(order.subarray(s, s + p.batchSize)), 'int32');
          const batch = { x: tr.x.gather(idx), y: tr.y.gather(idx), w: tr.w.gather(idx) };
          const grads = mlpGradients(tf, ctx.task, layers(), p.activation, p.l2, batch);
          optimizer.apply([tf.concat(grads.map((g) => g.reshape([-1])))]);
        });
      }
      epochs = epoch;
      if (va) {
        const lossT = tf.tidy(() =>
          mlpLoss(tf, ctx.task, layers(), p.activation, va.x, va.y, va.w)
        );
        const loss = (await lossT.data())[0];
        lossT.dispose();
        if (!Number.isFinite(loss)) break;
        if (loss < bestLoss - MIN_DELTA * Math.max(1, Number.isFinite(bestLoss) ? bestLoss : 1)) {
          bestLoss = loss;
          bestEpoch = epoch;
          best?.dispose();
          best = theta.clone();
        } else if (epoch - bestEpoch >= p.patience) break;
      }
      // A macrotask turn now and then lets a worker's message handler flip ctx.signal (awaiting a
      // wasm readback is only a microtask).
      if (performance.now() - lastYield > YIELD_MS) {
        await macrotask();
        lastYield = performance.now();
      }
      ctx.onProgress?.({ stage: 'mlp', fraction: epoch / p.maxEpochs });
    }
    const flat = Float64Array.from((best ?? theta).dataSync());
    if (!flat.every(Number.isFinite)) throw diverged(p.learningRate, epochs);
    ctx.onProgress?.({ stage: 'mlp', fraction: 1 });
    const state: MlpState = {
      task: ctx.task,
      nClasses: ctx.task === 'regression' ? 1 : ctx.nClasses,
      nFeatures,
      activation: p.activation,
      output: outputFor(ctx.task),
      layers: splitLayers(flat, widths),
      yMean: targets.yMean,
      yStd: targets.yStd
    };
    return new MlpModel(state, {
      ...p,
      epochs,
      bestEpoch: best ? bestEpoch : epochs,
      backend: tf.getBackend()
    });
  } finally {
    optimizer.dispose();
    best?.dispose();
    for (const t of owned) t.dispose();
  }
}

function diverged(learningRate: number, epochs: number): ModelTrainingError {
  return new ModelTrainingError({
    code: 'MLP_DIVERGED',
    message: {
      en: `the neural network diverged (non-finite weights after ${epochs} epochs, learning rate ${learningRate})`,
      pl: `sieć neuronowa nie zbiegła (nieskończone wagi po ${epochs} epokach, współczynnik uczenia ${learningRate})`
    },
    hint: {
      en: 'Lower the learning rate or scale the features.',
      pl: 'Zmniejsz współczynnik uczenia lub przeskaluj cechy.'
    },
    details: { learningRate, epochs }
  });
}

/** The engine's layers from a flat weight vector (layout of `flatten`). */
function splitLayers(flat: Float64Array, widths: readonly number[]): MlpLayer[] {
  const layers: MlpLayer[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [nIn, nOut] = [widths[l], widths[l + 1]];
    layers.push({
      nIn,
      nOut,
      kernel: flat.slice(at, at + nIn * nOut),
      bias: flat.slice(at + nIn * nOut, at + (nIn + 1) * nOut)
    });
    at += (nIn + 1) * nOut;
  }
  return layers;
}

/** Resolves on a later macrotask: setImmediate (Node), else a MessageChannel (no 4 ms clamp). */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (f: () => void) => void };
    if (g.setImmediate) return g.setImmediate(resolve);
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
