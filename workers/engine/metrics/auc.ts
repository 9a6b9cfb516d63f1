/**
 * ROC AUC (scikit-learn `roc_auc_score`): binary by the rank-sum formula with tied scores counting
 * one half (same as the trapezoidal ROC area); multiclass as the one-vs-rest macro average.
 */

/**
 * Binary AUC of `scores` for positives `isPositive[i] = 1`; NaN when one class is absent.
 * @param scores Float64Array, length n. @param isPositive Uint8Array, length n.
 */
export function binaryAuc(scores: Float64Array, isPositive: Uint8Array): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1; // average 1-based rank of the tie group
    for (let t = i; t <= j; t++) {
      if (isPositive[order[t]]) {
        nPos++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * AUC of class probabilities: binary (K = 2) uses column 1; K > 2 the unweighted mean over the
 * classes of "class k vs rest" AUC (classes absent from y are skipped).
 * @param proba Float64Array, length n × K, row-major. @param y class codes, length n.
 */
export function rocAuc(proba: Float64Array, y: ArrayLike<number>, K: number): number {
  const n = y.length;
  const col = new Float64Array(n);
  const pos = new Uint8Array(n);
  const classes = K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
  let sum = 0;
  let used = 0;
  for (const k of classes) {
    for (let i = 0; i < n; i++) {
      col[i] = proba[i * K + k];
      pos[i] = y[i] === k ? 1 : 0;
    }
    const a = binaryAuc(col, pos);
    if (a === a) {
      sum += a;
      used++;
    }
  }
  return used ? sum / used : NaN;
}
