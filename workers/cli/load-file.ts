/**
 * Shared by every CLI command that reads a data file: read it, open a Node DuckDB runner, load
 * the table with the engine, run `fn`, close the runner whatever happens.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, loadTable } from '../engine/index';
import type { DatasetInfo, SqlRunner } from '../engine/index';
import { createNodeRunner } from '../node/duckdb-runner';

/** The loading options the commands share. */
export interface LoadArgs {
  file: string;
  sheet?: string;
  missing?: string[];
  minRows?: number;
}

export function fileNotFound(file: string, cause: unknown): AppError {
  return new AppError({
    code: 'FILE_NOT_FOUND',
    message: { pl: `Nie można odczytać pliku „${file}”.`, en: `Cannot read the file "${file}".` },
    hint: { pl: 'Sprawdź ścieżkę.', en: 'Check the path.' },
    details: { file },
    cause
  });
}

/** Loads `args.file` into a fresh in-memory DuckDB and runs `fn` on it. */
export async function withLoadedFile<T>(
  args: LoadArgs,
  fn: (db: SqlRunner, info: DatasetInfo) => Promise<T>
): Promise<T> {
  let buf: Buffer;
  try {
    buf = await readFile(args.file);
  } catch (e) {
    throw fileNotFound(args.file, e);
  }
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const db = await createNodeRunner();
  try {
    const info = await loadTable(db, bytes, {
      fileName: path.basename(args.file),
      sheet: args.sheet,
      missingTokens: args.missing,
      minRows: args.minRows
    });
    return await fn(db, info);
  } finally {
    db.close();
  }
}

/** Column names come from the file: strip control characters so they cannot drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** A plain-text table: left-aligned columns, those in `right` right-aligned. */
export function textTable(head: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}
