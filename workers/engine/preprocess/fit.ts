/**
 * fitPipeline: learns every preprocessing step from the training rows only (no leakage: medians,
 * scalers, levels, rare groups and target encodings never look at other rows), and returns the
 * fitted pipeline with the training design matrix (out-of-fold target encodings in it).
 */
import { DataValidationError } from '../errors';
import { checkRows } from '../frame/subset';
import type { EncodedTarget, Frame, FrameCategoricalColumn, FrameColumn } from '../frame/types';
import type { DesignMatrix } from '../models/types';
import { columnFacts } from './columns';
import type { ColumnFacts } from './columns';
import { datePartsAt } from './datetime';
import { fitLevels, mapLevels } from './levels';
import { resolveOptions } from './options';
import type { PipelineOptions, ResolvedOptions } from './options';
import { FittedPipeline } from './pipeline';
import { fitScaler, mean, median, mostFrequent } from './stats';
import { fitTargetEncoding } from './target-encoding';
import { applyBlocks, blockWidth } from './transform';
import type { DroppedColumn, InputColumn, PipelineBlock, PipelineSpec, TargetBlock } from './types';

/** Result of fitPipeline. */
export interface PipelineFit {
  pipeline: FittedPipeline;
  /** Design matrix of the training rows (in trainRows order); target encodings out-of-fold. */
  train: DesignMatrix;
}

/**
 * Fits the preprocessing on `trainRows` of `frame`.
 * @param trainRows Uint32Array of row indices (no missing target among them).
 * @param target y of length frame.nRows; its `column` (when set) is left out of the features.
 */
export function fitPipeline(
  frame: Frame,
  trainRows: Uint32Array,
  target: EncodedTarget,
  options: PipelineOptions
): PipelineFit {
  const o = resolveOptions(options);
  checkInputs(frame, trainRows, target);
  const yTrain = Float64Array.from(trainRows, (r) => target.y[r]);
  const inputs: InputColumn[] = [];
  const inputSource: number[] = [];
  const dropped: DroppedColumn[] = [];
  const blocks: PipelineBlock[] = [];
  const names: string[] = [];
  const kinds: ('numeric' | 'categorical')[] = [];
  const oof = new Map<TargetBlock, Float64Array[]>();
  const excluded = new Set(o.exclude);

  frame.columns.forEach((col, j) => {
    if (col.name === target.column) return void dropped.push({ name: col.name, reason: 'target' });
    if (excluded.has(col.name)) return void dropped.push({ name: col.name, reason: 'excluded' });
    const facts = columnFacts(col, trainRows);
    if (o.dropConstant && facts.constant)
      return void dropped.push({ name: col.name, reason: 'constant' });
    if (o.dropIdLike && facts.idLike)
      return void dropped.push({ name: col.name, reason: 'idLike' });
    const input = inputs.length;
    const made = columnBlocks(col, input, facts, trainRows, yTrain, target, o);
    if (!made.length) return void dropped.push({ name: col.name, reason: 'constant' });
    inputs.push(facts.input);
    inputSource.push(j);
    for (const m of made) {
      blocks.push(m.block);
      names.push(...m.names);
      kinds.push(...m.names.map(() => m.kind));
      if (m.oof) oof.set(m.block as TargetBlock, m.oof);
    }
  });

  if (!blocks.length) throw noFeatures(dropped);
  const spec: PipelineSpec = {
    flavour: o.flavour,
    frameColumns: frame.columns.map((c) => c.name),
    inputs,
    inputSource,
    dropped,
    blocks,
    names: uniqueNames(names),
    kinds
  };
  const train = applyBlocks(
    spec,
    inputSource.map((j) => frame.columns[j]),
    trainRows
  );
  // Training rows get their out-of-fold target encodings, never the in-sample table.
  let at = 0;
  for (const b of blocks) {
    const values = b.type === 'target' ? oof.get(b) : undefined;
    if (values && b.type === 'target')
      values.forEach((v, k) => {
        const c = train.columns[at + k];
        for (let i = 0; i < v.length; i++) c[i] = (v[i] - b.center[k]) / b.scale[k];
      });
    at += blockWidth(b);
  }
  return { pipeline: new FittedPipeline(spec), train };
}

