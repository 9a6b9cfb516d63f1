// Guards selectBackend(): webgpu only on a hardware adapter (fallback / software adapters and a
// missing navigator.gpu skip it, with the reason reported), else wasm, else cpu; and Node's
// initTfNode() starting the wasm backend from node_modules.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, softwareAdapter, type GpuLike } from '../../workers/tfjs/backend';
import { initTfNode, nodeWasmDir } from '../../workers/tfjs/node';

const registerWasm = async () => {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(nodeWasmDir());
};
const gpuWith = (adapter: object | null): GpuLike => ({ requestAdapter: async () => adapter });

afterAll(async () => {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  await tf.setBackend('wasm');
});

describe('softwareAdapter()', () => {
  it('flags fallback adapters (old and new spec) and software renderers', () => {
    expect(softwareAdapter({ isFallbackAdapter: true })).toMatch(/fallback/);
    expect(softwareAdapter({ info: { isFallbackAdapter: true } })).toMatch(/fallback/);
    expect(softwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toMatch(
      /software renderer \(google swiftshader\)/
    );
    expect(softwareAdapter({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } })).toMatch(
      /software/
    );
    expect(softwareAdapter({ info: { vendor: 'nvidia', architecture: 'ampere' } })).toBeNull();
    expect(softwareAdapter({})).toBeNull();
  });
});

describe('selectBackend()', () => {
  it('Node: initTfNode() starts wasm and says why not webgpu', async () => {
    const { backend, reason } = await initTfNode();
    expect(backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(reason).toMatch(/^wasm \(SIMD/);
    expect(reason).toMatch(/webgpu skipped: disabled/);
  });

  it('no navigator.gpu → wasm, reason names it', async () => {
    const r = await selectBackend(tf, { gpu: null, registerWasm });
    expect(r.backend).toBe('wasm');
    expect(r.reason).toMatch(/webgpu skipped: navigator.gpu is missing/);
  });

  it('requestAdapter() → null, a fallback or a SwiftShader adapter → wasm', async () => {
    const registerWebgpu = async () => expect.unreachable('webgpu must not load');
    for (const [adapter, why] of [
      [null, /returned no adapter/],
      [{ isFallbackAdapter: true }, /fallback adapter/],
      [{ info: { vendor: 'google', architecture: 'swiftshader' } }, /software renderer/]
    ] as const) {
      const r = await selectBackend(tf, { gpu: gpuWith(adapter), registerWebgpu, registerWasm });
      expect(r.backend).toBe('wasm');
      expect(r.reason).toMatch(why);
    }
  });

  it('a hardware adapter → webgpu (backend registered by the env hook)', async () => {
    // Stand-in for @tensorflow/tfjs-backend-webgpu: a CPU backend instance registered as 'webgpu'.
    await tf.setBackend('cpu');
    const Cpu = (tf.findBackend('cpu') as object).constructor as new () => tf.KernelBackend;
    const registerWebgpu = async () => tf.registerBackend('webgpu', () => new Cpu());
    const gpu = gpuWith({ info: { vendor: 'nvidia', architecture: 'ampere' } });
    const r = await selectBackend(tf, { gpu, registerWebgpu, registerWasm });
    expect(r).toEqual({ backend: 'webgpu', reason: 'webgpu on a hardware adapter' });
    expect(tf.getBackend()).toBe('webgpu');
    tf.removeBackend('webgpu');
  });

  it('wasm failing to load → cpu, reason carries both skips', async () => {
    const r = await selectBackend(tf, {
      gpu: null,
      registerWasm: async () => {
        throw new Error('404 tfjs-backend-wasm-simd.wasm');
      }
    });
    expect(r.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(r.reason).toMatch(
      /^cpu .*webgpu skipped: navigator.gpu is missing; wasm skipped: the wasm backend did not load: 404/
    );
  });

  it('disable: ["wasm"] → cpu', async () => {
    const r = await initTfNode(['wasm']);
    expect(r.backend).toBe('cpu');
    expect(r.reason).toMatch(/wasm skipped: disabled/);
  });
});
