// Guards DatasetState's stale-call dropping: a slower, older answer never overwrites a newer one
// (targets, loads), rows pages land in the cache, and errors arrive as PublicErrors.
import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import type { DataApi } from '$workers/api/data-api';
import type { DatasetInfo, TargetInfo } from '$engine';
import { InvalidTargetError } from '$engine/errors';
import { DatasetState, PAGE_SIZE } from './dataset.svelte';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const info = (rows: number): DatasetInfo => ({
  format: 'csv',
  tableName: 'data',
  rows,
  columns: [],
  warnings: [],
  bytes: 1,
  timings: {}
});

const target = (column: string): TargetInfo => ({
  column,
  problemType: 'binary',
  inferred: true,
  reason: { pl: 'x', en: 'x' },
  missing: 0,
  warnings: []
});

function fakeState(api: Partial<DataApi>) {
  const full = { init: async () => ({ instantiateMs: 0, duckdbVersion: 'test' }), ...api };
  return new DatasetState(() => ({
    api: full as unknown as Remote<DataApi>,
    terminate: () => undefined
  }));
}

describe('DatasetState', () => {
  it('selectTarget() drops an older answer that arrives after a newer one', async () => {
    const calls = new Map<string, ReturnType<typeof deferred<TargetInfo>>>();
    const state = fakeState({
      target: (column: string) => {
        const d = deferred<TargetInfo>();
        calls.set(column, d);
        return d.promise;
      }
    });
    const a = state.selectTarget('a');
    const b = state.selectTarget('b');
    calls.get('b')!.resolve(target('b'));
    await b;
    calls.get('a')!.resolve(target('a'));
    expect(await a).toBeNull();
    expect(state.target?.column).toBe('b');
  });

  it('selectTarget() exposes an InvalidTargetError as targetError with its code', async () => {
    const state = fakeState({
      target: async () => {
        throw new InvalidTargetError({ code: 'TARGET_ID_LIKE', message: { pl: 'p', en: 'e' } });
      }
    });
    expect(await state.selectTarget('id')).toBeNull();
    expect(state.targetError).toMatchObject({ name: 'InvalidTargetError', code: 'TARGET_ID_LIKE' });
    expect(state.target).toBeNull();
  });

  it('load() keeps only the newest of two overlapping loads', async () => {
    const loads: ReturnType<typeof deferred<DatasetInfo>>[] = [];
    const state = fakeState({
      load: () => {
        const d = deferred<DatasetInfo>();
        loads.push(d);
        return d.promise;
      }
    });
    const first = state.load(new Blob(['a']), { fileName: 'a.csv' });
    await new Promise((r) => setTimeout(r, 10));
    const second = state.load(new Blob(['b']), { fileName: 'b.csv' });
    await new Promise((r) => setTimeout(r, 10));
    loads[1].resolve(info(2));
    loads[0].resolve(info(1));
    expect(await first).toBeNull();
    expect((await second)?.rows).toBe(2);
    expect(state.phase).toBe('ready');
    expect(state.info?.rows).toBe(2);
  });

  it('showRows() fetches the pages in view and serves cells from them', async () => {
    const asked: number[] = [];
    const state = fakeState({
      load: async () => info(1000),
      rows: async (offset: number, limit: number) => {
        asked.push(offset);
        const n = Math.min(limit, 1000 - offset);
        return { offset, rowCount: n, columns: [Array.from({ length: n }, (_, i) => offset + i)] };
      }
    });
    await state.load(new Blob(['x']), { fileName: 'x.csv' });
    state.showRows(190, 230);
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([0, PAGE_SIZE]);
    expect(state.cell(199, 0)).toBe(199);
    expect(state.cell(205, 0)).toBe(205);
    expect(state.hasRow(600)).toBe(false);
  });
});
