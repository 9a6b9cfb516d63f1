/**
 * The learning target as numbers: class codes 0 … K − 1 with the labels sorted like scikit-learn's
 * LabelEncoder (numbers numerically, text by code unit), or regression values. Rows whose target
 * is missing are reported (`missingRows`, y = NaN there) so the caller drops them before training.
 */
import { InvalidTargetError } from '../errors';
import type { Bilingual } from '../errors';
import { cmp } from './dictionary';
import type { EncodedTarget, Frame, FrameColumn } from './types';

/** An EncodedTarget plus the rows that have no target value. */
export interface TargetEncodingResult extends EncodedTarget {
  /** Uint32Array, ascending: rows with a missing target (y is NaN there). */
  missingRows: Uint32Array;
}

/**
 * Encodes column `targetName` of `frame` for `task`. A classification target with exactly two
 * classes is 'binary' whatever `task` says; 'binary' with more than two classes is an error.
 * Errors (InvalidTargetError): TARGET_NOT_FOUND, TARGET_ALL_MISSING, TARGET_SINGLE_CLASS (fewer
 * than 2 classes), TARGET_CONSTANT (regression), TARGET_TYPE_MISMATCH.
 */
export function encodeTarget(
  frame: Frame,
  targetName: string,
  task: EncodedTarget['task']
): TargetEncodingResult {
  const col = frame.columns.find((c) => c.name === targetName);
  if (!col)
    throw targetError(
      'TARGET_NOT_FOUND',
      {
        en: `target column not found: "${targetName}"`,
        pl: `nie znaleziono kolumny celu: „${targetName}”`
      },
      { column: targetName }
    );
  const raw = rawValues(col);
  const n = frame.nRows;
  const missing: number[] = [];
  for (let i = 0; i < n; i++) if (raw.isMissing(i)) missing.push(i);
  if (missing.length === n)
    throw targetError(
      'TARGET_ALL_MISSING',
      { en: `target "${targetName}" has no values`, pl: `cel „${targetName}” nie ma wartości` },
      { column: targetName }
    );
  const missingRows = Uint32Array.from(missing);
  if (task === 'regression') {
    const y = raw.numbers();
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of y) if (!Number.isNaN(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (lo === hi)
      throw targetError(
        'TARGET_CONSTANT',
        {
          en: `target "${targetName}" has a single value (${lo}): nothing to predict`,
          pl: `cel „${targetName}” ma jedną wartość (${lo}): nie ma czego przewidywać`
        },
        { column: targetName, value: lo }
      );
    return { task, y, classes: [], column: targetName, missingRows };
  }
  const { classes, codes } = raw.classes();
  if (classes.length < 2)
    throw targetError(
      'TARGET_SINGLE_CLASS',
      {
        en: `target "${targetName}" has ${classes.length} class(es) (${classes.join(', ')}); at least 2 are needed`,
        pl: `cel „${targetName}” ma ${classes.length} klas(y) (${classes.join(', ')}); potrzeba co najmniej 2`
      },
      { column: targetName, classes }
    );
  if (task === 'binary' && classes.length > 2)
    throw targetError(
      'TARGET_TYPE_MISMATCH',
      {
        en: `target "${targetName}" has ${classes.length} classes, binary classification needs 2`,
        pl: `cel „${targetName}” ma ${classes.length} klas, klasyfikacja binarna wymaga 2`
      },
      { column: targetName, classes: classes.length }
    );
  return {
    task: classes.length === 2 ? 'binary' : 'multiclass',
    y: codes,
    classes,
    column: targetName,
    missingRows
  };
}

interface RawTarget {
  isMissing(i: number): boolean;
  numbers(): Float64Array;
  classes(): { classes: string[]; codes: Float64Array };
}

function rawValues(col: FrameColumn): RawTarget {
  if (col.kind !== 'categorical') {
    const v = col.values;
    return {
      isMissing: (i) => Number.isNaN(v[i]),
      numbers: () => Float64Array.from(v),
      classes: () => {
        const distinct = [...new Set(Array.from(v).filter((x) => !Number.isNaN(x)))].sort(
          (a, b) => a - b
        );
        const index = new Map(distinct.map((x, k) => [x, k]));
        const label = (x: number) =>
          col.kind === 'boolean'
            ? String(x === 1)
            : col.kind === 'datetime'
              ? new Date(x).toISOString()
              : String(x);
        return {
          classes: distinct.map(label),
          codes: Float64Array.from(v, (x) => (Number.isNaN(x) ? NaN : (index.get(x) as number)))
        };
      }
    };
  }
  const { codes, dictionary } = col;
  return {
    isMissing: (i) => codes[i] < 0,
    numbers: () => {
      const parsed = dictionary.map((s) => (s.trim() === '' ? NaN : Number(s)));
      const used = new Uint8Array(dictionary.length);
      for (const c of codes) if (c >= 0) used[c] = 1;
      const bad = dictionary.findIndex((s, k) => used[k] && !Number.isFinite(parsed[k]));
      if (bad >= 0)
        throw targetError(
          'TARGET_TYPE_MISMATCH',
          {
            en: `target "${col.name}" holds text ("${dictionary[bad]}"), regression needs numbers`,
            pl: `cel „${col.name}” zawiera tekst („${dictionary[bad]}”), regresja wymaga liczb`
          },
          { column: col.name, value: dictionary[bad] }
        );
      return Float64Array.from(codes, (c) => (c < 0 ? NaN : parsed[c]));
    },
    classes: () => {
      const used = new Uint8Array(dictionary.length);
      for (const c of codes) if (c >= 0) used[c] = 1;
      const present = dictionary.map((_, k) => k).filter((k) => used[k]);
      present.sort((a, b) => cmp(dictionary[a], dictionary[b]));
      const remap = new Int32Array(dictionary.length).fill(-1);
      present.forEach((k, i) => (remap[k] = i));
      return {
        classes: present.map((k) => dictionary[k]),
        codes: Float64Array.from(codes, (c) => (c < 0 ? NaN : remap[c]))
      };
    }
  };
}

function targetError(code: string, message: Bilingual, details: Record<string, unknown>) {
  return new InvalidTargetError({ code, message, details });
}
