/**
 * Records stored in IndexedDB. Plain data only (structured-clone safe): Blobs, numbers, strings,
 * arrays and objects, never class instances.
 */
import type { DatasetInfo, LoadOptions, ProblemType } from '$engine';

export type SessionStatus = 'new' | 'loaded' | 'error';

/**
 * Session state under the keys the product has always used (DATA_INFO, TARGET_COLUMN…); later
 * features add EDA_RESULTS, EDA_COMPLETE, ML_RESULTS, MODEL_COMPLETE, BEST_MODEL.
 */
export interface SessionState {
  DATA_INFO?: DatasetInfo;
  TARGET_COLUMN?: string;
  PROBLEM_TYPE?: ProblemType;
  /** True when PROBLEM_TYPE was chosen by the user rather than inferred. */
  PROBLEM_TYPE_OVERRIDE?: boolean;
  EDA_RESULTS?: unknown;
  EDA_COMPLETE?: boolean;
  ML_RESULTS?: unknown;
  MODEL_COMPLETE?: boolean;
  BEST_MODEL?: string;
  [key: string]: unknown;
}

export interface SessionRecord {
  id: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  datasetId?: string;
  rows?: number;
  cols?: number;
  target?: string;
  /** Added in schema version 2. */
  status: SessionStatus;
  state: SessionState;
}

export interface DatasetRecord {
  id: string;
  sessionId: string;
  fileName: string;
  mimeType: string;
  /** Bytes. */
  size: number;
  /** The original file, unchanged. */
  blob: Blob;
  /** SHA-256 of the file, lowercase hex. */
  hash: string;
  loadOptions: LoadOptions;
  /** Schema and profile from the last successful load. */
  info?: DatasetInfo;
  createdAt: number;
}

/** Cached results keyed by dataset hash + options, with a TTL. */
export interface CachedResult {
  id: string;
  sessionId?: string;
  datasetHash: string;
  optionsKey: string;
  payload: unknown;
  createdAt: number;
  expiresAt: number;
}

export interface PipelineRecord {
  id: string;
  sessionId: string;
  kind: string;
  spec: unknown;
  createdAt: number;
}

export interface ModelRecord {
  id: string;
  sessionId: string;
  name: string;
  version: number;
  champion: 0 | 1;
  bundle: unknown;
  createdAt: number;
}

export interface ChatMessageRecord {
  id?: number;
  sessionId: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  createdAt: number;
}

export interface MonitoringLogRecord {
  id?: number;
  modelId: string;
  kind: string;
  payload: unknown;
  createdAt: number;
}

export interface JobRecord {
  id: string;
  kind: string;
  status: 'scheduled' | 'running' | 'done' | 'failed';
  nextRunAt: number;
  payload: unknown;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}
