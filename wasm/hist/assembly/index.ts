/**
 * WASM training kernels of the GBDT: histogram building, row partitioning and binary log-loss
 * gradients. Twins of `buildHistogram` (workers/engine/gbdt/histogram.ts), `partitionRows`
 * (workers/engine/gbdt/partition.ts) and `binaryLogLoss().gradients` (loss/binary-log-loss.ts,
 * exp from loss/exp.ts); host adapter workers/engine/gbdt/histogram-wasm.ts;
 * tests/unit/gbdt-histogram-wasm.test.ts and gbdt-fit-wasm.test.ts hold them to identical bits.
 * Built by wasm/build.mjs (asc -O3, --runtime stub, SIMD); allocates nothing.
 *
 * Memory, laid out by the host after `heapBase()` and kept for a whole fit:
 *  - bins: u8, row-major, `stride` bytes per row (bins[r · stride + f] = bin of row r, feature f),
 *    so one row's bins share a cache line;
 *  - g, h: f64 gradient and hessian per row; gh: the same as pairs, gh[2r] = gradient,
 *    gh[2r + 1] = hessian, one 16-byte load per row (`logisticGradients` writes all three;
 *    `interleave` builds gh from g, h copied in by the host);
 *  - y, raw: f64 per row, and the training rows u32 (for `logisticGradients`); with resident
 *    margins (the host's `adoptMargins`) raw is the fit's margin array for the whole fit, updated
 *    in place by `addLeafValues`;
 *  - rows: u32 row indices of the tree's sample; nodes own contiguous ranges, partitioned in place;
 *  - sums f64[nFeatures × 256 × 2] (interleaved Σ gradient, Σ hessian) and counts
 *    u32[nFeatures × 256]: the histogram of the last `histogram` call.
 *
 * Bit-identity with the TypeScript reference: every (feature, bin) slot receives its additions in
 * the node's row order, whatever the loop order (row-wise here, feature-wise there); f64x2.add is
 * two IEEE additions.
 */

const HIST_BINS: usize = 256;

export function heapBase(): usize {
  return __heap_base;
}

/** A feature whose first ≤ 256 rows change bin in fewer than a quarter of them takes runs. */
@inline function isRunny(pBins: usize, stride: usize, f: usize, rows: usize, n: i32): bool {
  const probe = min(n, 256);
  let changes = 0;
  let prev = load<u8>(pBins + (<usize>load<u32>(rows)) * stride + f);
  for (let i = 1; i < probe; i++) {
    const b = load<u8>(pBins + (<usize>load<u32>(rows + ((<usize>i) << 2))) * stride + f);
    if (b != prev) changes++;
    prev = b;
  }
  return 4 * changes < probe;
}

/**
 * Histogram of rows[start … end) over the `nAct` features listed (u8) at pAct; the other features'
 * slots are zero. pList: scratch of 512 bytes. One pass over the rows.
 */
