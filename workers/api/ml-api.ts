/**
 * The ML worker's typed interface (comlink). The main thread's worker pool
 * (web/lib/workers/ml-pool.ts) holds one `Remote<MlApi>` per worker; the worker
 * (`workers/ml.worker.ts`) exposes `createMlApi()` from `./ml-api-impl.ts`.
 *
 * A worker is prepared once per AutoML run with its own copy of the frame and the encoded target,
 * then runs one TrainTask at a time (the engine's in-process executor inside). Frame buffers go in
 * as structured clones (each worker needs its own copy); predictions come back transferred.
 * Failures are typed AppErrors (workers/protocol keeps code and messages across the boundary).
 */
import type { EncodedTarget, Frame } from '../engine/frame/types';
import type { TaskResult, TrainTask } from '../engine/automl/types';

/** TensorFlow.js backend the MLP trains on in this worker. */
export type MlBackendName = 'webgpu' | 'wasm' | 'cpu';

export interface MlBackendInfo {
  /** null when TensorFlow.js could not start at all (the MLP is then left out of the zoo). */
  backend: MlBackendName | null;
  /** Why this backend (e.g. "WebGPU adapter is a software fallback"); plain text for the UI. */
  reason: string;
}

export interface MlApi {
  /**
   * Keeps `frame` and `target` for the following `run()` calls (replacing earlier ones) and
   * prepares the in-process executor. Throws typed errors for an unusable frame.
   */
  prepare(frame: Frame, target: EncodedTarget): Promise<void>;
  /** Fits one family on `task.trainRows`, predicts `task.testRows`. Throws NOT_PREPARED before prepare(). */
  run(task: TrainTask): Promise<TaskResult>;
  /** The tfjs backend the MLP uses in this worker (starts tfjs on first call). */
  backend(): Promise<MlBackendInfo>;
}
