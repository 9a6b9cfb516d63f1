/**
 * Repository of the `predictions` table: batch predictions of a session (issue 7), one entry per
 * new file × model. The key is the dataset hash (SHA-256 of the predicted file) + the options key
 * (the bundle id), so predicting the same file with the same model again replaces the entry. The
 * exported CSV is kept as a Blob so the history can download it again without the workers; an
 * entry lives 30 days (expired ones are deleted when read, listed or purged).
 */
import type { ModelFamily, ProblemType } from '$engine';
import type { AppDb } from './schema';
import type { CachedResult } from './types';
import { guardQuota } from './quota';

/** How long stored predictions stay: 30 days. */
export const PREDICTIONS_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What the predictions say at a glance. */
export type PredictionSummary =
  | {
      kind: 'classes';
      /** One entry per bundle class, in the bundle's class order. */
      counts: { label: string; count: number }[];
    }
  | {
      kind: 'values';
      /** Finite predicted values counted; min / mean / max are NaN when there is none. */
      count: number;
      min: number;
      mean: number;
      max: number;
    };

/** The stored payload of one batch prediction. */
export interface PredictionPayload {
  /** Name of the predicted file as the user chose it (shown, never used as a path). */
  fileName: string;
  rows: number;
  /** Columns of the exported file in order: the file's columns, then Label / Score / Score_<class>. */
  columns: string[];
  /** Columns of the file the model does not use (left in the export, ignored by the model). */
  ignoredColumns: string[];
  modelId: string;
  /** Model lineage name (`<target> · <family>`) and bundle version. */
  modelName: string;
  modelVersion: number;
  family: ModelFamily;
  target: string;
  problemType: ProblemType;
  summary: PredictionSummary;
  /** The exported CSV (input columns + prediction columns, formula cells neutralised). */
  csv: Blob;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** What identifies one stored prediction. */
export interface PredictionKey {
  sessionId: string;
  /** SHA-256 hex of the predicted file (`sha256Hex`). */
  datasetHash: string;
  /** The bundle id of the model used. */
  modelId: string;
}

/** A stored prediction as the UI reads it. */
export interface StoredPrediction extends PredictionKey {
  id: string;
  createdAt: number;
  expiresAt: number;
  payload: PredictionPayload;
}

/** Record id: per session, so two sessions predicting the same file keep their own entries. */
export function predictionId({ sessionId, datasetHash, modelId }: PredictionKey): string {
  return `pred:${sessionId}:${datasetHash}:${modelId}`;
}

function toStored(rec: CachedResult): StoredPrediction {
  return {
    id: rec.id,
    sessionId: rec.sessionId ?? '',
    datasetHash: rec.datasetHash,
    modelId: rec.optionsKey,
    createdAt: rec.createdAt,
    expiresAt: rec.expiresAt,
    payload: rec.payload as PredictionPayload
  };
}

export class PredictionsRepo {
  constructor(
    private readonly db: AppDb,
    private readonly clock: () => number = Date.now,
    private readonly ttlMs: number = PREDICTIONS_TTL_MS
  ) {}

  /**
   * Stores (or replaces) the prediction of `key`; `createdAt` is now.
   * @throws AppError STORAGE_QUOTA when the browser's storage is full.
   */
  async put(
    key: PredictionKey,
    payload: Omit<PredictionPayload, 'createdAt'>
  ): Promise<StoredPrediction> {
    const now = this.clock();
    const rec: CachedResult = {
      id: predictionId(key),
      sessionId: key.sessionId,
      datasetHash: key.datasetHash,
      optionsKey: key.modelId,
      payload: { ...payload, createdAt: now } satisfies PredictionPayload,
      createdAt: now,
      expiresAt: now + this.ttlMs
    };
    await guardQuota(() => this.db.predictions.put(rec));
    return toStored(rec);
  }

  /** The entry `id`, or undefined (missing or expired; an expired one is deleted). */
  async get(id: string): Promise<StoredPrediction | undefined> {
    const rec = await this.db.predictions.get(id);
    if (!rec) return undefined;
    if (rec.expiresAt <= this.clock()) {
      await this.db.predictions.delete(rec.id).catch(() => undefined);
      return undefined;
    }
    return toStored(rec);
  }

  /** The session's fresh predictions, newest first (expired ones are deleted on the way). */
  async list(sessionId: string): Promise<StoredPrediction[]> {
    const now = this.clock();
    const all = await this.db.predictions.where('sessionId').equals(sessionId).toArray();
    const expired = all.filter((r) => r.expiresAt <= now).map((r) => r.id);
    if (expired.length) await this.db.predictions.bulkDelete(expired).catch(() => undefined);
    return all
      .filter((r) => r.expiresAt > now)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
      .map(toStored);
  }

  async delete(id: string): Promise<void> {
    await this.db.predictions.delete(id);
  }

  /** Deletes every prediction of a session; returns how many. */
  deleteForSession(sessionId: string): Promise<number> {
    return this.db.predictions.where('sessionId').equals(sessionId).delete();
  }

  /** Deletes every expired entry (all sessions); returns how many. */
  purgeExpired(): Promise<number> {
    return this.db.predictions.where('expiresAt').belowOrEqual(this.clock()).delete();
  }
}
