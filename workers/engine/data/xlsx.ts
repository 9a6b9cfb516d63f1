/**
 * A small .xlsx reader (fflate + regex XML scanning): sheet names, shared strings with rich-text
 * runs, cell types s / str / inlineStr / b / n / e / d, gaps in cell references (missing cells
 * become null), and date cells recognised through styles.xml number formats. Output is
 * column-major JS values for `columns.ts` to turn into Arrow; nothing here knows DuckDB.
 */
import { unzipSync } from 'fflate';
import { decodeEntities, elements, textRuns } from './xml-scan';
import { brokenFile, sheetNotFound } from './load-errors';
import type { CellValue } from './columns';

const decoder = new TextDecoder();

interface SheetRef {
  name: string;
  path: string;
}

/** Unzips only the parts we read (a workbook may hold images and many other sheets). */
function unzipParts(
  bytes: Uint8Array,
  want: (name: string) => boolean,
  fileName = 'workbook.xlsx'
): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (f) => want(f.name) });
  } catch (e) {
    throw brokenFile(fileName, 'XLSX', e);
  }
}

function partText(parts: Record<string, Uint8Array>, name: string): string | undefined {
  const p = parts[name];
  return p ? decoder.decode(p) : undefined;
}

function sheetRefs(parts: Record<string, Uint8Array>): SheetRef[] {
  const workbook = partText(parts, 'xl/workbook.xml');
  if (!workbook) throw brokenFile('workbook', 'XLSX', 'xl/workbook.xml missing');
  const rels = partText(parts, 'xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const r of elements(rels, 'Relationship')) {
    const t = r.attrs.Target ?? '';
    // Targets are relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml").
    targets.set(r.attrs.Id, t.startsWith('/') ? t.slice(1) : `xl/${t.replace(/^\.\//, '')}`);
  }
  return elements(workbook, 'sheet').map((s, i) => ({
    name: s.attrs.name ?? `Sheet${i + 1}`,
    path: targets.get(s.attrs.id) ?? `xl/worksheets/sheet${i + 1}.xml`
  }));
}

/** Sheet names of an .xlsx workbook in workbook order. Throws DataLoadError BROKEN_FILE. */
export function listSheets(bytes: Uint8Array): string[] {
  const parts = unzipParts(
    bytes,
    (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels'
  );
  return sheetRefs(parts).map((s) => s.name);
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A custom format is a date/time one if d, m, y, h or s appear outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** For each cellXfs index (a cell's `s`), whether it formats a date. */
function dateStyles(styles: string | undefined): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const f of elements(styles, 'numFmt'))
    custom.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? '');
  const cellXfs = elements(styles, 'cellXfs')[0]?.inner ?? '';
  return elements(cellXfs, 'xf').map((xf) => {
    const id = Number(xf.attrs.numFmtId ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

/** Excel serial day number → JS Date (1900 system with its phantom 29 Feb 1900, or 1904). */
function serialToDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86400000));
}

/** "A1" → 0-based column index of the letters. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** One decoded sheet: header cells and column-major data rows. */
export interface SheetData {
  sheets: string[];
  sheet: string;
  header: CellValue[];
  columns: CellValue[][];
  rows: number;
}

/**
 * Reads one sheet (`sheet` by name; default the first). Unknown sheet → SHEET_NOT_FOUND.
 * The first non-empty row is the header; fully empty rows are skipped.
 */
export function readXlsx(bytes: Uint8Array, fileName: string, sheet?: string): SheetData {
  const meta = unzipParts(bytes, (n) =>
    [
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml'
    ].includes(n)
  );
  const refs = sheetRefs(meta);
  const names = refs.map((r) => r.name);
  const ref = sheet === undefined ? refs[0] : refs.find((r) => r.name === sheet);
  if (!ref) {
    if (sheet !== undefined) throw sheetNotFound(sheet, names);
    throw brokenFile(fileName, 'XLSX', 'workbook has no sheets');
  }
  const sheetXml = partText(
    unzipParts(bytes, (n) => n === ref.path),
    ref.path
  );
  if (sheetXml === undefined) throw brokenFile(fileName, 'XLSX', `${ref.path} missing`);
  const shared = elements(partText(meta, 'xl/sharedStrings.xml') ?? '', 'si').map((si) =>
    textRuns(si.inner)
  );
  const styles = dateStyles(partText(meta, 'xl/styles.xml'));
  const date1904 = /date1904\s*=\s*"(1|true)"/.test(partText(meta, 'xl/workbook.xml') ?? '');

  const grid: CellValue[][] = [];
  let width = 0;
  let rowNo = -1;
  const sheetData =
    /<(?:\w+:)?sheetData[^>]*>([\s\S]*)<\/(?:\w+:)?sheetData>/.exec(sheetXml)?.[1] ?? '';
  for (const row of elements(sheetData, 'row')) {
    rowNo = row.attrs.r ? Number(row.attrs.r) - 1 : rowNo + 1;
    const cells: CellValue[] = [];
    let col = -1;
    let any = false;
    for (const c of elements(row.inner, 'c')) {
      col = c.attrs.r ? columnIndex(c.attrs.r) : col + 1;
      const v = cellValue(c.attrs, c.inner, shared, styles, date1904);
      if (v !== null) {
        cells[col] = v;
        any = true;
        width = Math.max(width, col + 1);
      }
    }
    if (any) grid.push(cells);
  }
  const header = grid.length ? Array.from({ length: width }, (_, i) => grid[0][i] ?? null) : [];
  const rows = Math.max(0, grid.length - 1);
  const columns = header.map((_, c) => {
    const out = new Array<CellValue>(rows);
    for (let r = 0; r < rows; r++) out[r] = grid[r + 1][c] ?? null;
    return out;
  });
  return { sheets: names, sheet: ref.name, header, columns, rows };
}

function cellValue(
  attrs: Record<string, string>,
  inner: string,
  shared: string[],
  styles: boolean[],
  date1904: boolean
): CellValue {
  const t = attrs.t ?? 'n';
  if (t === 'inlineStr') return textRuns(inner);
  const raw = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  if (raw === undefined) return null;
  switch (t) {
    case 's':
      return shared[Number(raw)] ?? null;
    case 'str':
      return decodeEntities(raw);
    case 'b':
      return raw === '1' || raw === 'true';
    case 'e':
      return null; // #N/A, #DIV/0! … are missing values, not text
    case 'd':
      return new Date(decodeEntities(raw));
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n)) return null;
      const isDate = attrs.s !== undefined && styles[Number(attrs.s)] === true;
      return isDate ? serialToDate(n, date1904) : n;
    }
  }
}
