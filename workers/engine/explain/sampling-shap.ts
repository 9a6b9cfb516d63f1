/**
 * Model-agnostic interventional SHAP (the quantity Kernel SHAP estimates): the value of a
 * coalition S of players (features, or groups of them) for an explained row x is
 *   v(S) = Σ_b w_b · f(x_S, b_S̄)   (b over the background rows, w their weights),
 * the base value is v(∅) and the margin v(all) = f(x).
 *
 * Two estimators, one chosen per call:
 * - exact: all 2^M coalitions, φ_j = Σ_{S∌j} |S|!(M−|S|−1)!/M! · (v(S∪{j}) − v(S)) — used when
 *   it costs no more model evaluations than the sampling budget (small M, e.g. iris);
 * - antithetic permutation sampling (Štrumbelj & Kononenko 2014; shap's PermutationExplainer):
 *   each random ordering π and its reverse add features one at a time, and the pair's average
 *   marginal contributions are one iid draw. Each draw telescopes to v(all) − v(∅), so additivity
 *   is exact for every sample size (the efficiency constraint Kernel SHAP has to impose by a
 *   constrained regression holds here by construction), the mean is unbiased, and its standard
 *   error is the plain sample std / √pairs.
 */
import { createRng, shuffleInPlace, type Rng } from '../rng';

/**
 * v(S) for a batch of coalitions of one explained row.
 * @param row index of the explained row.
 * @param masks Uint8Array, length nMasks × nPlayers: 1 = player present (takes x's value).
 * @returns Float64Array, length nMasks × nOutputs, row-major.
 */
export type CoalitionValue = (row: number, masks: Uint8Array, nMasks: number) => Float64Array;

export interface SamplingOptions {
  nRows: number;
  nPlayers: number;
  nOutputs: number;
  value: CoalitionValue;
  /** Orderings per row (rounded up to an even number: antithetic pairs); default 64. */
  samples: number;
  seed: number;
  /** 'auto' (default): exact when 2^M ≤ the sampling evaluations; true / false force it. */
  exact?: 'auto' | boolean;
  /** Most coalitions per `value` call (memory: × background rows model inputs). */
  maxMasks?: number;
}

export interface SamplingResult {
  /** Float64Array, length nOutputs × nRows × nPlayers (ShapValues layout). */
  values: Float64Array;
  /** Float64Array, same layout: standard error of each value (0 when exact). */
  stdError: Float64Array;
  /** Float64Array, length nOutputs. */
  baseValue: Float64Array;
  /** Float64Array, length nOutputs × nRows. */
  margin: Float64Array;
  exact: boolean;
  /** Orderings used per row (exact: 2^M coalitions). */
  samples: number;
}

/** Whether `auto` picks the exact enumeration for M players and `samples` orderings. */
export function exactIsCheaper(nPlayers: number, samples: number): boolean {
  return nPlayers <= 20 && 2 ** nPlayers <= Math.max(2, samples) * Math.max(1, nPlayers - 1) + 2;
}

export function samplingShap(o: SamplingOptions): SamplingResult {
  const { nRows: n, nPlayers: M, nOutputs: K } = o;
  const pairs = Math.max(1, Math.ceil(o.samples / 2));
  const exact =
    o.exact === 'auto' || o.exact === undefined ? exactIsCheaper(M, 2 * pairs) : o.exact;
  const values = new Float64Array(K * n * M);
  const stdError = new Float64Array(K * n * M);
  const margin = new Float64Array(K * n);
  const ends = new Uint8Array(2 * M);
  ends.fill(1, M);
  const baseValue = n ? o.value(0, ends, 1) : new Float64Array(K);
  const rng = createRng(o.seed);
  const maxMasks = Math.max(2 * M, o.maxMasks ?? 4096);
  for (let r = 0; r < n; r++) {
    const res = exact ? exactRow(o, r, maxMasks) : sampledRow(o, r, pairs, rng, maxMasks);
    for (let k = 0; k < K; k++) {
      margin[k * n + r] = res.full[k];
      values.set(res.phi.subarray(k * M, (k + 1) * M), (k * n + r) * M);
      stdError.set(res.se.subarray(k * M, (k + 1) * M), (k * n + r) * M);
    }
  }
  return { values, stdError, baseValue, margin, exact, samples: exact ? 2 ** M : 2 * pairs };
}

interface RowResult {
  /** Float64Array, length nOutputs × nPlayers. */
  phi: Float64Array;
  se: Float64Array;
  /** Float64Array, length nOutputs: v(all). */
  full: Float64Array;
}

