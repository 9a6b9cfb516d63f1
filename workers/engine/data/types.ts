/**
 * Types of the data subsystem: what a file is loaded with, what the loader reports, and what the
 * validator and the target inference return. These cross the worker boundary, so they are plain
 * data (no classes, no functions).
 */
import type { Bilingual } from '../errors';

export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'json' | 'ndjson' | 'parquet' | 'arrow';

export const SUPPORTED_FORMATS: readonly FileFormat[] = [
  'csv',
  'tsv',
  'xlsx',
  'json',
  'ndjson',
  'parquet',
  'arrow'
];

/** File-name extensions the file picker accepts. */
export const ACCEPTED_EXTENSIONS = [
  '.csv',
  '.tsv',
  '.txt',
  '.xlsx',
  '.json',
  '.ndjson',
  '.jsonl',
  '.parquet',
  '.arrow',
  '.feather',
  '.ipc'
] as const;

export type TextEncoding = 'utf-8' | 'windows-1250' | 'iso-8859-2';

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'null', '-', 'N/A'];

/** Default MIN_ROWS_FOR_ML (InsufficientDataError below it). */
export const DEFAULT_MIN_ROWS = 10;

export interface LoadOptions {
  /** Original file name; its extension helps format detection. */
  fileName: string;
  /** Overrides format detection. */
  format?: FileFormat;
  /** XLSX: which sheet (default: the first). */
  sheet?: string;
  /** Text cells that mean "missing"; default DEFAULT_MISSING_TOKENS. */
  missingTokens?: string[];
  /** CSV overrides; detected when absent. */
  delimiter?: string;
  decimal?: '.' | ',';
  encoding?: TextEncoding;
  header?: boolean;
  /** MIN_ROWS_FOR_ML; default DEFAULT_MIN_ROWS. */
  minRows?: number;
  /** Name of the DuckDB table to create (default 'data'); replaced if it exists. */
  tableName?: string;
}

/** How a CSV/TSV file was read (detected or given). */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  decimal: '.' | ',';
  encoding: TextEncoding;
  hasBom: boolean;
  header: boolean;
}

/** Inferred logical type of a column. */
export type ColumnType =
  'numeric' | 'integer' | 'boolean' | 'categorical' | 'text' | 'date' | 'datetime';

export interface ColumnInfo {
  /** Name in the table (after fixing duplicates / blanks). */
  name: string;
  /** Name as it was in the file ('' for a blank header). */
  originalName: string;
  /** DuckDB type, e.g. DOUBLE, BIGINT, VARCHAR, DATE. */
  sqlType: string;
  type: ColumnType;
  missing: number;
  /** missing / rows, 0 … 1. */
  missingShare: number;
  /** Distinct non-missing values (exact up to 1 M rows, HyperLogLog estimate above). */
  distinct: number;
  /** Up to 5 distinct non-missing sample values, as text. */
  samples: string[];
}

/** A soft problem: reported, not fatal. */
export interface DataWarning {
  code: string;
  column?: string;
  /** The figure behind the warning (a share, a count…). */
  value?: number;
  message: Bilingual;
}

export interface DatasetInfo {
  format: FileFormat;
  tableName: string;
  rows: number;
  columns: ColumnInfo[];
  warnings: DataWarning[];
  /** CSV/TSV only. */
  dialect?: CsvDialect;
  /** XLSX only: every sheet name and the one loaded. */
  sheets?: string[];
  sheet?: string;
  /** Size of the input in bytes. */
  bytes: number;
  /** Milliseconds per stage, for the progress UI and benchmarks. */
  timings: Record<string, number>;
}

export type ProblemType = 'binary' | 'multiclass' | 'regression';

export interface TargetInfo {
  column: string;
  problemType: ProblemType;
  /** Whether problemType was inferred (false when the user overrode it). */
  inferred: boolean;
  /** Why this problem type, in both languages. */
  reason: Bilingual;
  /** Classification: labels sorted, with counts. */
  classes?: { label: string; count: number }[];
  /** Rows whose target is missing (they are left out of training). */
  missing: number;
  warnings: DataWarning[];
}

/** One page of rows for the preview grid, column-major (never row objects). */
export interface RowPage {
  offset: number;
  /** Values per column, in column order; null = missing; numbers as numbers, the rest as text. */
  columns: (string | number | boolean | null)[][];
  rowCount: number;
}
