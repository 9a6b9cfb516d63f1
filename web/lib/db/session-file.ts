/**
 * Whole-session export to one file (`datagenius-session/1`, extension `.dgsession`) so a colleague
 * can open the same session in another browser. The file is a ZIP:
 *
 * - `manifest.json` — format, exportedAt, app version (when the caller knows it), counts;
 * - `session.json` — tagged JSON (session-file-codec.ts) of the session record, the dataset
 *   records without their Blob (each names its `file`), the EDA cache entries the session uses,
 *   pipelines, models (bundles), predictions, chat messages and the models' monitoring logs;
 * - `data/<safe name>` — the original data file, byte for byte (its SHA-256 is the dataset's hash);
 * - `blobs/<n>` — every other Blob found in those records (e.g. a prediction's CSV), in order.
 *
 * Import (session-file-import.ts) validates all of it before writing anything, in one transaction.
 */
import { sanitizeFileName } from '$lib/charts/export';
import { AppError } from '$engine/errors';
import { sessionTables, type AppDb } from './schema';
import type {
  CachedResult,
  ChatMessageRecord,
  DatasetRecord,
  ModelRecord,
  PipelineRecord
} from './types';
import {
  SESSION_FILE_FORMAT,
  sessionFileName,
  type SessionFileBody,
  type SessionFileDataset,
  type SessionFileManifest
} from './session-file-format';
import { encodeTagged, TaggedJsonError } from './session-file-codec';
import { sessionNotFound } from './session-file-errors';
import { levelFor, zipBytes } from './session-file-zip';

export {
  SESSION_FILE_ACCEPT,
  SESSION_FILE_EXTENSION,
  SESSION_FILE_FORMAT,
  SESSION_FILE_NAME,
  SESSION_FILE_VERSION,
  sessionFileName
} from './session-file-format';
export type {
  SessionFileBody,
  SessionFileCounts,
  SessionFileDataset,
  SessionFileManifest
} from './session-file-format';

export interface ExportOptions {
  now?: () => number;
  appVersion?: string;
}

