/**
 * FittedPipeline ⇄ JSON (`dg-pipeline/1`, part of the model bundle): plain JSON for the structure,
 * base64 little-endian for the target-encoding arrays (bundle/base64.ts). Decoding validates every
 * field and index, so a damaged or hand-edited bundle is an AppError INVALID_MODEL naming the bad
 * field, never a crash at predict time.
 */
import { decodeF64, encodeF64 } from '../bundle/base64';
import { AppError } from '../errors';
import { DATETIME_PARTS } from './options';
import type { DatetimePart } from './options';
import { FittedPipeline } from './pipeline';
import { blockWidth } from './transform';
import type { DroppedColumn, InputColumn, PipelineBlock, PipelineSpec } from './types';

export const PIPELINE_FORMAT = 'dg-pipeline/1';

/** JSON-safe form of a fitted pipeline. */
export interface EncodedPipeline {
  format: typeof PIPELINE_FORMAT;
  flavour: PipelineSpec['flavour'];
  frameColumns: string[];
  inputs: InputColumn[];
  inputSource: number[];
  dropped: DroppedColumn[];
  names: string[];
  kinds: ('numeric' | 'categorical')[];
  /** Blocks; target blocks' table / prior / center / scale as base64 float64. */
  blocks: Record<string, unknown>[];
}

export function encodePipeline(p: FittedPipeline): EncodedPipeline {
  const s = p.spec;
  return {
    format: PIPELINE_FORMAT,
    flavour: s.flavour,
    frameColumns: [...s.frameColumns],
    inputs: s.inputs.map((c) => ({
      ...c,
      ...(c.categories ? { categories: [...c.categories] } : {})
    })),
    inputSource: [...s.inputSource],
    dropped: s.dropped.map((d) => ({ ...d })),
    names: [...s.names],
    kinds: [...s.kinds],
    blocks: s.blocks.map((b) =>
      b.type === 'target'
        ? {
            ...b,
            levels: [...b.levels],
            labels: [...b.labels],
            table: encodeF64(b.table),
            prior: encodeF64(b.prior),
            center: encodeF64(b.center),
            scale: encodeF64(b.scale)
          }
        : { ...b, ...('levels' in b ? { levels: [...b.levels] } : {}) }
    )
  };
}

function invalid(field: string, value?: unknown): never {
  const v = value === undefined ? '' : `: ${String(JSON.stringify(value) ?? value).slice(0, 80)}`;
  throw new AppError({
    code: 'INVALID_MODEL',
    message: {
      en: `invalid pipeline in the model file (${field}${v})`,
      pl: `nieprawidłowy potok w pliku modelu (${field}${v})`
    },
    details: { field }
  });
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown, f: string): string[] =>
  Array.isArray(x) && x.every((s) => typeof s === 'string') ? [...x] : invalid(f, x);
const num = (x: unknown, f: string): number =>
  typeof x === 'number' && Number.isFinite(x) ? x : invalid(f, x);
const numOrNull = (x: unknown, f: string): number | null => (x === null ? null : num(x, f));
const int = (x: unknown, f: string, below: number): number =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) < below
    ? (x as number)
    : invalid(f, x);
function f64(x: unknown, f: string, length: number): Float64Array {
  const a = decodeF64(x);
  return a && a.length === length ? a : invalid(f);
}

