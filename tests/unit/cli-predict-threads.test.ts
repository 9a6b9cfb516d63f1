// Guards `datagenius predict --threads`: a 120,000-row file (titanic repeated) scored by a GBDT
// bundle through the worker_threads pool (2 workers, workers/node/predict-pool.ts) writes exactly
// the bytes one thread writes, and the in-process pool gives the engine's predictBundleOutput bit
// for bit; a file that does not fit the model fails with SCHEMA_MISMATCH before any worker runs.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeBundle } from '../../workers/engine/bundle/codec';
import { predictBundleOutput } from '../../workers/engine/bundle/predict';
import { joinOutputs, sliceFrame } from '../../workers/node/predict-pool';
import { queryFrame } from '../../workers/engine/frame/index';
import { loadTable } from '../../workers/engine/index';
import { datasetsDir, readBytes, repoRoot, runner } from './helpers';
import { trainBundle } from './predict-bundles';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-cli-threads-'));
const big = path.join(tmp, 'titanic-120k.csv');
const model = path.join(tmp, 'gbdt.json');
const titanic = path.join(datasetsDir, 'titanic_survival.csv');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 << 20
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
  const [header, ...rows] = readFileSync(titanic, 'utf8').trimEnd().split('\n');
  const lines = [header];
  while (lines.length <= 120_000) lines.push(...rows);
  writeFileSync(big, lines.slice(0, 120_001).join('\n') + '\n');
  const bundle = await trainBundle(await runner(), titanic, 'survived', 'gbdt', { maxIter: 50 });
  writeFileSync(model, encodeBundle(bundle));
}, 240_000);

describe('datagenius predict --threads', () => {
  test('2 worker threads write the same CSV bytes as 1 thread (120,000 rows)', () => {
    const one = path.join(tmp, 'one.csv');
    const two = path.join(tmp, 'two.csv');
    const r1 = run('predict', model, big, '--out', one, '--threads', '1', '--json');
    const r2 = run('predict', model, big, '--out', two, '--threads', '2', '--json');
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(JSON.parse(r2.stdout).rows).toBe(120_000);
    const a = readFileSync(one);
    const b = readFileSync(two);
    expect(b.length).toBe(a.length);
    expect(b.equals(a)).toBe(true);
    expect(a.toString('utf8').split('\r\n')[0]).toBe(
      'name,survived,sex,age,passengerClass,Label,Score,Score_no,Score_yes'
    );
  }, 240_000);

  test('--threads out of range is a usage error (exit 2)', () => {
    const r = run('predict', model, big, '--threads', '0', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('USAGE');
  });

  test('slices joined in row order equal one pass, bit for bit', async () => {
    const db = await runner();
    const info = await loadTable(db, readBytes(big), { fileName: 'big.csv', tableName: 'b' });
    const frame = await queryFrame(db, info);
    const bundle = JSON.parse(readFileSync(model, 'utf8'));
    const { decodeBundle } = await import('../../workers/engine/bundle/codec');
    const b = decodeBundle(bundle);
    const whole = predictBundleOutput(b, frame);
    const cuts = [0, 1, 40_000, 40_001, 120_000];
    const parts = cuts
      .slice(0, -1)
      .map((c, i) => predictBundleOutput(b, sliceFrame(frame, c, cuts[i + 1])));
    const joined = joinOutputs(parts);
    expect(joined.nRows).toBe(120_000);
    expect(Buffer.from(joined.values.buffer).equals(Buffer.from(whole.values.buffer))).toBe(true);
    expect([...joined.classIndex!]).toEqual([...whole.classIndex!]);
  }, 120_000);
});
