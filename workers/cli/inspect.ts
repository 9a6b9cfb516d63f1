/**
 * `datagenius inspect`: load a file with the same engine the browser runs, print what the loader
 * and the validator found. The result object is the documented --json shape (DESIGN.md).
 */
import { inferTarget } from '../engine/index';
import type { ColumnType, Lang, ProblemType } from '../engine/index';
import type { InspectArgs } from './args';
import { printable, textTable, withLoadedFile } from './load-file';

export interface InspectResult {
  ok: true;
  format: string;
  rows: number;
  columns: { name: string; type: ColumnType; missing: number }[];
  warnings: { code: string; message: string }[];
  problemType?: ProblemType;
}

/** Runs inspect; throws AppErrors for the caller to print. */
export async function inspect(args: InspectArgs): Promise<InspectResult> {
  return withLoadedFile(args, async (db, info) => {
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
  });
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
  lines.push('', ...textTable(head, rows, new Set([2])));
  if (r.warnings.length) {
    lines.push('', pl ? 'Ostrzeżenia:' : 'Warnings:');
    for (const w of r.warnings) lines.push(`  [${w.code}] ${printable(w.message)}`);
  }
  return lines.join('\n') + '\n';
}
