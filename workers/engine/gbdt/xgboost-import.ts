/**
 * Importer of XGBoost JSON models (`Booster.save_model('x.json')`, XGBoost ≥ 1.6, gbtree only) into
 * the flat ensemble format. Prediction of the result equals XGBoost's: thresholds and leaf values
 * are float32 in XGBoost, so both are rounded with Math.fround and `float32Splits` is set.
 *
 * Base margin (XGBoost 1.7 `ObjFunction::ProbToMargin`): binary:logistic / reg:logistic →
 * logit(base_score); regression and multi:softprob / multi:softmax → base_score itself, added to
 * every class. Categorical splits: XGBoost sends the *listed* categories right and every other
 * code left; our bitsets mark the left side, so the imported bitset is the complement of the list
 * within 0 … 32·CAT_WORDS − 1. One documented difference remains: a code ≥ 32·CAT_WORDS (or
 * negative) goes left in XGBoost but to the default side here (flat-forest.ts contract).
 * Internal nodes get the cover-weighted mean of their leaves as value (what TreeSHAP uses).
 */
import { CAT_WORDS, type FlatForest, type ForestLink } from './flat-forest';
import { DataLoadError, type Bilingual } from '../errors';

type Json = Record<string, unknown>;

function invalid(what: string, details: Record<string, unknown> = {}): DataLoadError {
  const message: Bilingual = {
    pl: `nieprawidłowy model XGBoost JSON: ${what}`,
    en: `invalid XGBoost JSON model: ${what}`
  };
  return new DataLoadError({ code: 'INVALID_MODEL', message, details });
}

function unsupported(pl: string, en: string, details: Record<string, unknown>): DataLoadError {
  return new DataLoadError({
    code: 'UNSUPPORTED_MODEL',
    message: { pl: `nieobsługiwany model XGBoost: ${pl}`, en: `unsupported XGBoost model: ${en}` },
    hint: {
      pl: 'Obsługiwane są modele gbtree z celami reg:squarederror, binary:logistic i multi:softprob.',
      en: 'Supported: gbtree models with reg:squarederror, binary:logistic or multi:softprob.'
    },
    details
  });
}

function obj(v: unknown, path: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw invalid(`${path} is not an object`);
  return v as Json;
}

/** A number array; `nullIsNaN` accepts null (XGBoost's bare NaN after parseLenientJson). */
function nums(v: unknown, path: string, length?: number, nullIsNaN = false): number[] {
  if (nullIsNaN && Array.isArray(v)) v = v.map((x) => (x === null ? NaN : x));
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) {
    throw invalid(`${path} is not an array of numbers`);
  }
  if (length !== undefined && v.length !== length) {
    throw invalid(`${path} has length ${v.length}, expected ${length}`, { path });
  }
  return v as number[];
}

/** XGBoost writes numeric parameters as strings ("5E-1", "[5E-1]" in newer versions). */
function paramNumbers(v: unknown, path: string): number[] {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
  const parts = s
    ?.replace(/^\[|\]$/g, '')
    .split(',')
    .map(Number);
  if (!parts || parts.some((x) => !Number.isFinite(x))) throw invalid(`${path} = ${String(v)}`);
  return parts;
}

const IDENTITY = new Set([
  'reg:squarederror',
  'reg:linear',
  'reg:absoluteerror',
  'reg:pseudohubererror'
]);
const LOGISTIC = new Set(['binary:logistic', 'reg:logistic']);
const SOFTMAX = new Set(['multi:softprob', 'multi:softmax']);

interface Parsed {
  nodes: number;
  left: number[];
  right: number[];
  feature: number[];
  cond: number[];
  defaultLeft: number[];
  cover: number[];
  splitType: number[];
  cats: Map<number, number[]>;
}

