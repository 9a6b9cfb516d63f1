/** Classification metrics over class-probability matrices (anchors.json protocol). */
import { log } from '../math';

const CLIP = 1e-15;

/** Predicted class per row: first maximum of each row. @param proba length n × K. @returns Int32Array, length n. */
export function argmaxRows(proba: Float64Array, K: number): Int32Array {
  const n = proba.length / K;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Share of rows whose first-maximum class equals y. @param proba length n × K. */
export function accuracy(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  const pred = argmaxRows(proba, K);
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

/**
 * Mean −ln p(true class), probabilities clipped to [1e-15, 1 − 1e-15] and each row renormalised
 * (scikit-learn 1.2 `log_loss`). @param proba length n × K.
 */
export function logLoss(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    let z = 0;
    for (let k = 0; k < K; k++) z += Math.min(1 - CLIP, Math.max(CLIP, proba[i * K + k]));
    const p = Math.min(1 - CLIP, Math.max(CLIP, proba[i * K + y[i]])) / z;
    s -= log(p);
  }
  return s / y.length;
}

/**
 * K × K confusion counts of argmax predictions: entry [t × K + p] counts rows with true class t
 * predicted as p. @param proba length n × K. @returns Float64Array, length K × K, row-major.
 */
export function confusionMatrix(
  proba: Float64Array,
  y: ArrayLike<number>,
  K: number
): Float64Array {
  const pred = argmaxRows(proba, K);
  const m = new Float64Array(K * K);
  for (let i = 0; i < y.length; i++) m[y[i] * K + pred[i]]++;
  return m;
}

/** Per-class precision, recall and F1 (0/0 counts as 0, scikit-learn's zero_division=0). */
interface PerClass {
  precision: number;
  recall: number;
  f1: number;
  /** Class appears in y or among the predictions (scikit-learn's default label set). */
  seen: boolean;
}

function perClass(m: Float64Array, K: number, k: number): PerClass {
  let predicted = 0;
  let actual = 0;
  for (let j = 0; j < K; j++) {
    predicted += m[j * K + k];
    actual += m[k * K + j];
  }
  const tp = m[k * K + k];
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = actual > 0 ? tp / actual : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, seen: predicted + actual > 0 };
}

/**
 * Binary (K = 2): the score of the positive class (code 1), as scikit-learn's `average='binary'`
 * and PyCaret on binary tasks. Multiclass: the macro mean over the classes present in y or in the
 * predictions (scikit-learn `average='macro'`; PyCaret prints the support-weighted mean instead —
 * macro is chosen so a rare class counts as much as a common one and so F1 matches the anchors'
 * `f1_macro`).
 */
function averaged(
  proba: Float64Array,
  y: ArrayLike<number>,
  K: number,
  pick: (c: PerClass) => number
): number {
  const m = confusionMatrix(proba, y, K);
  if (K === 2) return pick(perClass(m, K, 1));
  let sum = 0;
  let used = 0;
  for (let k = 0; k < K; k++) {
    const c = perClass(m, K, k);
    if (c.seen) {
      sum += pick(c);
      used++;
    }
  }
  return used ? sum / used : NaN;
}

/** Recall: binary of class 1, multiclass macro (see `averaged`). @param proba length n × K. */
export function recall(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  return averaged(proba, y, K, (c) => c.recall);
}

/** Precision: binary of class 1, multiclass macro; 0/0 = 0. @param proba length n × K. */
export function precision(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  return averaged(proba, y, K, (c) => c.precision);
}

/** F1: binary of class 1, multiclass macro of per-class F1; 0/0 = 0. @param proba length n × K. */
export function f1(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  return averaged(proba, y, K, (c) => c.f1);
}

/**
 * Cohen's kappa of argmax predictions: (p_o − p_e) / (1 − p_e), p_o observed agreement, p_e the
 * agreement expected from the marginals. NaN when p_e = 1 (one class everywhere, as
 * scikit-learn's 0/0). @param proba length n × K.
 */
export function cohenKappa(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  const m = confusionMatrix(proba, y, K);
  const n = y.length;
  let po = 0;
  let pe = 0;
  for (let k = 0; k < K; k++) {
    po += m[k * K + k] / n;
    let row = 0;
    let col = 0;
    for (let j = 0; j < K; j++) {
      row += m[k * K + j];
      col += m[j * K + k];
    }
    pe += (row / n) * (col / n);
  }
  return pe < 1 ? (po - pe) / (1 - pe) : NaN;
}

/**
 * Matthews correlation coefficient, multiclass form (Gorodkin 2004, scikit-learn
 * `matthews_corrcoef`): (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)) with c correct rows,
 * s rows, p_k / t_k predicted / true counts of class k; 0 when the denominator is 0.
 * @param proba length n × K.
 */
export function mcc(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  const m = confusionMatrix(proba, y, K);
  const s = y.length;
  let c = 0;
  let pt = 0;
  let pp = 0;
  let tt = 0;
  for (let k = 0; k < K; k++) {
    c += m[k * K + k];
    let t = 0;
    let p = 0;
    for (let j = 0; j < K; j++) {
      t += m[k * K + j];
      p += m[j * K + k];
    }
    pt += p * t;
    pp += p * p;
    tt += t * t;
  }
  const den = Math.sqrt((s * s - pp) * (s * s - tt));
  return den > 0 ? (c * s - pt) / den : 0;
}
