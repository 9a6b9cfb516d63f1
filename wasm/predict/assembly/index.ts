/**
 * WASM prediction kernel over the flat ensemble format (workers/engine/gbdt/flat-forest.ts); the
 * TypeScript twin is workers/engine/gbdt/predict.ts and tests/unit/predict-kernels.test.ts holds
 * both to identical bits. Built by wasm/build.mjs (asc -O3, --runtime stub); the kernel allocates
 * nothing: the host (workers/engine/gbdt/wasm-predict.ts) copies every array into linear memory
 * at or above `heapBase()`, writes a header, grows memory as needed and calls `predictRaw(header)`.
 *
 * Header: 21 little-endian 32-bit words at byte offset `h` (pointers are byte offsets; f64 arrays
 * 8-byte aligned, others 4-byte aligned):
 *   word  0 nRows           i32
 *   word  1 nFeatures       i32
 *   word  2 nOutputs        i32
 *   word  3 nTrees          i32
 *   word  4 averaging       i32   0 = boosting, 1 = averaging
 *   word  5 valueWidth      i32
 *   word  6 float32Splits   i32   1 = compare f64(f32(x)) < threshold
 *   word  7 treeStart       ptr   i32[nTrees + 1]
 *   word  8 treeOutput      ptr   i32[nTrees]
 *   word  9 feature         ptr   i32[nNodes]
 *   word 10 threshold       ptr   f64[nNodes]
 *   word 11 left            ptr   i32[nNodes]   local index, −1 = leaf
 *   word 12 right           ptr   i32[nNodes]
 *   word 13 defaultLeft     ptr   u8[nNodes]
 *   word 14 value           ptr   f64[nNodes × valueWidth]
 *   word 15 catOffset       ptr   i32[nNodes]   −1 = numeric split
 *   word 16 catWords        ptr   u32[nCat × 8]
 *   word 17 baseScore       ptr   f64[nOutputs]
 *   word 18 X               ptr   f64[nRows × nFeatures], row-major, NaN = missing
 *   word 19 out             ptr   f64[nRows × nOutputs], written
 *   word 20 counts          ptr   f64[nOutputs], scratch (averaging: trees per output)
 *
 * Accumulation order equals the TS twin: per row and output, boosting = base + leaves in tree
 * order; averaging = (0 + leaves in tree order) / count + base. Rows are processed in blocks so a
 * tree's nodes stay in cache while the block's rows walk it; the per-row order is unchanged.
 */

const BLOCK: i32 = 256;
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

// Node-array pointers, set once per call: loads from the header inside the walk cannot be
// hoisted by the optimiser (stores to `out` might alias them).
let gFeature: usize = 0;
let gThreshold: usize = 0;
let gLeft: usize = 0;
let gRight: usize = 0;
let gDefaultLeft: usize = 0;
let gValue: usize = 0;
let gCatOffset: usize = 0;
let gCatWords: usize = 0;

/**
 * One step down from node n (global) of the tree starting at `start`; a leaf returns itself, so
 * several rows can walk a tree in lockstep. Numeric splits are branch-free (select), which matters
 * on random data where a branch is mispredicted half the time; categorical splits branch.
 */
@inline function step(h: usize, start: i32, n: i32, xRow: usize, f32: bool): i32 {
  const i4 = (<usize>n) << 2;
  const l = load<i32>(gLeft + i4);
  const r = load<i32>(gRight + i4);
  // At a leaf feature is −1: the load reads the 8 bytes before the row, harmless and unused.
  const x = load<f64>(xRow + ((<usize>load<i32>(gFeature + i4)) << 3));
  const dl = load<u8>(gDefaultLeft + <usize>n) != 0;
  const c = load<i32>(gCatOffset + i4);
  let goLeft: bool;
  if (c < 0) {
    const xv: f64 = select<f64>(<f64>(<f32>x), x, f32);
    goLeft = (xv < load<f64>(gThreshold + ((<usize>n) << 3))) | ((x != x) & dl);
  } else if (x >= 0 && x < MAX_CODE) {
    const code = <i32>x;
    const w = load<u32>(gCatWords + ((<usize>(c + (code >>> 5))) << 2));
    goLeft = ((w >>> ((<u32>code) & 31)) & 1) != 0;
  } else {
    goLeft = dl;
  }
  return select<i32>(n, start + select<i32>(l, r, goLeft), l < 0);
}

