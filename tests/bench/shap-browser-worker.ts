// Chromium side of the issue-6 TreeSHAP benchmark (bundled by shap.mjs): a Web Worker that fetches
// the forest Node fitted (forest-codec JSON) and the wasm/shap kernel from the bench server, builds
// the same 1,000 explained rows (seeded), and times the TypeScript and WASM kernels (median of
// `runs` after a warm-up). Posts {ok, result} or {ok: false, error}.
import { treeShap } from '../../workers/engine/explain/tree-shap';
import { createWasmTreeShap } from '../../workers/engine/explain/tree-shap-wasm';
import { decodeForest } from '../../workers/engine/gbdt/forest-codec';
import { createRng } from '../../workers/engine/rng';

const N_EXPLAIN = 1000;
const N_FEATURES = 30;

/** The explained rows of shap-bench.ts (same generator, seed 2; only the features are needed). */
function rows(): Float64Array {
  const rng = createRng(2);
  const out = new Float64Array(N_EXPLAIN * N_FEATURES);
  for (let i = 0; i < N_EXPLAIN; i++) {
    for (let f = 0; f < N_FEATURES; f++) out[i * N_FEATURES + f] = rng.next() * 2 - 1;
    rng.next(); // the label draw of shap-bench.ts
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

self.onmessage = async (e: MessageEvent<{ forest: string; wasm: string; runs: number }>) => {
  try {
    const forest = decodeForest(await (await fetch(e.data.forest)).json());
    const wasm = createWasmTreeShap(new Uint8Array(await (await fetch(e.data.wasm)).arrayBuffer()));
    const X = rows();
    const time = (fn: () => unknown) => {
      fn();
      const wall: number[] = [];
      for (let i = 0; i < e.data.runs; i++) {
        const a = performance.now();
        fn();
        wall.push((performance.now() - a) / 1000);
      }
      return wall;
    };
    const ts = time(() => treeShap(forest, X, N_EXPLAIN));
    const wa = time(() => wasm(forest, X, N_EXPLAIN));
    const a = treeShap(forest, X, N_EXPLAIN);
    const b = wasm(forest, X, N_EXPLAIN);
    let identical = a.values.length === b.values.length;
    for (let i = 0; i < a.values.length && identical; i++)
      identical = Object.is(a.values[i], b.values[i]);
    let sum = 0;
    for (let i = 0; i < a.values.length; i++) sum += a.values[i];
    self.postMessage({
      ok: true,
      result: {
        tsSeconds: median(ts),
        wasmSeconds: median(wa),
        tsRuns: ts,
        wasmRuns: wa,
        identicalBits: identical,
        valuesSum: sum
      }
    });
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
