// Guards AutoMLState with a fake engine and a fake executor (the real ModelsRepo on
// fake-indexeddb): the plan is shown before the start with the imbalance advice; the leaderboard
// fills in live, ordered by the chosen metric's direction with failed rows last; the winner is
// saved as champion and the session told; cancel() aborts the signal and terminates the workers;
// failures arrive as PublicErrors; a fresh page restores the saved leaderboard without running.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AutoMLEvent,
  AutoMLOptions,
  AutoMLPlan,
  AutoMLResult,
  CancelSignal,
  EncodedTarget,
  Frame,
  LeaderboardRow,
  ModelBundle
} from '$engine';
import { CancelledError, ModelTrainingError } from '$engine/errors';
import { AppDb } from '$lib/db/schema';
import { ModelsRepo } from '$lib/db/models';
import { AutoMLState, type AutoMLExecutor, type MlResultsRef } from './automl.svelte';
import type { AutoMLEngine } from './engine';
import { prepareData } from './engine';
import { planWarnings, rarestClassShare, sortRows } from './leaderboard';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const dbs: Dexie[] = [];
function repo(): ModelsRepo {
  const db = new AppDb(`automl-test-${Date.now()}-${dbs.length}`);
  dbs.push(db);
  return new ModelsRepo(db);
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

// 10 rows, class 1 is 1 of 10 = 10 % (< 20 %: imbalance advice).
const frame: Frame = {
  nRows: 10,
  columns: [
    { name: 'x', kind: 'numeric', values: new Float64Array(10).map((_, i) => i) },
    {
      name: 'y',
      kind: 'categorical',
      codes: new Int32Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      dictionary: ['no', 'yes']
    }
  ]
};
const target: EncodedTarget = {
  task: 'binary',
  y: new Float64Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
  classes: ['no', 'yes']
};

function plan(options: AutoMLOptions): AutoMLPlan {
  return {
    task: 'binary',
    metric: options.metric ?? 'accuracy',
    rows: 10,
    features: 1,
    subsampleRows: null,
    folds: options.folds ?? 5,
    workers: 2,
    families: (options.families ?? ['baseline', 'logistic', 'gbdt']).map((family) => ({
      family,
      seconds: 1,
      memoryMB: 1,
      skipped: false
    })),
    seconds: 3,
    refitSeconds: 0,
    warnings: []
  };
}

const row = (
  id: string,
  cv: LeaderboardRow['cv'],
  status: 'done' | 'failed' = 'done'
): LeaderboardRow => ({
  id,
  family: id as LeaderboardRow['family'],
  stage: 'compare',
  params: {},
  cv,
  cvStd: {},
  fitSeconds: 0.1,
  status,
  ...(status === 'failed'
    ? { error: { name: 'ModelTrainingError', code: 'FIT_FAILED', message: { pl: 'x', en: 'x' } } }
    : {})
});

function bundle(id: string, leaderboard: LeaderboardRow[]): ModelBundle {
  return {
    format: 'datagenius-model/1',
    id,
    version: 1,
    createdAt: '2026-11-24T22:00:00.000Z',
    parentId: null,
    problemType: 'binary',
    target: 'y',
    classes: ['no', 'yes'],
    feature_names: ['x'],
    inputSchema: [],
    pipeline: {},
    model: { family: 'logistic', format: 'f/1', params: {}, state: null },
    family: 'logistic',
    params: {},
    stage: 'refit',
    metric: 'logloss',
    metrics: { cv: { logloss: 0.3 }, holdout: { logloss: 0.35 } },
    leaderboard,
    referenceProfile: [],
    meta: {}
  };
}

interface Harness {
  state: AutoMLState;
  models: ModelsRepo;
  frameCalls: number;
  planCalls: AutoMLOptions[];
  runs: {
    options: AutoMLOptions;
    emit: (e: AutoMLEvent) => void;
    signal?: CancelSignal;
    done: ReturnType<typeof deferred<AutoMLResult>>;
  }[];
  cancels: number;
  saved: MlResultsRef[];
}

function harness(models = repo()): Harness {
  const h = { frameCalls: 0, planCalls: [], runs: [], cancels: 0, saved: [] } as unknown as Harness;
  const engine: AutoMLEngine = {
    prepare: (f, name, task) => {
      expect([f, name, task]).toEqual([frame, 'y', 'binary']);
      return { frame: f, target, dropped: 0 };
    },
    plan: (_f, _t, options) => (h.planCalls.push(options), plan(options)),
    run: (_f, _t, options, _ex, emit, signal) => {
      const done = deferred<AutoMLResult>();
      h.runs.push({ options, emit, signal, done });
      return done.promise;
    }
  };
  const executor: AutoMLExecutor = {
    concurrency: 2,
    prepare: async () => undefined,
    run: async () => ({ predictions: new Float64Array(0), fitSeconds: 0 }),
    cancel: () => void h.cancels++,
    backend: async () => ({ backend: 'wasm', reason: 'no WebGPU adapter' })
  };
  h.models = models;
  h.state = new AutoMLState({
    data: () => ({ frame: async () => (h.frameCalls++, frame) }),
    engine,
    executor: () => executor,
    models,
    env: () => ({ cores: 2, memoryGB: 8 }),
    onSaved: async (ref) => void h.saved.push(ref)
  });
  h.state.setContext({ sessionId: 's1', target: 'y', problemType: 'binary' });
  return h;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function result(lb: LeaderboardRow[], truncated = false): AutoMLResult {
  return {
    plan: plan({ metric: 'logloss' }),
    leaderboard: lb,
    bestId: 'logistic',
    bundle: bundle('m-1', lb),
    holdout: { logloss: 0.35 },
    refitRows: 0,
    truncated
  };
}

describe('AutoMLState', () => {
  it('makePlan() shows the plan with the imbalance advice; option changes re-plan without refetching', async () => {
    const h = harness();
    expect(await h.state.makePlan()).toBe(true);
    expect(h.state.phase).toBe('planned');
    expect(h.state.plan?.metric).toBe('accuracy');
    expect(h.state.familyChoices).toEqual(['baseline', 'logistic', 'gbdt']);
    const advice = h.state.warnings.find((w) => w.code === 'CLASS_IMBALANCE');
    expect(advice?.message.en).toBe(
      'The classes are imbalanced (the rarest is 10 % of rows): for a rare class choose Recall rather than Accuracy.'
    );
    expect(advice?.message.pl).toContain('wybierz raczej Recall niż Accuracy');
    h.state.form.folds = 3;
    h.state.form.metric = 'recall';
    h.state.form.families = ['gbdt'];
    await h.state.makePlan();
    expect(h.frameCalls).toBe(1);
    expect(h.planCalls.at(-1)).toEqual({
      targetName: 'y',
      metric: 'recall',
      timeBudgetSeconds: 60,
      folds: 3,
      seed: 42,
      families: ['gbdt']
    });
    expect(h.state.plan?.families.map((f) => f.family)).toEqual(['gbdt']);
  });

  it('start() fills the leaderboard live, sorted by the metric (lower is better for log loss), failed last', async () => {
    const h = harness();
    h.state.form.metric = 'logloss';
    const run = h.state.start();
    await tick();
    expect(h.state.phase).toBe('running');
    const r = h.runs[0];
    r.emit({ type: 'row', row: row('baseline', { logloss: 0.69 }) });
    r.emit({ type: 'row', row: row('knn', {}, 'failed') });
    r.emit({ type: 'row', row: row('logistic', { logloss: 0.3 }) });
    r.emit({ type: 'row', row: row('gbdt', { logloss: 0.41 }) });
    r.emit({ type: 'progress', stage: 'tune', fraction: 0.5, etaSeconds: 12 });
    r.emit({
      type: 'log',
      level: 'warning',
      error: new ModelTrainingError({
        code: 'FIT_FAILED',
        message: { pl: 'a', en: 'b' }
      }).toPublic()
    });
    expect(h.state.sorted.map((x) => x.id)).toEqual(['logistic', 'gbdt', 'baseline', 'knn']);
    expect(h.state.progress).toMatchObject({ stage: 'tune', fraction: 0.5, etaSeconds: 12 });
    expect(h.state.logs.map((l) => l.code)).toEqual(['FIT_FAILED']);
    expect(h.state.backend).toEqual({ backend: 'wasm', reason: 'no WebGPU adapter' });
    // A re-scored row replaces its earlier version.
    r.emit({ type: 'row', row: row('gbdt', { logloss: 0.2 }) });
    expect(h.state.sorted.map((x) => x.id)).toEqual(['gbdt', 'logistic', 'baseline', 'knn']);

    const lb = [row('logistic', { logloss: 0.3 }), row('baseline', { logloss: 0.69 })];
    r.done.resolve(result(lb));
    expect((await run)?.bestId).toBe('logistic');
    expect(h.state.phase).toBe('done');
    expect(h.state.progress).toBeNull();
    expect(h.state.bestId).toBe('logistic');
    expect(h.state.runCount).toBe(1);
    // Saved as champion, the session told which model and which row won.
    const saved = await h.models.list('s1');
    expect(saved.map((m) => [m.id, m.champion, m.version])).toEqual([['m-1', 1, 1]]);
    expect(saved[0].bundle.leaderboard).toEqual(lb);
    expect(h.state.champion?.id).toBe('m-1');
    expect(h.state.savedModel?.id).toBe('m-1');
    expect(h.saved.map((s) => [s.modelId, s.bestId, s.metric, s.truncated])).toEqual([
      ['m-1', 'logistic', 'logloss', false]
    ]);
  });

  it('restore() on a fresh page shows the saved leaderboard and winner without running', async () => {
    const models = repo();
    const first = harness(models);
    const run = first.state.start();
    await tick();
    const lb = [row('baseline', { logloss: 0.69 }), row('logistic', { logloss: 0.3 })];
    first.runs[0].done.resolve(result(lb));
    await run;

    const page = harness(models);
    await page.state.restore('s1', first.saved[0]);
    expect(page.state.phase).toBe('done');
    expect(page.state.runCount).toBe(0);
    expect(page.runs).toHaveLength(0);
    expect(page.state.metric).toBe('logloss');
    expect(page.state.sorted.map((r) => r.id)).toEqual(['logistic', 'baseline']);
    expect(page.state.bestId).toBe('logistic');
    expect(page.state.champion?.bundle.id).toBe('m-1');
    expect(page.state.result?.holdout).toEqual({ logloss: 0.35 });
  });

  it('cancel() aborts the signal, terminates the workers and reports CANCELLED', async () => {
    const h = harness();
    const run = h.state.start();
    await tick();
    h.state.cancel();
    expect(h.runs[0].signal?.aborted).toBe(true);
    expect(h.cancels).toBe(1);
    expect(h.state.error?.code).toBe('CANCELLED');
    expect(h.state.progress).toBeNull();
    h.runs[0].done.reject(new CancelledError('automl'));
    expect(await run).toBeNull();
    expect(h.state.phase).toBe('error');
    expect(h.state.error?.code).toBe('CANCELLED');
    expect(await h.models.list('s1')).toEqual([]);
  });

  it('a truncated result after cancel() is still shown and saved', async () => {
    const h = harness();
    const run = h.state.start();
    await tick();
    h.state.cancel();
    h.runs[0].done.resolve(result([row('logistic', { logloss: 0.3 })], true));
    expect((await run)?.truncated).toBe(true);
    expect(h.state.phase).toBe('done');
    expect(h.state.result?.truncated).toBe(true);
    expect((await h.models.list('s1')).map((m) => m.id)).toEqual(['m-1']);
  });

  it('a failure arrives as a PublicError with its code; rows already shown stay', async () => {
    const h = harness();
    const run = h.state.start();
    await tick();
    h.runs[0].emit({ type: 'row', row: row('baseline', { accuracy: 0.9 }) });
    h.runs[0].done.reject(
      new ModelTrainingError({ code: 'ALL_FAMILIES_FAILED', message: { pl: 'p', en: 'e' } })
    );
    expect(await run).toBeNull();
    expect(h.state.phase).toBe('error');
    expect(h.state.error).toEqual({
      name: 'ModelTrainingError',
      code: 'ALL_FAMILIES_FAILED',
      message: { pl: 'p', en: 'e' }
    });
    expect(h.state.rows.map((r) => r.id)).toEqual(['baseline']);
  });

  it('a frame failure during planning is a PublicError, not a crash', async () => {
    const h = harness();
    const state = new AutoMLState({
      data: () => ({
        frame: async () => {
          throw new Error('boom /secret/path');
        }
      }),
      engine: {
        prepare: () => {
          throw new Error('unreachable');
        },
        plan: (_f, _t, o) => plan(o),
        run: async () => {
          throw new Error('unreachable');
        }
      },
      executor: () => {
        throw new Error('unreachable');
      },
      models: h.models,
      env: () => ({ cores: 1, memoryGB: null })
    });
    state.setContext({ sessionId: 's', target: 'y', problemType: 'binary' });
    expect(await state.makePlan()).toBe(false);
    expect(state.phase).toBe('error');
    expect(state.error?.code).toBe('INTERNAL');
    expect(state.error?.message.en).not.toContain('secret');
  });
});

describe('leaderboard helpers', () => {
  it('sortRows() follows each metric’s direction; rows without the metric, then failed rows, go last', () => {
    const rows = [
      row('a', { accuracy: 0.8, mae: 3 }),
      row('b', { accuracy: 0.9, mae: 5 }),
      row('c', {}),
      row('d', {}, 'failed'),
      row('e', { accuracy: 0.9, mae: 1 })
    ];
    rows[4].fitSeconds = 0.05; // ties on accuracy: faster first
    expect(sortRows(rows, 'accuracy').map((r) => r.id)).toEqual(['e', 'b', 'a', 'c', 'd']);
    expect(sortRows(rows, 'mae').map((r) => r.id)).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('rarestClassShare() and planWarnings(): advice only under 20 % and only once', () => {
    expect(rarestClassShare(target)).toBe(0.1);
    expect(
      rarestClassShare({ task: 'regression', y: new Float64Array([1, 2]), classes: [] })
    ).toBeNull();
    const balanced: EncodedTarget = {
      task: 'binary',
      y: new Float64Array([0, 1, 0, 1, 1]),
      classes: ['a', 'b']
    };
    expect(planWarnings(plan({}), balanced)).toEqual([]);
    const engineSaid = {
      ...plan({}),
      warnings: [{ code: 'IMBALANCED_CLASSES', message: { pl: 'p', en: 'e' } }]
    };
    expect(planWarnings(engineSaid, target).map((w) => w.code)).toEqual(['IMBALANCED_CLASSES']);
  });

  it('prepareData() drops rows whose target is missing, from the frame and from y', () => {
    const f: Frame = {
      nRows: 4,
      columns: [
        { name: 'x', kind: 'numeric', values: new Float64Array([10, 20, 30, 40]) },
        {
          name: 't',
          kind: 'categorical',
          codes: new Int32Array([1, -1, 0, 1]),
          dictionary: ['a', 'b']
        }
      ]
    };
    const p = prepareData(f, 't', 'binary');
    expect(p.dropped).toBe(1);
    expect(p.frame.nRows).toBe(3);
    expect(Array.from((p.frame.columns[0] as { values: Float64Array }).values)).toEqual([
      10, 30, 40
    ]);
    expect(p.target.classes).toEqual(['a', 'b']);
    expect(p.target.column).toBe('t');
    expect(Array.from(p.target.y)).toEqual([1, 0, 1]);
  });
});
