// Guards EdaState: run() shows and caches results and reports the session reference; a newer run
// drops an older one's result; cancel() keeps the worker and drops the result; restore() shows a
// cached hit without computing; failures arrive as PublicErrors.
import { describe, expect, it } from 'vitest';
import type { EdaOptions, EdaResults, Progress } from '$engine';
import { InvalidTargetError } from '$engine/errors';
import type { EdaCacheEntry, EdaCacheKey, EdaResultsRef } from '$lib/db/eda-results';
import { EdaState, type EdaCache, type EdaContext, type EdaRunner } from './eda.svelte';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const results = (table: string, target?: string) =>
  ({
    version: 1,
    table,
    options: { target },
    alerts: [],
    timings: { total: 1 }
  }) as unknown as EdaResults;

function memoryCache(): EdaCache & { map: Map<string, EdaCacheEntry> } {
  const map = new Map<string, EdaCacheEntry>();
  const id = (k: EdaCacheKey) => `eda:${k.datasetHash}:${k.optionsKey}`;
  return {
    map,
    get: async (k) => map.get(id(k)),
    put: async (k, r): Promise<EdaResultsRef> => {
      map.set(id(k), { id: id(k), results: r, createdAt: 5, expiresAt: 10 });
      return { id: id(k), ...k, createdAt: 5 };
    }
  };
}

const ctx = (options: EdaOptions = {}): EdaContext => ({
  sessionId: 's1',
  datasetHash: 'h',
  loadOptions: { fileName: 'a.csv' },
  options
});

describe('EdaState', () => {
  it('run() shows the results, caches them and reports the reference', async () => {
    const cache = memoryCache();
    const refs: EdaResultsRef[] = [];
    const stages: string[] = [];
    const runner: EdaRunner = {
      eda: async (_o, onProgress) => {
        onProgress?.({ stage: 'eda:columns', fraction: 0.5 } as Progress);
        return results('data');
      }
    };
    const s = new EdaState(
      () => runner,
      cache,
      async (r) => void refs.push(r)
    );
    const run = s.run(ctx());
    stages.push(s.phase);
    expect(await run).not.toBeNull();
    expect(stages).toEqual(['running']);
    expect(s.phase).toBe('ready');
    expect(s.cached).toBe(false);
    expect(s.computeCount).toBe(1);
    expect(cache.map.size).toBe(1);
    expect(refs[0].id).toBe([...cache.map.keys()][0]);
  });

  it('restore() shows a cached hit without computing; other options miss', async () => {
    const cache = memoryCache();
    let calls = 0;
    const runner: EdaRunner = { eda: async () => (calls++, results('data', 'species')) };
    await new EdaState(() => runner, cache).run(ctx({ target: 'species' }));
    const fresh = new EdaState(() => runner, cache);
    expect(await fresh.restore(ctx({ target: 'island' }))).toBe(false);
    expect(fresh.results).toBeNull();
    expect(await fresh.restore(ctx({ target: 'species' }))).toBe(true);
    expect(fresh.cached).toBe(true);
    expect(fresh.phase).toBe('ready');
    expect(fresh.computeCount).toBe(0);
    expect(calls).toBe(1);
  });

  it('a newer run() drops the older one’s late result', async () => {
    const first = deferred<EdaResults>();
    const second = deferred<EdaResults>();
    const queue = [first, second];
    const runner: EdaRunner = { eda: () => queue.shift()!.promise };
    const s = new EdaState(() => runner, memoryCache());
    const a = s.run(ctx());
    const b = s.run(ctx({ target: 't' }));
    second.resolve(results('new'));
    await b;
    first.resolve(results('old'));
    expect(await a).toBeNull();
    expect(s.results?.table).toBe('new');
  });

  it('cancel() aborts the signal, drops the result and reports CANCELLED', async () => {
    const d = deferred<EdaResults>();
    let signal: AbortSignal | undefined;
    const runner: EdaRunner = { eda: (_o, _p, sig) => ((signal = sig), d.promise) };
    const s = new EdaState(() => runner, memoryCache());
    const run = s.run(ctx());
    await Promise.resolve();
    s.cancel();
    expect(signal?.aborted).toBe(true);
    d.resolve(results('late'));
    expect(await run).toBeNull();
    expect(s.results).toBeNull();
    expect(s.error?.code).toBe('CANCELLED');
    expect(s.phase).toBe('error');
  });

  it('a failure arrives as a PublicError and keeps earlier results on screen', async () => {
    let fail = false;
    const runner: EdaRunner = {
      eda: async () => {
        if (fail)
          throw new InvalidTargetError({ message: { pl: 'x', en: 'x' }, code: 'TARGET_NOT_FOUND' });
        return results('ok');
      }
    };
    const s = new EdaState(() => runner, memoryCache());
    await s.run(ctx());
    fail = true;
    expect(await s.run(ctx({ target: 'nope' }))).toBeNull();
    expect(s.error?.code).toBe('TARGET_NOT_FOUND');
    expect(s.phase).toBe('ready');
    expect(s.results?.table).toBe('ok');
  });
});
