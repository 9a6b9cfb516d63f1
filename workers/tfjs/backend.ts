/**
 * Chooses the TensorFlow.js backend: WebGPU when `navigator.gpu` gives a real (hardware) adapter,
 * else WASM, else the plain-JS CPU backend — and says why, so the UI can show the backend in use.
 *
 * Runtime specifics come in through BackendEnv (the GPU object, and functions that register the
 * webgpu / wasm backends with their files): the browser wiring is wasm-paths.browser.ts, Node's is
 * node.ts. Measured (../shared/NOTES-stack.md): WebGPU on SwiftShader is ~30× slower than WASM
 * SIMD, hence the software-adapter check.
 */
import { ModelTrainingError } from '../engine/errors';
import type { Tf } from './mlp-graph';

export type TfBackendName = 'webgpu' | 'wasm' | 'cpu';

/** The backend in use and a one-line English reason (with what was skipped and why). */
export interface BackendChoice {
  backend: TfBackendName;
  reason: string;
}

/** The parts of GPUAdapter / GPUAdapterInfo the check reads (no DOM types in this module). */
export interface GpuAdapterLike {
  /** Older Chromium: on the adapter. */
  isFallbackAdapter?: boolean;
  info?: {
    isFallbackAdapter?: boolean;
    vendor?: string;
    architecture?: string;
    description?: string;
  };
}

/** `navigator.gpu`, typed structurally. */
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

export interface BackendEnv {
  /** `navigator.gpu` when the runtime has one. */
  gpu?: GpuLike | null;
  /** Registers the 'webgpu' backend (e.g. `import('@tensorflow/tfjs-backend-webgpu')`). */
  registerWebgpu?: () => Promise<unknown>;
  /** Registers the 'wasm' backend and points it at its .wasm files (setWasmPaths). */
  registerWasm?: () => Promise<unknown>;
  /** Backends not to try (a user setting, tests). */
  disable?: readonly TfBackendName[];
}

/** Software rasterisers that expose WebGPU adapters (Chromium's SwiftShader, Mesa's llvmpipe). */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/i;

/** Why an adapter is a software fallback, or null for a hardware one. */
export function softwareAdapter(a: GpuAdapterLike): string | null {
  if (a.isFallbackAdapter || a.info?.isFallbackAdapter) return 'the adapter is a fallback adapter';
  const text = [a.info?.vendor, a.info?.architecture, a.info?.description]
    .filter(Boolean)
    .join(' ');
  return SOFTWARE.test(text) ? `the adapter is a software renderer (${text})` : null;
}

async function trySet(tf: Tf, name: TfBackendName): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') failed`;
    await tf.ready();
    return null;
  } catch (e) {
    return `${name} failed to start: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
  }
}

async function whyNotWebgpu(tf: Tf, env: BackendEnv): Promise<string | null> {
  if (!env.gpu) return 'navigator.gpu is missing';
  if (!env.registerWebgpu) return 'the webgpu backend is not bundled here';
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await env.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return `requestAdapter() threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!adapter) return 'requestAdapter() returned no adapter';
  const soft = softwareAdapter(adapter);
  if (soft) return soft;
  try {
    await env.registerWebgpu();
  } catch (e) {
    return `the webgpu backend did not load: ${e instanceof Error ? e.message : String(e)}`;
  }
  return trySet(tf, 'webgpu');
}

async function whyNotWasm(tf: Tf, env: BackendEnv): Promise<string | null> {
  if (!env.registerWasm) return 'the wasm backend is not bundled here';
  try {
    await env.registerWasm();
  } catch (e) {
    return `the wasm backend did not load: ${e instanceof Error ? e.message : String(e)}`;
  }
  return trySet(tf, 'wasm');
}

/**
 * Sets the fastest usable backend on `tf` (webgpu → wasm → cpu) and reports it.
 * @returns e.g. `{ backend: 'wasm', reason: 'wasm (SIMD, single thread); webgpu skipped: navigator.gpu is missing' }`.
 * @throws ModelTrainingError TF_BACKEND_UNAVAILABLE when not even the cpu backend starts.
 */
export async function selectBackend(tf: Tf, env: BackendEnv): Promise<BackendChoice> {
  const skipped: string[] = [];
  const off = new Set(env.disable ?? []);
  if (off.has('webgpu')) skipped.push('webgpu skipped: disabled');
  else {
    const why = await whyNotWebgpu(tf, env);
    if (!why) return { backend: 'webgpu', reason: 'webgpu on a hardware adapter' };
    skipped.push(`webgpu skipped: ${why}`);
  }
  if (off.has('wasm')) skipped.push('wasm skipped: disabled');
  else {
    const why = await whyNotWasm(tf, env);
    if (!why) {
      const simd = await tf
        .env()
        .getAsync('WASM_HAS_SIMD_SUPPORT')
        .catch(() => false);
      const threads = await tf
        .env()
        .getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
        .catch(() => false);
      const features = [
        simd ? 'SIMD' : 'no SIMD',
        threads ? 'threads available' : 'single thread'
      ].join(', ');
      return { backend: 'wasm', reason: [`wasm (${features})`, ...skipped].join('; ') };
    }
    skipped.push(`wasm skipped: ${why}`);
  }
  const why = await trySet(tf, 'cpu');
  if (why) {
    const all = [...skipped, why].join('; ');
    throw new ModelTrainingError({
      code: 'TF_BACKEND_UNAVAILABLE',
      message: {
        en: `no TensorFlow.js backend could start (${all})`,
        pl: `nie udało się uruchomić żadnego zaplecza TensorFlow.js (${all})`
      },
      details: { reasons: [...skipped, why] }
    });
  }
  return { backend: 'cpu', reason: ['cpu (plain JavaScript)', ...skipped].join('; ') };
}
