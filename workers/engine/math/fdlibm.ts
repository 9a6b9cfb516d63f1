/**
 * exp, log and log1p in plain IEEE double arithmetic, ported operation for operation from fdlibm
 * (`e_exp.c`, `e_log.c`, `s_log1p.c`, as kept in FreeBSD msun). Why not Math.*: ECMAScript only
 * asks those to be approximate, and engines differ in the last bit (V8 in Chromium 156 vs Node 20:
 * Math.exp on ~10 % of inputs, Math.log on ~5 %). L-BFGS / OWL-QN and split searches amplify one
 * ulp into different leaderboards, so training code calls these instead: +, −, ×, ÷ and
 * comparisons are exactly rounded everywhere, hence the same bits in every engine. Accuracy
 * < 1 ulp (fdlibm's bound); V8 itself ports the same sources, so on Node 20 they equal Math.*.
 *
 * The high/low 32-bit words of a double go through one shared scratch Float64Array; endianness is
 * detected once (typed arrays use the platform's byte order).
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high word (sign, exponent, top 20 mantissa bits) in U32. */
const HI = ((): number => {
  F64[0] = 1;
  return U32[1] === 0x3ff00000 ? 1 : 0;
})();
/** Signed high word of x (fdlibm's `__HI`). */
function highWord(x: number): number {
  F64[0] = x;
  return U32[HI] | 0;
}

/** x with its high word replaced by `hi` (fdlibm's `__HI(x) = hi`). */
function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  U32[HI] = hi;
  return F64[0];
}

/** y · 2^k by adding k to the exponent field (fdlibm's `__HI(y) += k << 20`); y, result normal. */
function addToExponent(y: number, k: number): number {
  F64[0] = y;
  U32[HI] = U32[HI] + (k << 20); // ToUint32 wraps a negative sum, as C's unsigned arithmetic
  return F64[0];
}

const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000: k · LN2_HI exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54 = 1.8014398509481984e16; // 2^54

// ---------------------------------------------------------------- exp (e_exp.c)
const O_THRESHOLD = 7.09782712893383973096e2; // above: exp overflows
const U_THRESHOLD = -7.4513321910194110842e2; // below: exp underflows to 0
const INV_LN2 = 1.442695040888963387;
const TWOM1000 = 9.3326361850321887899e-302; // 2^-1000
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * e^x, the same bits in every JS engine (< 1 ulp from the true value). NaN → NaN, +∞ → +∞,
 * −∞ → 0, x > 709.78… → +∞, x < −745.13… → 0, subnormal results rounded once.
 */
export function exp(x: number): number {
  const hw = highWord(x);
  const negative = hw < 0;
  const hx = hw & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: non-finite, overflow or underflow.
    if (hx >= 0x7ff00000) {
      if (x !== x) return x;
      return negative ? 0 : x;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let k = 0;
  let hi = 0;
  let lo = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2 / 2: x = k·ln2 + r, |r| ≤ ln2 / 2, r = hi − lo carried in two parts.
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5 ln2: k = ±1.
      if (negative) {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      } else {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // truncation, as C's (int)
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28: 1 + x is exact to the last bit.
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  // Scale by 2^k by adding k to the exponent field (exact); below 2^-1021 scale in two steps so
  // that the only rounding is the final multiply into the subnormal range.
  if (k >= -1021) return addToExponent(y, k);
  return addToExponent(y, k + 1000) * TWOM1000;
}

// ---------------------------------------------------------------- log (e_log.c)
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * Natural logarithm, the same bits in every JS engine (< 1 ulp). ±0 → −∞, x < 0 → NaN,
 * NaN → NaN, +∞ → +∞; subnormal x handled by scaling with 2^54.
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022, zero, negative or NaN with the sign bit set.
    if (x === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // Normalise x into [sqrt(2)/2, sqrt(2)): x = 2^k · (1 + f).
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

// ---------------------------------------------------------------- log1p (s_log1p.c)
const LP1 = 6.66666666666673513e-1;
const LP2 = 3.999999999940941908e-1;
const LP3 = 2.857142874366239149e-1;
const LP4 = 2.222219843214978396e-1;
const LP5 = 1.818357216161805012e-1;
const LP6 = 1.531383769920937332e-1;
const LP7 = 1.479819860511658591e-1;

/**
 * log(1 + x), accurate for tiny x, the same bits in every JS engine (< 1 ulp). −1 → −∞,
 * x < −1 → NaN, NaN → NaN, +∞ → +∞, ±0 → ±0. The −0.2929 threshold is msun's 0xbfd2bec4 (the one
 * V8 ships), not fdlibm 5.3's 0xbfd2bec3, so Node's Math.log1p is matched there too.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422 (or negative, or NaN with the sign bit set)
    if (ax >= 0x3ff00000) {
      // x ≤ −1
      if (x === -1) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // −0.2929 < x < 0.41422: no reduction
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // u in [1, sqrt(2))
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // u / 2 in [sqrt(2)/2, 1)
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.6666666666666666 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}
