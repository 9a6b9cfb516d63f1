/**
 * loadTable: bytes → DuckDB table → DatasetInfo. Stages (progress keys, timings keys):
 * detect → decode → parse → profile → validate. Cancellation is checked between stages; the
 * stages themselves are single native calls that cannot be interrupted midway.
 */
import type { SqlRunner } from '../db/runner';
import type { CancelSignal, ProgressFn } from '../progress';
import { CancelledError, isAppError } from '../errors';
import type { CsvDialect, DataWarning, DatasetInfo, FileFormat, LoadOptions } from './types';
import { DEFAULT_MISSING_TOKENS } from './types';
import { detectFormat } from './detect';
import { loadCsv } from './csv';
import { readXlsx } from './xlsx';
import { readJson } from './json';
import { columnsToIPC } from './columns';
import type { CellValue } from './columns';
import { fixColumnNames } from './names';
import { insertArrow, parquetToIPC, parseArrow } from './arrow-load';
import { profileTable, toColumnInfo } from './profile';
import { checkRows, columnWarnings } from './validate';
import { brokenFile, emptyFile } from './load-errors';

/** Share of the progress bar each stage ends at (parse dominates on big files). */
const STAGE_END: Record<string, number> = {
  detect: 0.02,
  decode: 0.1,
  parse: 0.7,
  profile: 0.95,
  validate: 1
};

interface Parsed {
  format: FileFormat;
  warnings: DataWarning[];
  originalNames: string[];
  dialect?: CsvDialect;
  sheets?: string[];
  sheet?: string;
}

/**
 * Parses `bytes` into the DuckDB table `opts.tableName ?? 'data'` (replacing it), profiles and
 * validates it. Throws DataLoadError (UNSUPPORTED_FORMAT, BROKEN_FILE, EMPTY_FILE, INVALID_JSON,
 * SHEET_NOT_FOUND), InsufficientDataError TOO_FEW_ROWS (a header-only file lands here with
 * rows 0), or CancelledError(stage) when `signal.aborted` between stages.
 */
export async function loadTable(
  db: SqlRunner,
  bytes: Uint8Array,
  opts: LoadOptions,
  onProgress?: ProgressFn,
  signal?: CancelSignal
): Promise<DatasetInfo> {
  const table = opts.tableName ?? 'data';
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const step = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round((now - t0) * 10) / 10;
    t0 = now;
    onProgress?.({ stage, fraction: STAGE_END[stage] });
    if (signal?.aborted) throw new CancelledError(stage);
  };
  if (signal?.aborted) throw new CancelledError('detect');
  onProgress?.({ stage: 'detect', fraction: 0 });

  if (bytes.length === 0) throw emptyFile(opts.fileName);
  const detected = detectFormat(bytes, opts.fileName, opts.format);
  step('detect');

  const parsed = await parse(db, bytes, opts, detected, table, step);
  step('parse');

  const profile = await profileTable(db, table, parsed.originalNames);
  step('profile');

  checkRows(profile.rows, opts.minRows);
  const warnings = [...parsed.warnings, ...columnWarnings(profile.columns, profile.rows)];
  step('validate');

  return {
    format: parsed.format,
    tableName: table,
    rows: profile.rows,
    columns: profile.columns.map(toColumnInfo),
    warnings,
    ...(parsed.dialect ? { dialect: parsed.dialect } : {}),
    ...(parsed.sheets ? { sheets: parsed.sheets, sheet: parsed.sheet } : {}),
    bytes: bytes.length,
    timings
  };
}

/** Format-specific decode + parse; calls `step('decode')` once the bytes are understood. */
async function parse(
  db: SqlRunner,
  bytes: Uint8Array,
  opts: LoadOptions,
  format: FileFormat,
  table: string,
  step: (stage: string) => void
): Promise<Parsed> {
  const missing = opts.missingTokens ?? DEFAULT_MISSING_TOKENS;
  switch (format) {
    case 'csv':
    case 'tsv': {
      // Encoding detection and sniffing happen inside loadCsv; DuckDB's parse dominates.
      step('decode');
      const r = await loadCsv(db, bytes, opts, table);
      return {
        format: r.format,
        warnings: r.warnings,
        originalNames: r.originalNames,
        dialect: r.dialect
      };
    }
    case 'xlsx': {
      const sheet = readXlsx(bytes, opts.fileName, opts.sheet);
      if (sheet.header.length === 0) throw emptyFile(opts.fileName);
      step('decode');
      const raw = sheet.header.map(headerText);
      const fixed = fixColumnNames(raw);
      await insertColumns(db, table, fixed.names, sheet.columns, missing, opts.fileName, 'XLSX');
      return {
        format,
        warnings: fixed.warnings,
        originalNames: raw,
        sheets: sheet.sheets,
        sheet: sheet.sheet
      };
    }
    case 'json':
    case 'ndjson': {
      const text = new TextDecoder().decode(bytes);
      if (text.trim() === '') throw emptyFile(opts.fileName);
      const json = readJson(text, opts.fileName);
      step('decode');
      if (json.names.length === 0) throw emptyFile(opts.fileName);
      const fixed = fixColumnNames(json.names);
      await insertColumns(db, table, fixed.names, json.columns, missing, opts.fileName, 'JSON');
      return { format: json.format, warnings: fixed.warnings, originalNames: json.names };
    }
    case 'parquet': {
      const ipc = await parquetToIPC(db, bytes, opts.fileName);
      step('decode');
      const r = await insertArrow(db, table, { ipc }, opts.fileName, 'Parquet');
      return { format, ...r };
    }
    case 'arrow': {
      const t = parseArrow(bytes, opts.fileName);
      step('decode');
      const r = await insertArrow(db, table, { table: t }, opts.fileName, 'Arrow IPC');
      return { format, ...r };
    }
  }
}

function headerText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

async function insertColumns(
  db: SqlRunner,
  table: string,
  names: string[],
  columns: CellValue[][],
  missing: readonly string[],
  fileName: string,
  label: string
): Promise<void> {
  let ipc: Uint8Array;
  try {
    ipc = columnsToIPC(names, columns, missing);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw brokenFile(fileName, label, e);
  }
  await insertArrow(db, table, { ipc }, fileName, label);
}
