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
