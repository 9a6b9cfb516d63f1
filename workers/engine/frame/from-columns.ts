/**
 * Plain JS columns (tests, edge API JSON bodies) → Frame. Each column's kind is what its
 * non-missing values agree on: all numbers → numeric, all booleans → boolean, all Dates → datetime,
 * anything else → categorical (numbers and booleans in a mixed column become their text).
 * `null`, `undefined` and NaN are missing.
 */
import { DataValidationError } from '../errors';
import { DictionaryBuilder } from './dictionary';
import type { Frame, FrameColumn, FrameColumnKind } from './types';

export type FrameCell = string | number | boolean | Date | null | undefined;

/**
 * @param names column names, unique.
 * @param columns one array per name, all of the same length.
 * @param kinds optional forced kind per column name ('categorical' turns numbers into text;
 *   'datetime' accepts Dates, epoch ms and ISO strings).
 */
export function frameFromColumns(
  names: readonly string[],
  columns: readonly (readonly FrameCell[])[],
  kinds: Readonly<Record<string, FrameColumnKind>> = {}
): Frame {
  if (names.length !== columns.length || new Set(names).size !== names.length)
    throw invalid('names must be unique and match the columns', { names: [...names] });
  const nRows = columns.length ? columns[0].length : 0;
  const bad = columns.findIndex((c) => c.length !== nRows);
  if (bad >= 0)
    throw invalid(`column "${names[bad]}" has ${columns[bad].length} values, expected ${nRows}`, {
      column: names[bad]
    });
  return { nRows, columns: names.map((n, j) => toColumn(n, columns[j], kinds[n])) };
}

const isMissing = (v: FrameCell): v is null | undefined =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

function inferKind(values: readonly FrameCell[]): FrameColumnKind {
  let nums = 0;
  let bools = 0;
  let dates = 0;
  let present = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    present++;
    if (typeof v === 'number') nums++;
    else if (typeof v === 'boolean') bools++;
    else if (v instanceof Date) dates++;
  }
  if (present > 0 && nums === present) return 'numeric';
  if (present > 0 && bools === present) return 'boolean';
  if (present > 0 && dates === present) return 'datetime';
  return present === 0 ? 'numeric' : 'categorical';
}

function toColumn(
  name: string,
  values: readonly FrameCell[],
  forced?: FrameColumnKind
): FrameColumn {
  const kind = forced ?? inferKind(values);
  if (kind === 'categorical') {
    const b = new DictionaryBuilder(values.length);
    values.forEach((v, i) =>
      b.set(i, isMissing(v) ? null : v instanceof Date ? v.toISOString() : String(v))
    );
    return b.finish(name);
  }
  const out = new Float64Array(values.length);
  values.forEach((v, i) => {
    const x = isMissing(v)
      ? NaN
      : typeof v === 'number'
        ? v
        : typeof v === 'boolean'
          ? Number(v)
          : v instanceof Date
            ? v.getTime()
            : kind === 'datetime'
              ? Date.parse(v)
              : Number(v);
    if (!isMissing(v) && Number.isNaN(x))
      throw invalid(`column "${name}": value ${JSON.stringify(v)} is not ${kind}`, {
        column: name,
        value: String(v)
      });
    out[i] = Number.isFinite(x) ? x : NaN;
  });
  return { name, kind, values: out };
}

function invalid(what: string, details: Record<string, unknown>): DataValidationError {
  return new DataValidationError({
    code: 'INVALID_INPUT',
    message: { en: `invalid columns: ${what}`, pl: `nieprawidłowe kolumny: ${what}` },
    details
  });
}
