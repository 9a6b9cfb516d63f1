// Guards PredictionsRepo: put/get round-trips the payload and the CSV Blob under the key
// [datasetHash+optionsKey] = [file hash, bundle id], the same file × model replaces its entry,
// list() is per session and newest first, entries expire after 30 days (and are deleted when
// read, listed or purged), delete() removes one, and a full disk is a typed STORAGE_QUOTA error.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '$engine/errors';
import { AppDb } from './schema';
import {
  PREDICTIONS_TTL_MS,
  PredictionsRepo,
  predictionId,
  type PredictionPayload
} from './predictions';

let n = 0;
const open: Dexie[] = [];
function freshDb(): AppDb {
  const db = new AppDb(`predictions-test-${Date.now()}-${n++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function payload(fileName: string, csv = 'x,Label\n1,a\n'): Omit<PredictionPayload, 'createdAt'> {
  return {
    fileName,
    rows: 1,
    columns: ['x', 'Label', 'Score', 'Score_a', 'Score_b'],
    ignoredColumns: ['note'],
    modelId: 'm1',
    modelName: 'y · gbdt',
    modelVersion: 2,
    family: 'gbdt',
    target: 'y',
    problemType: 'binary',
    summary: {
      kind: 'classes',
      counts: [
        { label: 'a', count: 1 },
        { label: 'b', count: 0 }
      ]
    },
    csv: new Blob([csv], { type: 'text/csv' })
  };
}

const DAY = 24 * 60 * 60 * 1000;

describe('PredictionsRepo', () => {
  it('TTL is 30 days', () => {
    expect(PREDICTIONS_TTL_MS).toBe(30 * DAY);
  });

  it('put() then get() round-trips the payload, the CSV Blob and the cache key', async () => {
    const db = freshDb();
    const repo = new PredictionsRepo(db, () => 1000);
    const key = { sessionId: 's1', datasetHash: 'h1', modelId: 'm1' };
    const put = await repo.put(key, payload('new.csv'));
    expect(put.id).toBe('pred:s1:h1:m1');
    expect(put.id).toBe(predictionId(key));
    expect(put.expiresAt).toBe(1000 + 30 * DAY);
    const got = await repo.get(put.id);
    expect(got?.payload.fileName).toBe('new.csv');
    expect(got?.payload.createdAt).toBe(1000);
    expect(got?.payload.summary).toEqual(payload('x').summary);
    expect(got?.payload.csv).toBeInstanceOf(Blob);
    expect(await got?.payload.csv.text()).toBe('x,Label\n1,a\n');
    expect(got?.modelId).toBe('m1');
    // The compound index the schema declares finds it by file hash + bundle id.
    const byKey = await db.predictions
      .where('[datasetHash+optionsKey]')
      .equals(['h1', 'm1'])
      .first();
    expect(byKey?.id).toBe(put.id);
  });

  it('the same file and model replaces the entry; another model is another entry', async () => {
    let now = 10;
    const repo = new PredictionsRepo(freshDb(), () => now);
    await repo.put({ sessionId: 's1', datasetHash: 'h1', modelId: 'm1' }, payload('a.csv', 'v1'));
    now = 20;
    await repo.put({ sessionId: 's1', datasetHash: 'h1', modelId: 'm1' }, payload('b.csv', 'v2'));
    now = 30;
    await repo.put({ sessionId: 's1', datasetHash: 'h1', modelId: 'm2' }, payload('c.csv'));
    const list = await repo.list('s1');
    expect(list.map((p) => [p.modelId, p.payload.fileName, p.createdAt])).toEqual([
      ['m2', 'c.csv', 30],
      ['m1', 'b.csv', 20]
    ]);
    expect(await list[1].payload.csv.text()).toBe('v2');
  });

  it('list() is per session, newest first', async () => {
    let now = 0;
    const repo = new PredictionsRepo(freshDb(), () => now);
    for (const [s, h, t] of [
      ['s1', 'a', 5],
      ['s2', 'b', 6],
      ['s1', 'c', 9],
      ['s1', 'd', 7]
    ] as const) {
      now = t;
      await repo.put({ sessionId: s, datasetHash: h, modelId: 'm' }, payload(`${h}.csv`));
    }
    expect((await repo.list('s1')).map((p) => p.datasetHash)).toEqual(['c', 'd', 'a']);
    expect((await repo.list('s2')).map((p) => p.datasetHash)).toEqual(['b']);
    expect(await repo.list('nobody')).toEqual([]);
  });

  it('expired entries are not returned and are deleted (get, list, purgeExpired)', async () => {
    const db = freshDb();
    let now = 0;
    const repo = new PredictionsRepo(db, () => now);
    const a = await repo.put({ sessionId: 's1', datasetHash: 'a', modelId: 'm' }, payload('a'));
    now = 10 * DAY;
    const b = await repo.put({ sessionId: 's1', datasetHash: 'b', modelId: 'm' }, payload('b'));
    now = 20 * DAY;
    await repo.put({ sessionId: 's2', datasetHash: 'c', modelId: 'm' }, payload('c'));
    // a expires at exactly 30 days: gone at that instant; b and c remain.
    now = 30 * DAY;
    expect(await repo.get(a.id)).toBeUndefined();
    expect(await db.predictions.get(a.id)).toBeUndefined();
    expect((await repo.list('s1')).map((p) => p.id)).toEqual([b.id]);
    now = 40 * DAY;
    expect(await repo.list('s1')).toEqual([]);
    expect(await db.predictions.get(b.id)).toBeUndefined();
    now = 50 * DAY;
    expect(await repo.purgeExpired()).toBe(1);
    expect(await db.predictions.count()).toBe(0);
  });

  it('delete() removes one entry; deleteForSession() removes the session’s', async () => {
    const repo = new PredictionsRepo(freshDb());
    const a = await repo.put({ sessionId: 's1', datasetHash: 'a', modelId: 'm' }, payload('a'));
    const b = await repo.put({ sessionId: 's1', datasetHash: 'b', modelId: 'm' }, payload('b'));
    await repo.put({ sessionId: 's2', datasetHash: 'c', modelId: 'm' }, payload('c'));
    await repo.delete(a.id);
    expect((await repo.list('s1')).map((p) => p.id)).toEqual([b.id]);
    expect(await repo.deleteForSession('s1')).toBe(1);
    expect(await repo.list('s1')).toEqual([]);
    expect(await repo.list('s2')).toHaveLength(1);
  });

  it('put() turns a full disk into AppError STORAGE_QUOTA', async () => {
    const db = freshDb();
    const repo = new PredictionsRepo(db);
    db.predictions.put = (() =>
      Promise.reject(
        Object.assign(new Error('quota'), { name: 'QuotaExceededError' })
      )) as unknown as typeof db.predictions.put;
    const err = await repo
      .put({ sessionId: 's1', datasetHash: 'a', modelId: 'm' }, payload('a'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORAGE_QUOTA');
  });
});
