/**
 * Small dense linear algebra for the linear families: a Cholesky solve of the p × p normal
 * equations (ridge) and weighted column statistics. p is the feature count after preprocessing
 * (tens to a few hundred), so O(p³) is negligible next to the O(n p²) Gram product.
 */

/**
 * Solves A x = b for symmetric positive-definite A by Cholesky (A = L Lᵀ). When A is only
 * semi-definite (alpha = 0 with collinear features) a jitter of 1e-12 · mean diagonal is added and
 * the factorisation retried — the minimum-norm direction is then picked approximately, which
 * changes predictions by O(jitter).
 * @param A Float64Array, length p × p, row-major (not modified).
 * @param b Float64Array, length p. @returns Float64Array, length p.
 */
export function choleskySolve(A: Float64Array, b: Float64Array): Float64Array {
  const p = b.length;
  let meanDiag = 0;
  for (let i = 0; i < p; i++) meanDiag += A[i * p + i] / p;
  for (
    let attempt = 0, jitter = 0;
    attempt < 8;
    attempt++, jitter = jitter ? jitter * 100 : 1e-12
  ) {
    const L = factor(A, p, jitter * (meanDiag || 1));
    if (L) return substitute(L, b, p);
  }
  throw new Error('choleskySolve: matrix is not positive definite');
}

function factor(A: Float64Array, p: number, jitter: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  return L;
}

function substitute(L: Float64Array, b: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** Weighted mean of each column. @param w length nRows. @returns Float64Array, length nFeatures. */
export function weightedMeans(columns: Float64Array[], w: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i];
  return Float64Array.from(columns, (c) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += w[i] * c[i];
    return s / total;
  });
}
