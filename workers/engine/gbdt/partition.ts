/**
 * Row partitioning of a grower node: the TypeScript reference of wasm/hist's `partition` kernel
 * (same contract, same result; tests/unit/gbdt-histogram-wasm.test.ts runs both).
 */

/**
 * Stable partition of rows[start … end) by one feature's bins: the rows whose bin b has
 * toLeft[b] = 1 first, in their order, then the others, in their order.
 * @param col Uint8Array, length nRows: the split feature's bins.
 * @param rows Uint32Array of row indices (rearranged in place within [start, end)).
 * @param toLeft Uint8Array, length 256: 1 for the bins sent left.
 * @param scratch Uint32Array, length ≥ end − start (contents overwritten).
 * @returns the end of the left part (start ≤ result ≤ end).
 */
export function partitionRows(
  col: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  toLeft: Uint8Array,
  scratch: Uint32Array
): number {
  let nl = start;
  let nr = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    if (toLeft[col[r]] === 1) rows[nl++] = r;
    else scratch[nr++] = r;
  }
  rows.set(scratch.subarray(0, nr), nl);
  return nl;
}
