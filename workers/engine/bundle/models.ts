/** Decoding any estimator a bundle can hold: tree forests, dense families, the MLP, blends. */
import { AppError } from '../errors';
import { decodeMlp } from '../models/mlp';
import { decodeModel } from '../models/registry';
import { decodeTreeModel } from '../models/trees';
import type { EncodedModel, FittedModel } from '../models/types';

export function decodeAnyModel(e: EncodedModel): FittedModel {
  if (typeof e !== 'object' || e === null)
    throw new AppError({
      code: 'INVALID_MODEL',
      message: { pl: 'brak estymatora w pliku modelu', en: 'the model file holds no estimator' },
      details: { field: 'model' }
    });
  if (e.format === 'dg-forest/1') return decodeTreeModel(e);
  if (e.family === 'mlp') return decodeMlp(e);
  return decodeModel(e);
}