function parseTree(raw: unknown, i: number, nFeatures: number): Parsed {
  const t = obj(raw, `trees[${i}]`);
  const p = `trees[${i}]`;
  const left = nums(t.left_children, `${p}.left_children`);
  const n = left.length;
  if (n === 0) throw invalid(`${p} has no nodes`);
  const right = nums(t.right_children, `${p}.right_children`, n);
  const feature = nums(t.split_indices, `${p}.split_indices`, n);
  const cond = nums(t.split_conditions, `${p}.split_conditions`, n, true);
  const defaultLeft = nums(t.default_left, `${p}.default_left`, n);
  const cover = nums(t.sum_hessian, `${p}.sum_hessian`, n);
  const splitType =
    t.split_type === undefined
      ? new Array<number>(n).fill(0)
      : nums(t.split_type, `${p}.split_type`, n);
  const cats = new Map<number, number[]>();
  const cn =
    t.categories_nodes === undefined ? [] : nums(t.categories_nodes, `${p}.categories_nodes`);
  if (cn.length) {
    const seg = nums(t.categories_segments, `${p}.categories_segments`, cn.length);
    const size = nums(t.categories_sizes, `${p}.categories_sizes`, cn.length);
    const all = nums(t.categories, `${p}.categories`);
    cn.forEach((node, j) => cats.set(node, all.slice(seg[j], seg[j] + size[j])));
  }
  for (let k = 0; k < n; k++) {
    const leaf = left[k] === -1;
    if (leaf !== (right[k] === -1)) throw invalid(`${p} node ${k} has one child`);
    if (leaf) continue;
    for (const c of [left[k], right[k]]) {
      if (!Number.isInteger(c) || c <= 0 || c >= n || c === k) {
        throw invalid(`${p} node ${k} has child ${c}`);
      }
    }
    if (!Number.isInteger(feature[k]) || feature[k] < 0 || feature[k] >= nFeatures) {
      throw invalid(`${p} node ${k} splits on feature ${feature[k]} of ${nFeatures}`);
    }
    if (splitType[k] === 1 && !cats.has(k)) throw invalid(`${p} node ${k} has no categories`);
  }
  return { nodes: n, left, right, feature, cond, defaultLeft, cover, splitType, cats };
}

/**
 * JSON.parse that also accepts the bare NaN / Infinity / -Infinity tokens XGBoost writes (e.g. the
 * split_conditions of categorical nodes), turning them into null; strings are left untouched.
 * @throws DataLoadError `INVALID_MODEL` when the text is not JSON even so.
 */
export function parseLenientJson(text: string): unknown {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === 'N' || ch === 'I' || ch === '-') {
      const m = /^(?:NaN|-?Infinity)/.exec(text.slice(i, i + 9));
      if (m) {
        out += text.slice(last, i) + 'null';
        i += m[0].length - 1;
        last = i + 1;
      }
    }
  }
  try {
    return JSON.parse(out + text.slice(last));
  } catch (e) {
    throw invalid('not JSON', { cause: String(e) });
  }
}

/**
 * Imports the text of an XGBoost JSON model file (`Booster.save_model('x.json')`).
 * @throws DataLoadError `INVALID_MODEL`, `UNSUPPORTED_MODEL` (see importXGBoostJson).
 */
export function parseXGBoostJson(text: string): FlatForest {
  return importXGBoostJson(parseLenientJson(text));
}

/**
 * Converts a parsed XGBoost JSON model (the object from JSON.parse) to a FlatForest.
 * @throws DataLoadError `INVALID_MODEL` (structure), `UNSUPPORTED_MODEL` (gblinear, dart, other objectives).
 */
export function importXGBoostJson(json: unknown): FlatForest {
  const learner = obj(obj(json, 'model').learner, 'learner');
  const booster = obj(learner.gradient_booster, 'learner.gradient_booster');
  const name = String(booster.name);
  if (name !== 'gbtree') {
    throw unsupported(`booster „${name}”`, `booster "${name}"`, { booster: name });
  }
  const objective = String(obj(learner.objective, 'learner.objective').name);
  const link: ForestLink | undefined = IDENTITY.has(objective)
    ? 'identity'
    : LOGISTIC.has(objective)
      ? 'logistic'
      : SOFTMAX.has(objective)
        ? 'softmax'
        : undefined;
  if (!link) throw unsupported(`cel „${objective}”`, `objective "${objective}"`, { objective });
  const param = obj(learner.learner_model_param, 'learner.learner_model_param');
  const nFeatures = paramNumbers(param.num_feature, 'num_feature')[0];
  const numClass = paramNumbers(param.num_class ?? '0', 'num_class')[0];
  const numTarget = paramNumbers(param.num_target ?? '1', 'num_target')[0];
  if (numTarget > 1) throw unsupported('wiele celów', 'multi-target model', { numTarget });
  const nOutputs = link === 'softmax' ? Math.max(numClass, 1) : 1;
  const base = paramNumbers(param.base_score, 'base_score').map(Math.fround);
  const baseScore = new Float64Array(nOutputs);
  for (let k = 0; k < nOutputs; k++) {
    const b = base.length === nOutputs ? base[k] : base[0];
    baseScore[k] = link === 'logistic' ? Math.fround(Math.log(b / (1 - b))) : b;
  }

  const model = obj(booster.model, 'gradient_booster.model');
  if (!Array.isArray(model.trees)) throw invalid('gradient_booster.model.trees is not an array');
  const trees = model.trees.map((t, i) => parseTree(t, i, nFeatures));
  const info = nums(model.tree_info, 'gradient_booster.model.tree_info', trees.length);
  if (info.some((k) => !Number.isInteger(k) || k < 0 || k >= nOutputs)) {
    throw invalid(`tree_info names a class outside 0…${nOutputs - 1}`);
  }
  return flatten(trees, info, { nFeatures, nOutputs, baseScore, link });
}

