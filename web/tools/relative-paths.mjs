// Post-build step: makes build/index.html base-path agnostic.
// With the hash router every page is index.html at the app's root, so "./" is always right; but
// SvelteKit 2.70 renders the SPA fallback page with root-absolute URLs ("/_app/…", "/favicon.svg")
// even with `paths.relative: true`, which breaks the app when it is served from a sub-folder.
// The runtime base is already computed from `location` by SvelteKit's boot script.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../../build/index.html', import.meta.url));
const html = readFileSync(file, 'utf8');
const fixed = html
  .replace(/(href|src)="\/(?!\/)/g, '$1="./')
  .replace(/import\("\/_app\//g, 'import("./_app/');
if (/(?:href|src)="\/[^/]|import\("\/_app/.test(fixed)) {
  console.error('relative-paths: root-absolute URLs remain in build/index.html');
  process.exit(1);
}
writeFileSync(file, fixed);
