/**
 * MLP hyper-parameters: the defaults scaled to the data, the tuning space and the check that turns
 * any parameter record (defaults merged with a tuner's draw) into validated values, naming the bad
 * value in an INVALID_PARAM error.
 */
import { AppError } from '../engine/errors';
import type { MlpActivation } from '../engine/models/mlp';
import type { ModelTask, ParamRange } from '../engine/models/types';

// A type alias, not an interface: it must be assignable to Record<string, unknown> (ModelTrainer's
// default parameter type in AutoML's registry).
export type MlpParams = {
  /**
   * Hidden layer widths, input side first — or the same as a '64-32' string, the form the tuning
   * space draws (ParamRange choices are scalars).
   */
  hiddenLayers: readonly number[] | string;
  activation: MlpActivation;
  /** Adam step size. */
  learningRate: number;
  /** L2 penalty on kernels (not biases), added to the mean loss as l2 · Σ w². */
  l2: number;
  batchSize: number;
  /** Upper bound on epochs; early stopping usually ends sooner. */
  maxEpochs: number;
  /** Epochs without a better validation loss before training stops (best weights kept). */
  patience: number;
  /** Share of the rows held out (stratified, seeded) for early stopping; 0 = train all epochs. */
  validationFraction: number;
};

/** MlpParams after validation (hiddenLayers parsed). */
export type ResolvedMlpParams = Omit<MlpParams, 'hiddenLayers'> & {
  hiddenLayers: number[];
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Defaults for a data shape: a 64-32 network (128-64 from 50 k rows); L2 of 1 / nRows (the
 * penalty's pull shrinks as the data's grows, as with a fixed prior); batches growing with the rows
 * and epochs shrinking with them, so a default fit sees about 300 k samples at most (small data: up
 * to 200 epochs, stopped early); a 20 % validation split under 1 k rows, where 10 % would leave
 * early stopping a handful of rows.
 */
export function mlpDefaults(_task: ModelTask, nRows: number, _nFeatures: number): MlpParams {
  const n = Math.max(1, nRows);
  const maxEpochs = Math.round(clamp(300_000 / n, 10, 200));
  return {
    hiddenLayers: nRows >= 50_000 ? [128, 64] : [64, 32],
    activation: 'relu',
    learningRate: 3e-3,
    l2: clamp(1 / n, 1e-6, 1e-2),
    batchSize: nRows < 20_000 ? 64 : nRows < 200_000 ? 256 : 512,
    maxEpochs,
    patience: Math.round(clamp(maxEpochs / 10, 3, 20)),
    validationFraction: nRows < 1_000 ? 0.2 : 0.1
  };
}

/** Tuning ranges (random search / successive halving draw from these). */
export const MLP_SPACE: Readonly<Record<string, ParamRange>> = Object.freeze({
  hiddenLayers: { type: 'choice', values: ['32', '64', '64-32', '128-64', '128-64-32', '256-128'] },
  activation: { type: 'choice', values: ['relu', 'tanh'] },
  learningRate: { type: 'float', low: 3e-4, high: 1e-2, log: true },
  l2: { type: 'float', low: 1e-6, high: 1e-2, log: true },
  batchSize: { type: 'choice', values: [32, 64, 128, 256] }
});

function bad(param: string, value: unknown, expected: { en: string; pl: string }): AppError {
  const shown = JSON.stringify(value) ?? String(value);
  return new AppError({
    code: 'INVALID_PARAM',
    message: {
      en: `invalid MLP parameter ${param}: ${shown} (expected ${expected.en})`,
      pl: `nieprawidłowy parametr MLP ${param}: ${shown} (oczekiwano: ${expected.pl})`
    },
    details: { param, value }
  });
}

function parseLayers(v: unknown): number[] | null {
  const parts = typeof v === 'string' ? v.split('-').map(Number) : Array.isArray(v) ? v : null;
  if (!parts || parts.length < 1 || parts.length > 8) return null;
  return parts.every((u) => Number.isInteger(u) && u >= 1 && u <= 4096)
    ? (parts as number[])
    : null;
}

/**
 * Validated parameters: `p` over `base` (the defaults for the data).
 * @throws AppError INVALID_PARAM naming the parameter and its value.
 */
export function resolveMlpParams(
  p: Partial<MlpParams> | Record<string, unknown>,
  base: MlpParams
): ResolvedMlpParams {
  const m = { ...base, ...p } as Record<string, unknown>;
  const hiddenLayers = parseLayers(m.hiddenLayers);
  if (!hiddenLayers)
    throw bad('hiddenLayers', m.hiddenLayers, {
      en: '1 … 8 widths of 1 … 4096, e.g. [64, 32] or "64-32"',
      pl: '1 … 8 szerokości 1 … 4096, np. [64, 32] lub "64-32"'
    });
  if (m.activation !== 'relu' && m.activation !== 'tanh')
    throw bad('activation', m.activation, { en: "'relu' or 'tanh'", pl: "'relu' lub 'tanh'" });
  const num = (k: string, ok: (v: number) => boolean, en: string, pl: string): number => {
    const v = m[k];
    if (typeof v !== 'number' || !ok(v)) throw bad(k, v, { en, pl });
    return v;
  };
  const int = (v: number) => Number.isInteger(v);
  return {
    hiddenLayers,
    activation: m.activation,
    learningRate: num('learningRate', (v) => v > 0 && v <= 1, '0 < value ≤ 1', '0 < wartość ≤ 1'),
    l2: num('l2', (v) => v >= 0 && v <= 10, '0 … 10', '0 … 10'),
    batchSize: num(
      'batchSize',
      (v) => int(v) && v >= 1 && v <= 65_536,
      'an integer 1 … 65536',
      'liczba całkowita 1 … 65536'
    ),
    maxEpochs: num(
      'maxEpochs',
      (v) => int(v) && v >= 1 && v <= 10_000,
      'an integer 1 … 10000',
      'liczba całkowita 1 … 10000'
    ),
    patience: num('patience', (v) => int(v) && v >= 1, 'an integer ≥ 1', 'liczba całkowita ≥ 1'),
    validationFraction: num('validationFraction', (v) => v >= 0 && v <= 0.5, '0 … 0.5', '0 … 0.5')
  };
}
