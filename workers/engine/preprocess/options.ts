/**
 * Pipeline options, their defaults and validation (INVALID_PARAM naming the bad value, before any
 * compute). Defaults aim at AutoML: sensible without tuning, and `anchorPreprocessing` reproduces
 * the reference pipeline of ../shared/datasets/anchors.json.
 */
import { AppError } from '../errors';

export type PipelineFlavour = 'dense' | 'tree';
export type ScalerKind = 'standard' | 'robust' | 'minmax' | 'none';
export type ImputeStrategy = 'median' | 'mean' | 'mostFrequent' | 'constant';
export type DatetimePart = 'year' | 'month' | 'day' | 'dayofweek' | 'dayofyear' | 'hour';
export type HighCardinality = 'target' | 'ordinal';

export const DATETIME_PARTS: readonly DatetimePart[] = [
  'year',
  'month',
  'day',
  'dayofweek',
  'dayofyear',
  'hour'
];

export interface PipelineOptions {
  /** 'dense' (linear, k-NN, NB, MLP: no NaN, one-hot) or 'tree' (NaN kept, category codes). */
  flavour: PipelineFlavour;
  /** Raw columns to ignore (IDs, leaks); the target is always ignored. */
  exclude?: readonly string[];
  /** Drop columns with a single state in the training rows (missing counts as a state); default true. */
  dropConstant?: boolean;
  /** Drop identifier-like columns (see README "ID-like"); default true. */
  dropIdLike?: boolean;
  /** Parts derived from datetime columns (each kept only when it varies in training); default all six. */
  datetimeParts?: readonly DatetimePart[];
  /** Dense numeric imputation (mostFrequent: ties → smallest value, as scikit-learn); default 'median'. */
  impute?: ImputeStrategy;
  /** Fill value for impute 'constant'; default 0. */
  fillValue?: number;
  /** Dense: a 0/1 `<col>_missing` column for each numeric / datetime column with missing training values; default true. */
  missingIndicators?: boolean;
  /** Dense scaling of continuous columns; true = 'standard'; default 'none'. Trees never scale. */
  scale?: boolean | ScalerKind;
  /** Group categories seen in fewer than max(rareMinCount, rareMinFraction × training rows) rows; default 10. 0 = off. */
  rareMinCount?: number;
  /** See rareMinCount; default 0.001. */
  rareMinFraction?: number;
  /** Dense: one-hot up to this many levels (after grouping), target encoding above; default 15. */
  maxOneHotLevels?: number;
  /** Tree: integer category codes up to this many levels (≤ 255), `highCardinality` above; default 255. */
  maxTreeLevels?: number;
  /** Tree: encoding of categoricals above maxTreeLevels; default 'target'. */
  highCardinality?: HighCardinality;
  /** Target encoding: m-estimate smoothing toward the prior (pseudo-rows); default 10. */
  targetSmoothing?: number;
  /** Target encoding: folds of the out-of-fold training encoding; default 5. */
  targetFolds?: number;
  /** Seed of the target-encoding folds; default 42. */
  seed?: number;
}

export type ResolvedOptions = Required<Omit<PipelineOptions, 'scale'>> & { scale: ScalerKind };

/**
 * The reference preprocessing of anchors.json ('dense'): median imputation (+ standard scaling
 * when `scale`), '__missing__' + one-hot for every categorical, no rare grouping, no indicators,
 * no target encoding (one-hot at any cardinality), no automatic dropping.
 */
export function anchorPreprocessing(scale: boolean): PipelineOptions {
  return {
    flavour: 'dense',
    impute: 'median',
    scale: scale ? 'standard' : 'none',
    missingIndicators: false,
    rareMinCount: 0,
    rareMinFraction: 0,
    maxOneHotLevels: Number.MAX_SAFE_INTEGER,
    dropConstant: false,
    dropIdLike: false,
    datetimeParts: ['year', 'month', 'dayofyear']
  };
}

/** Defaults filled in and every value checked. */
export function resolveOptions(o: PipelineOptions): ResolvedOptions {
  if (!o || (o.flavour !== 'dense' && o.flavour !== 'tree')) bad('flavour', o?.flavour);
  const scale =
    o.scale === true ? 'standard' : o.scale === false || o.scale === undefined ? 'none' : o.scale;
  if (!['standard', 'robust', 'minmax', 'none'].includes(scale)) bad('scale', o.scale);
  const r: ResolvedOptions = {
    flavour: o.flavour,
    exclude: o.exclude ?? [],
    dropConstant: o.dropConstant ?? true,
    dropIdLike: o.dropIdLike ?? true,
    datetimeParts: o.datetimeParts ?? DATETIME_PARTS,
    impute: o.impute ?? 'median',
    fillValue: o.fillValue ?? 0,
    missingIndicators: o.missingIndicators ?? true,
    scale,
    rareMinCount: o.rareMinCount ?? 10,
    rareMinFraction: o.rareMinFraction ?? 0.001,
    maxOneHotLevels: o.maxOneHotLevels ?? 15,
    maxTreeLevels: o.maxTreeLevels ?? 255,
    highCardinality: o.highCardinality ?? 'target',
    targetSmoothing: o.targetSmoothing ?? 10,
    targetFolds: o.targetFolds ?? 5,
    seed: o.seed ?? 42
  };
  if (!Array.isArray(r.exclude) || r.exclude.some((s) => typeof s !== 'string'))
    bad('exclude', o.exclude);
  if (!Array.isArray(r.datetimeParts) || r.datetimeParts.some((p) => !DATETIME_PARTS.includes(p)))
    bad('datetimeParts', o.datetimeParts);
  if (!['median', 'mean', 'mostFrequent', 'constant'].includes(r.impute)) bad('impute', r.impute);
  if (!Number.isFinite(r.fillValue)) bad('fillValue', r.fillValue);
  if (!(r.rareMinCount >= 0)) bad('rareMinCount', r.rareMinCount);
  if (!(r.rareMinFraction >= 0 && r.rareMinFraction < 1)) bad('rareMinFraction', r.rareMinFraction);
  if (!Number.isInteger(r.maxOneHotLevels) || r.maxOneHotLevels < 1)
    bad('maxOneHotLevels', r.maxOneHotLevels);
  if (!Number.isInteger(r.maxTreeLevels) || r.maxTreeLevels < 2 || r.maxTreeLevels > 255)
    bad('maxTreeLevels', r.maxTreeLevels);
  if (r.highCardinality !== 'target' && r.highCardinality !== 'ordinal')
    bad('highCardinality', r.highCardinality);
  if (!(r.targetSmoothing >= 0 && Number.isFinite(r.targetSmoothing)))
    bad('targetSmoothing', r.targetSmoothing);
  if (!Number.isInteger(r.targetFolds) || r.targetFolds < 2 || r.targetFolds > 50)
    bad('targetFolds', r.targetFolds);
  if (!Number.isFinite(r.seed)) bad('seed', r.seed);
  for (const k of ['dropConstant', 'dropIdLike', 'missingIndicators'] as const)
    if (typeof r[k] !== 'boolean') bad(k, r[k]);
  return r;
}

function bad(param: string, value: unknown): never {
  const v = JSON.stringify(value) ?? String(value);
  throw new AppError({
    code: 'INVALID_PARAM',
    message: {
      en: `invalid pipeline option ${param}: ${v}`,
      pl: `nieprawidłowa opcja potoku ${param}: ${v}`
    },
    details: { param, value: v }
  });
}
