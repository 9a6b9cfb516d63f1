/**
 * Import of a `.dgsession` file (format: session-file.ts). `readSessionFile` checks everything
 * (ZIP, manifest, format version, session.json, every data file against its SHA-256, every Blob
 * entry) and writes nothing; `importSession` then writes all records in one transaction, so a
 * failure part-way leaves the database as it was.
 *
 * Ids: when none of the file's session / dataset / model / pipeline ids exists in this browser,
 * every id is kept (the colleague's link `#/s/<id>` works). Otherwise the session comes in as a
 * copy: new ids for the session, datasets, pipelines and models, every reference remapped (any
 * string equal to an old id anywhere in the records — ML_RESULTS.modelId / explainedModelId,
 * BEST_MODEL, EXPLAIN_RESULTS.modelId and .evaluation.modelId, bundle.id / parentId, predictions'
 * optionsKey and payload.modelId, monitoring logs' modelId — plus old ids inside cache record ids
 * such as `pred:<session>:<hash>:<model>`), and " (kopia)" / " (copy)" after the name.
 * Nothing existing is overwritten: the EDA / prediction caches keep a fresh existing entry with the
 * same id (same data + options) and only fill gaps; chat messages and monitoring logs get new
 * auto-increment ids when theirs are taken.
 */
import { newModelId } from '$engine/bundle/build';
import type { Lang } from '$engine/errors';
import { sessionTables, type AppDb } from './schema';
import type { CachedResult, DatasetRecord, SessionRecord } from './types';
import { EDA_TTL_MS } from './eda-results';
import { guardQuota } from './quota';
import { newId as defaultNewId } from './ids';
import { decodeTagged, TaggedJsonError } from './session-file-codec';
import { sessionFileCorrupt, sessionFileInvalid, sessionFileVersion } from './session-file-errors';
import {
  SESSION_FILE_FORMAT,
  SESSION_FILE_NAME,
  SESSION_FILE_VERSION,
  type SessionFileBody,
  type SessionFileCounts,
  type SessionFileManifest
} from './session-file-format';
import { isZip, unzipBytes, ZipTooLargeError } from './session-file-zip';

export interface ImportOptions {
  /** Language of the copy suffix: " (kopia)" (pl, default) or " (copy)". */
  lang?: Lang;
  now?: () => number;
  /** Id factories (tests pass deterministic ones). */
  newId?: () => string;
  newModelId?: () => string;
}

/** A checked session file, ready to write: datasets have their Blob back. */
export interface ParsedSessionFile {
  manifest: SessionFileManifest;
  body: Omit<SessionFileBody, 'datasets'> & { datasets: DatasetRecord[] };
}

export interface SessionImport {
  /** The id to open (`#/s/<id>`): the file's own, or a new one for a copy. */
  sessionId: string;
  name: string;
  copied: boolean;
  /** Records written (cache entries kept from this browser are not counted). */
  counts: Omit<SessionFileCounts, 'blobs'>;
}

const COPY_SUFFIX: Record<Lang, string> = { pl: ' (kopia)', en: ' (copy)' };

const isObj = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function parseJson(bytes: Uint8Array, entry: string, fileName?: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw sessionFileCorrupt('json', fileName, { entry }, e);
  }
}

function checkFormat(format: unknown, fileName?: string): void {
  const m = typeof format === 'string' ? /^([a-z-]+)\/(\d+)$/.exec(format) : null;
  if (!m || m[1] !== SESSION_FILE_NAME)
    throw sessionFileInvalid('not-session', fileName, { format: String(format) });
  if (Number(m[2]) !== SESSION_FILE_VERSION)
    throw sessionFileVersion(format as string, SESSION_FILE_FORMAT, fileName);
}

