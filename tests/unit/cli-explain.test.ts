// Guards `datagenius explain` (issue 6, DESIGN.md "Command line"), run in-process through main():
// an XGBoost JSON model gives XGBoost's own pred_contribs (../shared/golden/xgboost-treeshap) to
// 1e-6, rows with missing values included; its features are matched by the model's feature_names
// (missing ones listed, exit 2); our own multiclass bundle gives one set per class whose softmax
// margins are the bundle's predicted probabilities; bad usage exits 2.
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../workers/cli/main';
import { decodeBundle, predictBundle } from '../../workers/engine/index';
import { frameFromColumns } from '../../workers/engine/frame/index';
import { datasetsDir } from './helpers';
import { parseCsv } from './eda-reference';

const golden = path.resolve(datasetsDir, '../golden/xgboost-treeshap');
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-cli-explain-'));
const iris = path.join(datasetsDir, 'iris.csv');

/** Runs main() with argv; returns the exit code and what went to stdout. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(argv);
    return { code, stdout };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

interface Reference {
  feature_names: string[];
  rows: { X: (number | null)[][]; pred_contribs: number[][]; margin: number[] };
  rows_with_missing: { X: (number | null)[][]; pred_contribs: number[][]; margin: number[] };
}
const ref = JSON.parse(readFileSync(path.join(golden, 'shap_reference.json'), 'utf8')) as Reference;

function writeCsv(file: string, names: string[], rows: (number | null)[][]): string {
  const lines = [
    names.join(','),
    ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function expectContribs(
  out: { shap: number[][]; baseValue: number; margin: number[] },
  contribs: number[][],
  margin: number[]
) {
  const p = contribs[0].length - 1;
  expect(out.shap).toHaveLength(contribs.length);
  contribs.forEach((row, r) => {
    for (let f = 0; f < p; f++) expect(Math.abs(out.shap[r][f] - row[f])).toBeLessThan(1e-6);
    expect(Math.abs(out.baseValue - row[p])).toBeLessThan(1e-6);
    expect(Math.abs(out.margin[r] - margin[r])).toBeLessThan(1e-5);
    const sum = out.shap[r].reduce((a, b) => a + b, out.baseValue);
    expect(Math.abs(sum - out.margin[r])).toBeLessThan(1e-6);
  });
}

describe('datagenius explain <xgboost-model.json>', () => {
  test('golden rows.csv: shap = XGBoost pred_contribs, baseValue = bias (1e-6)', async () => {
    const r = await run(
      'explain',
      path.join(golden, 'model.json'),
      path.join(golden, 'rows.csv'),
      '--json'
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      method: 'tree',
      model: 'xgboost',
      rows: 20,
      outputs: ['margin']
    });
    expect(out.features).toEqual(ref.feature_names);
    const csv = parseCsv(readFileSync(path.join(golden, 'pred_contribs.csv'), 'utf8'));
    const contribs = csv.rows.map((row) => row.map(Number));
    expectContribs(out, contribs, ref.rows.margin);
  }, 60_000);

  test('rows with missing values take the default directions', async () => {
    const file = writeCsv(
      path.join(tmp, 'missing.csv'),
      ref.feature_names,
      ref.rows_with_missing.X
    );
    const r = await run('explain', path.join(golden, 'model.json'), file, '--json');
    expect(r.code).toBe(0);
    expectContribs(
      JSON.parse(r.stdout),
      ref.rows_with_missing.pred_contribs,
      ref.rows_with_missing.margin
    );
  }, 60_000);

  test('feature_names: columns matched by name in any order; missing ones listed, exit 2', async () => {
    const model = JSON.parse(readFileSync(path.join(golden, 'model.json'), 'utf8'));
    model.learner.feature_names = ref.feature_names;
    const named = path.join(tmp, 'named.json');
    writeFileSync(named, JSON.stringify(model));
    // Columns reversed plus an extra one: matching is by name.
    const names = [...ref.feature_names].reverse();
    const rows = ref.rows.X.map((x) => [...x].reverse());
    const file = writeCsv(
      path.join(tmp, 'reversed.csv'),
      [...names, 'extra'],
      rows.map((x) => [...x, 1])
    );
    const r = await run('explain', named, file, '--json');
    expect(r.code).toBe(0);
    expectContribs(JSON.parse(r.stdout), ref.rows.pred_contribs, ref.rows.margin);

    const lacking = writeCsv(
      path.join(tmp, 'lacking.csv'),
      ref.feature_names.slice(2),
      ref.rows.X.map((x) => x.slice(2))
    );
    const bad = await run('explain', named, lacking, '--json', '--lang', 'en');
    expect(bad.code).toBe(2);
    const e = JSON.parse(bad.stdout);
    expect(e.ok).toBe(false);
    expect(e.error.code).toBe('MISSING_COLUMNS');
    expect(e.error.message).toContain(`${ref.feature_names[0]}, ${ref.feature_names[1]}`);
  }, 60_000);

  test('a model without feature names needs exactly num_feature columns', async () => {
    const file = writeCsv(
      path.join(tmp, 'short.csv'),
      ref.feature_names.slice(1),
      ref.rows.X.map((x) => x.slice(1))
    );
    const r = await run('explain', path.join(golden, 'model.json'), file, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('FEATURE_COUNT');
  }, 60_000);
});

describe('datagenius explain <model.json> (our bundle)', () => {
  let model = '';
  beforeAll(async () => {
    model = path.join(tmp, 'iris.json');
    const r = await run(
      'train',
      iris,
      '--target',
      'species',
      '--families',
      'logistic',
      '--time-budget',
      '10',
      '--folds',
      '2',
      '--json',
      '--out',
      model
    );
    if (r.code !== 0) throw new Error(`train failed: ${r.stdout}`);
  }, 240_000);

  test('multiclass: one set per class; softmax of the margins = the predicted probabilities', async () => {
    const r = await run('explain', model, iris, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const bundle = decodeBundle(readFileSync(model, 'utf8'));
    expect(out.method).toBe('linear');
    expect(out.outputs).toEqual(bundle.classes);
    expect(out.features).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    const K = bundle.classes.length;
    expect(out.baseValue).toHaveLength(K);
    expect(out.shap).toHaveLength(K);
    expect(out.shap[0]).toHaveLength(150);
    expect(out.shap[0][0]).toHaveLength(4);
    // The engine's predict on the same file, built here without the CLI's loader.
    const { header: head, rows: body } = parseCsv(readFileSync(iris, 'utf8'));
    const frame = frameFromColumns(
      head,
      head.map((h, j) => body.map((row) => (h === 'species' ? row[j] : Number(row[j]))))
    );
    const p = predictBundle(bundle, frame).values;
    for (let r = 0; r < 150; r++) {
      const z = out.margin.map((m: number[]) => Math.exp(m[r]));
      const s = z.reduce((a: number, b: number) => a + b, 0);
      for (let k = 0; k < K; k++) {
        expect(z[k] / s).toBeCloseTo(p[r * K + k], 9);
        const sum = out.shap[k][r].reduce((a: number, b: number) => a + b, out.baseValue[k]);
        expect(Math.abs(sum - out.margin[k][r])).toBeLessThan(1e-9);
      }
    }
  }, 120_000);

  test('text output names the base value; usage errors exit 2', async () => {
    const r = await run('explain', model, iris, '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SHAP \(linear\), model logistic, 150 rows/);
    expect(r.stdout).toContain('base value:');
    expect((await run('explain', model)).code).toBe(2);
    expect((await run('explain', model, iris, '--samples', '1')).code).toBe(2);
    expect((await run('explain', path.join(tmp, 'nope.json'), iris, '--json')).code).toBe(2);
  }, 60_000);
});
