/**
 * WASM TreeSHAP kernel (exact path-dependent TreeSHAP, Lundberg et al. 2018, Algorithm 2) over the
 * flat ensemble format (workers/engine/gbdt/flat-forest.ts). The TypeScript twin is
 * workers/engine/explain/tree-shap.ts (`treeShapRawTs`); tests/unit/treeshap-kernels.test.ts holds
 * both to identical bits: the same recursion, the same operation order, float64 throughout. Built
 * by wasm/build.mjs (asc -O3, --runtime stub); the kernel allocates nothing: the host
 * (workers/engine/explain/tree-shap-wasm.ts) copies every array into linear memory at or above
 * `heapBase()`, writes a header, grows memory as needed and calls `treeShapRaw(header)`.
 *
 * The kernel only sums raw contributions; cover fractions, base values and the averaging divide
 * are computed once in TypeScript (explain/tree-shap-prep.ts) for both kernels.
 *
 * Header: 26 little-endian 32-bit words at byte offset `h` (pointers are byte offsets; f64 arrays
 * 8-byte aligned, others 4-byte aligned):
 *   word  0 nRows           i32   rows in this call
 *   word  1 nFeatures       i32
 *   word  2 nOutputs        i32
 *   word  3 nTrees          i32
 *   word  4 valueWidth      i32   1, or nOutputs for vector leaves (treeOutput −1)
 *   word  5 float32Splits   i32   1 = compare f64(f32(x)) < threshold
 *   word  6 treeStart       ptr   i32[nTrees + 1]
 *   word  7 treeOutput      ptr   i32[nTrees]
 *   word  8 feature         ptr   i32[nNodes]
 *   word  9 threshold       ptr   f64[nNodes]
 *   word 10 left            ptr   i32[nNodes]   local index, −1 = leaf
 *   word 11 right           ptr   i32[nNodes]
 *   word 12 defaultLeft     ptr   u8[nNodes]
 *   word 13 value           ptr   f64[nNodes × valueWidth]
 *   word 14 catOffset       ptr   i32[nNodes]   −1 = numeric split
 *   word 15 catWords        ptr   u32[nCat × 8]
 *   word 16 fraction        ptr   f64[nNodes]   cover[n] / cover[parent] (tree-shap-prep.ts)
 *   word 17 X               ptr   f64[nRows × nFeatures], row-major, NaN = missing
 *   word 18 values          ptr   f64, φ(o, r, f) accumulated at values + ((o · outStride + r ·
 *                                 nFeatures + f) << 3); zeroed by the host
 *   word 19 outStride       i32   elements between two outputs' blocks (all rows × nFeatures)
 *   word 20 pathFeature     ptr   i32[L]   path scratch, L = (maxDepth + 2)(maxDepth + 3) / 2
 *   word 21 pathZero        ptr   f64[L]
 *   word 22 pathOne         ptr   f64[L]
 *   word 23 pathWeight      ptr   f64[L]
 *   word 24 tables          ptr   f64[4 · W²]   UP, DOWN, HOT, COLD (tree-shap-prep.ts pathTables)
 *   word 25 W               i32   maxDepth + 2
 */

const MAX_CODE: f64 = 256; // 32 × CAT_WORDS

/** First free byte after the kernel's static data: the host places its arrays from here on. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function word(h: usize, i: i32): i32 {
  return load<i32>(h + ((<usize>i) << 2));
}

@inline function ptr(h: usize, i: i32): usize {
  return <usize>load<u32>(h + ((<usize>i) << 2));
}

// Per-call state (globals: the recursion reads them at every node).
let gFeature: usize = 0;
let gThreshold: usize = 0;
let gLeft: usize = 0;
let gRight: usize = 0;
let gDefaultLeft: usize = 0;
let gValue: usize = 0;
let gCatOffset: usize = 0;
let gCatWords: usize = 0;
let gFraction: usize = 0;
let gPf: usize = 0;
let gPz: usize = 0;
let gPo: usize = 0;
let gPw: usize = 0;
let gRow: usize = 0; // X of the current row
let gPhi: usize = 0; // values of output 0, current row
let gOutStride: usize = 0; // bytes between outputs
let gK: i32 = 0; // output of the current tree, −1 = all (vector leaves)
let gNOutputs: i32 = 0;
let gWidth: i32 = 0;
let gF32: bool = false;
let gTab: usize = 0; // path tables: UP, DOWN, HOT, COLD, each W × W f64
let gW: i32 = 0;
let gTabBytes: usize = 0;

@inline function i32At(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}
@inline function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}
@inline function setI32(p: usize, i: i32, v: i32): void {
  store<i32>(p + ((<usize>i) << 2), v);
}
@inline function setF64(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

/** tree-shap.ts `extendPath`: copy the parent's path and extend it (weights read from the parent). */
function extendPath(parentOff: i32, off: i32, d: i32, zero: f64, one: f64, feat: i32): void {
  for (let i = 0; i < d; i++) {
    setI32(gPf, off + i, i32At(gPf, parentOff + i));
    setF64(gPz, off + i, f64At(gPz, parentOff + i));
    setF64(gPo, off + i, f64At(gPo, parentOff + i));
  }
  setI32(gPf, off + d, feat);
  setF64(gPz, off + d, zero);
  setF64(gPo, off + d, one);
  setF64(gPw, off + d, d == 0 ? 1.0 : 0.0);
  const up = gTab + ((<usize>(d * gW)) << 3);
  const down = up + gTabBytes;
  if (one != 0) {
    for (let i = d - 1; i >= 0; i--) {
      const wi = f64At(gPw, parentOff + i);
      setF64(gPw, off + i + 1, f64At(gPw, off + i + 1) + wi * f64At(up, i));
      setF64(gPw, off + i, zero * wi * f64At(down, i));
    }
  } else {
    for (let i = d - 1; i >= 0; i--) {
      setF64(gPw, off + i, zero * f64At(gPw, parentOff + i) * f64At(down, i));
    }
  }
}

