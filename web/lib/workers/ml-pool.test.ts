// Guards MlPool (the browser's AutoML executor) with fake workers: at most `concurrency` tasks
// run at once and the rest start in FIFO order; every worker is prepared with the frame before
// its first task; cancel() terminates the workers and rejects running + queued tasks with
// CANCELLED, and the next task respawns and re-prepares lazily; a crashed worker rejects its task
// with WORKER_CRASHED; typed errors from a worker arrive unchanged.
import { describe, expect, it } from 'vitest';
import type { EncodedTarget, Frame, TaskResult, TrainTask } from '$engine';
import { AppError, CancelledError, ModelTrainingError } from '$engine/errors';
import type { MlApi } from '$workers/api/ml-api';
import { MlPool, defaultPoolSize, type MlWorkerHandle } from './ml-pool';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const frame: Frame = {
  nRows: 3,
  columns: [{ name: 'x', kind: 'numeric', values: new Float64Array([1, 2, 3]) }]
};
const target: EncodedTarget = { task: 'regression', y: new Float64Array([1, 2, 3]), classes: [] };

function task(seed: number): TrainTask {
  return {
    family: 'linear',
    params: {},
    trainRows: new Uint32Array([0, 1]),
    testRows: new Uint32Array([2]),
    seed,
    classWeights: null,
    keepModel: false
  };
}

const result = (v: number): TaskResult => ({ predictions: new Float64Array([v]), fitSeconds: 0 });

interface FakeWorker extends MlWorkerHandle {
  index: number;
  prepared: Frame[];
  runs: { task: TrainTask; d: ReturnType<typeof deferred<TaskResult>> }[];
  terminated: boolean;
  crash(reason: string): void;
}

function fakeFactory(opts: { hangPrepare?: boolean } = {}) {
  const workers: FakeWorker[] = [];
  const spawn = (): MlWorkerHandle => {
    let crash: (r: string) => void = () => undefined;
    const w: FakeWorker = {
      index: workers.length,
      prepared: [],
      runs: [],
      terminated: false,
      crash: (r) => crash(r),
      terminate: () => void (w.terminated = true),
      onCrash: (fn) => void (crash = fn),
      api: {
        prepare: (f) => {
          w.prepared.push(f);
          // A terminated worker never answers: model that with a promise that never settles.
          return opts.hangPrepare ? new Promise<void>(() => undefined) : Promise.resolve();
        },
        run: (t) => {
          const d = deferred<TaskResult>();
          w.runs.push({ task: t, d });
          return d.promise;
        },
        backend: async () => ({ backend: 'wasm', reason: 'test' })
      } satisfies MlApi
    };
    workers.push(w);
    return w;
  };
  /** Runs started on live workers, in start order of seeds. */
  const active = () => workers.filter((w) => !w.terminated).flatMap((w) => w.runs);
  return { workers, spawn, active };
}