/** Reachable node ids, children before parents (XGBoost may reuse deleted ids, so ids alone do not order them). */
function postOrder(t: Parsed, i: number): number[] {
  const pre: number[] = [];
  const seen = new Uint8Array(t.nodes);
  const stack = [0];
  while (stack.length) {
    const k = stack.pop() as number;
    if (seen[k]) throw invalid(`trees[${i}] reaches node ${k} twice`);
    seen[k] = 1;
    pre.push(k);
    if (t.left[k] !== -1) stack.push(t.left[k], t.right[k]);
  }
  return pre.reverse();
}

function flatten(
  trees: Parsed[],
  info: number[],
  m: { nFeatures: number; nOutputs: number; baseScore: Float64Array; link: ForestLink }
): FlatForest {
  const nNodes = trees.reduce((s, t) => s + t.nodes, 0);
  const nCat = trees.reduce((s, t) => s + t.cats.size, 0);
  const treeStart = new Int32Array(trees.length + 1);
  // Unreachable (deleted) nodes stay leaves with value 0.
  const feature = new Int32Array(nNodes).fill(-1);
  const threshold = new Float64Array(nNodes);
  const left = new Int32Array(nNodes).fill(-1);
  const right = new Int32Array(nNodes).fill(-1);
  const defaultLeft = new Uint8Array(nNodes);
  const value = new Float64Array(nNodes);
  const cover = new Float64Array(nNodes);
  const catOffset = new Int32Array(nNodes).fill(-1);
  const catWords = new Uint32Array(nCat * CAT_WORDS);
  let base = 0;
  let nextCat = 0;
  trees.forEach((t, i) => {
    treeStart[i] = base;
    for (const k of postOrder(t, i)) {
      const g = base + k;
      left[g] = t.left[k];
      right[g] = t.right[k];
      cover[g] = t.cover[k];
      defaultLeft[g] = t.defaultLeft[k] ? 1 : 0;
      if (t.left[k] === -1) {
        feature[g] = -1;
        value[g] = Math.fround(t.cond[k]);
        continue;
      }
      feature[g] = t.feature[k];
      const l = base + t.left[k];
      const r = base + t.right[k];
      const c = cover[l] + cover[r];
      value[g] =
        c > 0 ? (cover[l] * value[l] + cover[r] * value[r]) / c : (value[l] + value[r]) / 2;
      if (t.splitType[k] !== 1) {
        threshold[g] = Math.fround(t.cond[k]);
        continue;
      }
      const off = nextCat++ * CAT_WORDS;
      catOffset[g] = off;
      catWords.fill(0xffffffff, off, off + CAT_WORDS);
      for (const code of t.cats.get(k) ?? []) {
        if (!Number.isInteger(code) || code < 0 || code >= 32 * CAT_WORDS) {
          throw unsupported(
            `kod kategorii ${code}`,
            `category code ${code} (max ${32 * CAT_WORDS - 1})`,
            { code }
          );
        }
        catWords[off + (code >>> 5)] &= ~(1 << (code & 31)) >>> 0;
      }
      threshold[g] = NaN;
    }
    base += t.nodes;
  });
  treeStart[trees.length] = base;
  return {
    kind: 'boosting',
    link: m.link,
    nFeatures: m.nFeatures,
    nOutputs: m.nOutputs,
    baseScore: m.baseScore,
    treeStart,
    treeOutput: Int32Array.from(info),
    feature,
    threshold,
    left,
    right,
    defaultLeft,
    value,
    valueWidth: 1,
    cover,
    catOffset,
    catWords,
    float32Splits: true
  };
}
