/** Row selection on a Frame (CV folds, holdout, dropping rows with a missing target). */
import { DataValidationError } from '../errors';
import type { Frame, FrameColumn } from './types';

/**
 * The frame restricted to `rows`, in that order (dictionaries shared, not copied).
 * @param rows Uint32Array of row indices < frame.nRows; repeats allowed.
 */
export function frameSubset(frame: Frame, rows: Uint32Array): Frame {
  checkRows(rows, frame.nRows);
  const columns = frame.columns.map((c): FrameColumn => {
    if (c.kind === 'categorical') {
      const codes = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) codes[i] = c.codes[rows[i]];
      return { name: c.name, kind: c.kind, codes, dictionary: c.dictionary };
    }
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = c.values[rows[i]];
    return { name: c.name, kind: c.kind, values };
  });
  return { nRows: rows.length, columns };
}

/** Throws INVALID_INPUT when a row index is outside [0, nRows). */
export function checkRows(rows: Uint32Array, nRows: number): void {
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] >= nRows)
      throw new DataValidationError({
        code: 'INVALID_INPUT',
        message: {
          en: `invalid row index: ${rows[i]} (the frame has ${nRows} rows)`,
          pl: `nieprawidłowy numer wiersza: ${rows[i]} (ramka ma ${nRows} wierszy)`
        },
        details: { row: rows[i], nRows }
      });
  }
}

/** All row indices 0 … n − 1. @returns Uint32Array, length n. */
export function allRows(n: number): Uint32Array {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}