/** Throws SESSION_FILE_CORRUPT 'shape' naming `field` unless every check holds. */
function checkShape(body: unknown, fileName?: string): asserts body is SessionFileBody {
  const fail = (field: string) => {
    throw sessionFileCorrupt('shape', fileName, { field });
  };
  if (!isObj(body)) return fail('session');
  const s = body.session;
  if (!isObj(s) || typeof s.id !== 'string' || !s.id) return fail('session.id');
  if (typeof s.name !== 'string') fail('session.name');
  if (!isObj(s.state)) fail('session.state');
  for (const f of ['createdAt', 'updatedAt'] as const)
    if (typeof s[f] !== 'number') fail(`session.${f}`);
  if (typeof s.status !== 'string') fail('session.status');
  const lists = [
    'datasets',
    'edaResults',
    'pipelines',
    'models',
    'predictions',
    'chatMessages',
    'monitoringLogs'
  ] as const;
  for (const key of lists) {
    // Lists a later minor revision may leave out are read as empty.
    body[key] ??= [];
    const list = body[key];
    if (!Array.isArray(list) || !list.every(isObj)) fail(key);
    const keyed = key !== 'chatMessages' && key !== 'monitoringLogs';
    if (keyed && !(list as { id?: unknown }[]).every((r) => typeof r.id === 'string' && r.id))
      fail(`${key}[].id`);
    const own = (list as { id?: unknown }[]).map((r) => r.id).filter((k) => k !== undefined);
    if (new Set(own).size !== own.length) fail(`${key}[].id`);
  }
  for (const d of body.datasets as unknown as Record<string, unknown>[]) {
    if (typeof d.file !== 'string') fail('datasets[].file');
    if (typeof d.hash !== 'string' || !/^[0-9a-f]{64}$/.test(d.hash)) fail('datasets[].hash');
  }
  const caches = [...(body.edaResults as unknown[]), ...(body.predictions as unknown[])];
  for (const c of caches as Record<string, unknown>[])
    if (typeof c.createdAt !== 'number' || typeof c.expiresAt !== 'number') fail('cache.expiresAt');
}

/**
 * Reads and checks a session file without writing anything.
 * @throws AppError SESSION_FILE_INVALID (not a ZIP / no manifest / not a session file),
 *   SESSION_FILE_VERSION (another format version), SESSION_FILE_CORRUPT (damaged archive or JSON,
 *   missing session.json, data file or attachment, data file hash ≠ the dataset's hash).
 */
export async function readSessionFile(file: Blob | Uint8Array): Promise<ParsedSessionFile> {
  const fileName = typeof File !== 'undefined' && file instanceof File ? file.name : undefined;
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
  if (!isZip(bytes)) throw sessionFileInvalid('not-zip', fileName);
  const keep = (n: string) =>
    n === 'manifest.json' ||
    n === 'session.json' ||
    n.startsWith('data/') ||
    n.startsWith('blobs/');
  let entries: Record<string, Uint8Array>;
  try {
    entries = await unzipBytes(bytes, keep);
  } catch (e) {
    if (e instanceof ZipTooLargeError)
      throw sessionFileCorrupt('too-large', fileName, { field: `${e.limit / 2 ** 30} GiB` }, e);
    throw sessionFileCorrupt('unzip', fileName, {}, e);
  }
  if (!entries['manifest.json']) throw sessionFileInvalid('no-manifest', fileName);
  const manifest = parseJson(entries['manifest.json'], 'manifest.json', fileName);
  if (!isObj(manifest)) throw sessionFileInvalid('not-session', fileName);
  checkFormat(manifest.format, fileName);
  if (!entries['session.json']) throw sessionFileCorrupt('no-session', fileName);
  const raw = parseJson(entries['session.json'], 'session.json', fileName);
  let body: unknown;
  try {
    body = decodeTagged(raw, (i) => {
      const entry = `blobs/${i}`;
      const b = entries[entry];
      if (!b) throw sessionFileCorrupt('missing-blob', fileName, { entry });
      return new Blob([b as Uint8Array<ArrayBuffer>]);
    });
  } catch (e) {
    if (!(e instanceof TaggedJsonError)) throw e;
    throw sessionFileCorrupt('encoding', fileName, { entry: e.tag ?? e.reason }, e);
  }
  checkShape(body, fileName);
  const datasets: DatasetRecord[] = [];
  for (const { file: entry, ...meta } of body.datasets) {
    // Own entries only: a name like "constructor" must not reach the object's prototype.
    const data = Object.hasOwn(entries, entry) ? entries[entry] : undefined;
    if (!data) throw sessionFileCorrupt('missing-data', fileName, { entry });
    const actual = await sha256(data);
    if (actual !== meta.hash)
      throw sessionFileCorrupt('hash-mismatch', fileName, {
        entry,
        expected: meta.hash,
        actual
      });
    datasets.push({
      ...meta,
      blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: meta.mimeType })
    });
  }
  return { manifest: manifest as unknown as SessionFileManifest, body: { ...body, datasets } };
}

/** `v` with every string equal to a key of `ids` replaced (object keys included). */
function remap<T>(v: T, ids: Map<string, string>): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return ids.get(x) ?? x;
    if (!x || typeof x !== 'object' || ArrayBuffer.isView(x) || x instanceof ArrayBuffer) return x;
    if (x instanceof Blob || x instanceof Date) return x;
    if (Array.isArray(x)) return x.map(walk);
    if (x instanceof Map) return new Map(Array.from(x, ([k, y]) => [walk(k), walk(y)]));
    if (x instanceof Set) return new Set(Array.from(x, walk));
    return Object.fromEntries(Object.entries(x).map(([k, y]) => [ids.get(k) ?? k, walk(y)]));
  };
  return ids.size ? (walk(v) as T) : v;
}

