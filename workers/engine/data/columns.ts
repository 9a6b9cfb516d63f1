/**
 * Column-major JS values (from the XLSX and JSON readers) → an Arrow IPC stream DuckDB can
 * insert. Each column gets the narrowest honest Arrow type: Int32 when every value is a whole
 * number in range (so `year` is an integer column whatever the file format), Float64 for other
 * numbers, Bool, Date (day) / Timestamp (ms) for dates, Utf8 for everything else — a column that
 * mixes numbers and text keeps the text, and the validator reports MIXED_TYPES.
 */
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  TimestampMillisecond,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray
} from 'apache-arrow';
import type { DataType, Vector } from 'apache-arrow';

/** A cell as the readers produce it; null = missing. */
export type CellValue = string | number | boolean | Date | null;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type Kind = 'int' | 'float' | 'bool' | 'date' | 'datetime' | 'text';

/** The Arrow kind of a column: what all its non-missing values agree on. */
function columnKind(values: readonly CellValue[]): Kind {
  let nums = 0;
  let ints = 0;
  let bools = 0;
  let dates = 0;
  let timed = 0;
  let present = 0;
  for (const v of values) {
    if (v === null) continue;
    present++;
    if (typeof v === 'number') {
      nums++;
      if (Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) ints++;
    } else if (typeof v === 'boolean') bools++;
    else if (v instanceof Date) {
      dates++;
      if (v.getTime() % 86400000 !== 0) timed++;
    }
  }
  if (present === 0) return 'text';
  if (nums === present) return ints === present ? 'int' : 'float';
  if (bools === present) return 'bool';
  if (dates === present) return timed ? 'datetime' : 'date';
  return 'text';
}

function asText(v: CellValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString();
  return String(v);
}

function toVector(values: CellValue[], missing: ReadonlySet<string>): Vector<DataType> {
  // Missing tokens apply to text cells only: the number 0 is never "missing".
  const cleaned = values.map((v) => (typeof v === 'string' && missing.has(v.trim()) ? null : v));
  switch (columnKind(cleaned)) {
    case 'int':
      return vectorFromArray(cleaned as (number | null)[], new Int32());
    case 'float':
      return vectorFromArray(cleaned as (number | null)[], new Float64());
    case 'bool':
      return vectorFromArray(cleaned as (boolean | null)[], new Bool());
    case 'date':
      return vectorFromArray(cleaned as (Date | null)[], new DateDay());
    case 'datetime':
      return vectorFromArray(
        cleaned.map((v) => (v instanceof Date ? v.getTime() : null)),
        new TimestampMillisecond()
      );
    default:
      return vectorFromArray(cleaned.map(asText), new Utf8());
  }
}

/**
 * Builds an Arrow IPC stream from `names` (already unique) and column-major `columns`
 * (each of length `rows`). `missingTokens` are compared after trimming.
 */
export function columnsToIPC(
  names: readonly string[],
  columns: CellValue[][],
  missingTokens: readonly string[]
): Uint8Array {
  const missing = new Set(missingTokens.map((t) => t.trim()));
  const vectors: Record<string, Vector<DataType>> = {};
  names.forEach((name, i) => {
    vectors[name] = toVector(columns[i], missing);
  });
  return tableToIPC(new Table(vectors), 'stream');
}
