#!/usr/bin/env node
// `datagenius` executable: runs the bundled CLI (workers/cli/dist/cli.mjs, built by
// `node workers/cli/build.mjs`, which `npm install` / `npm run build` run for you).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('./dist/cli.mjs', import.meta.url));
if (!existsSync(dist)) {
  process.stderr.write(
    'datagenius: the CLI is not built yet (workers/cli/dist/cli.mjs is missing).\n' +
      'Run `npm run build` (or `node workers/cli/build.mjs`) in the repository first.\n'
  );
  process.exit(1);
}
const { main } = await import(dist);
process.exitCode = await main(process.argv.slice(2));
