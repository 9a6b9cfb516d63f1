/**
 * WASM histogram kernel: the twin of `buildHistogram` in workers/engine/gbdt/histogram.ts (host
 * adapter workers/engine/gbdt/histogram-wasm.ts; tests/unit/gbdt-histogram-wasm.test.ts holds both
 * to identical bits). Built by wasm/build.mjs (asc -O3, --runtime stub); allocates nothing.
 *
 * The host keeps the binned columns in linear memory (copied once per training set), and per call
 * writes the node's rows and their gradients / hessians (already in row order) and a header of
 * 10 little-endian 32-bit words at `h`:
 *   0 n (rows of the node)   1 nFeatures   2 columns ptr: u32[nFeatures] pointers to u8 columns
 *   3 rows ptr u32[n]   4 og ptr f64[n]   5 oh ptr f64[n]   6 mask ptr u8[nFeatures] (0 = all)
 *   7 sums ptr f64[nFeatures × 256 × 2] (written)   8 counts ptr u32[nFeatures × 256] (written)
 *   9 gather scratch ptr f64[2n], or 0: when set, og / oh point at the full per-row gradient and
 *     hessian arrays (kept in memory for a whole round) and the kernel gathers them in row order
 *     into the scratch first (scikit-learn's "ordered_gradients"; same values, same order)
 * Per bin the additions happen in row order, as in the TypeScript kernel, so the sums agree bit
 * for bit.
 */

const HIST_BINS: usize = 256;

export function heapBase(): usize {
  return __heap_base;
}

@inline function word(h: usize, i: i32): u32 {
  return load<u32>(h + ((<usize>i) << 2));
}

export function buildHistogram(h: usize): void {
  const n = <i32>word(h, 0);
  const nF = <i32>word(h, 1);
  const pCols = <usize>word(h, 2);
  const pRows = <usize>word(h, 3);
  let pG = <usize>word(h, 4);
  let pH = <usize>word(h, 5);
  const pMask = <usize>word(h, 6);
  const pSums = <usize>word(h, 7);
  const pCounts = <usize>word(h, 8);
  const pScratch = <usize>word(h, 9);
  if (pScratch != 0) {
    const sg = pScratch;
    const sh = pScratch + ((<usize>n) << 3);
    for (let i = 0; i < n; i++) {
      const r = (<usize>load<u32>(pRows + ((<usize>i) << 2))) << 3;
      store<f64>(sg + ((<usize>i) << 3), load<f64>(pG + r));
      store<f64>(sh + ((<usize>i) << 3), load<f64>(pH + r));
    }
    pG = sg;
    pH = sh;
  }
  memory.fill(pSums, 0, (<usize>nF) * HIST_BINS * 16);
  memory.fill(pCounts, 0, (<usize>nF) * HIST_BINS * 4);
  for (let f = 0; f < nF; f++) {
    if (pMask != 0 && load<u8>(pMask + <usize>f) == 0) continue;
    const col = <usize>load<u32>(pCols + ((<usize>f) << 2));
    const sums = pSums + (<usize>f) * HIST_BINS * 16;
    const counts = pCounts + (<usize>f) * HIST_BINS * 4;
    // Columns that repeat a bin row after row (time-ordered data) keep the bin's sums in
    // registers until it changes: same additions, same order, no store-to-load chain.
    let changes = 0;
    const probe = min(n, 256);
    for (let i = 1; i < probe; i++) {
      const a = load<u8>(col + <usize>load<u32>(pRows + ((<usize>i) << 2)));
      const z = load<u8>(col + <usize>load<u32>(pRows + ((<usize>(i - 1)) << 2)));
      if (a != z) changes++;
    }
    if (n > 0 && 4 * changes < probe) {
      let b = <usize>load<u8>(col + <usize>load<u32>(pRows));
      let g = load<f64>(sums + (b << 4));
      let hh = load<f64>(sums + (b << 4) + 8);
      let c = load<u32>(counts + (b << 2));
      for (let i = 0; i < n; i++) {
        const b2 = <usize>load<u8>(col + <usize>load<u32>(pRows + ((<usize>i) << 2)));
        if (b2 != b) {
          store<f64>(sums + (b << 4), g);
          store<f64>(sums + (b << 4) + 8, hh);
          store<u32>(counts + (b << 2), c);
          b = b2;
          g = load<f64>(sums + (b << 4));
          hh = load<f64>(sums + (b << 4) + 8);
          c = load<u32>(counts + (b << 2));
        }
        g += load<f64>(pG + ((<usize>i) << 3));
        hh += load<f64>(pH + ((<usize>i) << 3));
        c++;
      }
      store<f64>(sums + (b << 4), g);
      store<f64>(sums + (b << 4) + 8, hh);
      store<u32>(counts + (b << 2), c);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const b = <usize>load<u8>(col + <usize>load<u32>(pRows + ((<usize>i) << 2)));
      const s = sums + (b << 4);
      store<f64>(s, load<f64>(s) + load<f64>(pG + ((<usize>i) << 3)));
      store<f64>(s + 8, load<f64>(s + 8) + load<f64>(pH + ((<usize>i) << 3)));
      const c = counts + (b << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
}
