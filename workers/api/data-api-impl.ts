/**
 * The data worker's implementation of DataApi: one DuckDB instance, the engine's loader on top,
 * and the DatasetInfo of the last successful load (for target() and rows()). Every failure is
 * thrown as an AppError; workers/protocol carries it to the main thread with its code intact.
 */
import { transfer } from 'comlink';
import { DataType, type Table } from 'apache-arrow';
import type { DataApi, FrameOptions, PredictionFormat } from './data-api';
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
import { ident, type SqlRunner } from '../engine/db/runner';
import { queryFrame, queryText } from '../engine/frame/query';
import type { Frame } from '../engine/frame/types';
import { predictionColumns, type PredictionOutput } from '../engine/bundle/output';
import { toCsvChunks } from '../engine/report/csv';
import { openDuckDb } from './duckdb-runner';
import { predictionsParquet, writeParquetBrowser, type ParquetWriter } from './parquet-writer';

/** The database the worker runs on (the browser's DuckDbRunner; a Node runner in tests). */
export interface DataDb extends SqlRunner {
  readonly version: string;
}

/** What the implementation needs; the worker takes the defaults, Node tests hand in Node's. */
export interface DataApiDeps {
  /** Opens the database; default the browser's DuckDB-WASM (duckdb-runner.ts). */
  openDb?: () => Promise<DataDb>;
  /** Arrow IPC stream → Parquet bytes; default parquet-wasm from the app's assets. */
  writeParquet?: ParquetWriter;
}

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

function invalidRowsError(got: number, rows: number): AppError {
  return new AppError({
    code: 'INVALID_ROWS',
    message: {
      pl: `Przewidywania mają ${got} wierszy, a wczytana tabela ${rows}.`,
      en: `The predictions have ${got} rows, the loaded table has ${rows}.`
    },
    hint: {
      pl: 'Uruchom przewidywanie ponownie na wczytanym pliku.',
      en: 'Run the prediction again on the loaded file.'
    },
    details: { rows: got, expected: rows }
  });
}

/** Throws INVALID_ROWS unless `out` is a well-formed output of `rows` rows (it crossed a worker boundary). */
function checkOutput(out: PredictionOutput, rows: number): void {
  const n = out?.nRows;
  if (n !== rows) throw invalidRowsError(Number(n), rows);
  const K = out.classIndex ? out.classes.length : 1;
  const ok =
    out.values instanceof Float64Array &&
    out.values.length === n * K &&
    (!out.classIndex ||
      (out.classIndex instanceof Int32Array &&
        out.classIndex.length === n &&
        out.classIndex.every((k) => k >= 0 && k < K)));
  if (!ok) throw invalidRowsError(n, rows);
}

/**
 * Column types parquet-wasm writes as they are; anything else (intervals, lists, structs, maps,
 * unions…) is exported as DuckDB's text of it.
 */
function parquetSafe(t: DataType): boolean {
  return (
    DataType.isInt(t) ||
    DataType.isFloat(t) ||
    DataType.isDecimal(t) ||
    DataType.isBool(t) ||
    DataType.isUtf8(t) ||
    DataType.isLargeUtf8(t) ||
    DataType.isBinary(t) ||
    DataType.isDate(t) ||
    DataType.isTimestamp(t) ||
    DataType.isTime(t) ||
    (DataType.isDictionary(t) && DataType.isUtf8(t.dictionary))
  );
}

/** The loaded table with its Arrow types, columns parquet cannot take as text. */
async function typedTable(db: SqlRunner, info: DatasetInfo): Promise<Table> {
  const from = ident(info.tableName);
  const probe = await db.query(`SELECT * FROM ${from} LIMIT 0`);
  const select = probe.schema.fields.map((f) =>
    parquetSafe(f.type) ? ident(f.name) : `CAST(${ident(f.name)} AS VARCHAR) AS ${ident(f.name)}`
  );
  return db.query(`SELECT ${select.join(', ')} FROM ${from}`);
}

export function createDataApi(deps: DataApiDeps = {}): DataApi {
  const openDb = deps.openDb ?? openDuckDb;
  const writeParquet = deps.writeParquet ?? writeParquetBrowser;
  let dbPromise: Promise<DataDb> | undefined;
  let instantiateMs = 0;
  let current: DatasetInfo | undefined;

  function db(): Promise<DataDb> {
    if (!dbPromise) {
      const t0 = performance.now();
      dbPromise = openDb().then(
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
        const frame = await queryFrame(await db(), current, opts);
        return transfer(frame, frameBuffers(frame));
      }),

    exportPredictions: (out: PredictionOutput, format: PredictionFormat) =>
      guard(async () => {
        if (!current) throw noDatasetError();
        const info = current;
        const runner = await db();
        if (format === 'parquet') {
          const table = await typedTable(runner, info);
          checkOutput(out, table.numRows);
          const taken = new Set(table.schema.fields.map((f) => f.name));
          const bytes = await predictionsParquet(
            table,
            predictionColumns(out, taken),
            writeParquet
          );
          return new Blob([bytes as Uint8Array<ArrayBuffer>], {
            type: 'application/vnd.apache.parquet'
          });
        }
        if (format !== 'csv') throw unknownFormatError(format);
        // The same columns and writer as `datagenius predict` (workers/cli/predict.ts): same bytes.
        const input = await queryText(runner, info);
        checkOutput(out, input[0]?.values.length ?? 0);
        const taken = new Set(input.map((c) => c.name));
        const chunks = [...toCsvChunks([...input, ...predictionColumns(out, taken)])];
        return new Blob(chunks, { type: 'text/csv;charset=utf-8' });
      })
  };
}

function unknownFormatError(format: unknown): AppError {
  return new AppError({
    code: 'INVALID_INPUT',
    message: {
      pl: `Nieznany format pliku przewidywań: ${String(format)} (dostępne: csv, parquet).`,
      en: `Unknown predictions file format: ${String(format)} (available: csv, parquet).`
    },
    details: { format: String(format) }
  });
}
