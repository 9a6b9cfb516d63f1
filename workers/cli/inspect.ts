/**
 * `datagenius inspect`: load a file with the same engine the browser runs, print what the loader
 * and the validator found. The result object is the documented --json shape (DESIGN.md).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, inferTarget, loadTable } from '../engine/index';
import type { ColumnType, Lang, ProblemType } from '../engine/index';
import { createNodeRunner } from '../node/duckdb-runner';
import type { InspectArgs } from './args';

export interface InspectResult {
  ok: true;
  format: string;
  rows: number;
  columns: { name: string; type: ColumnType; missing: number }[];
  warnings: { code: string; message: string }[];
  problemType?: ProblemType;
}

function fileNotFound(file: string, cause: unknown): AppError {
  return new AppError({
    code: 'FILE_NOT_FOUND',
    message: { pl: `Nie można odczytać pliku „${file}”.`, en: `Cannot read the file "${file}".` },
    hint: { pl: 'Sprawdź ścieżkę.', en: 'Check the path.' },
    details: { file },
    cause
  });
}

/** Runs inspect; throws AppErrors for the caller to print. */
export async function inspect(args: InspectArgs): Promise<InspectResult> {
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
    const lang: Lang = args.lang;
    const warnings = info.warnings.map((w) => ({ code: w.code, message: w.message[lang] }));
    let problemType: ProblemType | undefined;
    if (args.target !== undefined) {
      const t = await inferTarget(db, info, args.target);
      problemType = t.problemType;
      warnings.push(...t.warnings.map((w) => ({ code: w.code, message: w.message[lang] })));
    }
    return {
      ok: true,
      format: info.format,
      rows: info.rows,
      columns: info.columns.map((c) => ({ name: c.name, type: c.type, missing: c.missing })),
      warnings,
      ...(problemType ? { problemType } : {})
    };
  } finally {
    db.close();
  }
}

/** The human-readable report: a summary line, a column table, then warnings. */
export function formatInspect(r: InspectResult, lang: Lang): string {
  const pl = lang === 'pl';
  const lines = [
    pl
      ? `Format: ${r.format}   wiersze: ${r.rows}   kolumny: ${r.columns.length}`
      : `Format: ${r.format}   rows: ${r.rows}   columns: ${r.columns.length}`
  ];
  if (r.problemType) lines.push(`${pl ? 'Typ problemu' : 'Problem type'}: ${r.problemType}`);
  const head = pl ? ['kolumna', 'typ', 'braki'] : ['column', 'type', 'missing'];
  const rows = r.columns.map((c) => [printable(c.name), c.type, String(c.missing)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  lines.push('', fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  if (r.warnings.length) {
    lines.push('', pl ? 'Ostrzeżenia:' : 'Warnings:');
    for (const w of r.warnings) lines.push(`  [${w.code}] ${printable(w.message)}`);
  }
  return lines.join('\n') + '\n';
}

/** Column names come from the file: strip control characters so they cannot drive the terminal. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
