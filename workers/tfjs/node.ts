/**
 * TensorFlow.js in Node (CLI, tests): plain `@tensorflow/tfjs` with the WASM backend reading its
 * .wasm files from node_modules (`@tensorflow/tfjs-node` cannot install here: it downloads
 * libtensorflow). Falls back to the CPU backend when WASM cannot start.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendChoice, type TfBackendName } from './backend';
import type { Tf } from './mlp-graph';

/** Directory of the backend's .wasm files, with a trailing separator (what setWasmPaths wants). */
export function nodeWasmDir(): string {
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(entry) + path.sep;
}

/**
 * Sets tfjs's backend for Node (wasm, else cpu) and returns the namespace with the choice.
 * Calling it again re-selects (cheap once a backend is initialised).
 * @param disable backends not to try, e.g. ['wasm'] to force cpu.
 */
export async function initTfNode(
  disable: readonly TfBackendName[] = []
): Promise<BackendChoice & { tf: Tf }> {
  const choice = await selectBackend(tf, {
    gpu: null,
    disable: ['webgpu', ...disable],
    registerWasm: async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(nodeWasmDir());
    }
  });
  return { tf, ...choice };
}
