/** Random search: parameter sets drawn from a family's tuning space with a seeded RNG. */
import { exp, log } from '../math';
import type { ParamRange } from '../models/types';
import type { Rng } from '../rng';

function draw(r: ParamRange, rng: Rng): unknown {
  if (r.type === 'choice') return r.values[rng.int(r.values.length)];
  const u = rng.next();
  const x = r.log ? exp(log(r.low) + u * (log(r.high) - log(r.low))) : r.low + u * (r.high - r.low);
  if (r.type === 'int') return Math.min(r.high, Math.max(r.low, Math.round(x)));
  // Four significant digits: readable on the leaderboard, same numbers in every runtime.
  return Number(x.toPrecision(4));
}

/** One parameter set: the defaults with every tunable parameter redrawn. */
export function sampleParams(
  defaults: Record<string, unknown>,
  space: Readonly<Record<string, ParamRange>>,
  rng: Rng
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(space).sort()) out[key] = draw(space[key], rng);
  return out;
}
