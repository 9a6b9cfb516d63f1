/**
 * TensorFlow.js in the browser (module workers included): the .wasm files are served by the app
 * (Vite `?url` imports give their hashed asset URLs), and the backend is chosen by selectBackend —
 * WebGPU on a hardware adapter, else WASM (SIMD / threads when the page is cross-origin isolated),
 * else CPU. The webgpu backend is imported lazily: it is only fetched when an adapter exists.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendChoice, type GpuLike, type TfBackendName } from './backend';
import type { Tf } from './mlp-graph';

/** Registers the wasm backend and points it at the app-served binaries. */
export async function registerWasmBrowser(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
  });
}

/**
 * Sets the backend for this window / worker and returns tfjs with the choice (show
 * `backend` and `reason` in the UI).
 * @param disable backends not to try (a user setting).
 */
export async function initTfBrowser(
  disable: readonly TfBackendName[] = []
): Promise<BackendChoice & { tf: Tf }> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  const choice = await selectBackend(tf, {
    gpu: nav?.gpu ?? null,
    disable,
    registerWebgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
    registerWasm: registerWasmBrowser
  });
  return { tf, ...choice };
}