describe('MlPool', () => {
  it('prepare() spawns `concurrency` workers and hands each the frame', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 3, spawn: f.spawn });
    await pool.prepare(frame, target);
    expect(f.workers).toHaveLength(3);
    expect(f.workers.map((w) => w.prepared)).toEqual([[frame], [frame], [frame]]);
  });

  it('runs at most `concurrency` tasks at once; the rest start in FIFO order', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 2, spawn: f.spawn });
    await pool.prepare(frame, target);
    const results = [1, 2, 3, 4, 5].map((s) => pool.run(task(s)));
    await tick();
    expect(f.active().map((r) => r.task.seed)).toEqual([1, 2]);
    expect([pool.running, pool.queued]).toEqual([2, 3]);
    f.workers[1].runs[0].d.resolve(result(20));
    await tick();
    // Worker 1 took the next queued task (3); worker 0 still runs 1.
    expect(f.workers[1].runs.map((r) => r.task.seed)).toEqual([2, 3]);
    f.workers[0].runs[0].d.resolve(result(10));
    await tick();
    expect(f.workers[0].runs.map((r) => r.task.seed)).toEqual([1, 4]);
    f.workers[1].runs[1].d.resolve(result(30));
    await tick();
    f.workers[0].runs[1].d.resolve(result(40));
    await tick();
    f.workers[1].runs[2].d.resolve(result(50));
    const got = await Promise.all(results);
    expect(got.map((r) => r.predictions[0])).toEqual([10, 20, 30, 40, 50]);
    expect([pool.running, pool.queued, f.workers.length]).toEqual([0, 0, 2]);
  });

  it('cancel() terminates workers and rejects running and queued tasks with CANCELLED', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 2, spawn: f.spawn });
    await pool.prepare(frame, target);
    const pending = [1, 2, 3].map((s) => pool.run(task(s)).catch((e: unknown) => e));
    await tick();
    pool.cancel();
    const errors = await Promise.all(pending);
    for (const e of errors) {
      expect(e).toBeInstanceOf(CancelledError);
      expect((e as AppError).code).toBe('CANCELLED');
    }
    expect(f.workers.map((w) => w.terminated)).toEqual([true, true]);
    expect(pool.workers).toBe(0);
    // A late answer from a terminated worker changes nothing.
    f.workers[0].runs[0].d.resolve(result(1));
    await tick();
    expect(pool.running).toBe(0);
  });

  it('cancel() during prepare() rejects it with CANCELLED instead of waiting for ever', async () => {
    const f = fakeFactory({ hangPrepare: true });
    const pool = new MlPool({ size: 2, spawn: f.spawn });
    const preparing = pool.prepare(frame, target).catch((e: unknown) => e);
    await tick();
    pool.cancel();
    const err = (await preparing) as AppError;
    expect(err).toBeInstanceOf(CancelledError);
    expect(f.workers.map((w) => w.terminated)).toEqual([true, true]);
  });

  it('a worker that dies while preparing fails prepare() with WORKER_CRASHED', async () => {
    const f = fakeFactory({ hangPrepare: true });
    const pool = new MlPool({ size: 1, spawn: f.spawn });
    const preparing = pool.prepare(frame, target).catch((e: unknown) => e);
    await tick();
    f.workers[0].crash('Out of memory');
    expect(((await preparing) as AppError).code).toBe('WORKER_CRASHED');
    expect(pool.workers).toBe(0);
  });

  it('after cancel() the next task respawns one worker, prepares it and runs', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 2, spawn: f.spawn });
    await pool.prepare(frame, target);
    pool.cancel();
    const next = pool.run(task(7));
    await tick();
    expect(f.workers).toHaveLength(3); // 2 cancelled + 1 lazily spawned for one task
    const fresh = f.workers[2];
    expect(fresh.prepared).toEqual([frame]);
    expect(fresh.runs.map((r) => r.task.seed)).toEqual([7]);
    fresh.runs[0].d.resolve(result(7));
    expect((await next).predictions[0]).toBe(7);
  });

  it('a crashed worker rejects its task with ModelTrainingError WORKER_CRASHED; others go on', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 1, spawn: f.spawn });
    await pool.prepare(frame, target);
    const a = pool.run(task(1)).catch((e: unknown) => e);
    const b = pool.run(task(2));
    await tick();
    f.workers[0].crash('Out of memory');
    const err = (await a) as ModelTrainingError;
    expect(err).toBeInstanceOf(ModelTrainingError);
    expect(err.code).toBe('WORKER_CRASHED');
    expect(err.details).toEqual({ reason: 'Out of memory', family: 'linear' });
    expect(f.workers[0].terminated).toBe(true);
    await tick();
    // Task 2 moved to a fresh, prepared worker.
    expect(f.workers[1].prepared).toEqual([frame]);
    f.workers[1].runs[0].d.resolve(result(2));
    expect((await b).predictions[0]).toBe(2);
  });

  it('a typed error from a worker arrives with its code; the worker stays in use', async () => {
    const f = fakeFactory();
    const pool = new MlPool({ size: 1, spawn: f.spawn });
    await pool.prepare(frame, target);
    const a = pool.run(task(1)).catch((e: unknown) => e);
    const b = pool.run(task(2));
    await tick();
    f.workers[0].runs[0].d.reject(
      new ModelTrainingError({ code: 'FIT_FAILED', message: { pl: 'x', en: 'x' } })
    );
    expect(((await a) as AppError).code).toBe('FIT_FAILED');
    await tick();
    f.workers[0].runs[1].d.resolve(result(2));
    expect((await b).predictions[0]).toBe(2);
    expect(f.workers).toHaveLength(1);
  });

  it('run() before prepare() rejects with NOT_PREPARED', async () => {
    const pool = new MlPool({ size: 1, spawn: fakeFactory().spawn });
    const err = (await pool.run(task(1)).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('NOT_PREPARED');
  });

  it('defaultPoolSize() is min(cores, 4), at least 1', () => {
    expect([16, 4, 2, 1, 0].map((c) => defaultPoolSize(c))).toEqual([4, 4, 2, 1, 1]);
  });
});