interface MadeBlock {
  block: PipelineBlock;
  names: string[];
  kind: 'numeric' | 'categorical';
  oof?: Float64Array[];
}

function columnBlocks(
  col: FrameColumn,
  input: number,
  facts: ColumnFacts,
  rows: Uint32Array,
  yTrain: Float64Array,
  target: EncodedTarget,
  o: ResolvedOptions
): MadeBlock[] {
  if (col.kind === 'categorical')
    return categoricalBlocks(col, input, facts, rows, yTrain, target, o);
  const dense = o.flavour === 'dense';
  const out: MadeBlock[] = [];
  /** Affine map of a continuous column from its training values (`atRows`, length rows.length). */
  const continuous = (atRows: Float64Array) => {
    const present = dropNaN(atRows);
    // A single value plus missing rows is constant once imputed: only its indicator informs.
    if (o.dropConstant && isConstant(present)) return null;
    if (!dense) return { fill: null, center: 0, scale: 1 };
    const fill = !present.length
      ? o.fillValue
      : o.impute === 'median'
        ? median(present)
        : o.impute === 'mean'
          ? mean(present)
          : o.impute === 'mostFrequent'
            ? mostFrequent(present)
            : o.fillValue;
    const filled = new Float64Array(atRows.length);
    for (let i = 0; i < atRows.length; i++) filled[i] = Number.isNaN(atRows[i]) ? fill : atRows[i];
    return { fill, ...fitScaler(filled, o.scale) };
  };
  if (col.kind === 'datetime') {
    const parts = datePartsAt(col.values, rows, o.datetimeParts);
    for (const [k, part] of o.datetimeParts.entries()) {
      const a = continuous(parts[k]);
      if (a)
        out.push({
          block: { type: 'datePart', input, part, ...a },
          names: [`${col.name}_${part}`],
          kind: 'numeric'
        });
    }
    if (!out.length) return out;
  } else {
    // Trees keep a one-value column with missing rows: value vs missing is a split.
    const a = dense ? continuous(valuesAt(col.values, rows)) : { fill: null, center: 0, scale: 1 };
    if (a)
      out.push({ block: { type: 'numeric', input, ...a }, names: [col.name], kind: 'numeric' });
  }
  if (dense && o.missingIndicators && facts.missing > 0)
    out.push({
      block: { type: 'missing', input },
      names: [`${col.name}_missing`],
      kind: 'numeric'
    });
  return out;
}

