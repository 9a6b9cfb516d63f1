/**
 * The MLP family for the CLI: TensorFlow.js with the WASM backend (workers/tfjs/node.ts), loaded
 * only when `train` needs it — importing tfjs costs about a second, which inspect / predict never
 * pay (the bundle keeps this module in its own chunk and tfjs external, see build.mjs). When tfjs
 * cannot start, training goes on without the MLP and says why.
 */
import { toAppError } from '../engine/index';
import type { ModelTrainer } from '../engine/models/types';

export interface CliMlp {
  /** The trainer, or null when tfjs could not start. */
  trainer: ModelTrainer | null;
  /** 'wasm' / 'cpu', or null when tfjs could not start. */
  backend: string | null;
  /** Why this backend (or why none), one English line from workers/tfjs. */
  reason: string;
}

export async function loadMlp(): Promise<CliMlp> {
  try {
    const [{ initTfNode }, { createMlpTrainer }] = await Promise.all([
      import('../tfjs/node'),
      import('../tfjs/mlp-trainer')
    ]);
    const { tf, backend, reason } = await initTfNode();
    return { trainer: createMlpTrainer(tf) as unknown as ModelTrainer, backend, reason };
  } catch (e) {
    const err = toAppError(e);
    const why = String(err.details.internal ?? err.message);
    return { trainer: null, backend: null, reason: `TensorFlow.js did not start: ${why}` };
  }
}
