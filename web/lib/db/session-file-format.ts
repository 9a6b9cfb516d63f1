/** The session file's format: constants and the shapes of manifest.json and session.json. */
import { sanitizeFileName } from '$lib/charts/export';
import type {
  CachedResult,
  ChatMessageRecord,
  DatasetRecord,
  ModelRecord,
  MonitoringLogRecord,
  PipelineRecord,
  SessionRecord
} from './types';

export const SESSION_FILE_NAME = 'datagenius-session';
export const SESSION_FILE_VERSION = 1;
export const SESSION_FILE_FORMAT = `${SESSION_FILE_NAME}/${SESSION_FILE_VERSION}`;
export const SESSION_FILE_EXTENSION = '.dgsession';
/** What the import file input accepts. */
export const SESSION_FILE_ACCEPT = '.dgsession,.zip,application/zip';

/** A dataset record in session.json: everything but the Blob, plus the zip entry holding it. */
export interface SessionFileDataset extends Omit<DatasetRecord, 'blob'> {
  /** Entry name, `data/<safe name>`. */
  file: string;
}

/** session.json (before tagged encoding). */
export interface SessionFileBody {
  session: SessionRecord;
  datasets: SessionFileDataset[];
  edaResults: CachedResult[];
  pipelines: PipelineRecord[];
  models: ModelRecord[];
  predictions: CachedResult[];
  chatMessages: ChatMessageRecord[];
  monitoringLogs: MonitoringLogRecord[];
}

export interface SessionFileCounts {
  datasets: number;
  edaResults: number;
  pipelines: number;
  models: number;
  predictions: number;
  chatMessages: number;
  monitoringLogs: number;
  /** `blobs/<n>` entries (Blobs other than the data files). */
  blobs: number;
}

export interface SessionFileManifest {
  format: string;
  /** ISO 8601. */
  exportedAt: string;
  app: 'DataGenius PRO';
  appVersion?: string;
  sessionId: string;
  sessionName: string;
  /** Byte order of the typed arrays in session.json. */
  littleEndian: boolean;
  counts: SessionFileCounts;
}

/** The download name for a session: ASCII letters, digits, '.', '_', '-' plus `.dgsession`. */
export function sessionFileName(name: string): string {
  return `${sanitizeFileName(name, 'session')}${SESSION_FILE_EXTENSION}`;
}