function categoricalBlocks(
  col: FrameCategoricalColumn,
  input: number,
  facts: ColumnFacts,
  rows: Uint32Array,
  yTrain: Float64Array,
  target: EncodedTarget,
  o: ResolvedOptions
): MadeBlock[] {
  const cc = facts.counts as NonNullable<ColumnFacts['counts']>;
  const minCount = Math.max(o.rareMinCount, o.rareMinFraction * rows.length);
  const dense = o.flavour === 'dense';
  const levels = fitLevels(col, cc, minCount, dense);
  if (dense && levels.length <= o.maxOneHotLevels)
    return [
      {
        block: { type: 'oneHot', input, levels },
        names: levels.map((l) => `${col.name}=${l}`),
        kind: 'numeric'
      }
    ];
  if (!dense && levels.length <= o.maxTreeLevels)
    return [
      {
        block: { type: 'codes', input, levels, kind: 'categorical' },
        names: [col.name],
        kind: 'categorical'
      }
    ];
  if (!dense && o.highCardinality === 'ordinal')
    return [
      {
        block: { type: 'codes', input, levels, kind: 'numeric' },
        names: [col.name],
        kind: 'numeric'
      }
    ];
  // Target encoding; missing is a level of its own here in both flavours.
  const teLevels = dense ? levels : fitLevels(col, cc, minCount, true);
  const level = mapLevels(col, teLevels, rows);
  const te = fitTargetEncoding(
    level,
    yTrain,
    teLevels.length,
    target,
    o.targetSmoothing,
    o.targetFolds,
    o.seed
  );
  const scalers = te.oof.map((v) => (dense ? fitScaler(v, o.scale) : { center: 0, scale: 1 }));
  const labels = te.outputs > 1 ? [...target.classes] : [''];
  const block: TargetBlock = {
    type: 'target',
    input,
    levels: teLevels,
    outputs: te.outputs,
    table: te.table,
    prior: te.prior,
    center: Float64Array.from(scalers, (s) => s.center),
    scale: Float64Array.from(scalers, (s) => s.scale),
    labels
  };
  return [
    {
      block,
      names: labels.map((l) => (l === '' ? `${col.name}_te` : `${col.name}_te=${l}`)),
      kind: 'numeric',
      oof: te.oof
    }
  ];
}

/**
 * Design names made unique (a raw column may be called `age_missing` too): later duplicates get
 * ` (2)`, ` (3)` … appended, so bundles can key features by name.
 */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let out = n;
    for (let k = 2; seen.has(out); k++) out = `${n} (${k})`;
    seen.add(out);
    return out;
  });
}

/** Whether the non-missing values hold at most one distinct value. */
function isConstant(present: Float64Array): boolean {
  for (let i = 1; i < present.length; i++) if (present[i] !== present[0]) return false;
  return true;
}

/** The non-NaN values, in order. */
function dropNaN(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  let k = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) out[k++] = x[i];
  return out.subarray(0, k);
}

/** values[rows[i]]. @returns Float64Array, length rows.length. */
function valuesAt(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

function noFeatures(dropped: DroppedColumn[]): DataValidationError {
  const list = dropped.map((d) => `${d.name} (${d.reason})`).join(', ');
  return new DataValidationError({
    code: 'NO_FEATURES',
    message: {
      en: `no usable feature columns remain: ${list || 'the table has no columns'}`,
      pl: `nie zostały żadne użyteczne kolumny cech: ${list || 'tabela nie ma kolumn'}`
    },
    hint: {
      en: 'Add columns that vary between rows, or exclude fewer columns.',
      pl: 'Dodaj kolumny, które różnią się między wierszami, albo wyklucz mniej kolumn.'
    },
    details: { dropped }
  });
}

function checkInputs(frame: Frame, rows: Uint32Array, target: EncodedTarget): void {
  const fail = (en: string, pl: string, details: Record<string, unknown>): never => {
    throw new DataValidationError({ code: 'INVALID_INPUT', message: { en, pl }, details });
  };
  if (!(rows instanceof Uint32Array) || rows.length === 0)
    fail('no training rows', 'brak wierszy treningowych', { rows: rows?.length ?? null });
  if (target.y.length !== frame.nRows)
    fail(
      `target has ${target.y.length} values, the frame ${frame.nRows} rows`,
      `cel ma ${target.y.length} wartości, ramka ${frame.nRows} wierszy`,
      { y: target.y.length, nRows: frame.nRows }
    );
  checkRows(rows, frame.nRows);
  const K = target.classes.length;
  for (const r of rows) {
    const y = target.y[r];
    const ok =
      target.task === 'regression' ? Number.isFinite(y) : Number.isInteger(y) && y >= 0 && y < K;
    if (!ok)
      fail(
        `invalid target value at training row ${r}: ${y} (drop rows with a missing target first)`,
        `nieprawidłowa wartość celu w wierszu treningowym ${r}: ${y} (najpierw usuń wiersze bez celu)`,
        { row: r, value: String(y) }
      );
  }
}
