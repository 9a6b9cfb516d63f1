/**
 * exp(x) for x ≤ 0 in plain IEEE double arithmetic: fdlibm's `e_exp.c` (argument reduction by
 * ln 2, Remez polynomial, exact scaling by 2^k), operation for operation. Why not Math.exp: the
 * boosting loop's gradients must be the same bits in the TypeScript trainer and in the WASM kernel
 * (wasm/hist `logisticGradients` runs this very sequence), and in every JS engine; Math.exp is
 * only required to be approximate (V8 happens to use fdlibm too, so there the results equal
 * Math.exp's). Accuracy < 1 ulp.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
/** Below this exp(x) rounds to 0 (fdlibm's u_threshold). */
const UNDERFLOW = -7.4513321910194110842e2;
/** |x| at or above this (high word 0x3fd62e43) is reduced; fdlibm compares high words only. */
const HALF_LN2_WORD = 0.3465735912322998;
/** |x| below this (high word 0x3ff0a2b2) is reduced with k = −1 directly. */
const THREE_HALF_LN2_WORD = 1.039720773696899;
/** |x| below 2^-28: exp(x) = 1 + x. */
const TINY = 3.725290298461914e-9;

/** 2^e for e = 0 … −1100 (exact powers of two, built from their bits). */
const POW2 = (() => {
  const t = new Float64Array(1101);
  const bits = new DataView(new ArrayBuffer(8));
  for (let i = 0; i <= 1022; i++) {
    bits.setUint32(0, (1023 - i) << 20);
    bits.setUint32(4, 0);
    t[i] = bits.getFloat64(0);
  }
  for (let i = 1023; i <= 1100; i++) t[i] = t[i - 1] * 0.5; // subnormal, never used for scaling
  return t;
})();

/** e^x for x ≤ 0 (NaN → NaN); see the module comment. */
export function expNonPositive(x: number): number {
  if (x !== x) return x;
  if (x < UNDERFLOW) return 0;
  const a = -x;
  if (a < TINY) return 1 + x;
  let k = 0;
  let hi = x;
  let lo = 0;
  if (a >= HALF_LN2_WORD) {
    if (a < THREE_HALF_LN2_WORD) {
      k = -1;
      hi = x + LN2_HI;
      lo = -LN2_LO;
    } else {
      k = (INV_LN2 * x - 0.5) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) return y * POW2[-k];
  return y * POW2[-(k + 1000)] * POW2[1000];
}
