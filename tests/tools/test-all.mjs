#!/usr/bin/env node
/**
 * `npm test`: the whole test run, stage by stage, stopping at the first failure.
 *
 *   ensure Chromium and poppler-utils (PDF report tests) → lint → check → unit tests → build → e2e tests
 *
 * Vitest runs write a JSON report each (node_modules/.cache/datagenius-tests/*.json); the last
 * line printed is always the summed count, e.g. `tests: 123 passed, 0 failed`, and the exit code
 * is non-zero when any stage failed.
 *
 *   node tests/tools/test-all.mjs [--skip lint,check,unit,build,e2e]   (skipping is for local use)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumVersion, ensureChromium } from './ensure-chromium.mjs';
import { ensurePoppler } from './ensure-poppler.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reportDir = path.join(repoRoot, 'node_modules/.cache/datagenius-tests');

/** @type {{ total: number, passed: number, failed: number, skipped: number }} */
const counts = { total: 0, passed: 0, failed: 0, skipped: 0 };
/** @type {{ name: string, seconds: number, ok: boolean }[]} */
const done = [];

/** @param {string} title */
function header(title) {
  const line = '═'.repeat(72);
  console.log(`\n${line}\n▶ ${title}\n${line}`);
}

/**
 * Runs one stage; returns whether it passed.
 * @param {string} name @param {() => boolean} fn
 */
function stage(name, fn) {
  header(name);
  const t0 = Date.now();
  let ok;
  try {
    ok = fn();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    ok = false;
  }
  const seconds = (Date.now() - t0) / 1000;
  done.push({ name, seconds, ok });
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds.toFixed(1)} s)`);
  return ok;
}

/** @param {string} script @param {string[]} [extra] */
function npmRun(script, extra = []) {
  const args = ['run', script, ...(extra.length ? ['--', ...extra] : [])];
  const r = spawnSync('npm', args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

/** Runs a vitest-backed npm script with a JSON report and adds its counts. @param {string} script */
function vitestRun(script) {
  const file = path.join(reportDir, `${script.replace(/[^a-z0-9]+/gi, '-')}.json`);
  rmSync(file, { force: true });
  const ok = npmRun(script, ['--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    counts.total += r.numTotalTests ?? 0;
    counts.passed += r.numPassedTests ?? 0;
    counts.failed += r.numFailedTests ?? 0;
    counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A suite that fails to load (syntax error, failing beforeAll) has no failed test: count it.
    const brokenSuites = (r.testResults ?? []).filter(
      (/** @type {{ status: string, assertionResults?: unknown[] }} */ s) =>
        s.status === 'failed' && !(s.assertionResults ?? []).length
    ).length;
    counts.failed += brokenSuites;
  } else if (!ok) {
    console.error(`(no JSON report from ${script}: counted as one failure)`);
    counts.failed += 1;
  }
  return ok && counts.failed === 0;
}

function summary() {
  header('Summary');
  for (const s of done) {
    console.log(`${s.ok ? '✔' : '✘'} ${s.name.padEnd(28)} ${s.seconds.toFixed(1).padStart(7)} s`);
  }
  const total = done.reduce((a, s) => a + s.seconds, 0);
  console.log(`total ${total.toFixed(1)} s`);
  if (counts.skipped) console.log(`(${counts.skipped} skipped)`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
}

function main() {
  mkdirSync(reportDir, { recursive: true });
  const at = process.argv.indexOf('--skip');
  const skip = new Set(at > 0 ? (process.argv[at + 1] ?? '').split(',') : []);
  const stages = /** @type {[string, string, () => boolean][]} */ ([
    [
      'chromium',
      'Chromium',
      () => {
        const exe = ensureChromium();
        process.env.CHROMIUM_PATH = exe;
        console.log(`${exe} — ${chromiumVersion(exe) ?? 'version unknown'}`);
        console.log(`poppler-utils: ${ensurePoppler()}`);
        return true;
      }
    ],
    ['lint', 'Lint (eslint + prettier)', () => npmRun('lint')],
    ['check', 'Type check', () => npmRun('check')],
    ['unit', 'Unit tests (vitest, Node)', () => vitestRun('test:unit')],
    ['build', 'Build', () => npmRun('build')],
    ['e2e', 'E2E tests (Chromium)', () => vitestRun('test:e2e')]
  ]);
  let ok = true;
  for (const [key, name, fn] of stages) {
    if (skip.has(key)) {
      header(`${name}: skipped (--skip ${key})`);
      continue;
    }
    if (!stage(name, fn)) {
      ok = false;
      console.error(`\nStopped: stage "${name}" failed.`);
      break;
    }
  }
  summary();
  process.exit(ok ? 0 : 1);
}

main();