@inline function isLeaf(h: usize, n: i32): bool {
  return load<i32>(gLeft + ((<usize>n) << 2)) < 0;
}

/** Adds the leaf value(s) of global node `leaf` to row r's outputs. */
@inline function addLeaf(h: usize, o: usize, leaf: i32, k: i32, nOutputs: i32, width: i32): void {
  const v = gValue + ((<usize>leaf * <usize>width) << 3);
  if (k >= 0) {
    const p = o + ((<usize>k) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(v));
  } else {
    for (let j = 0; j < nOutputs; j++) {
      const p = o + ((<usize>j) << 3);
      store<f64>(p, load<f64>(p) + load<f64>(v + ((<usize>j) << 3)));
    }
  }
}

/** Fills `out` (header word 19) with raw outputs for every row; see the header layout above. */
export function predictRaw(h: usize): void {
  const nRows = word(h, 0);
  const nFeatures = word(h, 1);
  const nOutputs = word(h, 2);
  const nTrees = word(h, 3);
  const averaging = word(h, 4) != 0;
  const valueWidth = word(h, 5);
  const f32 = word(h, 6) != 0;
  const pTreeStart = ptr(h, 7);
  const pTreeOutput = ptr(h, 8);
  const pBase = ptr(h, 17);
  const pX = ptr(h, 18);
  gFeature = ptr(h, 9);
  gThreshold = ptr(h, 10);
  gLeft = ptr(h, 11);
  gRight = ptr(h, 12);
  gDefaultLeft = ptr(h, 13);
  gValue = ptr(h, 14);
  gCatOffset = ptr(h, 15);
  gCatWords = ptr(h, 16);

  const pOut = ptr(h, 19);
  const pCounts = ptr(h, 20);
  const rowBytes = (<usize>nFeatures) << 3;
  const outBytes = (<usize>nOutputs) << 3;

  if (averaging) {
    for (let k = 0; k < nOutputs; k++) store<f64>(pCounts + ((<usize>k) << 3), 0);
    for (let t = 0; t < nTrees; t++) {
      const k = load<i32>(pTreeOutput + ((<usize>t) << 2));
      for (let j = 0; j < nOutputs; j++) {
        if (k < 0 || k == j) {
          const p = pCounts + ((<usize>j) << 3);
          store<f64>(p, load<f64>(p) + 1);
        }
      }
    }
  }

  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const r1 = min(r0 + BLOCK, nRows);
    for (let r = r0; r < r1; r++) {
      const o = pOut + <usize>r * outBytes;
      for (let k = 0; k < nOutputs; k++) {
        store<f64>(o + ((<usize>k) << 3), averaging ? 0 : load<f64>(pBase + ((<usize>k) << 3)));
      }
    }
    for (let t = 0; t < nTrees; t++) {
      const start = load<i32>(pTreeStart + ((<usize>t) << 2));
      const k = load<i32>(pTreeOutput + ((<usize>t) << 2));
      // Four rows walk the tree in lockstep: independent load chains overlap in the CPU.
      let r = r0;
      for (; r + 4 <= r1; r += 4) {
        const x0 = pX + <usize>r * rowBytes;
        let n0 = start;
        let n1 = start;
        let n2 = start;
        let n3 = start;
        while (!(isLeaf(h, n0) && isLeaf(h, n1) && isLeaf(h, n2) && isLeaf(h, n3))) {
          n0 = step(h, start, n0, x0, f32);
          n1 = step(h, start, n1, x0 + rowBytes, f32);
          n2 = step(h, start, n2, x0 + 2 * rowBytes, f32);
          n3 = step(h, start, n3, x0 + 3 * rowBytes, f32);
        }
        const o = pOut + <usize>r * outBytes;
        addLeaf(h, o, n0, k, nOutputs, valueWidth);
        addLeaf(h, o + outBytes, n1, k, nOutputs, valueWidth);
        addLeaf(h, o + 2 * outBytes, n2, k, nOutputs, valueWidth);
        addLeaf(h, o + 3 * outBytes, n3, k, nOutputs, valueWidth);
      }
      for (; r < r1; r++) {
        let n = start;
        while (!isLeaf(h, n)) n = step(h, start, n, pX + <usize>r * rowBytes, f32);
        addLeaf(h, pOut + <usize>r * outBytes, n, k, nOutputs, valueWidth);
      }
    }
    if (averaging) {
      for (let r = r0; r < r1; r++) {
        const o = pOut + <usize>r * outBytes;
        for (let k = 0; k < nOutputs; k++) {
          const p = o + ((<usize>k) << 3);
          const c = load<f64>(pCounts + ((<usize>k) << 3));
          const mean: f64 = c > 0 ? load<f64>(p) / c : 0;
          store<f64>(p, mean + load<f64>(pBase + ((<usize>k) << 3)));
        }
      }
    }
  }
}

