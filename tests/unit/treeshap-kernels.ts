// The two TreeSHAP implementations every treeshap-*.test.ts runs (STYLE.md: one suite, both
// kernels): the TypeScript reference and the WASM kernel (wasm/build.mjs `buildKernel` builds
// wasm/shap alone when its output is missing or older than its source).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { treeShap, type TreeShapFn } from '../../workers/engine/explain/tree-shap';
import { createWasmTreeShap } from '../../workers/engine/explain/tree-shap-wasm';
import { repoRoot } from './helpers';

const wasmFile = path.join(repoRoot, 'wasm/shap/build/shap.wasm');
const source = path.join(repoRoot, 'wasm/shap/assembly/index.ts');
const mtime = (f: string): number => (existsSync(f) ? statSync(f).mtimeMs : 0);
if (mtime(source) > mtime(wasmFile)) {
  const script = `import { buildKernel } from ${JSON.stringify(path.join(repoRoot, 'wasm/build.mjs'))};
const asc = (await import('assemblyscript/asc')).default;
await buildKernel(asc, 'shap');`;
  execFileSync('node', ['--input-type=module', '-e', script], { cwd: repoRoot });
}

export const wasmShap = createWasmTreeShap(new Uint8Array(readFileSync(wasmFile)));

export const shapKernels: [string, TreeShapFn][] = [
  ['ts', treeShap],
  ['wasm', wasmShap]
];
