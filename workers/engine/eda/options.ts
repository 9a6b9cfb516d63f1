/** EdaOptions validation and defaults (parameters checked before any compute). */
import { AppError } from '../errors';
import type { EdaOptions, EdaResults } from './types';
import { EDA_DEFAULTS } from './types';

function bad(name: string, value: unknown, rule: string): AppError {
  return new AppError({
    code: 'INVALID_OPTION',
    message: {
      pl: `Nieprawidłowa opcja EDA ${name}: ${String(value)} (${rule}).`,
      en: `invalid EDA option ${name}: ${String(value)} (${rule})`
    },
    details: { option: name, value }
  });
}

function int(name: string, v: number | undefined, def: number, lo: number, hi: number): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < lo || v > hi) throw bad(name, v, `an integer in ${lo}…${hi}`);
  return v;
}

function share(name: string, v: number | undefined, def: number): number {
  if (v === undefined) return def;
  if (!(v > 0 && v <= 1)) throw bad(name, v, 'a number in (0, 1]');
  return v;
}

/** Options with defaults applied; throws AppError INVALID_OPTION naming the bad value. */
export function resolveEdaOptions(opts: EdaOptions): EdaResults['options'] {
  const d = EDA_DEFAULTS;
  if (opts.vifThreshold !== undefined && !(opts.vifThreshold > 1)) {
    throw bad('vifThreshold', opts.vifThreshold, 'a number > 1');
  }
  return {
    ...(opts.target !== undefined ? { target: opts.target } : {}),
    ...(opts.problemType !== undefined ? { problemType: opts.problemType } : {}),
    histogramBins: int('histogramBins', opts.histogramBins, d.histogramBins, 2, 200),
    topK: int('topK', opts.topK, d.topK, 1, 1000),
    sampleRows: int('sampleRows', opts.sampleRows, d.sampleRows, 100, 100_000_000),
    correlationThreshold: share(
      'correlationThreshold',
      opts.correlationThreshold,
      d.correlationThreshold
    ),
    vifThreshold: opts.vifThreshold ?? d.vifThreshold,
    maxCorrelationColumns: int(
      'maxCorrelationColumns',
      opts.maxCorrelationColumns,
      d.maxCorrelationColumns,
      2,
      10_000
    ),
    seed: int('seed', opts.seed, d.seed, 0, 2 ** 31 - 1)
  };
}