/** v(S) of many coalitions in chunks of at most maxMasks. */
function evaluate(
  o: SamplingOptions,
  r: number,
  masks: Uint8Array,
  nMasks: number,
  maxMasks: number
): Float64Array {
  const { nPlayers: M, nOutputs: K } = o;
  if (nMasks <= maxMasks) return o.value(r, masks, nMasks);
  const out = new Float64Array(nMasks * K);
  for (let s = 0; s < nMasks; s += maxMasks) {
    const e = Math.min(nMasks, s + maxMasks);
    out.set(o.value(r, masks.subarray(s * M, e * M), e - s), s * K);
  }
  return out;
}

function exactRow(o: SamplingOptions, r: number, maxMasks: number): RowResult {
  const { nPlayers: M, nOutputs: K } = o;
  const total = 2 ** M;
  const masks = new Uint8Array(total * M);
  for (let s = 0; s < total; s++) for (let j = 0; j < M; j++) masks[s * M + j] = (s >>> j) & 1;
  const v = evaluate(o, r, masks, total, maxMasks);
  // Shapley weight of a coalition of size s not holding j: s! (M − s − 1)! / M!.
  const w = new Float64Array(M);
  for (let s = 0; s < M; s++) w[s] = 1 / (M * binomial(M - 1, s));
  const phi = new Float64Array(K * M);
  for (let s = 0; s < total; s++) {
    const size = popcount(s);
    for (let j = 0; j < M; j++) {
      if ((s >>> j) & 1) continue;
      const t = s | (1 << j);
      for (let k = 0; k < K; k++) phi[k * M + j] += w[size] * (v[t * K + k] - v[s * K + k]);
    }
  }
  return { phi, se: new Float64Array(K * M), full: v.slice((total - 1) * K, total * K) };
}

function sampledRow(
  o: SamplingOptions,
  r: number,
  pairs: number,
  rng: Rng,
  maxMasks: number
): RowResult {
  const { nPlayers: M, nOutputs: K } = o;
  const mean = new Float64Array(K * M);
  const m2 = new Float64Array(K * M);
  const full = o.value(r, new Uint8Array(M).fill(1), 1);
  const empty = o.value(r, new Uint8Array(M), 1);
  // Pairs per batch so that one batch's coalitions fit maxMasks.
  const perBatch = Math.max(1, Math.floor(maxMasks / Math.max(1, 2 * (M - 1))));
  const order = Int32Array.from({ length: M }, (_, j) => j);
  const draw = new Float64Array(K * M);
  let done = 0;
  while (done < pairs) {
    const b = Math.min(perBatch, pairs - done);
    const perms: Int32Array[] = [];
    const inner = Math.max(0, M - 1);
    const masks = new Uint8Array(b * 2 * inner * M);
    for (let q = 0; q < b; q++) {
      const pi = shuffleInPlace(order, rng).slice();
      perms.push(pi);
      for (let dir = 0; dir < 2; dir++) {
        const base = (q * 2 + dir) * inner;
        // Prefix of size i + 1 (i < M − 1): the first i + 1 players of π (or of π reversed).
        for (let i = 0; i < inner; i++) {
          const row = masks.subarray((base + i) * M, (base + i + 1) * M);
          if (i > 0) row.set(masks.subarray((base + i - 1) * M, (base + i) * M));
          row[dir === 0 ? pi[i] : pi[M - 1 - i]] = 1;
        }
      }
    }
    const v = inner ? evaluate(o, r, masks, b * 2 * inner, maxMasks) : new Float64Array(0);
    for (let q = 0; q < b; q++) {
      draw.fill(0);
      const pi = perms[q];
      for (let dir = 0; dir < 2; dir++) {
        const base = (q * 2 + dir) * inner;
        // v of the prefix of size i (0 = ∅, M = all).
        const at = (i: number, k: number): number =>
          i === 0 ? empty[k] : i === M ? full[k] : v[(base + i - 1) * K + k];
        for (let i = 0; i < M; i++) {
          const j = dir === 0 ? pi[i] : pi[M - 1 - i];
          for (let k = 0; k < K; k++) draw[k * M + j] += 0.5 * (at(i + 1, k) - at(i, k));
        }
      }
      // Welford update over pairs.
      const cnt = done + q + 1;
      for (let t = 0; t < K * M; t++) {
        const d = draw[t] - mean[t];
        mean[t] += d / cnt;
        m2[t] += d * (draw[t] - mean[t]);
      }
    }
    done += b;
  }
  const se = m2.map((s) => (pairs > 1 ? Math.sqrt(s / (pairs - 1) / pairs) : Infinity));
  return { phi: mean, se, full };
}

function popcount(s: number): number {
  let c = 0;
  for (let x = s; x; x >>>= 1) c += x & 1;
  return c;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
