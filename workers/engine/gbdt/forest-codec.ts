/**
 * FlatForest ⇄ JSON (model bundles): scalars as JSON values, typed arrays as base64 of their
 * little-endian bytes, tagged `format: 'dg-forest/1'`. `decodeForest` validates everything a
 * predictor relies on (lengths, index ranges, children after their parent so no walk can loop)
 * and throws AppError INVALID_MODEL (Polish + English message naming the problem) otherwise.
 */
import { AppError } from '../errors';
import { SIZE, fromBase64, fromBytes, toBase64, toBytes, type ArrayKind } from '../bundle/base64';
import { CAT_WORDS, type FlatForest, type ForestKind, type ForestLink } from './flat-forest';

export const FOREST_FORMAT = 'dg-forest/1';

const ARRAYS: [keyof FlatForest, ArrayKind][] = [
  ['baseScore', 'f64'],
  ['treeStart', 'i32'],
  ['treeOutput', 'i32'],
  ['feature', 'i32'],
  ['threshold', 'f64'],
  ['left', 'i32'],
  ['right', 'i32'],
  ['defaultLeft', 'u8'],
  ['value', 'f64'],
  ['cover', 'f64'],
  ['catOffset', 'i32'],
  ['catWords', 'u32']
];

/** The JSON form of a FlatForest. */
export interface EncodedForest {
  format: typeof FOREST_FORMAT;
  kind: ForestKind;
  link: ForestLink;
  nFeatures: number;
  nOutputs: number;
  valueWidth: number;
  float32Splits: boolean;
  /** base64 of little-endian bytes, per typed array of FlatForest. */
  arrays: Record<string, string>;
}

/** The forest as a JSON-safe object (see EncodedForest). */
export function encodeForest(f: FlatForest): EncodedForest {
  const arrays: Record<string, string> = {};
  for (const [name, kind] of ARRAYS) {
    arrays[name] = toBase64(toBytes(f[name] as Float64Array, kind));
  }
  return {
    format: FOREST_FORMAT,
    kind: f.kind,
    link: f.link,
    nFeatures: f.nFeatures,
    nOutputs: f.nOutputs,
    valueWidth: f.valueWidth,
    float32Splits: f.float32Splits,
    arrays
  };
}

function invalid(en: string, pl: string, details: Record<string, unknown> = {}): AppError {
  return new AppError({
    code: 'INVALID_MODEL',
    message: { en: `invalid tree model: ${en}`, pl: `nieprawidłowy model drzewiasty: ${pl}` },
    hint: {
      en: 'The model file is damaged or comes from another program; train or export it again.',
      pl: 'Plik modelu jest uszkodzony lub pochodzi z innego programu; wytrenuj go lub wyeksportuj ponownie.'
    },
    details
  });
}

const isInt = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min;

/**
 * The FlatForest encoded by encodeForest, checked before use.
 * @throws AppError INVALID_MODEL (details name the field).
 */
export function decodeForest(o: unknown): FlatForest {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw invalid('not an object', 'to nie jest obiekt');
  const e = o as Record<string, unknown>;
  if (e.format !== FOREST_FORMAT)
    throw invalid(
      `format ${JSON.stringify(e.format)}, expected '${FOREST_FORMAT}'`,
      `format ${JSON.stringify(e.format)}, oczekiwano '${FOREST_FORMAT}'`,
      { field: 'format', value: e.format }
    );
  if (e.kind !== 'boosting' && e.kind !== 'averaging')
    throw invalid(`unknown kind ${String(e.kind)}`, `nieznany rodzaj ${String(e.kind)}`, {
      field: 'kind'
    });
  if (e.link !== 'identity' && e.link !== 'logistic' && e.link !== 'softmax')
    throw invalid(`unknown link ${String(e.link)}`, `nieznana funkcja łącząca ${String(e.link)}`, {
      field: 'link'
    });
  for (const key of ['nFeatures', 'nOutputs', 'valueWidth'] as const) {
    if (!isInt(e[key], key === 'nFeatures' ? 0 : 1))
      throw invalid(`${key} = ${String(e[key])}`, `${key} = ${String(e[key])}`, { field: key });
  }
  if (typeof e.float32Splits !== 'boolean')
    throw invalid('float32Splits is not a boolean', 'float32Splits nie jest wartością logiczną', {
      field: 'float32Splits'
    });
  const arrays = e.arrays as Record<string, unknown> | null;
  if (typeof arrays !== 'object' || arrays === null)
    throw invalid('arrays missing', 'brak tablic', { field: 'arrays' });
  const a: Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array> = {};
  for (const [name, kind] of ARRAYS) {
    const s = arrays[name];
    const bytes = typeof s === 'string' ? fromBase64(s) : null;
    if (!bytes || bytes.length % SIZE[kind] !== 0)
      throw invalid(
        `array ${name} is not base64 of ${kind} values`,
        `tablica ${name} nie jest base64 wartości ${kind}`,
        {
          field: name
        }
      );
    a[name] = fromBytes(bytes, kind);
  }
  const f = {
    kind: e.kind,
    link: e.link,
    nFeatures: e.nFeatures as number,
    nOutputs: e.nOutputs as number,
    valueWidth: e.valueWidth as number,
    float32Splits: e.float32Splits,
    ...a
  } as FlatForest;
  checkStructure(f);
  return f;
}

