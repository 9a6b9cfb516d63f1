/**
 * Batch prediction on every core of a Node host (the CLI's `predict`, the batch benchmark): the
 * frame is cut into one contiguous slice of rows per thread — the calling thread takes the first
 * (a view, no copy) and `threads − 1` worker_threads workers the others (copied, transferred);
 * each worker holds the decoded bundle and its WASM tree predictor (prepared once); every slice
 * goes through the engine's `predictBundleOutput` and the outputs are joined in row order — the
 * same numbers as one thread (rows are independent; tested). The schema is checked on the calling
 * thread first, so a file that does not fit the model fails before any worker runs.
 *
 * The workers run `script` — the calling program's own bundled entry — which must call
 * `servePredictWorker()` at its top level: in a pool worker it serves and returns true.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeBundle } from '../engine/bundle/codec';
import type { PredictionOutput } from '../engine/bundle/output';
import { checkBundleInput, predictBundleOutput } from '../engine/bundle/predict';
import { fromPublic, toAppError, type PublicError } from '../engine/errors';
import type { Frame, FrameColumn } from '../engine/frame/types';
import { useTreePredictWasm } from './gbdt-wasm';

/** workerData key marking a prediction pool worker. */
const FLAG = 'datageniusPredictWorker';

export interface PredictPool {
  readonly threads: number;
  /** Predicts every row of `frame` (extra columns ignored). @throws SCHEMA_MISMATCH, INVALID_MODEL. */
  predict(frame: Frame): Promise<PredictionOutput>;
  close(): Promise<void>;
}

type Reply = { ok: true; out: PredictionOutput } | { ok: false; error: PublicError };

/**
 * Rows [r0, r1) of `frame`: copied (a slice that moves to its worker on its own buffers), or with
 * `view` sharing the frame's buffers.
 */
export function sliceFrame(frame: Frame, r0: number, r1: number, view = false): Frame {
  return {
    nRows: r1 - r0,
    columns: frame.columns.map((c): FrameColumn =>
      c.kind === 'categorical'
        ? { ...c, codes: view ? c.codes.subarray(r0, r1) : c.codes.slice(r0, r1) }
        : { ...c, values: view ? c.values.subarray(r0, r1) : c.values.slice(r0, r1) }
    )
  };
}

/** The parts' rows one after the other (parts of one bundle's output, in row order). */
export function joinOutputs(parts: readonly PredictionOutput[]): PredictionOutput {
  const nRows = parts.reduce((s, p) => s + p.nRows, 0);
  const values = new Float64Array(parts.reduce((s, p) => s + p.values.length, 0));
  const classIndex = parts[0].classIndex ? new Int32Array(nRows) : null;
  let v = 0;
  let r = 0;
  for (const p of parts) {
    values.set(p.values, v);
    v += p.values.length;
    if (classIndex && p.classIndex) classIndex.set(p.classIndex, r);
    r += p.nRows;
  }
  return { ...parts[0], nRows, values, classIndex };
}

function buffersOf(frame: Frame): ArrayBuffer[] {
  return frame.columns.map(
    (c) => (c.kind === 'categorical' ? c.codes.buffer : c.values.buffer) as ArrayBuffer
  );
}

/**
 * In a pool worker: installs the WASM predictor, decodes the bundle once and answers every slice;
 * returns true. Anywhere else: returns false and does nothing.
 */
export function servePredictWorker(): boolean {
  if (isMainThread || !parentPort || !(workerData as Record<string, unknown> | null)?.[FLAG])
    return false;
  const port = parentPort;
  useTreePredictWasm();
  const bundle = decodeBundle((workerData as { bundleJson: string }).bundleJson);
  port.on('message', (frame: Frame) => {
    let reply: Reply;
    try {
      reply = { ok: true, out: predictBundleOutput(bundle, frame) };
    } catch (e) {
      reply = { ok: false, error: toAppError(e).toPublic() };
    }
    const transfer: ArrayBuffer[] = [];
    if (reply.ok) {
      transfer.push(reply.out.values.buffer as ArrayBuffer);
      if (reply.out.classIndex) transfer.push(reply.out.classIndex.buffer as ArrayBuffer);
    }
    port.postMessage(reply, transfer);
  });
  return true;
}

/**
 * A pool of `threads` threads: this one and `threads − 1` workers running `script` (an ES module
 * that calls servePredictWorker()). This thread must have the same tree kernel installed as the
 * workers (useTreePredictWasm) — the numbers are the same either way, only the speed differs.
 * @throws INVALID_MODEL when the bundle does not decode.
 */
export function createPredictPool(
  bundleJson: string,
  opts: { threads: number; script: string | URL }
): PredictPool {
  const bundle = decodeBundle(bundleJson);
  const threads = Math.max(1, Math.floor(opts.threads));
  const workers = Array.from(
    { length: threads - 1 },
    () => new Worker(opts.script, { workerData: { [FLAG]: true, bundleJson } })
  );
  // One slice at a time per worker: the pool's calls are sequential per worker.
  const ask = (w: Worker, f: Frame) =>
    new Promise<PredictionOutput>((resolve, reject) => {
      const onMessage = (r: Reply) => {
        w.off('error', onError);
        if (r.ok) resolve(r.out);
        else reject(fromPublic(r.error));
      };
      const onError = (e: unknown) => {
        w.off('message', onMessage);
        reject(toAppError(e));
      };
      w.once('message', onMessage);
      w.once('error', onError);
      w.postMessage(f, buffersOf(f));
    });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    threads,
    predict(frame) {
      checkBundleInput(bundle, frame);
      const run = queue.then(async () => {
        const n = frame.nRows;
        const k = Math.min(threads, Math.max(1, n));
        const bounds = Array.from({ length: k + 1 }, (_, i) => Math.round((i * n) / k));
        // The workers' slices are posted first; then this thread predicts the first slice.
        const asked = Array.from({ length: k - 1 }, (_, i) =>
          ask(workers[i], sliceFrame(frame, bounds[i + 1], bounds[i + 2]))
        );
        asked.forEach((p) => p.catch(() => undefined));
        const own = predictBundleOutput(bundle, sliceFrame(frame, 0, bounds[1], true));
        return joinOutputs([own, ...(await Promise.all(asked))]);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
}
