#!/usr/bin/env node
/**
 * Finds a Chromium for the e2e tests and benchmarks, installing Debian's `chromium` when none is
 * found and we run as root with apt-get; otherwise exits with instructions. Never lets a tool
 * download its own browser (the test machines have no internet besides npm and Debian).
 *
 *   node tests/tools/ensure-chromium.mjs   → prints the executable path
 *   import { ensureChromium, findChromium, chromiumVersion } from './ensure-chromium.mjs'
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Headless flags for Debian Chromium on these machines (NOTES-stack.md): no sandbox as root, no
 * GPU, and no background networking (the closed network would refuse those connections). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage'
];

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable'
];

const INSTALL_HINT = [
  'No Chromium found for the end-to-end tests.',
  'Install it, then run the tests again:',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
  'or point CHROMIUM_PATH at an existing Chromium/Chrome executable:',
  '  CHROMIUM_PATH=/path/to/chrome npm test'
].join('\n');

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first usable Chromium: `CHROMIUM_PATH` (must exist when set), then the usual Debian paths.
 * @returns {string | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
  }
  return CANDIDATES.find(isExecutable) ?? null;
}

/** `Chromium 156.0.…` or null. @param {string} exe */
export function chromiumVersion(exe) {
  try {
    return execFileSync(exe, ['--version'], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim();
  } catch {
    return null;
  }
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns a Chromium path, installing Debian's package when possible.
 * @param {{ log?: (line: string) => void }} [opts] where progress lines go (default stderr)
 * @returns {string}
 */
export function ensureChromium(opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(line + '\n'));
  const found = findChromium();
  if (found) return found;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasAptGet()) {
    throw new Error(
      INSTALL_HINT +
        (isRoot ? '' : '\n(Automatic install needs root and apt-get; this is not root.)')
    );
  }
  log('Chromium not found: installing Debian package `chromium` (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}).\n${INSTALL_HINT}`);
    }
  }
  const installed = findChromium();
  if (!installed)
    throw new Error(`apt-get installed chromium but no executable was found.\n${INSTALL_HINT}`);
  return installed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
