/**
 * Starts TensorFlow.js inside an ML worker and returns the MLP trainer with the backend it chose
 * (WebGPU on a hardware adapter, else WASM, else CPU — workers/tfjs decides and says why).
 *
 * The WASM backend runs single-threaded here: the pool already runs one worker per core, so
 * pthreads inside each would only oversubscribe the cores — and in the production build the
 * threaded-SIMD variant's pthread workers (blob: URLs) fail at start ("e is not defined"),
 * leaving the backend's init pending for ever in a cross-origin-isolated page.
 */
import type { ModelTrainer } from '../engine/models/types';
import type { MlBackendInfo } from './ml-api';

export interface MlpLoad {
  trainer: ModelTrainer | null;
  info: MlBackendInfo;
}

/** Loaded lazily: tfjs and its wasm are a large download that only the ML workers need. */
export async function loadMlpTrainer(): Promise<MlpLoad> {
  const [tf, , { initTfBrowser }, { createMlpTrainer }] = await Promise.all([
    import('@tensorflow/tfjs'),
    // Imported first so that its flags are registered before they are set below.
    import('@tensorflow/tfjs-backend-wasm'),
    import('../tfjs/wasm-paths.browser'),
    import('../tfjs/mlp-trainer')
  ]);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const { backend, reason } = await initTfBrowser();
  return {
    trainer: createMlpTrainer(tf) as unknown as ModelTrainer,
    info: { backend, reason }
  };
}
