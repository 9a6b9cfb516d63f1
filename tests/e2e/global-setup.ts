// Fails fast, with instructions, when the e2e prerequisites (a build, a Chromium) are missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from '../tools/ensure-chromium.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(): void {
  if (!existsSync(path.join(repoRoot, 'build/index.html'))) {
    throw new Error('build/index.html not found: run `npm run build` before `npm run test:e2e`');
  }
  process.env.CHROMIUM_PATH = ensureChromium();
}