/** Mask of one code column / table pair for row offset ci (codes are stored pre-scaled by 8). */
@inline function tb(t: usize, c: usize, ci: usize): u64 {
  return load<u64>(t + <usize>load<i32>(c + ci));
}

/** One group of G (4, 2, 1: constant after inlining) features over the block's rows. */
@inline function groupPass(
  G: i32, last: bool, first: bool, nb: i32,
  c0: usize, c1: usize, c2: usize, c3: usize, t0: usize, t1: usize, t2: usize, t3: usize,
  pAcc: usize, o: usize, outBytes: usize, leaves: usize
): void {
  for (let i = 0; i < nb; i++) {
    const ci = (<usize>i) << 2;
    const a = pAcc + ((<usize>i) << 3);
    let m = tb(t0, c0, ci);
    if (G > 1) m &= tb(t1, c1, ci);
    if (G > 2) m &= tb(t2, c2, ci) & tb(t3, c3, ci);
    if (!first) m &= load<u64>(a);
    if (last) {
      const leaf = load<i32>(leaves + ((<usize>ctz<u64>(m)) << 2));
      const p = o + <usize>i * outBytes;
      store<f64>(p, load<f64>(p) + load<f64>(gValue + ((<usize>leaf) << 3)));
    } else {
      store<u64>(a, m);
    }
  }
}

/**
 * Leaf-mask prediction (layout: workers/engine/gbdt/leaf-masks.ts), header of 20 little-endian
 * 32-bit words at `h`:
 *   word  0 nRows        i32        word 10 counts      ptr f64[nOutputs] (averaging: trees per output)
 *   word  1 nFeatures    i32        word 11 X           ptr f64[nRows × nFeatures], row-major
 *   word  2 nOutputs     i32        word 12 out         ptr f64[nRows × nOutputs], written
 *   word  3 nTrees       i32        word 13 codes       ptr i32[BLOCK × nFeatures], scratch
 *   word  4 averaging    i32        word 14 featKind    ptr i32[nFeatures] 0 unused, 1 numeric, 2 cat.
 *   word  5 valueWidth   i32        word 15 thrStart    ptr i32[nFeatures + 1]
 *   word  6 float32      i32        word 16 thr         ptr f64[…] sorted distinct thresholds
 *   word  7 treeOutput   ptr        word 17 pairStart   ptr i32[nTrees + 1]
 *   word  8 value        ptr        word 18 pairs       ptr i32[2 × nPairs]: feature, table ptr (bytes)
 *   word  9 baseScore    ptr        word 19 leafNode    ptr i32[nTrees × 64]
 * Rows go in blocks of BLOCK: codes for the block first, then trees outer / rows inner, so one
 * tree's tables (≤ 6 × 257 × 8 bytes on 6 features) stay in L1 while the block's rows use them.
 * Per row and output the accumulation order is the TS twin's (tree order).
 */
