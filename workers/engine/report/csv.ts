/**
 * CSV writer for predictions and exports (CLI `datagenius predict`, the browser's batch
 * prediction): RFC 4180 quoting plus spreadsheet formula-injection neutralisation, because these
 * files are opened in Excel / LibreOffice by business users and their cells come from uploaded
 * data that nobody vetted.
 *
 * Neutralisation rule (OWASP "CSV injection"): a cell whose text starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return gets a leading apostrophe `'` (spreadsheets then show it as text and
 * never evaluate it) — EXCEPT a plain decimal number such as `-1.5`, `+3` or `-2e-5`, which stays
 * as it is so that numbers remain numbers. The rule applies to every cell: header names, input
 * values, labels. Anything else after a sign (`-2+3`, `-Infinity`, `-1.5 `) is not a plain
 * number and is prefixed.
 */
import { DataValidationError } from '../errors';

/** One cell: text, a number (NaN = empty), a boolean, or missing (empty). */
export type CsvCell = string | number | boolean | null | undefined;

/** One output column. */
export interface CsvColumn {
  name: string;
  /** Cell values, one per row (arrays or typed arrays, e.g. Float64Array with NaN = missing). */
  values: ArrayLike<CsvCell>;
}

export interface CsvOptions {
  /** Line terminator; default CRLF (RFC 4180). */
  eol?: '\r\n' | '\n';
  /** Rows per chunk yielded by `toCsvChunks`; default 10 000. */
  rowsPerChunk?: number;
}

/** Characters that make a spreadsheet treat a cell as a formula (or strip them before one). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
/** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** RFC 4180: fields holding a quote, the separator or a line break are quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

/** The cell with a leading `'` when it could start a formula (see the file comment). */
export function neutraliseCell(text: string): string {
  if (text.length === 0 || !FORMULA_START.has(text[0])) return text;
  return PLAIN_NUMBER.test(text) ? text : `'${text}`;
}

/** Text of a cell before neutralisation: numbers in JS shortest round-trip form, NaN / null → ''. */
export function cellText(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** One CSV field: neutralised, then quoted per RFC 4180 when needed (inner quotes doubled). */
export function csvField(v: CsvCell): string {
  const s = neutraliseCell(cellText(v));
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function checkColumns(columns: readonly CsvColumn[]): number {
  const n = columns.length ? columns[0].values.length : 0;
  const bad = columns.find((c) => c.values.length !== n);
  if (bad)
    throw new DataValidationError({
      code: 'INVALID_INPUT',
      message: {
        en: `CSV column "${bad.name}" has ${bad.values.length} values, the first column has ${n}`,
        pl: `kolumna CSV „${bad.name}” ma ${bad.values.length} wartości, a pierwsza kolumna ${n}`
      },
      details: { column: bad.name, length: bad.values.length, expected: n }
    });
  return n;
}

/**
 * The CSV in chunks (header first, then about `rowsPerChunk` rows per chunk, each chunk ending
 * with a line terminator): for files too large for one string (write them to a stream or a Blob).
 * @throws DataValidationError INVALID_INPUT when the columns differ in length.
 */
export function* toCsvChunks(
  columns: readonly CsvColumn[],
  opts: CsvOptions = {}
): Generator<string> {
  const eol = opts.eol ?? '\r\n';
  const per = Math.max(1, Math.floor(opts.rowsPerChunk ?? 10_000));
  const n = checkColumns(columns);
  yield columns.map((c) => csvField(c.name)).join(',') + eol;
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += ',';
      line += csvField(columns[c].values[r]);
    }
    lines.push(line);
    if (lines.length === per || r === n - 1) {
      yield lines.join(eol) + eol;
      lines.length = 0;
    }
  }
}

/**
 * The whole CSV as one string: a header row of the column names, then one line per row.
 * @param columns all with the same number of values.
 * @throws DataValidationError INVALID_INPUT when the columns differ in length.
 */
export function toCsv(columns: readonly CsvColumn[], opts: CsvOptions = {}): string {
  return [...toCsvChunks(columns, opts)].join('');
}
