/**
 * A frame's columns matched to the pipeline's input schema by name (new files may order columns
 * differently or carry extra ones), coerced to the kind seen in training where that is lossless:
 * text that holds numbers / booleans / ISO dates → numbers, numbers → their text for categorical
 * inputs. Missing columns and values that cannot be coerced are DataValidationErrors naming them.
 */
import { DataValidationError } from '../errors';
import { DictionaryBuilder } from '../frame/dictionary';
import type {
  Frame,
  FrameCategoricalColumn,
  FrameColumn,
  FrameNumericColumn
} from '../frame/types';
import type { InputColumn } from './types';

/** Throws MISSING_COLUMNS listing every input column absent from `frame`. */
export function checkInputColumns(inputs: readonly InputColumn[], frame: Frame): void {
  const have = new Set(frame.columns.map((c) => c.name));
  const absent = inputs.map((c) => c.name).filter((n) => !have.has(n));
  if (absent.length) {
    const list = absent.map((n) => `"${n}"`).join(', ');
    throw new DataValidationError({
      code: 'MISSING_COLUMNS',
      message: {
        en: `the data lacks columns the model needs: ${list}`,
        pl: `w danych brakuje kolumn potrzebnych modelowi: ${list}`
      },
      hint: {
        en: 'Use a file with the same columns as the training data.',
        pl: 'Użyj pliku z tymi samymi kolumnami co dane treningowe.'
      },
      details: { columns: absent }
    });
  }
}

/** The input columns of `frame`, in schema order, coerced to their training kinds. */
export function alignColumns(inputs: readonly InputColumn[], frame: Frame): FrameColumn[] {
  checkInputColumns(inputs, frame);
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  return inputs.map((inp) => coerce(byName.get(inp.name) as FrameColumn, inp));
}

function coerce(col: FrameColumn, inp: InputColumn): FrameColumn {
  if (inp.kind === 'categorical') return col.kind === 'categorical' ? col : toText(col);
  if (col.kind !== 'categorical') return col;
  return toNumbers(col, inp);
}

/** Text of numbers as JS prints them (1, 2.5), booleans as true / false, datetimes as ISO. */
function toText(col: FrameNumericColumn): FrameCategoricalColumn {
  const b = new DictionaryBuilder(col.values.length);
  col.values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    b.set(
      i,
      col.kind === 'boolean'
        ? String(v === 1)
        : col.kind === 'datetime'
          ? new Date(v).toISOString()
          : String(v)
    );
  });
  return b.finish(col.name, false);
}

const BOOL: Record<string, number> = { true: 1, false: 0, yes: 1, no: 0, '1': 1, '0': 0 };

function parse(s: string, kind: InputColumn['kind']): number {
  const t = s.trim();
  if (t === '') return NaN;
  if (kind === 'boolean') return BOOL[t.toLowerCase()] ?? Number.NaN;
  if (kind === 'datetime') return Date.parse(t);
  return Number(t);
}

function toNumbers(col: FrameCategoricalColumn, inp: InputColumn): FrameNumericColumn {
  const parsed = col.dictionary.map((s) => parse(s, inp.kind));
  const used = new Uint8Array(parsed.length);
  for (const c of col.codes) if (c >= 0) used[c] = 1;
  const bad = col.dictionary.findIndex(
    (s, k) => used[k] && s.trim() !== '' && !Number.isFinite(parsed[k])
  );
  if (bad >= 0) {
    throw new DataValidationError({
      code: 'COLUMN_TYPE_MISMATCH',
      message: {
        en: `column "${inp.name}" was ${inp.kind} in training but holds "${col.dictionary[bad]}"`,
        pl: `kolumna „${inp.name}” była w treningu typu ${inp.kind}, a zawiera „${col.dictionary[bad]}”`
      },
      details: { column: inp.name, expected: inp.kind, value: col.dictionary[bad] }
    });
  }
  const values = Float64Array.from(col.codes, (c) => (c < 0 ? NaN : parsed[c]));
  return { name: col.name, kind: inp.kind as FrameNumericColumn['kind'], values };
}
