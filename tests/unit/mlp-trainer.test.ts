// Guards the MLP trainer on TensorFlow.js (Node, wasm backend): the engine's plain-TypeScript
// inference agrees with tfjs's own forward pass to 1e-5, same seed → same model, no tensor leaks
// (success, cancel, errors), sample weights enter the loss, bad params / data give typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfNode } from '../../workers/tfjs/node';
import { createMlpTrainer, fitMlp } from '../../workers/tfjs/mlp-trainer';
import { tfPredictRaw, type Tf } from '../../workers/tfjs/mlp-graph';
import type { MlpParams } from '../../workers/tfjs/mlp-params';
import { decodeMlp, type MlpModel } from '../../workers/engine/models/mlp';
import type { FitContext } from '../../workers/engine/models/types';
import type { AppError } from '../../workers/engine/errors';
import { loadDataset } from './gbdt-data';
import { foldData } from './mlp-helpers';

let tf: Tf;
beforeAll(async () => {
  const init = await initTfNode();
  tf = init.tf;
  expect(init.backend).toBe('wasm');
});

const fast: Partial<MlpParams> = { maxEpochs: 10, patience: 5 };
const cancer = () => foldData(loadDataset('breast_cancer'), 0);
const binaryCtx: FitContext = { task: 'binary', nClasses: 2, seed: 7 };

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('MlpModel.predict() vs tfjs forward pass', () => {
  it('binary (breast_cancer): probabilities within 1e-5 of tf.sigmoid(tfjs logits)', async () => {
    const { Xtrain, ytrain, Xtest } = cancer();
    const m = await fitMlp(tf, Xtrain, ytrain, fast, binaryCtx);
    const raw = tfPredictRaw(tf, m.state, Xtest.columns, Xtest.nRows);
    const p = tf.tidy(() => tf.sigmoid(tf.tensor1d(raw)).dataSync());
    const ours = m.predict(Xtest);
    let worst = 0;
    p.forEach((v, i) => (worst = Math.max(worst, Math.abs(ours[2 * i + 1] - v))));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('multiclass (iris, tanh): probabilities within 1e-5 of tf.softmax(tfjs logits)', async () => {
    const { Xtrain, ytrain, Xtest } = foldData(loadDataset('iris'), 1);
    const ctx: FitContext = { task: 'multiclass', nClasses: 3, seed: 3 };
    const m = await fitMlp(tf, Xtrain, ytrain, { ...fast, activation: 'tanh' }, ctx);
    const raw = tfPredictRaw(tf, m.state, Xtest.columns, Xtest.nRows);
    const p = tf.tidy(() => tf.softmax(tf.tensor2d(raw, [Xtest.nRows, 3])).dataSync());
    const ours = m.predict(Xtest);
    p.forEach((v, i) => expect(Math.abs(ours[i] - v)).toBeLessThanOrEqual(1e-5));
  });

  it('regression (diabetes): standardised outputs within 1e-5 of tfjs', async () => {
    const { Xtrain, ytrain, Xtest } = foldData(loadDataset('diabetes'), 2);
    const ctx: FitContext = { task: 'regression', nClasses: 1, seed: 5 };
    const m = await fitMlp(tf, Xtrain, ytrain, fast, ctx);
    const raw = tfPredictRaw(tf, m.state, Xtest.columns, Xtest.nRows);
    const ours = m.predict(Xtest);
    // The target was standardised (yStd ≈ 77 here), so compare on the network's own scale.
    expect(m.state.yStd).toBeGreaterThan(1);
    raw.forEach((z, i) =>
      expect(Math.abs((ours[i] - m.state.yMean) / m.state.yStd - z)).toBeLessThanOrEqual(1e-5)
    );
  });
});

describe('fitMlp() determinism and bundle', () => {
  it('same seed → identical predictions; another seed → different ones', async () => {
    const { Xtrain, ytrain, Xtest } = cancer();
    const a = await fitMlp(tf, Xtrain, ytrain, fast, binaryCtx);
    const b = await fitMlp(tf, Xtrain, ytrain, fast, binaryCtx);
    const c = await fitMlp(tf, Xtrain, ytrain, fast, { ...binaryCtx, seed: 8 });
    expect(b.predict(Xtest)).toEqual(a.predict(Xtest));
    expect(c.predict(Xtest)).not.toEqual(a.predict(Xtest));
  });

  it('encode → JSON → decodeMlp predicts identically; params record the backend', async () => {
    const { Xtrain, ytrain, Xtest } = cancer();
    const trainer = createMlpTrainer(tf);
    const params = { ...trainer.defaults('binary', Xtrain.nRows, Xtrain.columns.length), ...fast };
    const m = await trainer.fit(Xtrain, ytrain, params, binaryCtx);
    const e = JSON.parse(JSON.stringify(m.encode()));
    expect(e).toMatchObject({ family: 'mlp', format: 'dg-mlp/1' });
    expect(e.params).toMatchObject({ hiddenLayers: [64, 32], backend: 'wasm' });
    expect(decodeMlp(e).predict(Xtest)).toEqual(m.predict(Xtest));
  });

  it('sample weights all 2 train bit-identically to no weights (Σ w·l / Σ w is scale-free)', async () => {
    const { Xtrain, ytrain, Xtest } = cancer();
    const a = await fitMlp(tf, Xtrain, ytrain, fast, binaryCtx);
    const sampleWeight = new Float64Array(Xtrain.nRows).fill(2);
    const b = await fitMlp(tf, Xtrain, ytrain, fast, { ...binaryCtx, sampleWeight });
    expect(b.predict(Xtest)).toEqual(a.predict(Xtest));
  });

  it('up-weighting class 1 raises its mean predicted probability', async () => {
    const { Xtrain, ytrain, Xtest } = cancer();
    const mean1 = (m: MlpModel) => {
      const p = m.predict(Xtest);
      let s = 0;
      for (let i = 1; i < p.length; i += 2) s += p[i];
      return s / Xtest.nRows;
    };
    const plain = await fitMlp(tf, Xtrain, ytrain, fast, binaryCtx);
    const sampleWeight = Float64Array.from(ytrain, (v) => (v === 1 ? 20 : 1));
    const weighted = await fitMlp(tf, Xtrain, ytrain, fast, { ...binaryCtx, sampleWeight });
    expect(mean1(weighted)).toBeGreaterThan(mean1(plain) + 0.02);
  });
});

describe('fitMlp() resources, progress, cancel, errors', () => {
  it('leaves no tensors behind and reports progress up to 1', async () => {
    const { Xtrain, ytrain } = cancer();
    await fitMlp(tf, Xtrain, ytrain, { maxEpochs: 1 }, binaryCtx); // warm-up (backend scalars)
    const before = tf.memory().numTensors;
    const fractions: number[] = [];
    const ctx = {
      ...binaryCtx,
      onProgress: (p: { fraction: number }) => fractions.push(p.fraction)
    };
    const m = await fitMlp(tf, Xtrain, ytrain, { maxEpochs: 8, patience: 100 }, ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(m.params.epochs).toBe(8);
    expect(fractions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8].map((e) => e / 8));
  });

  it('cancel between epochs → CancelledError, no leak', async () => {
    const { Xtrain, ytrain } = cancer();
    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    const ctx = { ...binaryCtx, signal, onProgress: () => (signal.aborted = true) };
    const e = await errorOf(fitMlp(tf, Xtrain, ytrain, { maxEpochs: 50 }, ctx));
    expect(e.code).toBe('CANCELLED');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad parameters → INVALID_PARAM naming the parameter', async () => {
    const { Xtrain, ytrain } = cancer();
    const before = tf.memory().numTensors;
    for (const [param, value] of [
      ['hiddenLayers', '64-x'],
      ['hiddenLayers', []],
      ['learningRate', -1],
      ['batchSize', 1.5],
      ['activation', 'gelu'],
      ['validationFraction', 0.9]
    ] as const) {
      const e = await errorOf(fitMlp(tf, Xtrain, ytrain, { [param]: value }, binaryCtx));
      expect([e.code, e.details.param]).toEqual(['INVALID_PARAM', param]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad data → INVALID_INPUT naming the feature / row', async () => {
    const { Xtrain, ytrain } = cancer();
    const withNaN = { ...Xtrain, columns: Xtrain.columns.map((c) => c.slice()) };
    withNaN.columns[3][10] = NaN;
    const e1 = await errorOf(fitMlp(tf, withNaN, ytrain, fast, binaryCtx));
    expect([e1.code, e1.details.feature, e1.details.row]).toEqual([
      'INVALID_INPUT',
      Xtrain.names[3],
      10
    ]);
    const badY = ytrain.slice();
    badY[4] = 2;
    const e2 = await errorOf(fitMlp(tf, Xtrain, badY, fast, binaryCtx));
    expect([e2.code, e2.details.row]).toEqual(['INVALID_INPUT', 4]);
  });
});

describe('createMlpTrainer()', () => {
  it('declares the family and scales defaults with the data', () => {
    const t = createMlpTrainer(tf);
    expect([t.family, t.input, t.needsScaling]).toEqual(['mlp', 'dense', true]);
    expect(t.tasks).toEqual(['binary', 'multiclass', 'regression']);
    const small = t.defaults('binary', 500, 10);
    const large = t.defaults('binary', 500_000, 10);
    expect(large.batchSize).toBeGreaterThan(small.batchSize);
    expect(large.maxEpochs).toBeLessThan(small.maxEpochs);
    expect(large.l2).toBeLessThan(small.l2);
    expect(Object.keys(t.space)).toEqual(
      expect.arrayContaining(['hiddenLayers', 'learningRate', 'l2', 'batchSize'])
    );
  });
});
