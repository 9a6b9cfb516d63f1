// Bundles the `datagenius` CLI (workers/cli/main.ts + the engine) into workers/cli/dist/cli.mjs.
// DuckDB-WASM, parquet-wasm and apache-arrow stay external: they load their .wasm from
// node_modules at run time, and Arrow must be the one copy DuckDB uses (see NOTES-stack.md).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, 'main.ts')],
  outfile: path.join(here, 'dist/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@duckdb/duckdb-wasm', 'parquet-wasm', 'apache-arrow'],
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // The root tsconfig extends .svelte-kit/tsconfig.json, which does not exist before the first
  // `svelte-kit sync` (e.g. during `npm ci`); the engine's own tsconfig is self-contained.
  tsconfig: path.join(here, '../engine/tsconfig.json')
});