/** Rebuilds a FittedPipeline from `json` (an object or its JSON text); INVALID_MODEL on any defect. */
export function decodePipeline(json: unknown): FittedPipeline {
  let j = json;
  if (typeof j === 'string') {
    try {
      j = JSON.parse(j);
    } catch {
      invalid('json');
    }
  }
  if (!isObj(j)) return invalid('root');
  if (j.format !== PIPELINE_FORMAT) invalid('format', j.format);
  if (j.flavour !== 'dense' && j.flavour !== 'tree') invalid('flavour', j.flavour);
  const frameColumns = strings(j.frameColumns, 'frameColumns');
  if (!Array.isArray(j.inputs)) invalid('inputs');
  const inputs = (j.inputs as unknown[]).map((c, i) => decodeInput(c, `inputs[${i}]`));
  const inputSource = Array.isArray(j.inputSource)
    ? j.inputSource.map((x, i) => int(x, `inputSource[${i}]`, frameColumns.length))
    : invalid('inputSource');
  if (inputSource.length !== inputs.length) invalid('inputSource.length');
  inputs.forEach(
    (c, i) => c.name === frameColumns[inputSource[i]] || invalid(`inputs[${i}].name`, c.name)
  );
  if (!Array.isArray(j.dropped)) invalid('dropped');
  const dropped = (j.dropped as unknown[]).map((d, i): DroppedColumn => {
    if (!isObj(d) || typeof d.name !== 'string') return invalid(`dropped[${i}]`);
    if (!['target', 'excluded', 'constant', 'idLike'].includes(d.reason as string))
      invalid(`dropped[${i}].reason`, d.reason);
    return { name: d.name, reason: d.reason as DroppedColumn['reason'] };
  });
  if (!Array.isArray(j.blocks)) invalid('blocks');
  const blocks = (j.blocks as unknown[]).map((b, i) => decodeBlock(b, `blocks[${i}]`, inputs));
  const names = strings(j.names, 'names');
  const kinds = Array.isArray(j.kinds)
    ? j.kinds.map((k, i) =>
        k === 'numeric' || k === 'categorical' ? k : invalid(`kinds[${i}]`, k)
      )
    : invalid('kinds');
  const width = blocks.reduce((s, b) => s + blockWidth(b), 0);
  if (names.length !== width || kinds.length !== width) invalid('names.length', names.length);
  const spec: PipelineSpec = {
    flavour: j.flavour,
    frameColumns,
    inputs,
    inputSource,
    dropped,
    blocks,
    names,
    kinds
  };
  return new FittedPipeline(spec);
}

function decodeInput(c: unknown, f: string): InputColumn {
  if (!isObj(c) || typeof c.name !== 'string') return invalid(f);
  const kind = c.kind;
  if (kind === 'categorical')
    return { name: c.name, kind, categories: strings(c.categories, `${f}.categories`) };
  if (kind !== 'numeric' && kind !== 'boolean' && kind !== 'datetime')
    return invalid(`${f}.kind`, kind);
  return {
    name: c.name,
    kind,
    min: numOrNull(c.min ?? null, `${f}.min`),
    max: numOrNull(c.max ?? null, `${f}.max`)
  };
}

function decodeBlock(b: unknown, f: string, inputs: InputColumn[]): PipelineBlock {
  if (!isObj(b)) return invalid(f);
  const input = int(b.input, `${f}.input`, inputs.length);
  const kind = inputs[input].kind;
  const wantText = b.type === 'oneHot' || b.type === 'codes' || b.type === 'target';
  if (wantText !== (kind === 'categorical')) invalid(`${f}.input`, input);
  const affine = () => ({
    fill: numOrNull(b.fill, `${f}.fill`),
    center: num(b.center, `${f}.center`),
    scale: b.scale !== 0 ? num(b.scale, `${f}.scale`) : invalid(`${f}.scale`, 0)
  });
  switch (b.type) {
    case 'numeric':
      return { type: 'numeric', input, ...affine() };
    case 'datePart':
      if (!DATETIME_PARTS.includes(b.part as never)) invalid(`${f}.part`, b.part);
      return { type: 'datePart', input, part: b.part as DatetimePart, ...affine() };
    case 'missing':
      return { type: 'missing', input };
    case 'oneHot':
      return { type: 'oneHot', input, levels: strings(b.levels, `${f}.levels`) };
    case 'codes': {
      if (b.kind !== 'numeric' && b.kind !== 'categorical') invalid(`${f}.kind`, b.kind);
      return {
        type: 'codes',
        input,
        levels: strings(b.levels, `${f}.levels`),
        kind: b.kind as 'numeric'
      };
    }
    case 'target': {
      const levels = strings(b.levels, `${f}.levels`);
      const outputs = int(b.outputs, `${f}.outputs`, 10_000);
      if (outputs < 1) invalid(`${f}.outputs`, outputs);
      const labels = strings(b.labels, `${f}.labels`);
      if (labels.length !== outputs) invalid(`${f}.labels`);
      const scale = f64(b.scale, `${f}.scale`, outputs);
      if (scale.some((s) => s === 0 || !Number.isFinite(s))) invalid(`${f}.scale`);
      return {
        type: 'target',
        input,
        levels,
        outputs,
        labels,
        table: f64(b.table, `${f}.table`, levels.length * outputs),
        prior: f64(b.prior, `${f}.prior`, outputs),
        center: f64(b.center, `${f}.center`, outputs),
        scale
      };
    }
    default:
      return invalid(`${f}.type`, b.type);
  }
}