export interface SessionExport {
  /** The `.dgsession` file (a ZIP). */
  blob: Blob;
  /** `<safe session name>.dgsession`. */
  fileName: string;
  manifest: SessionFileManifest;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const byTime = <T extends { createdAt: number; id?: string | number }>(a: T, b: T) =>
  a.createdAt - b.createdAt || String(a.id).localeCompare(String(b.id));

interface SessionRecords extends Omit<SessionFileBody, 'datasets'> {
  datasets: DatasetRecord[];
}

/** Everything stored for `sessionId`, read in one transaction (a consistent snapshot). */
async function readRecords(db: AppDb, sessionId: string): Promise<SessionRecords> {
  return db.transaction('r', sessionTables(db), async () => {
    const session = await db.sessions.get(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    const of = <T>(table: {
      where(i: string): { equals(v: string): { toArray(): Promise<T[]> } };
    }) => table.where('sessionId').equals(sessionId).toArray();
    const [datasets, edaOwn, pipelines, models, predictions, chatMessages] = await Promise.all([
      of<DatasetRecord>(db.datasets),
      of<CachedResult>(db.eda_results),
      of<PipelineRecord>(db.pipelines),
      of<ModelRecord>(db.models),
      of<CachedResult>(db.predictions),
      of<ChatMessageRecord>(db.chat_messages)
    ]);
    // The EDA cache is keyed by data + options, so the entry the session shows may have been
    // written by another session with the same file: take it by the session's reference too.
    const ref = session.state.EDA_RESULTS as { id?: unknown } | undefined;
    const edaResults = [...edaOwn];
    if (ref && typeof ref.id === 'string' && !edaOwn.some((e) => e.id === ref.id)) {
      const shared = await db.eda_results.get(ref.id);
      if (shared) edaResults.push(shared);
    }
    const modelIds = models.map((m) => m.id);
    const monitoringLogs = modelIds.length
      ? await db.monitoring_logs.where('modelId').anyOf(modelIds).toArray()
      : [];
    return {
      session,
      datasets: datasets.sort(byTime),
      edaResults: edaResults.sort(byTime),
      pipelines: pipelines.sort(byTime),
      models: models.sort(byTime),
      predictions: predictions.sort(byTime),
      chatMessages: chatMessages.sort(byTime),
      monitoringLogs: monitoringLogs.sort(byTime)
    };
  });
}

/** `data/<safe name>`, numbered when two datasets would share a name. */
function dataEntry(fileName: string, used: Set<string>): string {
  const safe = sanitizeFileName(fileName, 'data');
  let name = `data/${safe}`;
  for (let i = 2; used.has(name); i++) name = `data/${i}-${safe}`;
  used.add(name);
  return name;
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

/**
 * The session `sessionId` with everything it holds as one `.dgsession` file.
 * @throws AppError SESSION_NOT_FOUND, SESSION_EXPORT_FAILED (a record holds a value that cannot
 *   be written, e.g. a function).
 */
export async function exportSession(
  db: AppDb,
  sessionId: string,
  opts: ExportOptions = {}
): Promise<SessionExport> {
  const now = (opts.now ?? Date.now)();
  const records = await readRecords(db, sessionId);
  const used = new Set<string>();
  const dataFiles: [string, DatasetRecord][] = [];
  const datasets: SessionFileDataset[] = records.datasets.map((rec) => {
    const { blob: _blob, ...meta } = rec;
    void _blob;
    const file = dataEntry(rec.fileName, used);
    dataFiles.push([file, rec]);
    return { ...meta, file };
  });
  const body: SessionFileBody = { ...records, datasets };
  const blobs: Blob[] = [];
  let json: string;
  try {
    json = JSON.stringify(encodeTagged(body, blobs));
  } catch (e) {
    if (!(e instanceof TaggedJsonError)) throw e;
    throw new AppError({
      code: 'SESSION_EXPORT_FAILED',
      message: {
        pl: `Nie można wyeksportować sesji: zapisane dane zawierają wartość, której nie da się zapisać w pliku (${e.message}).`,
        en: `The session cannot be exported: its stored data holds a value that cannot be written to a file (${e.message}).`
      },
      details: { reason: e.reason, tag: e.tag },
      cause: e
    });
  }
  const manifest: SessionFileManifest = {
    format: SESSION_FILE_FORMAT,
    exportedAt: new Date(now).toISOString(),
    app: 'DataGenius PRO',
    ...(opts.appVersion ? { appVersion: opts.appVersion } : {}),
    sessionId,
    sessionName: records.session.name,
    littleEndian: LITTLE_ENDIAN,
    counts: {
      datasets: datasets.length,
      edaResults: body.edaResults.length,
      pipelines: body.pipelines.length,
      models: body.models.length,
      predictions: body.predictions.length,
      chatMessages: body.chatMessages.length,
      monitoringLogs: body.monitoringLogs.length,
      blobs: blobs.length
    }
  };
  const enc = new TextEncoder();
  const files: Record<string, [Uint8Array, { level: 0 | 1 }]> = {
    'manifest.json': [enc.encode(JSON.stringify(manifest, null, 2)), { level: 1 }],
    'session.json': [enc.encode(json), { level: 1 }]
  };
  for (const [name, rec] of dataFiles)
    files[name] = [await bytesOf(rec.blob), { level: levelFor(rec.fileName, rec.mimeType) }];
  for (const [i, b] of blobs.entries())
    files[`blobs/${i}`] = [await bytesOf(b), { level: levelFor('', b.type) }];
  const zipped = await zipBytes(files);
  return {
    blob: new Blob([zipped as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    fileName: sessionFileName(records.session.name),
    manifest
  };
}

export { importSession, readSessionFile } from './session-file-import';
export type { ImportOptions, SessionImport, ParsedSessionFile } from './session-file-import';
