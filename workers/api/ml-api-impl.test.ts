// Guards createMlApi (the ML worker's implementation) with a fake executor and a fake tfjs load:
// prepare() builds the executor with the MLP trainer when tfjs starts and without it when tfjs
// fails (backend() then says why); run() before prepare() is NOT_PREPARED; executor failures
// arrive as AppErrors with their code, unknown ones as INTERNAL.
import { describe, expect, it } from 'vitest';
import type { EncodedTarget, Frame, ModelTrainer, TaskExecutor, TrainTask } from '../engine/index';
import { AppError, ModelTrainingError } from '../engine/errors';
import { createMlApi, type MlApiDeps } from './ml-api-impl';

const frame: Frame = {
  nRows: 2,
  columns: [{ name: 'x', kind: 'numeric', values: new Float64Array([1, 2]) }]
};
const target: EncodedTarget = { task: 'regression', y: new Float64Array([1, 2]), classes: [] };
const task: TrainTask = {
  family: 'gbdt',
  params: {},
  trainRows: new Uint32Array([0]),
  testRows: new Uint32Array([1]),
  seed: 1,
  classWeights: null,
  keepModel: false
};
const mlp = { family: 'mlp' } as unknown as ModelTrainer;

function deps(opts: { tfFails?: boolean; tfHangs?: boolean; runError?: unknown } = {}) {
  const made: { trainers?: readonly ModelTrainer[] }[] = [];
  const prepared: Frame[] = [];
  const d: MlApiDeps = {
    createExecutor: (o) => {
      made.push(o);
      const ex: TaskExecutor = {
        concurrency: 1,
        prepare: async (f) => void prepared.push(f),
        run: async (t) => {
          if (opts.runError) throw opts.runError;
          return { predictions: new Float64Array([t.seed * 10]), fitSeconds: 0.5 };
        }
      };
      return ex;
    },
    mlpTimeoutMs: 30,
    loadMlp: async () => {
      if (opts.tfHangs) return new Promise(() => undefined);
      if (opts.tfFails) throw new Error('no wasm');
      return { trainer: mlp, info: { backend: 'wasm', reason: 'no WebGPU adapter' } };
    },
    transferResult: (r) => r
  };
  return { d, made, prepared };
}

describe('createMlApi', () => {
  it('prepare() adds the MLP trainer when tfjs starts; run() returns the executor result', async () => {
    const { d, made, prepared } = deps();
    const api = createMlApi(d);
    await api.prepare(frame, target);
    expect(made).toEqual([{ trainers: [mlp] }]);
    expect(prepared).toEqual([frame]);
    expect(await api.run(task)).toEqual({ predictions: new Float64Array([10]), fitSeconds: 0.5 });
    expect(await api.backend()).toEqual({ backend: 'wasm', reason: 'no WebGPU adapter' });
  });

  it('without tfjs the executor has no MLP and backend() reports null with the reason', async () => {
    const { d, made } = deps({ tfFails: true });
    const api = createMlApi(d);
    await api.prepare(frame, target);
    expect(made).toEqual([{}]);
    expect(await api.backend()).toEqual({ backend: null, reason: 'no wasm' });
  });

  it('a tfjs start that never finishes is cut off: prepare() goes on without the MLP', async () => {
    const { d, made } = deps({ tfHangs: true });
    const api = createMlApi(d);
    await api.prepare(frame, target);
    expect(made).toEqual([{}]);
    expect(await api.backend()).toEqual({
      backend: null,
      reason: 'TensorFlow.js did not start within 0.03 s'
    });
  });

  it('run() before prepare() rejects with NOT_PREPARED', async () => {
    const err = (await createMlApi(deps().d)
      .run(task)
      .catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('NOT_PREPARED');
  });

  it('executor failures keep their code; unknown ones become INTERNAL', async () => {
    const typed = createMlApi(
      deps({
        runError: new ModelTrainingError({ code: 'FIT_FAILED', message: { pl: 'a', en: 'b' } })
      }).d
    );
    await typed.prepare(frame, target);
    expect(((await typed.run(task).catch((e: unknown) => e)) as AppError).code).toBe('FIT_FAILED');
    const raw = createMlApi(deps({ runError: new TypeError('x is undefined') }).d);
    await raw.prepare(frame, target);
    expect(((await raw.run(task).catch((e: unknown) => e)) as AppError).code).toBe('INTERNAL');
  });
});
