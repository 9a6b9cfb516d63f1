/**
 * Hyper-parameter checks shared by the dense model families: defaults merged with what the caller
 * gives, unknown names and bad values rejected before any compute with AppError INVALID_PARAM
 * naming the value (the GBDT's error shape, so AutoML logs every family's mistakes alike).
 */
import { invalidParam } from '../gbdt/params';
import type { ModelTask } from './types';

/** One parameter's check: predicate and the expectation quoted in the error. */
export type ParamCheck = readonly [(v: unknown) => boolean, string];

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

/**
 * `defaults` overridden by `given`, every key checked by `checks`.
 * @throws AppError INVALID_PARAM (details: param, value, expected) on an unknown name or bad value.
 */
export function resolveParams<P extends Record<string, unknown>>(
  family: string,
  defaults: P,
  given: Readonly<Record<string, unknown>> | null | undefined,
  checks: { readonly [K in keyof P]: ParamCheck }
): P {
  if (given !== null && given !== undefined && (typeof given !== 'object' || Array.isArray(given)))
    throw invalidParam(`${family} parameters`, given, 'an object');
  for (const key of Object.keys(given ?? {})) {
    if (!(key in checks)) throw invalidParam('parameter name', key, `a known ${family} parameter`);
  }
  const p = { ...defaults, ...(given ?? {}) } as P;
  for (const key of Object.keys(checks) as (keyof P & string)[]) {
    const [ok, expected] = checks[key];
    if (!ok(p[key])) throw invalidParam(key, p[key], expected);
  }
  return p;
}

/** @throws AppError INVALID_PARAM when the family does not handle `task`. */
export function checkTask(family: string, task: ModelTask, tasks: readonly ModelTask[]): void {
  if (!tasks.includes(task)) throw invalidParam('task', task, `${tasks.join(' | ')} for ${family}`);
}

export { invalidParam };
