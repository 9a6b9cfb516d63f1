/**
 * Types of the batch-prediction state: what PredictState needs of its workers and storage
 * (injected, so tests pass fakes), and the shown result.
 */
import type { DatasetInfo, LoadOptions, ModelBundle, RowPage } from '$engine';
import type { Frame } from '$engine/frame/types';
import type { PredictionOutput } from '$engine/bundle/output';
import type { Progress } from '$engine/progress';
import type { FrameOptions, PredictionFormat } from '$workers/api/data-api';
import type { MlApi } from '$workers/api/ml-api';
import type { PredictionKey, PredictionPayload, StoredPrediction } from '$lib/db/predictions';
import type { Cell } from './output';

export type PredictPhase = 'idle' | 'running' | 'done' | 'error';
export type PredictStage = 'load' | 'predict' | 'export';
export const PREDICT_STAGES: readonly PredictStage[] = ['load', 'predict', 'export'];

/** What PredictState needs of a data worker (the app wraps the comlink proxy: transfer, proxy). */
export interface PredictDataApi {
  init(): Promise<unknown>;
  load(
    bytes: Uint8Array,
    opts: LoadOptions,
    onProgress?: (p: Progress) => void
  ): Promise<DatasetInfo>;
  frame(opts?: FrameOptions): Promise<Frame>;
  rows(offset: number, limit: number): Promise<RowPage>;
  exportPredictions(out: PredictionOutput, format: PredictionFormat): Promise<Blob>;
}

export interface PredictDataWorker {
  api: PredictDataApi;
  terminate(): void;
}

export interface PredictMlWorker {
  api: Pick<MlApi, 'predictBatch'>;
  terminate(): void;
  /** Registers the callback for a worker that dies on its own (out of memory…). */
  onCrash?(fn: (reason: string) => void): void;
}

/** Where predictions are kept (PredictionsRepo). */
export interface PredictionStore {
  put(key: PredictionKey, payload: Omit<PredictionPayload, 'createdAt'>): Promise<StoredPrediction>;
  list(sessionId: string): Promise<StoredPrediction[]>;
  delete(id: string): Promise<void>;
}

export interface PredictDeps {
  dataWorker: () => PredictDataWorker;
  mlWorker: () => PredictMlWorker;
  store: PredictionStore;
  /** Saves a loaded bundle with the session (ModelsRepo.save). */
  models: {
    save(sessionId: string, bundle: ModelBundle, opts?: { champion?: boolean }): Promise<unknown>;
    /** The session's saved models, champion first, then newest first (ModelsRepo.list). */
    list?(sessionId: string): Promise<{ bundle: ModelBundle; champion: number }[]>;
  };
  /** The home page's load options for a file name (`loadOptions.toLoadOptions`). */
  loadOptions: (fileName: string) => LoadOptions;
  /** SHA-256 hex of a file (`sha256Hex`). */
  hash: (blob: Blob) => Promise<string>;
}

/** The preview table: the file's columns then the prediction columns; at most PREVIEW_ROWS rows. */
export interface PredictPreview {
  columns: string[];
  /** Index of the first prediction column in `columns`. */
  predictionStart: number;
  rows: Cell[][];
}

/** The shown result of the last successful run. */
export interface PredictResult {
  fileName: string;
  rows: number;
  ignoredColumns: string[];
  preview: PredictPreview;
  summary: PredictionPayload['summary'];
  model: Pick<ModelBundle, 'id' | 'family' | 'version' | 'target' | 'problemType'>;
  csv: Blob;
  /** Id of the stored entry; null when storing failed (the files can still be downloaded). */
  storedId: string | null;
}