/** A cache record id with old ids inside it replaced (`pred:<session>:<hash>:<model>`). */
function remapInside(id: string, ids: Map<string, string>): string {
  let out = id;
  for (const [from, to] of ids) out = out.split(from).join(to);
  return out;
}

/** Whether any of the ids is taken in its table. */
async function anyTaken(
  checks: [{ bulkGet(k: string[]): Promise<unknown[]> }, string[]][]
): Promise<boolean> {
  for (const [table, ids] of checks)
    if (ids.length && (await table.bulkGet(ids)).some((r) => r !== undefined)) return true;
  return false;
}

/**
 * Imports a session file: checks it (readSessionFile), then writes every record in one
 * transaction. Returns the id to open.
 * @throws the errors of readSessionFile; AppError STORAGE_QUOTA when the browser's storage is full.
 */
export async function importSession(
  db: AppDb,
  file: Blob | Uint8Array,
  opts: ImportOptions = {}
): Promise<SessionImport> {
  const { body } = await readSessionFile(file);
  const clock = opts.now ?? Date.now;
  const makeId = opts.newId ?? (() => defaultNewId());
  const makeModelId = opts.newModelId ?? newModelId;
  const tables = sessionTables(db);
  return guardQuota(() =>
    db.transaction('rw', tables, async () => {
      const now = clock();
      const copied = await anyTaken([
        [db.sessions, [body.session.id]],
        [db.datasets, body.datasets.map((d) => d.id)],
        [db.models, body.models.map((m) => m.id)],
        [db.pipelines, body.pipelines.map((p) => p.id)]
      ]);
      const ids = new Map<string, string>();
      if (copied) {
        ids.set(body.session.id, makeId());
        for (const d of body.datasets) ids.set(d.id, makeId());
        for (const p of body.pipelines) ids.set(p.id, makeId());
        for (const m of body.models) ids.set(m.id, makeModelId());
      }
      const session: SessionRecord = remap(body.session, ids);
      if (copied) session.name = `${session.name}${COPY_SUFFIX[opts.lang ?? 'pl']}`;
      // add(), never put(): an id taken meanwhile aborts the whole transaction.
      await db.sessions.add(session);
      // Every record belongs to the imported session, whatever the file says: a file cannot
      // attach records to another session of this browser.
      const own = <R extends { sessionId?: string }>(r: R): R => ({ ...r, sessionId: session.id });
      await db.datasets.bulkAdd(remap(body.datasets, ids).map(own));
      await db.pipelines.bulkAdd(remap(body.pipelines, ids).map(own));
      await db.models.bulkAdd(remap(body.models, ids).map(own));
      const fillCache = async (
        table: typeof db.eda_results,
        recs: CachedResult[],
        expiresAt: (r: CachedResult) => number
      ) => {
        let written = 0;
        for (const r of recs) {
          const rec = own({ ...remap(r, ids), id: remapInside(r.id, ids) });
          const existing = await table.get(rec.id);
          if (existing && existing.expiresAt > now) continue;
          await table.put({ ...rec, expiresAt: expiresAt(r) });
          written++;
        }
        return written;
      };
      const edaResults = await fillCache(db.eda_results, body.edaResults, () => now + EDA_TTL_MS);
      // Predictions keep the lifetime they were given, counted from now.
      const predictions = await fillCache(
        db.predictions,
        body.predictions,
        (r) => now + Math.max(0, r.expiresAt - r.createdAt)
      );
      const autoIds = async <R extends { id?: number }>(
        table: { bulkGet(k: number[]): Promise<unknown[]>; bulkAdd(r: R[]): Promise<unknown> },
        recs: R[]
      ) => {
        const given = recs.map((r) => r.id).filter((k): k is number => typeof k === 'number');
        const keep = !copied && !(given.length && (await table.bulkGet(given)).some(Boolean));
        await table.bulkAdd(
          recs.map((r) => {
            const { id, ...rest } = remap(r, ids);
            return (keep && id !== undefined ? { id, ...rest } : rest) as unknown as R;
          })
        );
      };
      await autoIds(db.chat_messages, body.chatMessages.map(own));
      // Only logs of the file's own models: never logs for a model already in this browser.
      const modelIds = new Set(body.models.map((m) => m.id));
      const logs = body.monitoringLogs.filter((l) => modelIds.has(l.modelId));
      await autoIds(db.monitoring_logs, logs);
      return {
        sessionId: session.id,
        name: session.name,
        copied,
        counts: {
          datasets: body.datasets.length,
          edaResults,
          pipelines: body.pipelines.length,
          models: body.models.length,
          predictions,
          chatMessages: body.chatMessages.length,
          monitoringLogs: logs.length
        }
      };
    })
  );
}
