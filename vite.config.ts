/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// COOP/COEP so the page is cross-origin isolated (SharedArrayBuffer, precise timers) in dev and
// preview alike; the production server (tests/tools/serve.mjs) sends the same headers.
const isolation = {
  name: 'cross-origin-isolation',
  configureServer(server: {
    middlewares: {
      use: (
        fn: (
          req: unknown,
          res: { setHeader: (k: string, v: string) => void },
          next: () => void
        ) => void
      ) => void;
    };
  }) {
    server.middlewares.use((_req, res, next) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      next();
    });
  }
};

export default defineConfig({
  plugins: [sveltekit(), isolation],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: [
      'workers/**/*.test.ts',
      'web/**/*.test.ts',
      'edge-api/**/*.test.ts',
      'tests/unit/**/*.test.ts'
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'UTC' }
  }
});
