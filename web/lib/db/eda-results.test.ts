// Guards the EDA cache: put/get round trip, TTL expiry, and that another dataset or other options
// (target, bins, load options) miss while equivalent options (defaults spelled out) hit.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdaResults } from '$engine';
import { AppDb } from './schema';
import {
  EDA_TTL_MS,
  EdaResultsRepo,
  canonicalJson,
  edaCacheId,
  edaOptionsKey
} from './eda-results';

let n = 0;
const open: Dexie[] = [];
function freshDb(): AppDb {
  const db = new AppDb(`eda-test-${Date.now()}-${n++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const fake = {
  version: 1,
  table: 'data',
  alerts: [],
  timings: { total: 5 }
} as unknown as EdaResults;
const load = { fileName: 'penguins.csv', tableName: 'data' };

describe('edaOptionsKey()', () => {
  it('is the same for {} and the defaults spelled out, and ignores the table name', async () => {
    const a = await edaOptionsKey({}, load);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await edaOptionsKey({ histogramBins: 30, seed: 42 }, { ...load, tableName: 'x' })).toBe(
      a
    );
  });

  it('changes with the target, problem type, bins and load options', async () => {
    const base = await edaOptionsKey({}, load);
    const others = await Promise.all([
      edaOptionsKey({ target: 'species' }, load),
      edaOptionsKey({ target: 'species', problemType: 'regression' }, load),
      edaOptionsKey({ histogramBins: 20 }, load),
      edaOptionsKey({}, { ...load, missingTokens: ['NA'] })
    ]);
    expect(new Set([base, ...others]).size).toBe(5);
  });

  it('canonicalJson() sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"z":1}]},"b":1}'
    );
  });
});

describe('EdaResultsRepo', () => {
  it('put() then get() returns the results with createdAt and a TTL expiry', async () => {
    const repo = new EdaResultsRepo(freshDb(), () => 1000);
    const key = { datasetHash: 'h1', optionsKey: await edaOptionsKey({}, load) };
    const ref = await repo.put(key, fake, 's1');
    expect(ref).toEqual({ id: edaCacheId(key), ...key, createdAt: 1000 });
    const got = await repo.get(key);
    expect(got?.results).toEqual(fake);
    expect(got?.createdAt).toBe(1000);
    expect(got?.expiresAt).toBe(1000 + EDA_TTL_MS);
  });

  it('get() misses (and deletes) an expired entry', async () => {
    let now = 1000;
    const db = freshDb();
    const repo = new EdaResultsRepo(db, () => now, 500);
    const key = { datasetHash: 'h1', optionsKey: 'k' };
    await repo.put(key, fake);
    now = 1499;
    expect(await repo.get(key)).toBeDefined();
    now = 1500;
    expect(await repo.get(key)).toBeUndefined();
    expect(await db.eda_results.count()).toBe(0);
  });

  it('get() misses for other options or another dataset hash', async () => {
    const repo = new EdaResultsRepo(freshDb());
    const k1 = await edaOptionsKey({ target: 'species' }, load);
    const k2 = await edaOptionsKey({ target: 'island' }, load);
    await repo.put({ datasetHash: 'h1', optionsKey: k1 }, fake);
    expect(await repo.get({ datasetHash: 'h1', optionsKey: k2 })).toBeUndefined();
    expect(await repo.get({ datasetHash: 'h2', optionsKey: k1 })).toBeUndefined();
    expect(await repo.get({ datasetHash: 'h1', optionsKey: k1 })).toBeDefined();
  });

  it('put() replaces the entry for the same key (recompute) and purgeExpired() clears old ones', async () => {
    let now = 0;
    const db = freshDb();
    const repo = new EdaResultsRepo(db, () => now, 100);
    const key = { datasetHash: 'h', optionsKey: 'k' };
    await repo.put({ datasetHash: 'h', optionsKey: 'old' }, fake);
    await repo.put(key, fake);
    now = 50;
    await repo.put(key, { ...fake, table: 'again' });
    expect(await db.eda_results.count()).toBe(2);
    expect((await repo.get(key))?.results.table).toBe('again');
    now = 120; // 'old' expired at 100, the recomputed one lives until 150
    expect(await repo.purgeExpired()).toBe(1);
    expect(await repo.get(key)).toBeDefined();
  });
});
