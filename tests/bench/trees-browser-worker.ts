/**
 * Chromium side of `npm run bench:trees` (issue 4), in a dedicated Web Worker as the app runs its
 * compute: single thread, the engine imported by relative path, WASM kernels instantiated
 * synchronously from bytes (allowed in workers for any module size). The page
 * (trees-browser-page.ts) transfers the data file and both kernels as ArrayBuffers; the
 * measurement is trees-shared.ts `measureVariant`, the same code the Node side runs; Node's forests
 * (when given) are compared with ours and predicted here too (`vsReference`).
 *
 * Messages out: { type: 'log', line } while running, then { type: 'result', result } or
 * { type: 'error', message }.
 */
import { decodeForest, type EncodedForest } from '../../workers/engine/gbdt/forest-codec';
import {
  decodeTreesData,
  FEATURES,
  makeInputs,
  mathProbe,
  measureVariant,
  PARAMS,
  r3,
  type Variant
} from './trees-shared';

/** What the page sends: the config plus three transferred buffers. */
export interface TreesJob {
  data: ArrayBuffer;
  hist: ArrayBuffer;
  predict: ArrayBuffer;
  variants: Variant[];
  fitRuns: number;
  tsFitRuns: number;
  predictRuns: number;
  extras: boolean;
  /** Node's forests by variant (forest-codec JSON), when the Node side has run. */
  nodeForests: Partial<Record<Variant, EncodedForest>>;
}

/** The slice of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: TreesJob }) => void) | null;
};

scope.onmessage = (e) => {
  const job = e.data;
  const log = (line: string): void => scope.postMessage({ type: 'log', line });
  try {
    const t0 = performance.now();
    const inp = makeInputs(decodeTreesData(job.data));
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`inputs ready in ${loadSeconds.toFixed(2)} s (${inp.n} rows)`);
    const histBytes = new Uint8Array(job.hist);
    const predictBytes = new Uint8Array(job.predict);
    const variants = job.variants.map((v) => {
      const encoded = job.nodeForests[v];
      return measureVariant(inp, v, {
        histBytes,
        predictBytes,
        fitRuns: job.fitRuns,
        tsFitRuns: job.tsFitRuns,
        predictRuns: job.predictRuns,
        extras: job.extras,
        reference: encoded ? decodeForest(encoded) : undefined,
        now: () => performance.now() / 1000,
        log
      }).record;
    });
    scope.postMessage({
      type: 'result',
      result: {
        rows: inp.n,
        trainRows: inp.trainRows,
        testRows: inp.testRows,
        features: FEATURES,
        params: PARAMS,
        loadSeconds: r3(loadSeconds),
        mathProbe: mathProbe(),
        userAgent: navigator.userAgent,
        hardwareConcurrency: navigator.hardwareConcurrency,
        variants
      }
    });
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    scope.postMessage({ type: 'error', message });
  }
};
