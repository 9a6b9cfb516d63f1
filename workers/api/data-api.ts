/**
 * The data worker's typed interface (comlink). The main thread holds a `Remote<DataApi>`; the
 * worker (`workers/data.worker.ts`) exposes `createDataApi()` from `./data-api-impl.ts`.
 * Bytes go in as transferable `Uint8Array`s; results come back as plain data (column-major).
 */
import type {
  DatasetInfo,
  LoadOptions,
  ProblemType,
  RowPage,
  TargetInfo
} from '../engine/data/types';
import type { Progress } from '../engine/progress';
import type { EdaOptions, EdaResults } from '../engine/eda/types';
import type { Frame } from '../engine/frame/types';
import type { PredictionOutput } from '../engine/bundle/output';

/** Which columns `frame()` returns. */
export interface FrameOptions {
  /** Column names to leave out (IDs, leaks); unknown names are ignored. */
  exclude?: string[];
  /**
   * Columns read as categories (text) whatever their SQL type — a model bundle's categorical
   * inputs, e.g. codes a new file holds as integers; unknown names are ignored.
   */
  categorical?: string[];
}

/** File formats of exported predictions. */
export type PredictionFormat = 'csv' | 'parquet';

export interface DataApi {
  /** Instantiates DuckDB-WASM (idempotent); returns how long instantiation took. */
  init(): Promise<{ instantiateMs: number; duckdbVersion: string }>;
  /**
   * Parses `bytes` into the table `opts.tableName ?? 'data'`, profiles and validates it.
   * `onProgress` is a comlink proxy; `signal` an AbortSignal (transferred by workers/protocol).
   * Throws typed errors (DataLoadError, InsufficientDataError, CancelledError…).
   */
  load(
    bytes: Uint8Array,
    opts: LoadOptions,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal
  ): Promise<DatasetInfo>;
  /** Sheet names of an XLSX workbook, in workbook order. */
  sheets(bytes: Uint8Array): Promise<string[]>;
  /** Validates `column` as the target and infers (or applies `override`) the problem type. */
  target(column: string, override?: ProblemType): Promise<TargetInfo>;
  /** Rows [offset, offset + limit) of the loaded table, column-major. */
  rows(offset: number, limit: number): Promise<RowPage>;
  /**
   * The full EDA profile of the loaded table (`runEda`). Progress stages are `eda:<section>`;
   * `signal` cancels between sections (CancelledError). Throws NO_DATASET before a load and
   * InvalidTargetError for a bad `opts.target`. EdaResults is plain data (no typed arrays).
   */
  eda(
    opts: EdaOptions,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal
  ): Promise<EdaResults>;
  /**
   * The loaded table as a columnar Frame (typed arrays, never row objects) for the ML path:
   * queried from DuckDB as Arrow and converted with the engine's `frameFromArrow`. The buffers
   * are transferred to the caller. Throws NO_DATASET before a load.
   */
  frame(opts?: FrameOptions): Promise<Frame>;
  /**
   * The loaded table's columns followed by the prediction columns (`Label`, `Score`,
   * `Score_<class>`; engine bundle/output.ts) as one file: CSV with every input cell as DuckDB's
   * text (byte-identical to `datagenius predict` for the same file and bundle; formula cells
   * neutralised), or Parquet with the input columns' own types. `out` is copied, not transferred.
   * Throws NO_DATASET before a load, INVALID_ROWS when out.nRows differs from the table's rows.
   */
  exportPredictions(out: PredictionOutput, format: PredictionFormat): Promise<Blob>;
}
