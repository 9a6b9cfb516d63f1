/** Classification metrics over class-probability matrices (anchors.json protocol). */

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
    s -= Math.log(p);
  }
  return s / y.length;
}