function checkStructure(f: FlatForest): void {
  const bad = (what: string, pl: string, field: string, index?: number): never => {
    throw invalid(what, pl, index === undefined ? { field } : { field, index });
  };
  const nNodes = f.feature.length;
  const nTrees = f.treeStart.length - 1;
  if (nTrees < 0) bad('treeStart is empty', 'treeStart jest puste', 'treeStart');
  if (f.valueWidth !== 1 && f.valueWidth !== f.nOutputs)
    bad('valueWidth must be 1 or nOutputs', 'valueWidth musi wynosić 1 lub nOutputs', 'valueWidth');
  const lengths: [string, number, number][] = [
    ['baseScore', f.baseScore.length, f.nOutputs],
    ['treeOutput', f.treeOutput.length, nTrees],
    ['threshold', f.threshold.length, nNodes],
    ['left', f.left.length, nNodes],
    ['right', f.right.length, nNodes],
    ['defaultLeft', f.defaultLeft.length, nNodes],
    ['value', f.value.length, nNodes * f.valueWidth],
    ['cover', f.cover.length, nNodes],
    ['catOffset', f.catOffset.length, nNodes]
  ];
  for (const [name, got, want] of lengths) {
    if (got !== want)
      bad(
        `${name} has ${got} entries, expected ${want}`,
        `${name} ma ${got} elementów, oczekiwano ${want}`,
        name
      );
  }
  if (f.catWords.length % CAT_WORDS !== 0)
    bad(
      `catWords length is not a multiple of ${CAT_WORDS}`,
      `długość catWords nie jest wielokrotnością ${CAT_WORDS}`,
      'catWords'
    );
  if (nTrees >= 0 && (f.treeStart[0] !== 0 || f.treeStart[nTrees] !== nNodes))
    bad('treeStart does not cover the nodes', 'treeStart nie obejmuje węzłów', 'treeStart');
  for (let t = 0; t < nTrees; t++) {
    const s = f.treeStart[t];
    const size = f.treeStart[t + 1] - s;
    if (size < 1) bad(`tree ${t} is empty`, `drzewo ${t} jest puste`, 'treeStart', t);
    const k = f.treeOutput[t];
    if (!(k >= -1 && k < f.nOutputs) || (k === -1 && f.valueWidth !== f.nOutputs))
      bad(`tree ${t} has output ${k}`, `drzewo ${t} ma wyjście ${k}`, 'treeOutput', t);
    for (let j = 0; j < size; j++) {
      const n = s + j;
      const l = f.left[n];
      const r = f.right[n];
      if (l === -1 && r === -1) continue;
      // Children after their parent (preorder / breadth-first): no walk can loop.
      if (!(l > j && l < size && r > j && r < size))
        bad(`node ${n} has children ${l}, ${r}`, `węzeł ${n} ma potomków ${l}, ${r}`, 'left', n);
      if (!(f.feature[n] >= 0 && f.feature[n] < f.nFeatures))
        bad(
          `node ${n} splits on feature ${f.feature[n]}`,
          `węzeł ${n} dzieli po cesze ${f.feature[n]}`,
          'feature',
          n
        );
      const c = f.catOffset[n];
      if (c !== -1 && !(c >= 0 && c + CAT_WORDS <= f.catWords.length))
        bad(
          `node ${n} has bitset offset ${c}`,
          `węzeł ${n} ma przesunięcie zbioru bitów ${c}`,
          'catOffset',
          n
        );
      if (f.defaultLeft[n] > 1)
        bad(
          `node ${n} has defaultLeft ${f.defaultLeft[n]}`,
          `węzeł ${n} ma defaultLeft ${f.defaultLeft[n]}`,
          'defaultLeft',
          n
        );
    }
  }
}
