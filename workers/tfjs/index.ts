/**
 * TensorFlow.js side of the engine: the MLP trainer and backend selection. Runtime entries stay
 * separate because they import runtime-only things: `node.ts` (initTfNode, node:module) and
 * `wasm-paths.browser.ts` (initTfBrowser, Vite `?url` assets).
 */
export { createMlpTrainer, fitMlp } from './mlp-trainer';
export { MLP_SPACE, mlpDefaults, resolveMlpParams } from './mlp-params';
export type { MlpParams, ResolvedMlpParams } from './mlp-params';
export { tfPredictRaw } from './mlp-graph';
export type { Tf } from './mlp-graph';
export { selectBackend, softwareAdapter } from './backend';
export type { BackendChoice, BackendEnv, GpuAdapterLike, GpuLike, TfBackendName } from './backend';
