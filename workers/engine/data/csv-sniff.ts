/**
 * CSV dialect sniffing on a prefix of the file (never the whole file: a 1 M-row CSV must load in
 * well under a second, so JS does no per-row work past the first ~64 KB). Finds the delimiter
 * (the candidate whose quote-aware field count is most consistent across lines), the quote char,
 * header presence and a decimal comma, and returns the header fields for column naming.
 */

/** Bytes of the file the sniffer reads. */
export const SNIFF_BYTES = 64 * 1024;
/** Records the sniffer looks at, at most. */
const SNIFF_RECORDS = 500;

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface SniffResult {
  delimiter: string;
  quote: string;
  decimal: '.' | ',';
  header: boolean;
  /** Fields of the first record (the header when `header`). */
  firstRecord: string[];
  /** Number of fields most records have. */
  width: number;
  /** Records in the sniffed prefix whose field count differs from `width`. */
  raggedRecords: number;
}

/**
 * Splits `text` into records of fields, RFC 4180 style: quotes may wrap fields, `""` inside
 * quotes is a quote, delimiters and newlines inside quotes are data. The last record is dropped
 * when `complete` is false (the prefix may cut it).
 */
export function parseRecords(
  text: string,
  delimiter: string,
  quote: string,
  complete: boolean,
  maxRecords = SNIFF_RECORDS
): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === quote && field === '') inQuotes = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (complete && i >= n && (field !== '' || fields.length > 0)) {
    fields.push(field);
    records.push(fields);
  }
  // Blank lines are not records (DuckDB skips them too).
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

function mode(values: number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [v, c] of counts)
    if (c > bestCount || (c === bestCount && v > best)) [best, bestCount] = [v, c];
  return { value: best, share: values.length ? bestCount / values.length : 0 };
}

const NUMBER_DOT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_COMMA = /^[+-]?\d+,\d+$/;
const DATE_LIKE = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}/;

/** Whether a field reads as data rather than a column name (a number or a date). */
function isDataLike(v: string, decimal: '.' | ','): boolean {
  const t = v.trim();
  return NUMBER_DOT.test(t) || (decimal === ',' && NUMBER_COMMA.test(t)) || DATE_LIKE.test(t);
}

/**
 * Sniffs the dialect of `text` (a decoded prefix; `complete` = the prefix is the whole file).
 * Explicit options win over detection.
 */
export function sniffCsv(
  text: string,
  complete: boolean,
  forced: { delimiter?: string; decimal?: '.' | ','; header?: boolean } = {}
): SniffResult {
  const quote = pickQuote(text);
  let best: { delimiter: string; records: string[][]; width: number; score: number } | undefined;
  for (const d of forced.delimiter ? [forced.delimiter] : DELIMITERS) {
    const records = parseRecords(text, d, quote, complete);
    if (!records.length) continue;
    const m = mode(records.map((r) => r.length));
    // Consistent and wide beats inconsistent; a single column scores lowest.
    const score = m.value > 1 ? m.share * 1000 + Math.min(m.value, 999) : 0;
    if (!best || score > best.score) best = { delimiter: d, records, width: m.value, score };
  }
  if (!best) {
    return {
      delimiter: forced.delimiter ?? ',',
      quote,
      decimal: forced.decimal ?? '.',
      header: forced.header ?? true,
      firstRecord: [],
      width: 0,
      raggedRecords: 0
    };
  }
  const { delimiter, records, width } = best;
  const decimal = forced.decimal ?? detectDecimal(records, delimiter);
  const header = forced.header ?? detectHeader(records, decimal);
  const raggedRecords = records.filter((r) => r.length !== width).length;
  return { delimiter, quote, decimal, header, firstRecord: records[0], width, raggedRecords };
}

/** `"` unless the text has none and fields look wrapped in `'`. */
function pickQuote(text: string): string {
  if (text.includes('"')) return '"';
  const singles = text.match(/(^|[,;\t|])'[^'\n]*'(?=[,;\t|\r\n]|$)/gm)?.length ?? 0;
  return singles >= 2 ? "'" : '"';
}

/**
 * A decimal comma only makes sense when the comma is not the delimiter: `;` or tab files whose
 * fields look like `1,5` and never like `1.5`.
 */
function detectDecimal(records: string[][], delimiter: string): '.' | ',' {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  for (const r of records.slice(1)) {
    for (const f of r) {
      const t = f.trim();
      if (NUMBER_COMMA.test(t)) comma++;
      else if (/^[+-]?\d*\.\d+$/.test(t)) dot++;
    }
  }
  return comma > 0 && dot === 0 ? ',' : '.';
}

/**
 * The first record is a header unless one of its fields reads as data (number or date) in a
 * column whose later values are data too. All-text files therefore count as headed, like pandas.
 */
function detectHeader(records: string[][], decimal: '.' | ','): boolean {
  if (records.length < 2) return true;
  const first = records[0];
  for (let c = 0; c < first.length; c++) {
    if (!isDataLike(first[c], decimal)) continue;
    const later = records.slice(1, 50).map((r) => r[c] ?? '');
    if (later.some((v) => isDataLike(v, decimal))) return false;
  }
  return true;
}
