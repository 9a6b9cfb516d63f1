// Guards ModelsRepo: save() versions bundles per name and keeps one champion per session, a
// re-save keeps the version, list() puts the champion first, the download is the bundle's JSON
// under a safe file name, and a bundle without an id is a typed INVALID_MODEL error.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelBundle } from '$engine';
import { AppError } from '$engine/errors';
import { AppDb } from './schema';
import { ModelsRepo, modelFileName, modelName } from './models';

let n = 0;
const open: Dexie[] = [];
function freshDb(): AppDb {
  const db = new AppDb(`models-test-${Date.now()}-${n++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function bundle(id: string, family = 'gbdt', target = 'species'): ModelBundle {
  return {
    format: 'datagenius-model/1',
    id,
    version: 1,
    createdAt: '2026-11-24T22:00:00.000Z',
    parentId: null,
    problemType: 'multiclass',
    target,
    classes: ['a', 'b', 'c'],
    feature_names: ['x'],
    inputSchema: [{ name: 'x', kind: 'numeric', min: 0, max: 1 }],
    pipeline: { steps: [] },
    model: { family: family as ModelBundle['family'], format: 'f/1', params: {}, state: 'AAAA' },
    family: family as ModelBundle['family'],
    params: {},
    stage: 'refit',
    metric: 'accuracy',
    metrics: { cv: { accuracy: 0.9 }, holdout: { accuracy: 0.85 } },
    leaderboard: [
      {
        id: family,
        family: family as ModelBundle['family'],
        stage: 'compare',
        params: {},
        cv: { accuracy: 0.9 },
        cvStd: { accuracy: 0.01 },
        fitSeconds: 0.2,
        status: 'done'
      }
    ],
    referenceProfile: [],
    meta: { rows: 150 }
  };
}

describe('ModelsRepo', () => {
  it('save() numbers versions 1, 2 within a name and moves the champion flag', async () => {
    let t = 0;
    const repo = new ModelsRepo(freshDb(), () => ++t);
    const a = await repo.save('s1', bundle('m1'));
    const b = await repo.save('s1', bundle('m2'));
    expect([a.name, a.version, b.version]).toEqual(['species · gbdt', 1, 2]);
    expect((await repo.get('m1'))?.champion).toBe(0);
    expect((await repo.get('m2'))?.champion).toBe(1);
    const other = await repo.save('s1', bundle('m3', 'knn'), { champion: false });
    expect([other.name, other.version, other.champion]).toEqual(['species · knn', 1, 0]);
    expect((await repo.champion('s1'))?.id).toBe('m2');
  });

  it('save() of the same bundle again keeps its version and creation time', async () => {
    let t = 0;
    const repo = new ModelsRepo(freshDb(), () => (t += 10));
    await repo.save('s1', bundle('m1'), { champion: false });
    const again = await repo.save('s1', bundle('m1'));
    expect([again.version, again.createdAt, again.champion]).toEqual([1, 10, 1]);
    expect(await repo.list('s1')).toHaveLength(1);
  });

  it('list() is per session, champion first, then newest first', async () => {
    let t = 0;
    const repo = new ModelsRepo(freshDb(), () => ++t);
    await repo.save('s1', bundle('old'));
    await repo.save('s1', bundle('mid'), { champion: false });
    await repo.save('s1', bundle('new'), { champion: false });
    await repo.save('s2', bundle('elsewhere'));
    expect((await repo.list('s1')).map((m) => m.id)).toEqual(['old', 'new', 'mid']);
    expect((await repo.list('s2')).map((m) => m.id)).toEqual(['elsewhere']);
  });

  it('keeps the bundle (leaderboard included) as saved', async () => {
    const repo = new ModelsRepo(freshDb());
    const b = bundle('m1');
    await repo.save('s1', b);
    expect((await repo.get('m1'))?.bundle).toEqual(b);
  });

  it('delete() and deleteForSession() remove records', async () => {
    const repo = new ModelsRepo(freshDb());
    await repo.save('s1', bundle('a'));
    await repo.save('s1', bundle('b'));
    await repo.save('s2', bundle('c'));
    await repo.delete('a');
    expect(await repo.get('a')).toBeUndefined();
    expect(await repo.deleteForSession('s1')).toBe(1);
    expect((await repo.list('s2')).map((m) => m.id)).toEqual(['c']);
  });

  it('save() rejects a bundle without an id as AppError INVALID_MODEL', async () => {
    const repo = new ModelsRepo(freshDb());
    const err = await repo.save('s1', { ...bundle('x'), id: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_MODEL');
    expect((err as AppError).details).toEqual({ field: 'id' });
  });

  it('toFile() gives the bundle JSON under a safe file name', async () => {
    const b = bundle('m1', 'gbdt', 'Przeżył?/../"x"');
    const { blob, fileName } = ModelsRepo.toFile({ name: modelName(b), version: 3, bundle: b });
    expect(fileName).toBe('Przezyl-x-gbdt-v3.json');
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(b);
    expect(modelFileName({ name: '***', version: 1 })).toBe('model-v1.json');
  });
});
