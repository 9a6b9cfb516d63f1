/**
 * JSON → columns. Two shapes: an array of records (`[{…}, …]`) and NDJSON (one object per line).
 * Columns are the union of keys in first-seen order; nested objects and arrays become JSON text;
 * a record that lacks a key gets null there. Parsing is JSON.parse (native, fast); the rows it
 * returns stay inside this function — what leaves is column-major.
 */
import type { CellValue } from './columns';
import { invalidJson, notATable } from './load-errors';

export interface JsonColumns {
  format: 'json' | 'ndjson';
  names: string[];
  columns: CellValue[][];
  rows: number;
}

/** 1-based line and column of character `pos` in `text`. */
function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: pos - lastNl };
}

/** Where V8's SyntaxError says the problem is ("… at position 12" or "(line 2 column 5)"). */
function errorPosition(text: string, e: unknown): { line: number; column: number } {
  const msg = e instanceof Error ? e.message : '';
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(msg);
  if (pos) return lineColumn(text, Number(pos[1]));
  // "Unexpected end of JSON input": the problem is at the very end.
  return lineColumn(text, text.length);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return v === null ? 'null' : typeof v;
}

function cell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Records (plain objects) → column-major cells, keys unioned in first-seen order. */
function toColumns(records: unknown[], fileName: string): Omit<JsonColumns, 'format'> {
  const index = new Map<string, number>();
  const columns: CellValue[][] = [];
  records.forEach((rec, r) => {
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      throw notATable(fileName, `${describe(rec)} at record ${r + 1}`);
    }
    for (const [key, value] of Object.entries(rec)) {
      let c = index.get(key);
      if (c === undefined) {
        c = columns.length;
        index.set(key, c);
        columns.push(new Array<CellValue>(records.length).fill(null));
      }
      columns[c][r] = cell(value);
    }
  });
  return { names: [...index.keys()], columns, rows: records.length };
}

/** Parses NDJSON line by line so an error names its line. */
function parseNdjson(text: string, fileName: string): unknown[] {
  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      const at = errorPosition(line, e);
      throw invalidJson(fileName, i + 1, at.column, e);
    }
  }
  return records;
}

/**
 * Parses JSON or NDJSON text into columns. Throws DataLoadError INVALID_JSON with the 1-based
 * line/column of the first error, or when the document is not an array of objects.
 */
export function readJson(text: string, fileName: string): JsonColumns {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '[') {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      const at = errorPosition(body, e);
      throw invalidJson(fileName, at.line, at.column, e);
    }
    return { format: 'json', ...toColumns(doc as unknown[], fileName) };
  }
  if (first === '{') {
    // One object per line, unless the whole text is a single (pretty-printed) object.
    const firstLine = body.trimStart().split('\n', 1)[0].trim();
    let singleLine = true;
    try {
      JSON.parse(firstLine);
    } catch {
      singleLine = false;
    }
    if (singleLine)
      return { format: 'ndjson', ...toColumns(parseNdjson(body, fileName), fileName) };
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      const at = errorPosition(body, e);
      throw invalidJson(fileName, at.line, at.column, e);
    }
    return { format: 'json', ...toColumns([doc], fileName) };
  }
  if (first === undefined) throw notATable(fileName, 'nothing');
  try {
    const doc = JSON.parse(body);
    throw notATable(fileName, describe(doc));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const at = errorPosition(body, e);
    throw invalidJson(fileName, at.line, at.column, e);
  }
}
