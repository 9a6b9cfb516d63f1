// Guards the `datagenius inspect` CLI end to end: build, spawn bin.mjs, one JSON object on
// stdout, exit codes (0 ok, 2 bad input) and the error shape.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { datasetsDir, fixturesDir, repoRoot } from './helpers';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
});

describe('datagenius inspect', () => {
  test('inspect iris.csv --json --target species prints one object: 150 rows, 5 columns, multiclass', () => {
    const r = run('inspect', path.join(datasetsDir, 'iris.csv'), '--json', '--target', 'species');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, format: 'csv', rows: 150, problemType: 'multiclass' });
    expect(out.columns).toHaveLength(5);
    expect(out.columns[4]).toEqual({ name: 'species', type: 'categorical', missing: 0 });
  });

  test('inspect on binary junk exits 2 with {ok:false, error:{code:UNSUPPORTED_FORMAT}}', () => {
    const r = run('inspect', path.join(fixturesDir, 'binary-junk.csv'), '--json', '--lang', 'en');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(out.error.message).toContain('Supported formats');
  });

  test('inspect on a truncated parquet exits 2 with BROKEN_FILE; --min-rows 200 on iris exits 2 with TOO_FEW_ROWS', () => {
    expect(
      JSON.parse(run('inspect', path.join(fixturesDir, 'truncated.parquet'), '--json').stdout).error
        .code
    ).toBe('BROKEN_FILE');
    const r = run('inspect', path.join(datasetsDir, 'iris.csv'), '--json', '--min-rows', '200');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('TOO_FEW_ROWS');
  });

  test('inspect with an unknown target or option exits 2 (TARGET_NOT_FOUND, USAGE)', () => {
    const t = run('inspect', path.join(datasetsDir, 'iris.csv'), '--json', '--target', 'nope');
    expect([t.code, JSON.parse(t.stdout).error.code]).toEqual([2, 'TARGET_NOT_FOUND']);
    const u = run('inspect', path.join(datasetsDir, 'iris.csv'), '--json', '--bogus');
    expect([u.code, JSON.parse(u.stdout).error.code]).toEqual([2, 'USAGE']);
  });

  test('inspect without --json prints a readable table; --help prints usage', () => {
    const r = run('inspect', path.join(datasetsDir, 'penguins.csv'), '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rows: 344');
    expect(r.stdout).toMatch(/bill_length_mm\s+numeric\s+2/);
    const h = run('--help');
    expect([h.code, h.stdout.includes('datagenius inspect <file>')]).toEqual([0, true]);
  });
});
