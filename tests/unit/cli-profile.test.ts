// Guards the `datagenius profile` CLI end to end: build, spawn bin.mjs, one JSON object matching
// DESIGN.md's contract (a mean checked against a JS reference to 1e-9), exit 0; broken input exit 2.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datasetsDir, fixturesDir, repoRoot } from './helpers';
import { close, column, mean, numbers, parseCsv, std } from './eda-reference';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout };
};

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
});

describe('datagenius profile', () => {
  test('profile iris.csv --target species --json prints the contract: rows 150, mean and std (n−1) to 1e-9, exit 0', () => {
    const r = run(
      'profile',
      path.join(datasetsDir, 'iris.csv'),
      '--target',
      'species',
      '--json',
      '--lang',
      'en'
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, rows: 150 });
    const csv = parseCsv(readFileSync(path.join(datasetsDir, 'iris.csv'), 'utf8'));
    const x = numbers(column(csv.rows, 0));
    const c = out.columns[0];
    expect(Object.keys(c).sort()).toEqual(
      ['distinct', 'max', 'mean', 'min', 'missing', 'name', 'quantiles', 'std', 'type'].sort()
    );
    expect(close(c.mean, mean(x))).toBe(true);
    expect(close(c.std, std(x))).toBe(true);
    expect(Object.keys(c.quantiles)).toEqual(['p5', 'p25', 'p50', 'p75', 'p95']);
    for (const k of ['pearson', 'spearman', 'cramersV']) {
      expect(out.correlations[k]).toHaveProperty('columns');
      expect(out.correlations[k]).toHaveProperty('matrix');
    }
    for (const a of out.alerts)
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(['code', 'column', 'value', 'message'])
      );
    expect(out.eda.target.column).toBe('species');
  });

  test('profile on binary junk exits 2 with {ok:false}; without --json prints a table', () => {
    const r = run('profile', path.join(fixturesDir, 'binary-junk.csv'), '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_FORMAT' }
    });
    const t = run('profile', path.join(datasetsDir, 'penguins.csv'), '--lang', 'en');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/bill_length_mm\s+numeric\s+2/);
  });
});
