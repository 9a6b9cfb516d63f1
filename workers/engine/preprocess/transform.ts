/**
 * Applies a fitted pipeline's blocks to aligned input columns: the inference path (and the
 * training path too, except for the out-of-fold target-encoding columns that fit.ts writes).
 */
import type { FrameColumn } from '../frame/types';
import type { DesignMatrix } from '../models/types';
import { datePartsAt } from './datetime';
import type { DatetimePart } from './options';
import { mapLevels } from './levels';
import type { DatePartBlock, PipelineBlock, PipelineSpec } from './types';

/** Design columns a block produces. */
export function blockWidth(b: PipelineBlock): number {
  if (b.type === 'oneHot') return b.levels.length;
  if (b.type === 'target') return b.outputs;
  return 1;
}

/**
 * @param columns the pipeline inputs, aligned (align.ts), in `spec.inputs` order.
 * @param rows Uint32Array of row indices into those columns.
 */
export function applyBlocks(
  spec: PipelineSpec,
  columns: readonly FrameColumn[],
  rows: Uint32Array
): DesignMatrix {
  const n = rows.length;
  const out: Float64Array[] = [];
  const source: number[] = [];
  const parts = new Map<number, Map<DatetimePart, Float64Array>>();
  for (const b of spec.blocks) {
    const col = columns[b.input];
    const src = spec.inputSource[b.input];
    const w = blockWidth(b);
    const cols = Array.from({ length: w }, () => new Float64Array(n));
    if (b.type === 'datePart') fillDatePart(b, col, rows, cols[0], spec, parts);
    else fillBlock(b, col, rows, cols);
    for (const c of cols) {
      out.push(c);
      source.push(src);
    }
  }
  return {
    nRows: n,
    columns: out,
    names: [...spec.names],
    kinds: [...spec.kinds],
    source: Int32Array.from(source)
  };
}

/** A datePart block; all parts of one input are computed in one pass on first use. */
function fillDatePart(
  b: DatePartBlock,
  col: FrameColumn,
  rows: Uint32Array,
  o: Float64Array,
  spec: PipelineSpec,
  cache: Map<number, Map<DatetimePart, Float64Array>>
): void {
  if (col.kind === 'categorical') throw new Error('unaligned column'); // align.ts guarantees it
  let byPart = cache.get(b.input);
  if (!byPart) {
    const wanted = spec.blocks.flatMap((x) =>
      x.type === 'datePart' && x.input === b.input ? [x.part] : []
    );
    const values = datePartsAt(col.values, rows, wanted);
    byPart = new Map(wanted.map((p, k) => [p, values[k]]));
    cache.set(b.input, byPart);
  }
  const x = byPart.get(b.part) as Float64Array;
  const fill = b.fill ?? NaN;
  for (let i = 0; i < rows.length; i++)
    o[i] = ((Number.isNaN(x[i]) ? fill : x[i]) - b.center) / b.scale;
}

function fillBlock(
  b: Exclude<PipelineBlock, DatePartBlock>,
  col: FrameColumn,
  rows: Uint32Array,
  cols: Float64Array[]
): void {
  const n = rows.length;
  if (b.type === 'numeric' || b.type === 'missing') {
    if (col.kind === 'categorical') throw new Error('unaligned column'); // align.ts guarantees it
    const v = col.values;
    const o = cols[0];
    if (b.type === 'missing') {
      for (let i = 0; i < n; i++) o[i] = Number.isNaN(v[rows[i]]) ? 1 : 0;
      return;
    }
    const fill = b.fill ?? NaN;
    for (let i = 0; i < n; i++) {
      let x = v[rows[i]];
      if (Number.isNaN(x)) x = fill;
      o[i] = (x - b.center) / b.scale;
    }
    return;
  }
  if (col.kind !== 'categorical') throw new Error('unaligned column');
  const level = mapLevels(col, b.levels, rows);
  if (b.type === 'oneHot') {
    for (let i = 0; i < n; i++) if (level[i] >= 0) cols[level[i]][i] = 1;
  } else if (b.type === 'codes') {
    for (let i = 0; i < n; i++) cols[0][i] = level[i] < 0 ? NaN : level[i];
  } else {
    const k = b.outputs;
    for (let i = 0; i < n; i++) {
      const l = level[i];
      for (let o = 0; o < k; o++) {
        const x = l < 0 ? b.prior[o] : b.table[l * k + o];
        cols[o][i] = (x - b.center[o]) / b.scale[o];
      }
    }
  }
}