function unwindPath(off: i32, d: i32, at: i32): void {
  const one = f64At(gPo, off + at);
  const zero = f64At(gPz, off + at);
  let next = f64At(gPw, off + d);
  const d1 = <f64>(d + 1);
  for (let i = d - 1; i >= 0; i--) {
    if (one != 0) {
      const tmp = f64At(gPw, off + i);
      const w = (next * d1) / (<f64>(i + 1) * one);
      setF64(gPw, off + i, w);
      next = tmp - (w * zero * <f64>(d - i)) / d1;
    } else {
      setF64(gPw, off + i, (f64At(gPw, off + i) * d1) / (zero * <f64>(d - i)));
    }
  }
  for (let i = at; i < d; i++) {
    setI32(gPf, off + i, i32At(gPf, off + i + 1));
    setF64(gPz, off + i, f64At(gPz, off + i + 1));
    setF64(gPo, off + i, f64At(gPo, off + i + 1));
  }
}

/** tree-shap.ts `unwoundHotSum`: the unwound sum of hot element `at` (one fraction 1). */
function unwoundHotSum(off: i32, d: i32, at: i32): f64 {
  const zero = f64At(gPz, off + at);
  const down = gTab + gTabBytes + ((<usize>(d * gW)) << 3);
  const hot = down + gTabBytes;
  let next = f64At(gPw, off + d);
  let total: f64 = 0;
  for (let i = d - 1; i >= 0; i--) {
    const tmp = next * f64At(hot, i);
    total += tmp;
    next = f64At(gPw, off + i) - tmp * zero * f64At(down, i);
  }
  return total;
}

let gPairSecond: f64 = 0;

/** tree-shap.ts `unwoundHotPair`: two hot elements' chains interleaved (a's sum; b's in gPairSecond). */
function unwoundHotPair(off: i32, d: i32, a: i32, b: i32): f64 {
  const za = f64At(gPz, off + a);
  const zb = f64At(gPz, off + b);
  const down = gTab + gTabBytes + ((<usize>(d * gW)) << 3);
  const hot = down + gTabBytes;
  let na = f64At(gPw, off + d);
  let nb = na;
  let ta: f64 = 0;
  let tb: f64 = 0;
  for (let i = d - 1; i >= 0; i--) {
    const h = f64At(hot, i);
    const dn = f64At(down, i);
    const wi = f64At(gPw, off + i);
    const xa = na * h;
    const xb = nb * h;
    ta += xa;
    tb += xb;
    na = wi - xa * za * dn;
    nb = wi - xb * zb * dn;
  }
  gPairSecond = tb;
  return ta;
}

/** Adds scale × the leaf's value(s) to φ of `feature` for the current row and tree output(s). */
@inline function addPhi(leaf: i32, feature: i32, scale: f64): void {
  const v = gValue + ((<usize>leaf * <usize>gWidth) << 3);
  const at = gPhi + ((<usize>feature) << 3);
  if (gK >= 0) {
    const p = at + <usize>gK * gOutStride;
    store<f64>(p, load<f64>(p) + scale * load<f64>(v));
  } else {
    for (let j = 0; j < gNOutputs; j++) {
      const p = at + <usize>j * gOutStride;
      store<f64>(p, load<f64>(p) + scale * load<f64>(v + ((<usize>j) << 3)));
    }
  }
}

/** tree-shap.ts `coldSum`: Σ pw[i] · COLD[d][i], shared by a leaf's cold elements. */
function coldSum(off: i32, d: i32): f64 {
  const cold = gTab + 3 * gTabBytes + ((<usize>(d * gW)) << 3);
  let total: f64 = 0;
  for (let i = d - 1; i >= 0; i--) total += f64At(gPw, off + i) * f64At(cold, i);
  return total;
}

