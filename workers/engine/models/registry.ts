/**
 * The model zoo as AutoML and the bundle reader see it. Each family contributes one entry — its
 * trainer and the decoder of its encoding formats — so adding a family is one line in FAMILIES
 * (tree families and the MLP add theirs here).
 */
import { invalidModel } from './codec';
import { BASELINE_FORMAT, baselineTrainer, decodeBaseline } from './baseline';
import { KNN_FORMAT, decodeKnn, knnTrainer } from './knn';
import { LINEAR_FORMAT, decodeLinear, linearTrainer } from './linear';
import { LOGISTIC_FORMAT, decodeLogistic, logisticTrainer } from './logistic';
import { NAIVE_BAYES_FORMAT, decodeNaiveBayes, naiveBayesTrainer } from './naive-bayes';
import type { EncodedModel, FittedModel, ModelTrainer } from './types';

/** One family's entry: how to train it and how to read it back from a bundle. */
export interface FamilyEntry {
  // ModelTrainer's params type differs per family; the registry only routes calls.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trainer: ModelTrainer<any>;
  /** Encoding formats this family's `decode` reads (e.g. 'dg-linear/1'). */
  formats: readonly string[];
  decode(e: EncodedModel): FittedModel;
}

const entry = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trainer: ModelTrainer<any>,
  format: string,
  decode: (e: EncodedModel) => FittedModel
): FamilyEntry => Object.freeze({ trainer, formats: Object.freeze([format]), decode });

/** Every registered family. */
export const FAMILIES: readonly FamilyEntry[] = Object.freeze([
  entry(baselineTrainer, BASELINE_FORMAT, decodeBaseline),
  entry(linearTrainer, LINEAR_FORMAT, decodeLinear),
  entry(logisticTrainer, LOGISTIC_FORMAT, decodeLogistic),
  entry(knnTrainer, KNN_FORMAT, decodeKnn),
  entry(naiveBayesTrainer, NAIVE_BAYES_FORMAT, decodeNaiveBayes)
]);

/** Trainers of the families that take the dense (imputed, one-hot, optionally scaled) input. */
export const TRAINERS_DENSE: readonly ModelTrainer[] = Object.freeze(
  FAMILIES.filter((f) => f.trainer.input === 'dense').map((f) => f.trainer as ModelTrainer)
);

/**
 * A fitted model rebuilt from its bundle encoding, found by its `format`.
 * @throws AppError INVALID_MODEL when `e` is not an encoded model, its format is unknown, or its
 *   state is malformed (details name the field).
 */
export function decodeModel(e: EncodedModel): FittedModel {
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw invalidModel('not an object', 'to nie jest obiekt');
  const found = FAMILIES.find((f) => f.trainer.family === e.family && f.formats.includes(e.format));
  if (!found)
    throw invalidModel(
      `unknown family/format ${String(e.family)}/${String(e.format)}`,
      `nieznana rodzina/format ${String(e.family)}/${String(e.format)}`,
      { field: 'format', family: e.family, format: e.format }
    );
  return found.decode(e);
}
