/**
 * Limited-memory BFGS for smooth convex objectives (logistic regression). The line search
 * brackets a step meeting the weak Wolfe conditions by doubling / bisection (Lewis & Overton),
 * which needs no interpolation and cannot cycle. Near the optimum the objective stops changing in
 * floating point before the gradient is small, so a step is also accepted when f did not rise by
 * more than rounding (1e-14 · |f|) while the directional derivative shrank (Hager & Zhang's
 * "approximate Wolfe"): that lets the gradient reach ~1e-10 instead of stalling near 1e-8.
 */
import { CancelledError } from '../errors';
import type { CancelSignal } from '../progress';

/** Writes ∇f(x) into g and returns f(x). */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  /** Stop when max |∂f/∂x_i| ≤ tol. */
  tol: number;
  /** Pairs kept (default 10). */
  memory?: number;
  signal?: CancelSignal;
  stage?: string;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** max |∇f| at x. */
  gradMax: number;
  converged: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;

export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
export const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Minimises `fg` from x0 (not modified). */
export function lbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const d = x0.length;
  const m = opts.memory ?? 10;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(d);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  const dir = new Float64Array(d);
  const alpha = new Float64Array(m);
  let it = 0;
  for (; it < opts.maxIter; it++) {
    if (maxAbs(g) <= opts.tol) return { x, f, iterations: it, gradMax: maxAbs(g), converged: true };
    if (opts.signal?.aborted) throw new CancelledError(opts.stage ?? 'lbfgs');
    twoLoop(S, Y, R, g, dir, alpha);
    let gd = dot(g, dir);
    if (!(gd < 0)) {
      // Not a descent direction (rounding in the memory): restart from steepest descent.
      S.length = Y.length = R.length = 0;
      for (let i = 0; i < d; i++) dir[i] = -g[i];
      gd = -dot(g, g);
    }
    const step = lineSearch(fg, x, f, g, dir, gd);
    if (!step) break; // no step lowers f any more: as converged as floating point allows
    const s = new Float64Array(d);
    const yv = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      s[i] = step.x[i] - x[i];
      yv[i] = step.g[i] - g[i];
    }
    pushPair(S, Y, R, s, yv, m);
    x = step.x;
    g = step.g;
    f = step.f;
  }
  const gm = maxAbs(g);
  return { x, f, iterations: it, gradMax: gm, converged: gm <= opts.tol };
}

function lineSearch(
  fg: Objective,
  x: Float64Array,
  f: number,
  g: Float64Array,
  dir: Float64Array,
  gd: number
): { x: Float64Array; g: Float64Array; f: number } | null {
  const d = x.length;
  let lo = 0;
  let hi = Infinity;
  let t = 1;
  const xn = new Float64Array(d);
  const gn = new Float64Array(d);
  const slack = 1e-14 * Math.abs(f);
  for (let trial = 0; trial < 60; trial++) {
    for (let i = 0; i < d; i++) xn[i] = x[i] + t * dir[i];
    const fn = fg(xn, gn);
    const gdn = dot(gn, dir);
    const armijo = fn <= f + C1 * t * gd;
    const approx = fn <= f + slack && gdn <= (2 * C1 - 1) * gd;
    if (!(armijo || approx)) hi = t;
    else if (gdn < C2 * gd) lo = t;
    else return { x: Float64Array.from(xn), g: Float64Array.from(gn), f: fn };
    t = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (hi - lo < 1e-20 * Math.max(1, lo)) break;
  }
  if (lo === 0) return null;
  // Out of trials with a sufficient decrease at `lo` but no curvature step: take the decrease.
  for (let i = 0; i < d; i++) xn[i] = x[i] + lo * dir[i];
  const fn = fg(xn, gn);
  return fn <= f ? { x: Float64Array.from(xn), g: Float64Array.from(gn), f: fn } : null;
}

/**
 * L-BFGS two-loop recursion: dir = −H g with H built from the pairs (S, Y), R = 1 / sᵀy; the
 * initial scaling is sᵀy / yᵀy of the newest pair, or 1 / max(1, ‖g‖) with no pairs.
 * @param alpha scratch, length ≥ S.length.
 */
export function twoLoop(
  S: Float64Array[],
  Y: Float64Array[],
  R: number[],
  g: Float64Array,
  dir: Float64Array,
  alpha: Float64Array
): void {
  const d = g.length;
  for (let i = 0; i < d; i++) dir[i] = -g[i];
  for (let k = S.length - 1; k >= 0; k--) {
    alpha[k] = R[k] * dot(S[k], dir);
    const yk = Y[k];
    for (let i = 0; i < d; i++) dir[i] -= alpha[k] * yk[i];
  }
  if (S.length) {
    const last = S.length - 1;
    const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
    for (let i = 0; i < d; i++) dir[i] *= gamma;
  } else {
    const gn = Math.sqrt(dot(g, g));
    for (let i = 0; i < d; i++) dir[i] /= Math.max(1, gn);
  }
  for (let k = 0; k < S.length; k++) {
    const beta = R[k] * dot(Y[k], dir);
    const sk = S[k];
    for (let i = 0; i < d; i++) dir[i] += (alpha[k] - beta) * sk[i];
  }
}

/** Appends the pair (s, y) when sᵀy > 0 (keeps H positive definite), dropping the oldest past m. */
export function pushPair(
  S: Float64Array[],
  Y: Float64Array[],
  R: number[],
  s: Float64Array,
  y: Float64Array,
  m: number
): void {
  const sy = dot(s, y);
  if (!(sy > 1e-300)) return;
  if (S.length === m) {
    S.shift();
    Y.shift();
    R.shift();
  }
  S.push(s);
  Y.push(y);
  R.push(1 / sy);
}
