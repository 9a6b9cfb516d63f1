// Vitest config for the end-to-end suite: real Chromium (playwright-core) against the production
// build in build/, served by edge-api/static-server.mjs. Run with `npm run test:e2e`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default defineConfig({
  root: repoRoot,
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    // Each file owns one Chromium; two at once is what 2 cores take without starving DuckDB.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    env: { TZ: 'UTC' }
  }
});
