/**
 * MlpState ⇄ EncodedModel (`family: 'mlp'`, `format: 'dg-mlp/1'`): scalars as JSON values, each
 * layer's kernel and bias as base64 of little-endian float64 (the trained float32 weights widen
 * exactly). Decoding checks everything the forward pass relies on — layer chaining, array lengths,
 * finite weights, the output layer's width for the task — and throws AppError INVALID_MODEL naming
 * the problem otherwise.
 */
import { AppError } from '../errors';
import { decodeF64, encodeF64 } from '../bundle/base64';
import type { EncodedModel, ModelTask } from './types';
import type { MlpLayer, MlpState } from './mlp';

export const MLP_FORMAT = 'dg-mlp/1';

/** JSON form of one layer. */
interface EncodedLayer {
  nIn: number;
  nOut: number;
  /** base64 of float64 little-endian, nIn × nOut values. */
  kernel: string;
  /** base64 of float64 little-endian, nOut values. */
  bias: string;
}

/** The model as a JSON-safe EncodedModel. */
export function encodeMlp(s: MlpState, params: Record<string, unknown>): EncodedModel {
  return {
    family: 'mlp',
    format: MLP_FORMAT,
    params: { ...params },
    state: {
      task: s.task,
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      activation: s.activation,
      output: s.output,
      yMean: s.yMean,
      yStd: s.yStd,
      layers: s.layers.map((l): EncodedLayer => ({
        nIn: l.nIn,
        nOut: l.nOut,
        kernel: encodeF64(l.kernel),
        bias: encodeF64(l.bias)
      }))
    }
  };
}

function invalid(en: string, pl: string, details: Record<string, unknown> = {}): AppError {
  return new AppError({
    code: 'INVALID_MODEL',
    message: {
      en: `invalid neural network model: ${en}`,
      pl: `nieprawidłowy model sieci neuronowej: ${pl}`
    },
    hint: {
      en: 'The model file is damaged or comes from another program; train or export it again.',
      pl: 'Plik modelu jest uszkodzony lub pochodzi z innego programu; wytrenuj go lub wyeksportuj ponownie.'
    },
    details
  });
}

const isInt = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min;

const OUTPUT_OF: Record<ModelTask, MlpState['output']> = {
  binary: 'sigmoid',
  multiclass: 'softmax',
  regression: 'identity'
};

/** Finite Float64Array of exactly `n` values decoded from `s`, or an INVALID_MODEL error. */
function weights(s: unknown, n: number, field: string): Float64Array {
  const a = decodeF64(s);
  if (!a)
    throw invalid(`${field} is not base64 of float64`, `${field} nie jest base64 float64`, {
      field
    });
  if (a.length !== n)
    throw invalid(
      `${field} has ${a.length} values, expected ${n}`,
      `${field} ma ${a.length} wartości, oczekiwano ${n}`,
      { field, length: a.length, expected: n }
    );
  if (!a.every(Number.isFinite))
    throw invalid(`${field} holds non-finite weights`, `${field} zawiera nieskończone wagi`, {
      field
    });
  return a;
}

/**
 * The network and training parameters of an EncodedModel made by encodeMlp, checked before use.
 * @throws AppError INVALID_MODEL (details name the field).
 */
export function decodeMlpState(o: unknown): { state: MlpState; params: Record<string, unknown> } {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw invalid('not an object', 'to nie jest obiekt');
  const e = o as Record<string, unknown>;
  if (e.family !== 'mlp' || e.format !== MLP_FORMAT)
    throw invalid(
      `family/format ${String(e.family)}/${String(e.format)}, expected mlp/${MLP_FORMAT}`,
      `rodzina/format ${String(e.family)}/${String(e.format)}, oczekiwano mlp/${MLP_FORMAT}`,
      { field: 'format', value: e.format }
    );
  const params = e.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw invalid('params is not an object', 'params nie jest obiektem', { field: 'params' });
  const st = e.state as Record<string, unknown> | null;
  if (typeof st !== 'object' || st === null)
    throw invalid('state missing', 'brak stanu', { field: 'state' });
  const task = st.task as ModelTask;
  if (!(task in OUTPUT_OF))
    throw invalid(`unknown task ${String(st.task)}`, `nieznane zadanie ${String(st.task)}`, {
      field: 'task'
    });
  if (st.output !== OUTPUT_OF[task])
    throw invalid(
      `output ${String(st.output)} does not fit task ${task}`,
      `wyjście ${String(st.output)} nie pasuje do zadania ${task}`,
      { field: 'output' }
    );
  if (st.activation !== 'relu' && st.activation !== 'tanh')
    throw invalid(
      `unknown activation ${String(st.activation)}`,
      `nieznana funkcja aktywacji ${String(st.activation)}`,
      { field: 'activation' }
    );
  const nClasses = st.nClasses;
  const classesOk =
    task === 'regression'
      ? nClasses === 1
      : task === 'binary'
        ? nClasses === 2
        : isInt(nClasses, 3);
  if (!classesOk)
    throw invalid(
      `nClasses = ${String(nClasses)} for ${task}`,
      `nClasses = ${String(nClasses)} dla ${task}`,
      {
        field: 'nClasses'
      }
    );
  if (!isInt(st.nFeatures, 1))
    throw invalid(`nFeatures = ${String(st.nFeatures)}`, `nFeatures = ${String(st.nFeatures)}`, {
      field: 'nFeatures'
    });
  const yMean = st.yMean;
  const yStd = st.yStd;
  if (
    typeof yMean !== 'number' ||
    !Number.isFinite(yMean) ||
    typeof yStd !== 'number' ||
    !(yStd > 0) ||
    !Number.isFinite(yStd)
  )
    throw invalid('yMean / yStd not finite (yStd > 0)', 'yMean / yStd nieskończone (yStd > 0)', {
      field: 'yStd'
    });
  if (!Array.isArray(st.layers) || st.layers.length < 1)
    throw invalid('no layers', 'brak warstw', { field: 'layers' });
  const layers: MlpLayer[] = [];
  let width = st.nFeatures;
  st.layers.forEach((raw: unknown, l: number) => {
    const L = (raw ?? {}) as Record<string, unknown>;
    if (L.nIn !== width || !isInt(L.nOut, 1))
      throw invalid(
        `layer ${l} is ${String(L.nIn)} → ${String(L.nOut)}, its input must be ${width}`,
        `warstwa ${l} ma kształt ${String(L.nIn)} → ${String(L.nOut)}, wejście musi wynosić ${width}`,
        { field: 'layers', index: l }
      );
    const nOut = L.nOut;
    layers.push({
      nIn: width,
      nOut,
      kernel: weights(L.kernel, width * nOut, `layers[${l}].kernel`),
      bias: weights(L.bias, nOut, `layers[${l}].bias`)
    });
    width = nOut;
  });
  const want = task === 'multiclass' ? nClasses : 1;
  if (width !== want)
    throw invalid(
      `output layer has ${width} units, expected ${String(want)}`,
      `warstwa wyjściowa ma ${width} neuronów, oczekiwano ${String(want)}`,
      {
        field: 'layers'
      }
    );
  const state: MlpState = {
    task,
    nClasses: nClasses as number,
    nFeatures: st.nFeatures,
    activation: st.activation,
    output: OUTPUT_OF[task],
    layers,
    yMean,
    yStd
  };
  return { state, params: params as Record<string, unknown> };
}
