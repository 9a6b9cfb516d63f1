// Guards the IndexedDB layer: session CRUD, Blob round trips, the v1 → v2 migration and the
// mapping of a full disk to AppError STORAGE_QUOTA.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '$engine/errors';
import { AppDb, STORES_V1 } from './schema';
import { SessionsRepo } from './sessions';
import { DatasetsRepo } from './datasets';
import { SettingsRepo } from './settings';
import { isQuotaError } from './quota';

let n = 0;
const open: Dexie[] = [];
function freshDb(): AppDb {
  const db = new AppDb(`test-${Date.now()}-${n++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('SessionsRepo', () => {
  it('create() stores a new session with status "new" and empty state', async () => {
    const repo = new SessionsRepo(freshDb(), () => 1000);
    const s = await repo.create({ name: 'penguins.csv' });
    expect(await repo.get(s.id)).toEqual({
      id: s.id,
      name: 'penguins.csv',
      createdAt: 1000,
      updatedAt: 1000,
      status: 'new',
      state: {}
    });
  });

  it('rename() trims the name and ignores blank names', async () => {
    const repo = new SessionsRepo(freshDb());
    const s = await repo.create({ name: 'a' });
    await repo.rename(s.id, '  Analiza Q3  ');
    expect((await repo.get(s.id))?.name).toBe('Analiza Q3');
    await repo.rename(s.id, '   ');
    expect((await repo.get(s.id))?.name).toBe('Analiza Q3');
  });

  it('patchState() merges keys and deletes undefined ones', async () => {
    const repo = new SessionsRepo(freshDb());
    const s = await repo.create({ name: 'a' });
    await repo.patchState(
      s.id,
      { TARGET_COLUMN: 'species', PROBLEM_TYPE: 'multiclass' },
      { target: 'species' }
    );
    await repo.patchState(s.id, { PROBLEM_TYPE: undefined });
    const got = await repo.get(s.id);
    expect(got?.state).toEqual({ TARGET_COLUMN: 'species' });
    expect(got?.target).toBe('species');
  });

  it('delete() removes the session and its datasets', async () => {
    const db = freshDb();
    const repo = new SessionsRepo(db);
    const s = await repo.create({ name: 'a' });
    const d = await new DatasetsRepo(db).add(s.id, new Blob(['x,y\n1,2\n']), 'a.csv', {
      fileName: 'a.csv'
    });
    await repo.delete(s.id);
    expect(await repo.get(s.id)).toBeUndefined();
    expect(await db.datasets.get(d.id)).toBeUndefined();
  });

  it('list() returns sessions newest first', async () => {
    let t = 0;
    const repo = new SessionsRepo(freshDb(), () => ++t);
    const a = await repo.create({ name: 'a' });
    const b = await repo.create({ name: 'b' });
    await repo.rename(a.id, 'a2');
    expect((await repo.list()).map((s) => s.id)).toEqual([a.id, b.id]);
  });
});

describe('DatasetsRepo', () => {
  it('add() round-trips the file as a Blob with its SHA-256 and links the session', async () => {
    const db = freshDb();
    const s = await new SessionsRepo(db).create({ name: 'abc' });
    const repo = new DatasetsRepo(db);
    const d = await repo.add(s.id, new Blob(['abc'], { type: 'text/csv' }), 'abc.csv', {
      fileName: 'abc.csv',
      missingTokens: ['NA']
    });
    const got = await repo.forSession(s.id);
    expect(got?.hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(got?.blob).toBeInstanceOf(Blob);
    expect(await got?.blob.text()).toBe('abc');
    expect(got?.loadOptions).toEqual({ fileName: 'abc.csv', missingTokens: ['NA'] });
    expect((await db.sessions.get(s.id))?.datasetId).toBe(d.id);
  });
});

describe('SettingsRepo', () => {
  it('get() falls back until set() stores a value', async () => {
    const repo = new SettingsRepo(freshDb());
    expect(await repo.get('lang', 'pl')).toBe('pl');
    await repo.set('lang', 'en');
    expect(await repo.get('lang', 'pl')).toBe('en');
  });
});

describe('schema migration', () => {
  it('opening a v1 database with AppDb (v2) gives every session a status', async () => {
    const name = `migrate-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(STORES_V1);
    await v1.table('sessions').bulkAdd([
      { id: 'old', name: 'old', createdAt: 1, updatedAt: 1, state: {} },
      {
        id: 'loaded',
        name: 'loaded',
        createdAt: 2,
        updatedAt: 2,
        state: { DATA_INFO: { rows: 3 } }
      },
      { id: 'bare', name: 'bare', createdAt: 3, updatedAt: 3 }
    ]);
    expect(v1.verno).toBe(1);
    v1.close();

    const db = new AppDb(name);
    open.push(db);
    const all = await db.sessions.orderBy('createdAt').toArray();
    expect(db.verno).toBe(2);
    expect(all.map((s) => [s.id, s.status])).toEqual([
      ['old', 'new'],
      ['loaded', 'loaded'],
      ['bare', 'new']
    ]);
    expect(all[2].state).toEqual({});
    // the new index works
    expect(await db.sessions.where('status').equals('loaded').count()).toBe(1);
  });
});

describe('quota mapping', () => {
  it('a QuotaExceededError from a table op becomes AppError STORAGE_QUOTA', async () => {
    const db = freshDb();
    vi.spyOn(db.sessions, 'add').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const err = await new SessionsRepo(db).create({ name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORAGE_QUOTA');
    expect((err as AppError).messages.pl).toMatch(/miejsca/);
    expect((err as AppError).hint?.en).toMatch(/Delete old sessions/);
  });

  it('a quota error wrapped in dexie AbortError (inner) is recognised too', async () => {
    const db = freshDb();
    const s = await new SessionsRepo(db).create({ name: 'x' });
    const wrapped = new Dexie.AbortError(
      'Transaction aborted',
      new DOMException('full', 'QuotaExceededError')
    );
    vi.spyOn(db.datasets, 'add').mockRejectedValue(wrapped);
    const err = await new DatasetsRepo(db)
      .add(s.id, new Blob(['a']), 'a.csv', { fileName: 'a.csv' })
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('STORAGE_QUOTA');
  });

  it('isQuotaError() is false for other errors', () => {
    expect(isQuotaError(new DOMException('x', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(new Error('boom'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