/** Whether the current row takes the left child at internal node n (predict.ts leafOf's rule). */
@inline function goesLeft(n: i32): bool {
  const x = load<f64>(gRow + ((<usize>i32At(gFeature, n)) << 3));
  const c = i32At(gCatOffset, n);
  const dl = load<u8>(gDefaultLeft + <usize>n) != 0;
  if (c < 0) {
    if (x != x) return dl;
    const xv: f64 = gF32 ? <f64>(<f32>x) : x;
    return xv < f64At(gThreshold, n);
  }
  if (x >= 0 && x < MAX_CODE) {
    const code = <i32>x;
    const w = load<u32>(gCatWords + ((<usize>(c + (code >>> 5))) << 2));
    return ((w >>> ((<u32>code) & 31)) & 1) != 0;
  }
  return dl;
}

function recurse(
  start: i32,
  n: i32,
  d: i32,
  parentOff: i32,
  zero: f64,
  one: f64,
  feat: i32
): void {
  if (zero == 0 && one == 0) return;
  const off = parentOff + d + 1;
  extendPath(parentOff, off, d, zero, one, feat);
  const l = i32At(gLeft, n);
  if (l < 0) {
    // tree-shap.ts: cold elements share −coldSum, hot elements go in pairs.
    let cold: f64 = NaN;
    let pending = 0;
    for (let i = 1; i <= d; i++) {
      if (f64At(gPo, off + i) == 0) {
        if (cold != cold) cold = -coldSum(off, d);
        addPhi(n, i32At(gPf, off + i), cold);
      } else if (pending == 0) pending = i;
      else {
        const a = unwoundHotPair(off, d, pending, i);
        addPhi(n, i32At(gPf, off + pending), a * (1 - f64At(gPz, off + pending)));
        addPhi(n, i32At(gPf, off + i), gPairSecond * (1 - f64At(gPz, off + i)));
        pending = 0;
      }
    }
    if (pending != 0) {
      const a = unwoundHotSum(off, d, pending);
      addPhi(n, i32At(gPf, off + pending), a * (1 - f64At(gPz, off + pending)));
    }
    return;
  }
  const split = i32At(gFeature, n);
  const r = i32At(gRight, n);
  const left = goesLeft(n);
  const hot = start + (left ? l : r);
  const cold = start + (left ? r : l);
  let inZero: f64 = 1;
  let inOne: f64 = 1;
  let at = 0;
  while (at <= d && i32At(gPf, off + at) != split) at++;
  if (at <= d) {
    inZero = f64At(gPz, off + at);
    inOne = f64At(gPo, off + at);
    unwindPath(off, d, at);
    d -= 1;
  }
  recurse(start, hot, d + 1, off, f64At(gFraction, hot) * inZero, inOne, split);
  recurse(start, cold, d + 1, off, f64At(gFraction, cold) * inZero, 0, split);
}

/** Adds every row's raw TreeSHAP contributions to `values` (header word 18); layout above. */
export function treeShapRaw(h: usize): void {
  const nRows = word(h, 0);
  const nFeatures = word(h, 1);
  gNOutputs = word(h, 2);
  const nTrees = word(h, 3);
  gWidth = word(h, 4);
  gF32 = word(h, 5) != 0;
  const pTreeStart = ptr(h, 6);
  const pTreeOutput = ptr(h, 7);
  gFeature = ptr(h, 8);
  gThreshold = ptr(h, 9);
  gLeft = ptr(h, 10);
  gRight = ptr(h, 11);
  gDefaultLeft = ptr(h, 12);
  gValue = ptr(h, 13);
  gCatOffset = ptr(h, 14);
  gCatWords = ptr(h, 15);
  gFraction = ptr(h, 16);
  const pX = ptr(h, 17);
  const pValues = ptr(h, 18);
  gOutStride = (<usize>word(h, 19)) << 3;
  gPf = ptr(h, 20);
  gPz = ptr(h, 21);
  gPo = ptr(h, 22);
  gPw = ptr(h, 23);
  gTab = ptr(h, 24);
  gW = word(h, 25);
  gTabBytes = (<usize>(gW * gW)) << 3;
  const rowBytes = (<usize>nFeatures) << 3;
  for (let r = 0; r < nRows; r++) {
    gRow = pX + <usize>r * rowBytes;
    gPhi = pValues + <usize>r * rowBytes;
    for (let t = 0; t < nTrees; t++) {
      gK = i32At(pTreeOutput, t);
      const start = i32At(pTreeStart, t);
      recurse(start, start, 0, 0, 1, 1, -1);
    }
  }
}
