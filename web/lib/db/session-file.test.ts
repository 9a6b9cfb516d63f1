// Guards the session file (datagenius-session/1): exportSession() → importSession() into a fresh
// database gives back every record (typed arrays with NaN payloads, ±∞ and -0 bit for bit, the
// dataset's bytes and hash, Blobs inside predictions); an import over an existing session makes a
// copy with every id remapped and leaves the original alone; each kind of bad file is its typed
// code with nothing written; a failure part-way writes nothing; sessions without EDA / models /
// data export too. Expectations are the seeded records themselves, never our own output.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '$engine/errors';
import { AppDb } from './schema';
import { EDA_TTL_MS } from './eda-results';
import { sha256Hex } from './ids';
import type {
  CachedResult,
  ChatMessageRecord,
  DatasetRecord,
  ModelRecord,
  MonitoringLogRecord,
  PipelineRecord,
  SessionRecord
} from './types';
import {
  SESSION_FILE_FORMAT,
  exportSession,
  importSession,
  readSessionFile,
  sessionFileName
} from './session-file';

let n = 0;
const open: Dexie[] = [];
function freshDb(): AppDb {
  const db = new AppDb(`session-file-test-${Date.now()}-${n++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A NaN with payload bits 0x…123: only a byte-exact path keeps them. */
function payloadNaN(): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, 0x7ff80000, false);
  v.setUint32(4, 0x00000123, false);
  return v.getFloat64(0, false);
}
const bitsOf = (a: Float64Array) =>
  Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

const SID = 'sess0000001';
const MID = 'm_00000000000000a1';
const MID_OLD = 'm_00000000000000a0';
const CSV = 'species,bill\nAdelie,39.1\nGentoo,47.3\nChinstrap,\n';
const T0 = 1_700_000_000_000;

interface Seed {
  session: SessionRecord;
  dataset: DatasetRecord;
  eda: CachedResult;
  pipeline: PipelineRecord;
  models: ModelRecord[];
  prediction: CachedResult;
  chat: ChatMessageRecord[];
  logs: MonitoringLogRecord[];
  predCsv: string;
}

function bundle(id: string, parentId: string | null) {
  return {
    format: 'datagenius-model/1',
    id,
    parentId,
    version: 1,
    target: 'species',
    metrics: { cv: { accuracy: 0.9, logloss: NaN } },
    model: { state: 'AAECAw==' }
  };
}

async function seed(db: AppDb, opts: { eda?: boolean; models?: boolean } = {}): Promise<Seed> {
  const withEda = opts.eda ?? true;
  const withModels = opts.models ?? true;
  const blob = new Blob([CSV], { type: 'text/csv' });
  const hash = await sha256Hex(blob);
  const dataset: DatasetRecord = {
    id: 'ds000000001',
    sessionId: SID,
    fileName: 'pingwiny żółte.csv',
    mimeType: 'text/csv',
    size: blob.size,
    blob,
    hash,
    loadOptions: { fileName: 'pingwiny żółte.csv', delimiter: ',' } as DatasetRecord['loadOptions'],
    createdAt: T0
  };
  const edaId = `eda:${hash}:opts1`;
  const eda: CachedResult = {
    id: edaId,
    sessionId: SID,
    datasetHash: hash,
    optionsKey: 'opts1',
    payload: { version: 1, columns: [{ name: 'bill', mean: 43.2, skew: NaN, max: Infinity }] },
    createdAt: T0 + 1,
    expiresAt: T0 + 1 + EDA_TTL_MS
  };
  const preds = new Float64Array([0.25, payloadNaN(), Infinity, -Infinity, -0, 1e-300]);
  const state: SessionRecord['state'] = {
    TARGET_COLUMN: 'species',
    PROBLEM_TYPE: 'multiclass',
    weird: { $typed: 'not a tag', nested: { $num: 'x' } },
    ...(withEda
      ? {
          EDA_RESULTS: { id: edaId, datasetHash: hash, optionsKey: 'opts1', createdAt: T0 + 1 },
          EDA_COMPLETE: true
        }
      : {}),
    ...(withModels
      ? {
          ML_RESULTS: {
            modelId: MID,
            bestId: 'gbdt',
            metric: 'accuracy',
            truncated: false,
            holdout: { accuracy: 0.75 },
            explainedModelId: MID,
            top_features: ['bill']
          },
          MODEL_COMPLETE: true,
          BEST_MODEL: MID,
          EXPLAIN_RESULTS: {
            modelId: MID,
            createdAt: T0 + 5,
            evaluation: {
              modelId: MID,
              task: 'multiclass',
              classes: ['Adelie', 'Gentoo', 'Chinstrap'],
              holdoutRows: new Uint32Array([0, 2, 4294967295]),
              y: new Float64Array([0, 2, NaN]),
              predictions: preds,
              metrics: { accuracy: 0.5, logloss: Infinity },
              shap: { codes: new Int32Array([-1, 7]), f32: new Float32Array([NaN, -0.5]) },
              permutation: null,
              learning: null,
              seconds: { predict: 0.01 }
            }
          }
        }
      : {})
  };
  const session: SessionRecord = {
    id: SID,
    name: 'Analiza pingwinów',
    createdAt: T0,
    updatedAt: T0 + 9,
    datasetId: dataset.id,
    rows: 3,
    cols: 2,
    target: 'species',
    status: 'loaded',
    state
  };
  const pipeline: PipelineRecord = {
    id: 'pl000000001',
    sessionId: SID,
    kind: 'fe',
    spec: { steps: [{ op: 'log', column: 'bill' }] },
    createdAt: T0 + 2
  };
  const models: ModelRecord[] = withModels
    ? [
        {
          id: MID_OLD,
          sessionId: SID,
          name: 'species · gbdt',
          version: 1,
          champion: 0,
          bundle: bundle(MID_OLD, null),
          createdAt: T0 + 3
        },
        {
          id: MID,
          sessionId: SID,
          name: 'species · gbdt',
          version: 2,
          champion: 1,
          bundle: bundle(MID, MID_OLD),
          createdAt: T0 + 4
        }
      ]
    : [];
  const predCsv = 'species,Label\nAdelie,Adelie\n';
  const prediction: CachedResult = {
    id: `pred:${SID}:${hash}:${MID}`,
    sessionId: SID,
    datasetHash: hash,
    optionsKey: MID,
    payload: {
      fileName: 'new.csv',
      modelId: MID,
      rows: 1,
      csv: new Blob([predCsv], { type: 'text/csv' })
    },
    createdAt: T0 + 6,
    expiresAt: T0 + 6 + 1000
  };
  const chat: ChatMessageRecord[] = [
    { sessionId: SID, role: 'user', content: 'Który model wygrał?', createdAt: T0 + 7 },
    { sessionId: SID, role: 'assistant', content: `Model ${MID}.`, createdAt: T0 + 8 }
  ];
  const logs: MonitoringLogRecord[] = withModels
    ? [
        {
          modelId: MID,
          kind: 'drift',
          payload: { psi: new Float64Array([0.1, NaN]) },
          createdAt: T0 + 9
        }
      ]
    : [];
  await db.sessions.add(session);
  await db.datasets.add(dataset);
  await db.pipelines.add(pipeline);
  if (withEda) await db.eda_results.add(eda);
  if (withModels) {
    await db.models.bulkAdd(models);
    await db.predictions.add(prediction);
    await db.monitoring_logs.bulkAdd(logs);
  }
  await db.chat_messages.bulkAdd(chat);
  return { session, dataset, eda, pipeline, models, prediction, chat, logs, predCsv };
}

/** Blobs replaced by {type, text} so toEqual compares their contents. */
async function withBlobText(v: unknown): Promise<unknown> {
  if (v instanceof Blob) return { blobType: v.type, text: await v.text() };
  if (Array.isArray(v)) return Promise.all(v.map(withBlobText));
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await withBlobText(x);
    return out;
  }
  return v;
}

async function dump(db: AppDb) {
  return {
    sessions: await db.sessions.toArray(),
    datasets: await withBlobText(await db.datasets.toArray()),
    eda: await db.eda_results.toArray(),
    pipelines: await db.pipelines.toArray(),
    models: await db.models.toArray(),
    predictions: await withBlobText(await db.predictions.toArray()),
    chat: await db.chat_messages.toArray(),
    logs: await db.monitoring_logs.toArray()
  };
}

async function fileBytes(blob: Blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

/** The exported archive with `edit` applied to its entries. */
async function edited(
  blob: Blob,
  edit: (e: Record<string, Uint8Array>) => void
): Promise<Uint8Array> {
  const entries = unzipSync(await fileBytes(blob));
  edit(entries);
  return zipSync(entries as Zippable);
}

async function expectCode(p: Promise<unknown>, code: string, reason?: string) {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (reason) expect((e as AppError).details.reason).toBe(reason);
  return e as AppError;
}

describe('exportSession() → importSession()', () => {
  it('reproduces every record in a fresh database, typed arrays and Blobs included', async () => {
    const src = freshDb();
    const s = await seed(src);
    const { blob, fileName, manifest } = await exportSession(src, SID, {
      now: () => T0 + 100,
      appVersion: '0.1.0'
    });
    expect(fileName).toBe('analiza-pingwinow.dgsession');
    expect(manifest).toMatchObject({
      format: SESSION_FILE_FORMAT,
      exportedAt: new Date(T0 + 100).toISOString(),
      appVersion: '0.1.0',
      sessionId: SID,
      counts: {
        datasets: 1,
        edaResults: 1,
        pipelines: 1,
        models: 2,
        predictions: 1,
        chatMessages: 2,
        monitoringLogs: 1,
        blobs: 1
      }
    });
    const names = Object.keys(unzipSync(await fileBytes(blob)));
    expect(names).toEqual(['manifest.json', 'session.json', 'data/pingwiny-zolte.csv', 'blobs/0']);

    const dst = freshDb();
    const now = T0 + 50_000;
    const res = await importSession(dst, blob, { now: () => now });
    expect(res).toMatchObject({ sessionId: SID, copied: false, name: 'Analiza pingwinów' });

    const got = await dump(dst);
    expect(got.sessions).toEqual([s.session]);
    expect(got.datasets).toEqual([{ ...s.dataset, blob: { blobType: 'text/csv', text: CSV } }]);
    expect(got.eda).toEqual([{ ...s.eda, expiresAt: now + EDA_TTL_MS }]);
    expect(got.pipelines).toEqual([s.pipeline]);
    expect(got.models).toEqual(s.models);
    const p = s.prediction;
    expect(got.predictions).toEqual([
      {
        ...p,
        payload: { ...(p.payload as object), csv: { blobType: 'text/csv', text: s.predCsv } },
        expiresAt: now + 1000
      }
    ]);
    expect(got.chat).toEqual(s.chat.map((c, i) => ({ ...c, id: i + 1 })));
    expect(got.logs).toEqual([{ ...s.logs[0], id: 1 }]);

    // Bit-exact binary: the NaN payload, -0, the dataset bytes and their hash.
    const ev = (got.sessions[0].state.EXPLAIN_RESULTS as { evaluation: Record<string, unknown> })
      .evaluation;
    const want = (s.session.state.EXPLAIN_RESULTS as { evaluation: Record<string, unknown> })
      .evaluation;
    expect(ev.predictions).toBeInstanceOf(Float64Array);
    expect(bitsOf(ev.predictions as Float64Array)).toEqual(
      bitsOf(want.predictions as Float64Array)
    );
    expect(Object.is((ev.predictions as Float64Array)[4], -0)).toBe(true);
    expect(ev.holdoutRows).toBeInstanceOf(Uint32Array);
    expect((ev.shap as { f32: unknown }).f32).toBeInstanceOf(Float32Array);
    const ds = await dst.datasets.get(s.dataset.id);
    expect(await sha256Hex(ds!.blob)).toBe(s.dataset.hash);
  });

  it('makes a copy when the session exists: new ids, every reference remapped, original untouched', async () => {
    const db = freshDb();
    const s = await seed(db);
    const before = await dump(db);
    const { blob } = await exportSession(db, SID);
    let k = 0;
    let m = 0;
    const res = await importSession(db, blob, {
      lang: 'en',
      now: () => T0 + 10,
      newId: () => `new${++k}`,
      newModelId: () => `m_new${++m}`
    });
    // Ids in order: session, dataset, pipeline, then models in file order (MID_OLD, MID).
    expect(res).toMatchObject({
      sessionId: 'new1',
      copied: true,
      name: 'Analiza pingwinów (copy)'
    });
    const ids: Record<string, string> = {
      [SID]: 'new1',
      [s.dataset.id]: 'new2',
      [s.pipeline.id]: 'new3',
      [MID_OLD]: 'm_new1',
      [MID]: 'm_new2'
    };

    const copy = (await db.sessions.get('new1'))!;
    expect(copy.datasetId).toBe(ids[s.dataset.id]);
    const st = copy.state as Record<string, Record<string, unknown>>;
    expect(st.BEST_MODEL).toBe('m_new2');
    expect(st.ML_RESULTS).toMatchObject({
      modelId: 'm_new2',
      explainedModelId: 'm_new2',
      bestId: 'gbdt'
    });
    expect(st.EXPLAIN_RESULTS.modelId).toBe('m_new2');
    expect((st.EXPLAIN_RESULTS.evaluation as { modelId: string }).modelId).toBe('m_new2');
    expect(st.EDA_RESULTS).toEqual(s.session.state.EDA_RESULTS);

    const models = await db.models.where('sessionId').equals('new1').sortBy('createdAt');
    expect(
      models.map((x) => [
        x.id,
        (x.bundle as { id: string }).id,
        (x.bundle as { parentId: string | null }).parentId,
        x.champion
      ])
    ).toEqual([
      ['m_new1', 'm_new1', null, 0],
      ['m_new2', 'm_new2', 'm_new1', 1]
    ]);
    const preds = await db.predictions.where('sessionId').equals('new1').toArray();
    expect(
      preds.map((x) => [x.id, x.optionsKey, (x.payload as { modelId: string }).modelId])
    ).toEqual([[`pred:new1:${s.dataset.hash}:m_new2`, 'm_new2', 'm_new2']]);
    expect(await db.datasets.get('new2')).toMatchObject({
      sessionId: 'new1',
      hash: s.dataset.hash
    });
    expect(await db.pipelines.get('new3')).toMatchObject({ sessionId: 'new1' });
    const chat = await db.chat_messages.where('sessionId').equals('new1').toArray();
    // New auto-increment ids; free text is never rewritten (only whole-string ids are).
    expect(chat.map((c) => [c.id, c.content])).toEqual([
      [3, 'Który model wygrał?'],
      [4, `Model ${MID}.`]
    ]);
    expect(await db.monitoring_logs.where('modelId').equals('m_new2').count()).toBe(1);

    // The original's records are exactly as before; the shared EDA entry is kept, not rewritten.
    const after = await dump(db);
    expect(after.sessions.filter((x) => x.id === SID)).toEqual(before.sessions);
    expect(after.eda).toEqual(before.eda);
    for (const t of ['datasets', 'pipelines', 'models', 'predictions', 'chat', 'logs'] as const) {
      const orig = (after[t] as { sessionId?: string; modelId?: string }[]).filter(
        (r) => r.sessionId === SID || r.modelId === MID
      );
      expect(orig).toEqual(before[t]);
    }
    expect(after.sessions).toHaveLength(2);
  });

  it('names a copy " (kopia)" in Polish (the default)', async () => {
    const db = freshDb();
    await seed(db);
    const { blob } = await exportSession(db, SID);
    const res = await importSession(db, blob);
    expect(res.name).toBe('Analiza pingwinów (kopia)');
    expect(res.sessionId).not.toBe(SID);
  });

  it('exports a session without EDA and models, and one without any data', async () => {
    const src = freshDb();
    const s = await seed(src, { eda: false, models: false });
    await src.sessions.add({
      id: 'empty000001',
      name: 'Pusta',
      createdAt: T0,
      updatedAt: T0,
      status: 'new',
      state: {}
    });
    const one = await exportSession(src, SID);
    expect(one.manifest.counts).toMatchObject({
      edaResults: 0,
      models: 0,
      predictions: 0,
      blobs: 0
    });
    const empty = await exportSession(src, 'empty000001');
    expect(empty.manifest.counts).toMatchObject({ datasets: 0, chatMessages: 0 });

    const dst = freshDb();
    await importSession(dst, one.blob);
    await importSession(dst, empty.blob);
    expect(await dst.sessions.get(SID)).toEqual(s.session);
    expect(await dst.sessions.get('empty000001')).toMatchObject({ name: 'Pusta', state: {} });
    expect(await dst.models.count()).toBe(0);
    expect(await dst.eda_results.count()).toBe(0);
  });

  it('exportSession() of an unknown id is AppError SESSION_NOT_FOUND', async () => {
    await expectCode(exportSession(freshDb(), 'nope'), 'SESSION_NOT_FOUND');
  });
});

describe('importSession() rejects bad files with typed codes and writes nothing', () => {
  async function exported() {
    const src = freshDb();
    const s = await seed(src);
    return { ...s, blob: (await exportSession(src, SID)).blob };
  }

  async function rejects(file: Blob | Uint8Array, code: string, reason?: string) {
    const dst = freshDb();
    const e = await expectCode(importSession(dst, file), code, reason);
    const d = await dump(dst);
    for (const rows of Object.values(d)) expect(rows).toEqual([]);
    return e;
  }

  it('a CSV is SESSION_FILE_INVALID (not-zip), naming the file', async () => {
    const e = await rejects(new File([CSV], 'dane.csv'), 'SESSION_FILE_INVALID', 'not-zip');
    expect(e.messages.pl).toContain('„dane.csv”');
    expect(e.messages.en).toContain('"dane.csv"');
    expect(e.hint?.pl).toContain('.dgsession');
  });

  it('an empty file and a ZIP without manifest.json are SESSION_FILE_INVALID', async () => {
    await rejects(new Uint8Array(0), 'SESSION_FILE_INVALID', 'not-zip');
    await rejects(zipSync({ 'readme.txt': strToU8('hi') }), 'SESSION_FILE_INVALID', 'no-manifest');
  });

  it('a manifest of another format is SESSION_FILE_INVALID; a newer version is SESSION_FILE_VERSION', async () => {
    const { blob } = await exported();
    const other = await edited(
      blob,
      (e) => (e['manifest.json'] = strToU8('{"format":"other-app/1"}'))
    );
    await rejects(other, 'SESSION_FILE_INVALID', 'not-session');
    const newer = await edited(
      blob,
      (e) => (e['manifest.json'] = strToU8('{"format":"datagenius-session/2"}'))
    );
    const err = await rejects(newer, 'SESSION_FILE_VERSION');
    expect(err.details).toMatchObject({
      format: 'datagenius-session/2',
      supported: 'datagenius-session/1'
    });
  });

  it('a truncated archive, broken JSON and a missing session.json are SESSION_FILE_CORRUPT', async () => {
    const { blob } = await exported();
    const bytes = await fileBytes(blob);
    await rejects(bytes.subarray(0, bytes.length >> 1), 'SESSION_FILE_CORRUPT', 'unzip');
    await rejects(
      await edited(blob, (e) => (e['session.json'] = strToU8('{"session":'))),
      'SESSION_FILE_CORRUPT',
      'json'
    );
    await rejects(
      await edited(blob, (e) => delete e['session.json']),
      'SESSION_FILE_CORRUPT',
      'no-session'
    );
    await rejects(
      await edited(blob, (e) => (e['manifest.json'] = strToU8('not json'))),
      'SESSION_FILE_CORRUPT',
      'json'
    );
  });

  it('an archive declaring more than 2 GiB unpacked ("zip bomb") is SESSION_FILE_CORRUPT too-large', async () => {
    const { blob } = await exported();
    const bytes = new Uint8Array(await fileBytes(blob));
    // Central directory headers (PK\x01\x02): the uncompressed size is the u32 at offset 24.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 <= bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const nameLen = view.getUint16(i + 28, true);
      const name = new TextDecoder().decode(bytes.subarray(i + 46, i + 46 + nameLen));
      if (name === 'session.json') {
        view.setUint32(i + 24, 0xf0000000, true);
        patched++;
      }
    }
    expect(patched).toBe(1);
    const e = await rejects(bytes, 'SESSION_FILE_CORRUPT', 'too-large');
    expect(e.messages.en).toContain('more than 2 GiB');
  });

  it('a missing data file and a data file whose SHA-256 differs are SESSION_FILE_CORRUPT', async () => {
    const { blob, dataset } = await exported();
    const entry = 'data/pingwiny-zolte.csv';
    const e1 = await rejects(
      await edited(blob, (e) => delete e[entry]),
      'SESSION_FILE_CORRUPT',
      'missing-data'
    );
    expect(e1.details.entry).toBe(entry);
    const e2 = await rejects(
      await edited(blob, (e) => (e[entry] = strToU8(CSV.replace('39.1', '39.2')))),
      'SESSION_FILE_CORRUPT',
      'hash-mismatch'
    );
    expect(e2.details).toMatchObject({ entry, expected: dataset.hash });
    expect(e2.details.actual).toBe(await sha256Hex(new Blob([CSV.replace('39.1', '39.2')])));
  });

  it('a missing attachment, a bad typed array and a session without id are SESSION_FILE_CORRUPT', async () => {
    const { blob } = await exported();
    await rejects(
      await edited(blob, (e) => delete e['blobs/0']),
      'SESSION_FILE_CORRUPT',
      'missing-blob'
    );
    const badTyped = await edited(blob, (e) => {
      const text = new TextDecoder().decode(e['session.json']);
      e['session.json'] = strToU8(
        text.replace(
          /"\$typed":"Uint32Array","base64":"[^"]*"/,
          '"$typed":"Uint32Array","base64":"AAA"'
        )
      );
    });
    await rejects(badTyped, 'SESSION_FILE_CORRUPT', 'encoding');
    const noId = await edited(blob, (e) => {
      const body = JSON.parse(new TextDecoder().decode(e['session.json']));
      delete body.session.id;
      e['session.json'] = strToU8(JSON.stringify(body));
    });
    const err = await rejects(noId, 'SESSION_FILE_CORRUPT', 'shape');
    expect(err.details.field).toBe('session.id');
  });

  it('readSessionFile() checks a good file without writing anything', async () => {
    const { blob, dataset } = await exported();
    const parsed = await readSessionFile(blob);
    expect(parsed.manifest.format).toBe(SESSION_FILE_FORMAT);
    expect(await parsed.body.datasets[0].blob.text()).toBe(CSV);
    expect(parsed.body.datasets[0].hash).toBe(dataset.hash);
  });
});

describe('importSession() keeps a file inside its own session', () => {
  it('records naming another session and logs of a foreign model are not attached elsewhere', async () => {
    const src = freshDb();
    await seed(src);
    const { blob } = await exportSession(src, SID);
    const dst = freshDb();
    await dst.sessions.add({
      id: 'victim00001',
      name: 'V',
      createdAt: 0,
      updatedAt: 0,
      status: 'new',
      state: {}
    });
    const hostile = await edited(blob, (e) => {
      const body = JSON.parse(new TextDecoder().decode(e['session.json']));
      body.models[0].sessionId = 'victim00001';
      body.chatMessages[0].sessionId = 'victim00001';
      body.monitoringLogs.push({ modelId: 'm_foreign', kind: 'drift', payload: {}, createdAt: 1 });
      e['session.json'] = strToU8(JSON.stringify(body));
    });
    const res = await importSession(dst, hostile);
    expect(res.counts.monitoringLogs).toBe(1);
    expect(await dst.models.where('sessionId').equals('victim00001').count()).toBe(0);
    expect(await dst.chat_messages.where('sessionId').equals('victim00001').count()).toBe(0);
    expect(await dst.models.where('sessionId').equals(SID).count()).toBe(2);
    expect(await dst.monitoring_logs.where('modelId').equals('m_foreign').count()).toBe(0);
  });

  it('a data entry named like an Object.prototype member is SESSION_FILE_CORRUPT, not a crash', async () => {
    const src = freshDb();
    await seed(src);
    const { blob } = await exportSession(src, SID);
    const odd = await edited(blob, (e) => {
      const body = JSON.parse(new TextDecoder().decode(e['session.json']));
      body.datasets[0].file = 'constructor';
      e['session.json'] = strToU8(JSON.stringify(body));
    });
    await expectCode(importSession(freshDb(), odd), 'SESSION_FILE_CORRUPT', 'missing-data');
  });
});

describe('importSession() failing part-way', () => {
  it('a full disk while writing models is STORAGE_QUOTA and leaves the database empty', async () => {
    const src = freshDb();
    await seed(src);
    const { blob } = await exportSession(src, SID);
    const dst = freshDb();
    vi.spyOn(dst.models, 'bulkAdd').mockRejectedValue(
      new DOMException('full', 'QuotaExceededError')
    );
    await expectCode(importSession(dst, blob), 'STORAGE_QUOTA');
    const d = await dump(dst);
    for (const rows of Object.values(d)) expect(rows).toEqual([]);
  });
});

describe('sessionFileName()', () => {
  it('keeps ASCII letters, digits, dots and dashes, folding Polish letters', () => {
    expect(sessionFileName('Analiza Q3: żółw/../x')).toBe('analiza-q3-zolw-..-x.dgsession');
    expect(sessionFileName('***')).toBe('session.dgsession');
  });
});
