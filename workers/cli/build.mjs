// Bundles the `datagenius` CLI (workers/cli/main.ts + the engine) into workers/cli/dist/cli.mjs.
// DuckDB-WASM, parquet-wasm and apache-arrow stay external: they load their .wasm from
// node_modules at run time, and Arrow must be the one copy DuckDB uses (see NOTES-stack.md).
// TensorFlow.js stays external too: bundled, its Node platform code calls `require('util')`,
// which an ESM bundle cannot do ("Dynamic require of util is not supported"). Code splitting
// keeps the MLP loader (workers/cli/mlp.ts → workers/tfjs) in a chunk of its own, so only
// `train` pays the ≈ 1 s import of tfjs.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

const result = await build({
  write: false,
  entryPoints: { cli: path.join(here, 'main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@duckdb/duckdb-wasm', 'parquet-wasm', 'apache-arrow', '@tensorflow/*'],
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // The root tsconfig extends .svelte-kit/tsconfig.json, which does not exist before the first
  // `svelte-kit sync` (e.g. during `npm ci`); the engine's own tsconfig is self-contained.
  tsconfig: path.join(here, '../engine/tsconfig.json')
});

// Each file is written to a temporary name and renamed into place, so a CLI starting while
// another build runs (test files build in parallel) reads either the old or the new file, never
// half of one. Chunks of older builds (other content hashes) are then removed.
const written = new Set();
for (const f of result.outputFiles) {
  mkdirSync(path.dirname(f.path), { recursive: true });
  const tmp = `${f.path}.${process.pid}.tmp`;
  writeFileSync(tmp, f.contents);
  renameSync(tmp, f.path);
  written.add(f.path);
}
const chunks = path.join(outdir, 'chunks');
for (const name of readdirSync(chunks)) {
  const file = path.join(chunks, name);
  if (!written.has(file) && !name.endsWith('.tmp')) rmSync(file, { force: true });
}
