/**
 * The data worker's implementation of DataApi: one DuckDB instance, the engine's loader on top,
 * and the DatasetInfo of the last successful load (for target() and rows()). Every failure is
 * thrown as an AppError; workers/protocol carries it to the main thread with its code intact.
 */
import { transfer } from 'comlink';
import type { DataApi, FrameOptions } from './data-api';
import {
  AppError,
  fetchRows,
  inferTarget,
  listSheets,
  loadTable,
  runEda,
  toAppError,
  type DatasetInfo,
  type EdaOptions,
  type LoadOptions,
  type ProblemType,
  type ProgressFn
} from '../engine/index';
import { ident } from '../engine/db/runner';
import { frameFromArrow } from '../engine/frame/from-arrow';
import type { Frame } from '../engine/frame/types';
import { openDuckDb, type DuckDbRunner } from './duckdb-runner';

function engineInitError(cause: unknown): AppError {
  return new AppError({
    code: 'ENGINE_INIT',
    message: {
      pl: 'Nie udało się uruchomić silnika danych (DuckDB-WASM).',
      en: 'The data engine (DuckDB-WASM) could not be started.'
    },
    hint: {
      pl: 'Odśwież stronę. Jeśli problem wraca, użyj aktualnej wersji Chrome, Edge lub Firefox.',
      en: 'Reload the page. If it keeps happening, use a current Chrome, Edge or Firefox.'
    },
    details: { internal: toAppError(cause).details.internal },
    cause
  });
}

function noDatasetError(): AppError {
  return new AppError({
    code: 'NO_DATASET',
    message: { pl: 'Nie wczytano jeszcze żadnych danych.', en: 'No data has been loaded yet.' },
    hint: { pl: 'Najpierw wczytaj plik.', en: 'Load a file first.' }
  });
}

export function createDataApi(): DataApi {
  let dbPromise: Promise<DuckDbRunner> | undefined;
  let instantiateMs = 0;
  let current: DatasetInfo | undefined;

  function db(): Promise<DuckDbRunner> {
    if (!dbPromise) {
      const t0 = performance.now();
      dbPromise = openDuckDb().then(
        (runner) => {
          instantiateMs = performance.now() - t0;
          return runner;
        },
        (e) => {
          dbPromise = undefined; // let a later call retry
          throw engineInitError(e);
        }
      );
    }
    return dbPromise;
  }

  // comlink proxies return promises; progress is fire-and-forget.
  function fireAndForget(onProgress?: ProgressFn): ProgressFn | undefined {
    return onProgress
      ? (p) => void Promise.resolve(onProgress(p)).catch(() => undefined)
      : undefined;
  }

  // comlink runs the methods as plain functions; wrapping keeps every rejection an AppError.
  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toAppError(e);
    }
  }

  /** Every column buffer of `frame`, once each (a transfer list may not repeat a buffer). */
  function frameBuffers(frame: Frame): ArrayBuffer[] {
    const buffers = new Set<ArrayBuffer>();
    for (const c of frame.columns)
      buffers.add((c.kind === 'categorical' ? c.codes.buffer : c.values.buffer) as ArrayBuffer);
    return [...buffers];
  }

  return {
    init: () =>
      guard(async () => {
        const runner = await db();
        return { instantiateMs: Math.round(instantiateMs), duckdbVersion: runner.version };
      }),

    load: (bytes: Uint8Array, opts: LoadOptions, onProgress?: ProgressFn, signal?: AbortSignal) =>
      guard(async () => {
        const runner = await db();
        current = undefined;
        const info = await loadTable(runner, bytes, opts, fireAndForget(onProgress), signal);
        current = info;
        return info;
      }),

    sheets: (bytes: Uint8Array) => guard(async () => listSheets(bytes)),

    target: (column: string, override?: ProblemType) =>
      guard(async () => {
        if (!current) throw noDatasetError();
        return inferTarget(await db(), current, column, override);
      }),

    rows: (offset: number, limit: number) =>
      guard(async () => {
        if (!current) throw noDatasetError();
        return fetchRows(await db(), current, offset, limit);
      }),

    eda: (opts: EdaOptions, onProgress?: ProgressFn, signal?: AbortSignal) =>
      guard(async () => {
        if (!current) throw noDatasetError();
        // Plain data only (no typed arrays): nothing to transfer.
        return runEda(await db(), current, opts, fireAndForget(onProgress), signal);
      }),

    frame: (opts: FrameOptions = {}) =>
      guard(async () => {
        if (!current) throw noDatasetError();
        const info = current;
        const skip = new Set(opts.exclude ?? []);
        const names = info.columns.map((c) => c.name).filter((n) => !skip.has(n));
        // An explicit column list: the order and names are the table's, whatever the file held.
        const select = names.length ? names.map(ident).join(', ') : '1 AS "__none"';
        const table = await (await db()).query(`SELECT ${select} FROM ${ident(info.tableName)}`);
        const frame = frameFromArrow(table, { columns: names });
        return transfer(frame, frameBuffers(frame));
      }),

    // Placeholder until the batch-prediction work lands (lead's contract, issue 7).
    exportPredictions: () =>
      guard(async () => {
        throw new AppError({
          code: 'INTERNAL',
          message: { pl: 'Jeszcze niedostępne.', en: 'Not available yet.' }
        });
      })
  };
}
