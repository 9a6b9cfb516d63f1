#!/usr/bin/env node
/**
 * Finds Debian's poppler-utils (`pdftotext`, `pdftoppm`, `pdfinfo`) for the PDF report tests,
 * installing the package when it is missing and we run as root with apt-get (as CI does);
 * otherwise exits with instructions. Same pattern as ensure-chromium.mjs.
 *
 *   node tests/tools/ensure-poppler.mjs   → prints the directory of the tools
 *   import { ensurePoppler, findPoppler } from './ensure-poppler.mjs'
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const POPPLER_TOOLS = ['pdftotext', 'pdftoppm', 'pdfinfo'];

const INSTALL_HINT = [
  'poppler-utils (pdftotext, pdftoppm, pdfinfo) not found: the PDF report tests need them.',
  'Install them, then run the tests again:',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y poppler-utils',
  '  macOS:          brew install poppler'
].join('\n');

/** Path of `tool` on PATH, or null. @param {string} tool */
function which(tool) {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Directory holding every tool, or null when one is missing. @returns {string | null} */
export function findPoppler() {
  const paths = POPPLER_TOOLS.map(which);
  return paths.every(Boolean) ? path.dirname(/** @type {string} */ (paths[0])) : null;
}

/**
 * Returns the tools' directory, installing Debian's package when possible.
 * @param {{ log?: (line: string) => void }} [opts]
 * @returns {string}
 */
export function ensurePoppler(opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(line + '\n'));
  const found = findPoppler();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    throw new Error(
      INSTALL_HINT +
        (isRoot ? '' : '\n(Automatic install needs root and apt-get; this is not root.)')
    );
  }
  log('poppler-utils not found: installing Debian package `poppler-utils` (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'poppler-utils']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}).\n${INSTALL_HINT}`);
  }
  const installed = findPoppler();
  if (!installed)
    throw new Error(
      `apt-get installed poppler-utils but the tools were not found.\n${INSTALL_HINT}`
    );
  return installed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensurePoppler());
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