export function histogram(
  pBins: usize,
  stride: i32,
  nF: i32,
  pRows: usize,
  start: i32,
  end: i32,
  pGH: usize,
  pAct: usize,
  nAct: i32,
  pSums: usize,
  pCounts: usize,
  pList: usize
): void {
  memory.fill(pSums, 0, (<usize>nF) * HIST_BINS * 16);
  memory.fill(pCounts, 0, (<usize>nF) * HIST_BINS * 4);
  const n = end - start;
  if (n <= 0) return;
  const st = <usize>stride;
  const rows = pRows + ((<usize>start) << 2);
  // Time-ordered columns repeat a bin row after row: up to 4 such "runny" features keep their
  // current bin's sums in registers until the bin changes (no store-to-load chain through
  // memory); the others update their slots row by row. One pass over the rows for all of them.
  const pRun = pList + 256;
  let nDense = 0;
  let nRun = 0;
  for (let j = 0; j < nAct; j++) {
    const f = load<u8>(pAct + <usize>j);
    if (nRun < 4 && isRunny(pBins, st, <usize>f, rows, n)) {
      store<u8>(pRun + <usize>nRun, f);
      nRun++;
    } else {
      store<u8>(pList + <usize>nDense, f);
      nDense++;
    }
  }
  const row0 = pBins + (<usize>load<u32>(rows)) * st;
  const f0 = nRun > 0 ? <usize>load<u8>(pRun + 0) : 0;
  const s0 = pSums + f0 * HIST_BINS * 16;
  const n0 = pCounts + f0 * HIST_BINS * 4;
  let b0 = <usize>load<u8>(row0 + f0);
  let acc0 = v128.load(s0 + (b0 << 4));
  let c0 = load<u32>(n0 + (b0 << 2));
  const f1 = nRun > 1 ? <usize>load<u8>(pRun + 1) : 0;
  const s1 = pSums + f1 * HIST_BINS * 16;
  const n1 = pCounts + f1 * HIST_BINS * 4;
  let b1 = <usize>load<u8>(row0 + f1);
  let acc1 = v128.load(s1 + (b1 << 4));
  let c1 = load<u32>(n1 + (b1 << 2));
  const f2 = nRun > 2 ? <usize>load<u8>(pRun + 2) : 0;
  const s2 = pSums + f2 * HIST_BINS * 16;
  const n2 = pCounts + f2 * HIST_BINS * 4;
  let b2 = <usize>load<u8>(row0 + f2);
  let acc2 = v128.load(s2 + (b2 << 4));
  let c2 = load<u32>(n2 + (b2 << 2));
  const f3 = nRun > 3 ? <usize>load<u8>(pRun + 3) : 0;
  const s3 = pSums + f3 * HIST_BINS * 16;
  const n3 = pCounts + f3 * HIST_BINS * 4;
  let b3 = <usize>load<u8>(row0 + f3);
  let acc3 = v128.load(s3 + (b3 << 4));
  let c3 = load<u32>(n3 + (b3 << 2));
  for (let i = 0; i < n; i++) {
    const r = <usize>load<u32>(rows + ((<usize>i) << 2));
    const row = pBins + r * st;
    const gh = v128.load(pGH + (r << 4));
    if (nRun > 0) {
      const b = <usize>load<u8>(row + f0);
      if (b != b0) {
        v128.store(s0 + (b0 << 4), acc0);
        store<u32>(n0 + (b0 << 2), c0);
        b0 = b;
        acc0 = v128.load(s0 + (b << 4));
        c0 = load<u32>(n0 + (b << 2));
      }
      acc0 = f64x2.add(acc0, gh);
      c0++;
    }
    if (nRun > 1) {
      const b = <usize>load<u8>(row + f1);
      if (b != b1) {
        v128.store(s1 + (b1 << 4), acc1);
        store<u32>(n1 + (b1 << 2), c1);
        b1 = b;
        acc1 = v128.load(s1 + (b << 4));
        c1 = load<u32>(n1 + (b << 2));
      }
      acc1 = f64x2.add(acc1, gh);
      c1++;
    }
    if (nRun > 2) {
      const b = <usize>load<u8>(row + f2);
      if (b != b2) {
        v128.store(s2 + (b2 << 4), acc2);
        store<u32>(n2 + (b2 << 2), c2);
        b2 = b;
        acc2 = v128.load(s2 + (b << 4));
        c2 = load<u32>(n2 + (b << 2));
      }
      acc2 = f64x2.add(acc2, gh);
      c2++;
    }
    if (nRun > 3) {
      const b = <usize>load<u8>(row + f3);
      if (b != b3) {
        v128.store(s3 + (b3 << 4), acc3);
        store<u32>(n3 + (b3 << 2), c3);
        b3 = b;
        acc3 = v128.load(s3 + (b << 4));
        c3 = load<u32>(n3 + (b << 2));
      }
      acc3 = f64x2.add(acc3, gh);
      c3++;
    }
    for (let j = 0; j < nDense; j++) {
      const f = <usize>load<u8>(pList + <usize>j);
      const slot = (f << 8) + <usize>load<u8>(row + f);
      const s = pSums + (slot << 4);
      v128.store(s, f64x2.add(v128.load(s), gh));
      const c = pCounts + (slot << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  if (nRun > 0) {
    v128.store(s0 + (b0 << 4), acc0);
    store<u32>(n0 + (b0 << 2), c0);
  }
  if (nRun > 1) {
    v128.store(s1 + (b1 << 4), acc1);
    store<u32>(n1 + (b1 << 2), c1);
  }
  if (nRun > 2) {
    v128.store(s2 + (b2 << 4), acc2);
    store<u32>(n2 + (b2 << 2), c2);
  }
  if (nRun > 3) {
    v128.store(s3 + (b3 << 4), acc3);
    store<u32>(n3 + (b3 << 2), c3);
  }
}

/**
 * Stable partition of rows[start … end) by feature f: rows whose bin b has toLeft[b] = 1 first, in
 * order, then the others, in order (through pScratch, ≥ end − start u32). Returns the end of the
 * left part.
 */
export function partition(
  pBins: usize,
  stride: i32,
  f: i32,
  pRows: usize,
  start: i32,
  end: i32,
  pToLeft: usize,
  pScratch: usize
): i32 {
  const st = <usize>stride;
  const pf = pBins + <usize>f;
  let nl = <usize>start;
  let nr: usize = 0;
  for (let i = start; i < end; i++) {
    const r = load<u32>(pRows + ((<usize>i) << 2));
    const left = <usize>load<u8>(pToLeft + <usize>load<u8>(pf + (<usize>r) * st));
    // Branch-free: write both places, advance one.
    store<u32>(pRows + (nl << 2), r);
    store<u32>(pScratch + (nr << 2), r);
    nl += left;
    nr += 1 - left;
  }
  memory.copy(pRows + (nl << 2), pScratch, nr << 2);
  return <i32>nl;
}

/**
 * Σ gradient and Σ hessian of rows[start … end), added in row order (the bits of a plain loop):
 * written to pOut as f64 (Σ g, Σ h).
 */
export function sums(pGH: usize, pRows: usize, start: i32, end: i32, pOut: usize): void {
  let acc = f64x2.splat(0);
  for (let i = start; i < end; i++) {
    const r = <usize>load<u32>(pRows + ((<usize>i) << 2));
    acc = f64x2.add(acc, v128.load(pGH + (r << 4)));
  }
  v128.store(pOut, acc);
}

/**
 * Leaf values added to the margins of their rows: nLeaves records at pLeaves of 16 bytes (start
 * i32, end i32, value f64): raw[rows[i]] += value for start ≤ i < end. One addition per row, as the
 * host's loop.
 */
export function addLeafValues(pRaw: usize, pRows: usize, pLeaves: usize, nLeaves: i32): void {
  for (let l = 0; l < nLeaves; l++) {
    const rec = pLeaves + ((<usize>l) << 4);
    const end = load<i32>(rec, 4);
    const v = load<f64>(rec, 8);
    for (let i = load<i32>(rec); i < end; i++) {
      const at = pRaw + ((<usize>load<u32>(pRows + ((<usize>i) << 2))) << 3);
      store<f64>(at, load<f64>(at) + v);
    }
  }
}

/**
 * The leaves of a split whose rows were not partitioned: raw[r] += toLeft[bin of r at f] ? vl : vr
 * for r in rows[start … end).
 */
export function addSplitValues(
  pRaw: usize,
  pBins: usize,
  stride: i32,
  f: i32,
  pRows: usize,
  start: i32,
  end: i32,
  pToLeft: usize,
  vl: f64,
  vr: f64
): void {
  const st = <usize>stride;
  const pf = pBins + <usize>f;
  for (let i = start; i < end; i++) {
    const r = <usize>load<u32>(pRows + ((<usize>i) << 2));
    const at = pRaw + (r << 3);
    const v = select<f64>(vl, vr, load<u8>(pToLeft + <usize>load<u8>(pf + r * st)) != 0);
    store<f64>(at, load<f64>(at) + v);
  }
}

/**
 * Deferred leaf update, step 1: leaf[rows[i]] = id for start ≤ i < end (u8 per row; the values
 * are added by the next `logisticGradients` / `applyLeaves` pass, in row order).
 */
export function markLeaf(pLeaf: usize, pRows: usize, start: i32, end: i32, id: i32): void {
  for (let i = start; i < end; i++)
    store<u8>(pLeaf + <usize>load<u32>(pRows + ((<usize>i) << 2)), <u8>id);
}

/** markLeaf for an unpartitioned split: id idLeft where toLeft[bin of r at f] = 1, else idRight. */
export function markSplit(
  pLeaf: usize,
  pBins: usize,
  stride: i32,
  f: i32,
  pRows: usize,
  start: i32,
  end: i32,
  pToLeft: usize,
  idLeft: i32,
  idRight: i32
): void {
  const st = <usize>stride;
  const pf = pBins + <usize>f;
  for (let i = start; i < end; i++) {
    const r = <usize>load<u32>(pRows + ((<usize>i) << 2));
    const id = select<i32>(idLeft, idRight, load<u8>(pToLeft + <usize>load<u8>(pf + r * st)) != 0);
    store<u8>(pLeaf + r, <u8>id);
  }
}

/**
 * Deferred leaf update, step 2 alone: raw[r] += value[leaf[r]] for the n rows (pRows = 0: rows
 * 0 … n − 1).
 */
export function applyLeaves(pRaw: usize, pRows: usize, n: i32, pLeaf: usize, pValue: usize): void {
  for (let i = 0; i < n; i++) {
    const r = pRows == 0 ? <usize>i : <usize>load<u32>(pRows + ((<usize>i) << 2));
    const at = pRaw + (r << 3);
    store<f64>(at, load<f64>(at) + load<f64>(pValue + ((<usize>load<u8>(pLeaf + r)) << 3)));
  }
}

/** gh[2r] = g[r], gh[2r + 1] = h[r] for r < n (g, h: f64[n]; gh: f64[2n], 16-aligned). */
export function interleave(pG: usize, pH: usize, pGH: usize, n: i32): void {
  for (let r: usize = 0; r < <usize>n; r++)
    v128.store(pGH + (r << 4), f64x2.replace_lane(f64x2.splat(load<f64>(pG + (r << 3))), 1, load<f64>(pH + (r << 3))));
}

// ---- Binary log-loss gradients (twin of loss/binary-log-loss.ts `logistic` + loss/exp.ts) ----

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700;
const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;
const UNDERFLOW: f64 = -7.45133219101941108420e2;
const HALF_LN2_WORD: f64 = 0.3465735912322998;
const THREE_HALF_LN2_WORD: f64 = 1.039720773696899;
const TINY: f64 = 3.725290298461914e-9;

/** 2^e for −1022 ≤ e ≤ 0, exact. */
@inline function pow2(e: i32): f64 {
  return reinterpret<f64>((<u64>(e + 1023)) << 52);
}

/** exp(x), x ≤ 0: fdlibm e_exp.c, the same operations in the same order as expNonPositive. */
@inline function expNonPositive(x: f64): f64 {
  if (x != x) return x;
  if (x < UNDERFLOW) return 0;
  const a = -x;
  if (a < TINY) return 1 + x;
  let k: i32 = 0;
  let hi = x;
  let lo: f64 = 0;
  if (a >= HALF_LN2_WORD) {
    if (a < THREE_HALF_LN2_WORD) {
      k = -1;
      hi = x + LN2_HI;
      lo = -LN2_LO;
    } else {
      k = <i32>(INV_LN2 * x - 0.5);
      hi = x - (<f64>k) * LN2_HI;
      lo = (<f64>k) * LN2_LO;
    }
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) return y * pow2(k);
  return y * pow2(k + 1000) * pow2(-1000);
}

/**
 * exp(z) of both lanes, z ≤ 0: expNonPositive's operations lane by lane (IEEE per lane, so the
 * same bits), its branches turned into selects. Uses (r·c)/(c − 2) = −((r·c)/(2 − c)) exactly.
 */
@inline function expNonPositive2(z: v128): v128 {
  const a = f64x2.neg(z);
  const reduce = f64x2.ge(a, f64x2.splat(HALF_LN2_WORD));
  const kGeneral = f64x2.trunc(f64x2.sub(f64x2.mul(f64x2.splat(INV_LN2), z), f64x2.splat(0.5)));
  let k = v128.bitselect(
    f64x2.splat(-1),
    kGeneral,
    f64x2.lt(a, f64x2.splat(THREE_HALF_LN2_WORD))
  );
  k = v128.and(k, reduce); // +0 where not reduced
  const hi = f64x2.sub(z, f64x2.mul(k, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(k, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let poly = f64x2.mul(t, f64x2.splat(P5));
  poly = f64x2.mul(t, f64x2.add(f64x2.splat(P4), poly));
  poly = f64x2.mul(t, f64x2.add(f64x2.splat(P3), poly));
  poly = f64x2.mul(t, f64x2.add(f64x2.splat(P2), poly));
  const c = f64x2.sub(r, f64x2.mul(t, f64x2.add(f64x2.splat(P1), poly)));
  const one = f64x2.splat(1);
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const at0 = f64x2.sub(one, f64x2.sub(f64x2.neg(q), r));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k (k ≥ −1021), else 2^(k + 1000) · 2^−1000, from exponent bits.
  const small = f64x2.lt(k, f64x2.splat(-1021));
  const kA = v128.bitselect(f64x2.add(k, f64x2.splat(1000)), k, small);
  const bits = i64x2.shl(
    i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kA)), i64x2.splat(1023)),
    52
  );
  const scaleB = v128.bitselect(f64x2.splat(pow2(-1000)), one, small);
  const atK = f64x2.mul(f64x2.mul(y, bits), scaleB);
  let e = v128.bitselect(atK, at0, reduce);
  e = v128.bitselect(f64x2.add(one, z), e, f64x2.lt(a, f64x2.splat(TINY)));
  return v128.bitselect(f64x2.splat(0), e, f64x2.lt(z, f64x2.splat(UNDERFLOW)));
}

/**
 * Gradients and hessians of the binary log-loss at rows[0 … n): p = logistic(raw[r]),
 * g[r] = p − y[r], h[r] = p(1 − p), written to the gh pairs and, when `separate` ≠ 0, also to g,
 * h (f64 per row). Two rows per step (SIMD lanes), the same operations per row as the scalar
 * definition. pRows = 0: the rows are 0 … n − 1 (contiguous loads, no gather). pLeaf ≠ 0: the
 * pending leaf update first, raw[r] += value[leaf[r]] (stored back; `applyLeaves`' bits).
 */
export function logisticGradients(
  pY: usize,
  pRaw: usize,
  pRows: usize,
  n: i32,
  pG: usize,
  pH: usize,
  pGH: usize,
  separate: i32,
  pLeaf: usize,
  pValue: usize
): void {
  let i = 0;
  const one = f64x2.splat(1);
  const all = pRows == 0;
  const leaves = pLeaf != 0;
  for (; i + 1 < n; i += 2) {
    const r0 = all ? <usize>i : <usize>load<u32>(pRows + ((<usize>i) << 2));
    const r1 = all ? <usize>(i + 1) : <usize>load<u32>(pRows + ((<usize>(i + 1)) << 2));
    let x = all
      ? v128.load(pRaw + (r0 << 3))
      : f64x2.replace_lane(f64x2.splat(load<f64>(pRaw + (r0 << 3))), 1, load<f64>(pRaw + (r1 << 3)));
    if (leaves) {
      const v0 = load<f64>(pValue + ((<usize>load<u8>(pLeaf + r0)) << 3));
      const v1 = load<f64>(pValue + ((<usize>load<u8>(pLeaf + r1)) << 3));
      x = f64x2.add(x, f64x2.replace_lane(f64x2.splat(v0), 1, v1));
      if (all) v128.store(pRaw + (r0 << 3), x);
      else {
        store<f64>(pRaw + (r0 << 3), f64x2.extract_lane(x, 0));
        store<f64>(pRaw + (r1 << 3), f64x2.extract_lane(x, 1));
      }
    }
    // x ≥ 0: 1/(1 + e^−x); x < 0: e^x/(1 + e^x) — both with e = exp(−|x|).
    const e = expNonPositive2(f64x2.neg(f64x2.abs(x)));
    const num = v128.bitselect(one, e, f64x2.ge(x, f64x2.splat(0)));
    const p = f64x2.div(num, f64x2.add(one, e));
    const yy = all
      ? v128.load(pY + (r0 << 3))
      : f64x2.replace_lane(f64x2.splat(load<f64>(pY + (r0 << 3))), 1, load<f64>(pY + (r1 << 3)));
    const g = f64x2.sub(p, yy);
    const h = f64x2.mul(p, f64x2.sub(one, p));
    // (g0, h0) and (g1, h1): the low and high lanes of g and h, paired.
    const gh0 = i64x2.shuffle(g, h, 0, 2);
    const gh1 = i64x2.shuffle(g, h, 1, 3);
    v128.store(pGH + (r0 << 4), gh0);
    v128.store(pGH + (r1 << 4), gh1);
    if (separate) {
      store<f64>(pG + (r0 << 3), f64x2.extract_lane(g, 0));
      store<f64>(pH + (r0 << 3), f64x2.extract_lane(h, 0));
      store<f64>(pG + (r1 << 3), f64x2.extract_lane(g, 1));
      store<f64>(pH + (r1 << 3), f64x2.extract_lane(h, 1));
    }
  }
  for (; i < n; i++) {
    const r = all ? <usize>i : <usize>load<u32>(pRows + ((<usize>i) << 2));
    let x = load<f64>(pRaw + (r << 3));
    if (leaves) {
      x += load<f64>(pValue + ((<usize>load<u8>(pLeaf + r)) << 3));
      store<f64>(pRaw + (r << 3), x);
    }
    let p: f64;
    if (x >= 0) p = 1 / (1 + expNonPositive(-x));
    else {
      const e = expNonPositive(x);
      p = e / (1 + e);
    }
    const g = p - load<f64>(pY + (r << 3));
    const h = p * (1 - p);
    if (separate) {
      store<f64>(pG + (r << 3), g);
      store<f64>(pH + (r << 3), h);
    }
    v128.store(pGH + (r << 4), f64x2.replace_lane(f64x2.splat(g), 1, h));
  }
}