export function predictMasked(h: usize): void {
  const nRows = word(h, 0);
  const nFeatures = word(h, 1);
  const nOutputs = word(h, 2);
  const nTrees = word(h, 3);
  const averaging = word(h, 4) != 0;
  const valueWidth = word(h, 5);
  const f32 = word(h, 6) != 0;
  const pTreeOutput = ptr(h, 7);
  gValue = ptr(h, 8);
  const pBase = ptr(h, 9);
  const pCounts = ptr(h, 10);
  const pX = ptr(h, 11);
  const pOut = ptr(h, 12);
  const pCodes = ptr(h, 13);
  const pKind = ptr(h, 14);
  const pThrStart = ptr(h, 15);
  const pThr = ptr(h, 16);
  const pPairStart = ptr(h, 17);
  const pPairs = ptr(h, 18);
  const pLeafNode = ptr(h, 19);
  const rowBytes = (<usize>nFeatures) << 3;
  const pAcc = pCodes + (<usize>nFeatures) * (<usize>BLOCK << 2);
  const outBytes = (<usize>nOutputs) << 3;

  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const r1 = min(r0 + BLOCK, nRows);
    const nb = r1 - r0;
    for (let r = r0; r < r1; r++) {
      const o = pOut + <usize>r * outBytes;
      for (let k = 0; k < nOutputs; k++) {
        store<f64>(o + ((<usize>k) << 3), averaging ? 0 : load<f64>(pBase + ((<usize>k) << 3)));
      }
    }
    // Codes of the block's rows, feature by feature.
    for (let f = 0; f < nFeatures; f++) {
      const kind = load<i32>(pKind + ((<usize>f) << 2));
      if (kind == 0) continue;
      const xCol = pX + <usize>r0 * rowBytes + ((<usize>f) << 3);
      const cCol = pCodes + (<usize>f) * (<usize>BLOCK << 2);
      if (kind == 2) {
        for (let i = 0; i < nb; i++) {
          const x = load<f64>(xCol + <usize>i * rowBytes);
          let code: i32 = <i32>MAX_CODE;
          if (x >= 0 && x < MAX_CODE) code = <i32>x;
          store<i32>(cCol + ((<usize>i) << 2), code << 3);
        }
      } else {
        const t0 = load<i32>(pThrStart + ((<usize>f) << 2));
        const C = load<i32>(pThrStart + ((<usize>(f + 1)) << 2)) - t0;
        const T = pThr + ((<usize>t0) << 3);
        for (let i = 0; i < nb; i++) {
          const x = load<f64>(xCol + <usize>i * rowBytes);
          const xv: f64 = select<f64>(<f64>(<f32>x), x, f32);
          // Upper bound: the number of thresholds ≤ xv (branch-free halving).
          let base = 0;
          let len = C;
          while (len > 1) {
            const half = len >> 1;
            base = select<i32>(base, base + half, xv < load<f64>(T + ((<usize>(base + half)) << 3)));
            len -= half;
          }
          let code = base + select<i32>(0, 1, len == 0 || xv < load<f64>(T + ((<usize>base) << 3)));
          code = select<i32>(C + 1, code, x != x);
          store<i32>(cCol + ((<usize>i) << 2), code << 3);
        }
      }
    }
    for (let t = 0; t < nTrees; t++) {
      const k = load<i32>(pTreeOutput + ((<usize>t) << 2));
      const q0 = load<i32>(pPairStart + ((<usize>t) << 2));
      const q1 = load<i32>(pPairStart + ((<usize>(t + 1)) << 2));
      const leaves = pLeafNode + ((<usize>t) << 8);
      // Features in groups of 4, 2 or 1: each row's masks ANDed (into acc after the first group);
      // the last group of a scalar-leaf tree adds the leaf value directly.
      const fast = k >= 0 && valueWidth == 1;
      const o = pOut + <usize>r0 * outBytes + ((<usize>max(k, 0)) << 3);
      if (q0 == q1) for (let i = 0; i < nb; i++) store<u64>(pAcc + ((<usize>i) << 3), <u64>-1);
      for (let q = q0; q < q1; ) {
        const left = q1 - q;
        const g = left >= 4 ? 4 : left >= 2 ? 2 : 1;
        const first = q == q0;
        const last = q + g == q1 && fast;
        const pq = pPairs + ((<usize>q) << 3);
        const c0 = pCodes + (<usize>load<i32>(pq)) * (<usize>BLOCK << 2);
        const t0 = <usize>load<u32>(pq + 4);
        const c1 = g > 1 ? pCodes + (<usize>load<i32>(pq + 8)) * (<usize>BLOCK << 2) : c0;
        const t1 = g > 1 ? <usize>load<u32>(pq + 12) : t0;
        const c2 = g > 2 ? pCodes + (<usize>load<i32>(pq + 16)) * (<usize>BLOCK << 2) : c0;
        const t2 = g > 2 ? <usize>load<u32>(pq + 20) : t0;
        const c3 = g > 3 ? pCodes + (<usize>load<i32>(pq + 24)) * (<usize>BLOCK << 2) : c0;
        const t3 = g > 3 ? <usize>load<u32>(pq + 28) : t0;
        if (g == 4) {
          if (last) groupPass(4, true, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
          else groupPass(4, false, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
        } else if (g == 2) {
          if (last) groupPass(2, true, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
          else groupPass(2, false, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
        } else {
          if (last) groupPass(1, true, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
          else groupPass(1, false, first, nb, c0, c1, c2, c3, t0, t1, t2, t3, pAcc, o, outBytes, leaves);
        }
        q += g;
      }
      if (!fast || q0 == q1) {
        for (let i = 0; i < nb; i++) {
          const leaf = load<i32>(leaves + ((<usize>ctz<u64>(load<u64>(pAcc + ((<usize>i) << 3)))) << 2));
          addLeaf(h, pOut + <usize>(r0 + i) * outBytes, leaf, k, nOutputs, valueWidth);
        }
      }
    }
    if (averaging) {
      for (let r = r0; r < r1; r++) {
        const o = pOut + <usize>r * outBytes;
        for (let k = 0; k < nOutputs; k++) {
          const p = o + ((<usize>k) << 3);
          const c = load<f64>(pCounts + ((<usize>k) << 3));
          const mean: f64 = c > 0 ? load<f64>(p) / c : 0;
          store<f64>(p, mean + load<f64>(pBase + ((<usize>k) << 3)));
        }
      }
    }
  }
}

/**
 * Dense leaf-mask prediction for one output (boosting or averaging, scalar leaves) on ≤ 8 used
 * features: every tree has a table for every used feature (all-ones where it does not split on
 * it), laid out [tree][feature][code], so a row's codes, computed once, address every tree's tables
 * with one add; leaf values are stored per (tree, leaf bit). Rows outer (two at a time), trees
 * inner: each row's margin stays in a register and is summed in tree order (the TS twin's order).
 * Header (32-bit
 * words at h):
 *   0 nRows  1 nFeatures  2 F (used features, 1 … 8)  3 nTrees  4 averaging  5 float32
 *   6 X ptr  7 out ptr  8 used ptr i32[F] (feature index)  9 codeOff ptr i32[F] (word offset of
 *   the feature's table inside a tree's slice)  10 thrStart ptr  11 thr ptr  12 featKind ptr
 *   13 tables ptr (u64)  14 tree stride (words)  15 leafValue ptr f64[nTrees × 64]  16 base ptr
 *   f64[1]  17 count ptr f64[1] (averaging: number of trees)  18 trees per block  19 scratch ptr
 *   u32[BLOCK × F]  20 second-feature ptr i32[F] (−1: single-feature slot)  21 nB ptr i32[F]
 *   (codes of the second feature). "Used features" are slots: F ≤ 8 slots.
 */
export function predictDense(h: usize): void {
  const F = word(h, 2);
  if (F == 1) denseRows(h, 1);
  else if (F == 2) denseRows(h, 2);
  else if (F == 3) denseRows(h, 3);
  else if (F == 4) denseRows(h, 4);
  else if (F == 5) denseRows(h, 5);
  else if (F == 6) denseRows(h, 6);
  else if (F == 7) denseRows(h, 7);
  else denseRows(h, 8);
}

/** Code of value x of feature f (numeric: thresholds ≤ x, NaN → C + 1; categorical). */
@inline function featCode(h: usize, x: f64, f: i32, f32: bool): i32 {
  const pKind = ptr(h, 12);
  let code: i32;
  if (load<i32>(pKind + ((<usize>f) << 2)) == 2) {
    code = <i32>MAX_CODE;
    if (x >= 0 && x < MAX_CODE) code = <i32>x;
  } else {
    const pThrStart = ptr(h, 10);
    const t0 = load<i32>(pThrStart + ((<usize>f) << 2));
    const C = load<i32>(pThrStart + ((<usize>(f + 1)) << 2)) - t0;
    const T = ptr(h, 11) + ((<usize>t0) << 3);
    if (x != x) code = C + 1;
    else {
      const xv: f64 = select<f64>(<f64>(<f32>x), x, f32);
      // Upper bound, branch-free (a branchy search mispredicts on every other step).
      let b = 0;
      let len = C;
      while (len > 1) {
        const half = len >> 1;
        b = select<i32>(b, b + half, xv < load<f64>(T + ((<usize>(b + half)) << 3)));
        len -= half;
      }
      code = b + select<i32>(0, 1, len == 0 || xv < load<f64>(T + ((<usize>b) << 3)));
    }
  }
  return code;
}

@inline function denseRows(h: usize, F: i32): void {
  const nRows = word(h, 0);
  const nFeatures = word(h, 1);
  const nTrees = word(h, 3);
  const averaging = word(h, 4) != 0;
  const f32 = word(h, 5) != 0;
  const pX = ptr(h, 6);
  const pOut = ptr(h, 7);
  const pUsed = ptr(h, 8);
  const tables = ptr(h, 13);
  // Tables of a PAIR of trees: one entry per code = 16 bytes (tree 2p's mask, then 2p + 1's).
  const pairStride = (<usize>word(h, 14)) << 4;
  const pLeaf = ptr(h, 15);
  const base = load<f64>(ptr(h, 16));
  const count = load<f64>(ptr(h, 17));
  const TB = word(h, 18);
  const pQ = ptr(h, 19);
  const pUsedB = ptr(h, 20);
  const pNB = ptr(h, 21);
  const pOff = ptr(h, 9);
  const rowBytes = (<usize>nFeatures) << 3;
  const qRow = (<usize>F) << 2;
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const nb = min(BLOCK, nRows - r0);
    // Table offsets of the block's rows, F per row.
    for (let i = 0; i < nb; i++) {
      const xr = pX + <usize>(r0 + i) * rowBytes;
      for (let s = 0; s < F; s++) {
        // A slot is one feature, or two small ones with a joint table (code a × nB + code b).
        const s4 = (<usize>s) << 2;
        const fa = load<i32>(pUsed + s4);
        const fb = load<i32>(pUsedB + s4);
        let code = featCode(h, load<f64>(xr + ((<usize>fa) << 3)), fa, f32);
        if (fb >= 0) {
          const cb = featCode(h, load<f64>(xr + ((<usize>fb) << 3)), fb, f32);
          code = code * load<i32>(pNB + s4) + cb;
        }
        const off = load<i32>(pOff + s4);
        store<u32>(pQ + <usize>i * qRow + s4, (<u32>(off + code)) << 4);
      }
      store<f64>(pOut + (<usize>(r0 + i) << 3), averaging ? 0 : base);
    }
    // Trees in blocks of TB (even; their tables stay in cache), rows inner, the margin in a
    // register. Two trees per step: one v128 AND chain gives both trees' leaf masks; their
    // leaves are still added in tree order, so every row's sum has the scalar kernel's bits.
    for (let t0 = 0; t0 < nTrees; t0 += TB) {
      const t1 = min(t0 + TB, nTrees);
      const pt0 = tables + (<usize>(t0 >> 1)) * pairStride;
      const pl0 = pLeaf + ((<usize>t0) << 9);
      // Two rows at a time: two independent margin chains.
      let i = 0;
      for (; i + 1 < nb; i += 2) {
        const qa = pQ + <usize>i * qRow;
        const qb = qa + qRow;
        const a0 = <usize>load<u32>(qa);
        const a1 = F > 1 ? <usize>load<u32>(qa + 4) : 0;
        const a2 = F > 2 ? <usize>load<u32>(qa + 8) : 0;
        const a3 = F > 3 ? <usize>load<u32>(qa + 12) : 0;
        const a4 = F > 4 ? <usize>load<u32>(qa + 16) : 0;
        const a5 = F > 5 ? <usize>load<u32>(qa + 20) : 0;
        const a6 = F > 6 ? <usize>load<u32>(qa + 24) : 0;
        const a7 = F > 7 ? <usize>load<u32>(qa + 28) : 0;
        const b0 = <usize>load<u32>(qb);
        const b1 = F > 1 ? <usize>load<u32>(qb + 4) : 0;
        const b2 = F > 2 ? <usize>load<u32>(qb + 8) : 0;
        const b3 = F > 3 ? <usize>load<u32>(qb + 12) : 0;
        const b4 = F > 4 ? <usize>load<u32>(qb + 16) : 0;
        const b5 = F > 5 ? <usize>load<u32>(qb + 20) : 0;
        const b6 = F > 6 ? <usize>load<u32>(qb + 24) : 0;
        const b7 = F > 7 ? <usize>load<u32>(qb + 28) : 0;
        const po = pOut + (<usize>(r0 + i) << 3);
        let sa = load<f64>(po + 0);
        let sb = load<f64>(po + 8);
        let pt = pt0;
        let pl = pl0;
        let t = t0;
        // Four trees (two pairs) per step: more independent loads in flight (6 was slower).
        for (; t + 3 < t1; t += 4) {
          let va0 = v128.load(pt + a0);
          let vb0 = v128.load(pt + b0);
          if (F > 1) { va0 = v128.and(va0, v128.load(pt + a1)); vb0 = v128.and(vb0, v128.load(pt + b1)); }
          if (F > 2) { va0 = v128.and(va0, v128.load(pt + a2)); vb0 = v128.and(vb0, v128.load(pt + b2)); }
          if (F > 3) { va0 = v128.and(va0, v128.load(pt + a3)); vb0 = v128.and(vb0, v128.load(pt + b3)); }
          if (F > 4) { va0 = v128.and(va0, v128.load(pt + a4)); vb0 = v128.and(vb0, v128.load(pt + b4)); }
          if (F > 5) { va0 = v128.and(va0, v128.load(pt + a5)); vb0 = v128.and(vb0, v128.load(pt + b5)); }
          if (F > 6) { va0 = v128.and(va0, v128.load(pt + a6)); vb0 = v128.and(vb0, v128.load(pt + b6)); }
          if (F > 7) { va0 = v128.and(va0, v128.load(pt + a7)); vb0 = v128.and(vb0, v128.load(pt + b7)); }
          let va1 = v128.load(pt + pairStride + a0);
          let vb1 = v128.load(pt + pairStride + b0);
          if (F > 1) { va1 = v128.and(va1, v128.load(pt + pairStride + a1)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b1)); }
          if (F > 2) { va1 = v128.and(va1, v128.load(pt + pairStride + a2)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b2)); }
          if (F > 3) { va1 = v128.and(va1, v128.load(pt + pairStride + a3)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b3)); }
          if (F > 4) { va1 = v128.and(va1, v128.load(pt + pairStride + a4)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b4)); }
          if (F > 5) { va1 = v128.and(va1, v128.load(pt + pairStride + a5)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b5)); }
          if (F > 6) { va1 = v128.and(va1, v128.load(pt + pairStride + a6)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b6)); }
          if (F > 7) { va1 = v128.and(va1, v128.load(pt + pairStride + a7)); vb1 = v128.and(vb1, v128.load(pt + pairStride + b7)); }
          sa += load<f64>(pl + 0 + ((<usize>ctz<u64>(i64x2.extract_lane(va0, 0))) << 3));
          sa += load<f64>(pl + 512 + ((<usize>ctz<u64>(i64x2.extract_lane(va0, 1))) << 3));
          sb += load<f64>(pl + 0 + ((<usize>ctz<u64>(i64x2.extract_lane(vb0, 0))) << 3));
          sb += load<f64>(pl + 512 + ((<usize>ctz<u64>(i64x2.extract_lane(vb0, 1))) << 3));
          sa += load<f64>(pl + 1024 + ((<usize>ctz<u64>(i64x2.extract_lane(va1, 0))) << 3));
          sa += load<f64>(pl + 1536 + ((<usize>ctz<u64>(i64x2.extract_lane(va1, 1))) << 3));
          sb += load<f64>(pl + 1024 + ((<usize>ctz<u64>(i64x2.extract_lane(vb1, 0))) << 3));
          sb += load<f64>(pl + 1536 + ((<usize>ctz<u64>(i64x2.extract_lane(vb1, 1))) << 3));
          pt += pairStride << 1;
          pl += 2048;
        }
        for (; t + 1 < t1; t += 2) {
          let va = v128.load(pt + a0);
          let vb = v128.load(pt + b0);
          if (F > 1) { va = v128.and(va, v128.load(pt + a1)); vb = v128.and(vb, v128.load(pt + b1)); }
          if (F > 2) { va = v128.and(va, v128.load(pt + a2)); vb = v128.and(vb, v128.load(pt + b2)); }
          if (F > 3) { va = v128.and(va, v128.load(pt + a3)); vb = v128.and(vb, v128.load(pt + b3)); }
          if (F > 4) { va = v128.and(va, v128.load(pt + a4)); vb = v128.and(vb, v128.load(pt + b4)); }
          if (F > 5) { va = v128.and(va, v128.load(pt + a5)); vb = v128.and(vb, v128.load(pt + b5)); }
          if (F > 6) { va = v128.and(va, v128.load(pt + a6)); vb = v128.and(vb, v128.load(pt + b6)); }
          if (F > 7) { va = v128.and(va, v128.load(pt + a7)); vb = v128.and(vb, v128.load(pt + b7)); }
          sa += load<f64>(pl + ((<usize>ctz<u64>(i64x2.extract_lane(va, 0))) << 3));
          sa += load<f64>(pl + 512 + ((<usize>ctz<u64>(i64x2.extract_lane(va, 1))) << 3));
          sb += load<f64>(pl + ((<usize>ctz<u64>(i64x2.extract_lane(vb, 0))) << 3));
          sb += load<f64>(pl + 512 + ((<usize>ctz<u64>(i64x2.extract_lane(vb, 1))) << 3));
          pt += pairStride;
          pl += 1024;
        }
        if (t < t1) {
          let ma = load<u64>(pt + a0);
          let mb = load<u64>(pt + b0);
          if (F > 1) { ma &= load<u64>(pt + a1); mb &= load<u64>(pt + b1); }
          if (F > 2) { ma &= load<u64>(pt + a2); mb &= load<u64>(pt + b2); }
          if (F > 3) { ma &= load<u64>(pt + a3); mb &= load<u64>(pt + b3); }
          if (F > 4) { ma &= load<u64>(pt + a4); mb &= load<u64>(pt + b4); }
          if (F > 5) { ma &= load<u64>(pt + a5); mb &= load<u64>(pt + b5); }
          if (F > 6) { ma &= load<u64>(pt + a6); mb &= load<u64>(pt + b6); }
          if (F > 7) { ma &= load<u64>(pt + a7); mb &= load<u64>(pt + b7); }
          sa += load<f64>(pl + ((<usize>ctz<u64>(ma)) << 3));
          sb += load<f64>(pl + ((<usize>ctz<u64>(mb)) << 3));
        }
        store<f64>(po + 0, sa);
        store<f64>(po + 8, sb);
      }
      for (; i < nb; i += 1) {
        const qa = pQ + <usize>i * qRow;
        const a0 = <usize>load<u32>(qa);
        const a1 = F > 1 ? <usize>load<u32>(qa + 4) : 0;
        const a2 = F > 2 ? <usize>load<u32>(qa + 8) : 0;
        const a3 = F > 3 ? <usize>load<u32>(qa + 12) : 0;
        const a4 = F > 4 ? <usize>load<u32>(qa + 16) : 0;
        const a5 = F > 5 ? <usize>load<u32>(qa + 20) : 0;
        const a6 = F > 6 ? <usize>load<u32>(qa + 24) : 0;
        const a7 = F > 7 ? <usize>load<u32>(qa + 28) : 0;
        const po = pOut + (<usize>(r0 + i) << 3);
        let sa = load<f64>(po + 0);
        let pt = pt0;
        let pl = pl0;
        let t = t0;
        for (; t + 1 < t1; t += 2) {
          let va = v128.load(pt + a0);
          if (F > 1) { va = v128.and(va, v128.load(pt + a1)); }
          if (F > 2) { va = v128.and(va, v128.load(pt + a2)); }
          if (F > 3) { va = v128.and(va, v128.load(pt + a3)); }
          if (F > 4) { va = v128.and(va, v128.load(pt + a4)); }
          if (F > 5) { va = v128.and(va, v128.load(pt + a5)); }
          if (F > 6) { va = v128.and(va, v128.load(pt + a6)); }
          if (F > 7) { va = v128.and(va, v128.load(pt + a7)); }
          sa += load<f64>(pl + ((<usize>ctz<u64>(i64x2.extract_lane(va, 0))) << 3));
          sa += load<f64>(pl + 512 + ((<usize>ctz<u64>(i64x2.extract_lane(va, 1))) << 3));
          pt += pairStride;
          pl += 1024;
        }
        if (t < t1) {
          let ma = load<u64>(pt + a0);
          if (F > 1) { ma &= load<u64>(pt + a1); }
          if (F > 2) { ma &= load<u64>(pt + a2); }
          if (F > 3) { ma &= load<u64>(pt + a3); }
          if (F > 4) { ma &= load<u64>(pt + a4); }
          if (F > 5) { ma &= load<u64>(pt + a5); }
          if (F > 6) { ma &= load<u64>(pt + a6); }
          if (F > 7) { ma &= load<u64>(pt + a7); }
          sa += load<f64>(pl + ((<usize>ctz<u64>(ma)) << 3));
        }
        store<f64>(po + 0, sa);
      }
    }
    if (averaging) {
      for (let i = 0; i < nb; i++) {
        const po = pOut + (<usize>(r0 + i) << 3);
        store<f64>(po, (count > 0 ? load<f64>(po) / count : 0) + base);
      }
    }
  }
}
