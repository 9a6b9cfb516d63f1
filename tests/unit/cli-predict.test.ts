// Guards `datagenius predict` end to end (build, spawn bin.mjs): the CSV has one row per input
// row, the input columns, Label / Score / Score_<class>, and the same numbers as the engine's
// predictBundle run in-process row by row; a file missing a model column exits 2 naming it; an
// invalid model file exits 2; formula cells are neutralised, plain numbers kept.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeBundle, ident, loadTable, predictBundle } from '../../workers/engine/index';
import type { BundlePrediction, ModelBundle } from '../../workers/engine/index';
import { frameFromArrow } from '../../workers/engine/frame/index';
import { datasetsDir, fixturesDir, readBytes, repoRoot, runner } from './helpers';
import { parseCsv } from './eda-reference';
import { predictionColumns } from '../../workers/cli/predict';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-cli-predict-'));
const iris = path.join(datasetsDir, 'iris.csv');
const diabetes = path.join(datasetsDir, 'diabetes.csv');
const formulas = path.join(fixturesDir, 'formula-cells.csv');
const TIMEOUT = 240_000;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 << 20
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Trains a quick model on `file` with the CLI and returns the bundle path. */
function trainModel(file: string, target: string, name: string): string {
  const out = path.join(tmp, name);
  const r = run(
    'train',
    file,
    '--target',
    target,
    '--families',
    'decisionTree,gbdt',
    '--time-budget',
    '10',
    '--json',
    '--out',
    out
  );
  if (r.code !== 0) throw new Error(`train ${name} failed: ${r.stdout} ${r.stderr}`);
  return out;
}

/** The engine's own prediction for `file`, in-process (not through the CLI). */
async function inProcess(
  model: string,
  file: string
): Promise<{ bundle: ModelBundle; p: BundlePrediction }> {
  const db = await runner();
  const info = await loadTable(db, readBytes(file), { fileName: path.basename(file) });
  const frame = frameFromArrow(await db.query(`SELECT * FROM ${ident(info.tableName)}`));
  const bundle = decodeBundle(readFileSync(model, 'utf8'));
  return { bundle, p: predictBundle(bundle, frame) };
}

let irisModel = '';
let diabetesModel = '';
let formulaModel = '';

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
  irisModel = trainModel(iris, 'species', 'iris.json');
  diabetesModel = trainModel(diabetes, 'progression', 'diabetes.json');
  formulaModel = trainModel(formulas, 'y', 'formulas.json');
}, TIMEOUT);

describe('datagenius predict', () => {
  test(
    'predict iris --out: 150 rows, input columns + Label, Score, Score_<class>; equal to predictBundle row by row',
    async () => {
      const out = path.join(tmp, 'iris-preds.csv');
      const r = run('predict', irisModel, iris, '--out', out, '--lang', 'en');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Wrote 150 predictions to ${out}`);
      const text = readFileSync(out, 'utf8');
      const { header, rows } = parseCsv(text);
      expect(header).toEqual([
        'sepal_length',
        'sepal_width',
        'petal_length',
        'petal_width',
        'species',
        'Label',
        'Score',
        'Score_setosa',
        'Score_versicolor',
        'Score_virginica'
      ]);
      expect(rows).toHaveLength(150);
      const file = parseCsv(readFileSync(iris, 'utf8'));
      const { bundle, p } = await inProcess(irisModel, iris);
      const K = bundle.classes.length;
      rows.forEach((row, i) => {
        // Input columns as in the file (numbers compared as numbers: 5.0 may print as 5.0 or 5).
        for (let c = 0; c < 4; c++) expect(Number(row[c])).toBe(Number(file.rows[i][c]));
        expect(row[4]).toBe(file.rows[i][4]);
        expect(['setosa', 'versicolor', 'virginica']).toContain(row[5]);
        expect(row[5]).toBe(p.label[i]);
        expect(Number(row[6])).toBe((p.score as Float64Array)[i]);
        for (let k = 0; k < K; k++) expect(Number(row[7 + k])).toBe(p.values[i * K + k]);
        // Score is the largest class probability.
        expect(Number(row[6])).toBe(Math.max(...row.slice(7).map(Number)));
      });
      // Without --out the same CSV goes to stdout (RFC 4180 CRLF records).
      const s = run('predict', irisModel, iris);
      expect(s.code).toBe(0);
      expect(s.stdout).toBe(text);
      expect(text.split('\r\n')).toHaveLength(152);
    },
    TIMEOUT
  );

  test(
    'predict diabetes: regression Label only, equal to predictBundle values; --json without --out inlines the predictions',
    async () => {
      const r = run('predict', diabetesModel, diabetes);
      expect(r.code, r.stderr).toBe(0);
      const { header, rows } = parseCsv(r.stdout);
      expect(header.slice(-2)).toEqual(['progression', 'Label']);
      expect(rows).toHaveLength(442);
      const { p } = await inProcess(diabetesModel, diabetes);
      rows.forEach((row, i) => expect(Number(row[row.length - 1])).toBe(p.values[i]));

      const j = run('predict', irisModel, iris, '--json');
      expect(j.code).toBe(0);
      expect(j.stdout.trim().split('\n')).toHaveLength(1);
      const out = JSON.parse(j.stdout);
      expect(out).toMatchObject({
        ok: true,
        problemType: 'multiclass',
        target: 'species',
        rows: 150,
        out: null
      });
      expect(out.predictions.label).toHaveLength(150);
      expect(Object.keys(out.predictions.probabilities)).toEqual([
        'setosa',
        'versicolor',
        'virginica'
      ]);
    },
    TIMEOUT
  );

  test(
    'predict on a file without petal_width exits 2 with SCHEMA_MISMATCH listing the column',
    { timeout: TIMEOUT },
    () => {
      const r = run(
        'predict',
        irisModel,
        path.join(fixturesDir, 'iris-no-petal-width.csv'),
        '--json',
        '--lang',
        'en'
      );
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ ok: false, error: { code: 'SCHEMA_MISMATCH' } });
      expect(out.error.message).toContain('missing columns: petal_width');
      expect(out.error.message).not.toContain('sepal_length');
    }
  );

  test(
    'predict with a model file that is not a bundle exits 2 (INVALID_MODEL), a missing one too (FILE_NOT_FOUND)',
    { timeout: TIMEOUT },
    () => {
      const bad = path.join(tmp, 'not-a-model.json');
      writeFileSync(bad, JSON.stringify({ format: 'something-else/1' }));
      const r = run('predict', bad, iris, '--json', '--lang', 'en');
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'INVALID_MODEL' });
      const m = run('predict', path.join(tmp, 'nope.json'), iris, '--json');
      expect([m.code, JSON.parse(m.stdout).error.code]).toEqual([2, 'FILE_NOT_FOUND']);
      const u = run('predict', irisModel, '--json');
      expect([u.code, JSON.parse(u.stdout).error.code]).toEqual([2, 'USAGE']);
    }
  );

  test(
    "predict neutralises formula cells: =cmd|' /C calc'!A0 and @SUM(1) get a leading ', -2 stays, labels starting with = too",
    () => {
      const r = run('predict', formulaModel, formulas);
      expect(r.code, r.stderr).toBe(0);
      const { header, rows } = parseCsv(r.stdout);
      expect(header).toEqual([
        'x',
        'note',
        'y',
        'Label',
        'Score',
        'Score_=HYPERLINK(1)',
        'Score_ok'
      ]);
      expect(rows).toHaveLength(40);
      const notes = ["'=cmd|' /C calc'!A0", "'@SUM(1)", '-2', 'plain'];
      rows.forEach((row, i) => {
        expect(row[1]).toBe(notes[i % 4]);
        expect(row[2]).toBe(i % 10 < 5 ? "'=HYPERLINK(1)" : 'ok');
        expect(["'=HYPERLINK(1)", 'ok']).toContain(row[3]);
      });
      // Nothing in the output can start a formula unless it is a plain number.
      for (const cell of [...header, ...rows.flat()])
        expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell), cell).toBe(false);
    },
    TIMEOUT
  );

  test('predictionColumns() renames Label / Score when the input already has them and splits probabilities per class', () => {
    const bundle = { problemType: 'binary', classes: ['a', 'b'] } as unknown as ModelBundle;
    const p: BundlePrediction = {
      label: ['b', 'a'],
      score: Float64Array.from([0.75, 0.6]),
      values: Float64Array.from([0.25, 0.75, 0.6, 0.4])
    };
    const cols = predictionColumns(bundle, p, new Set(['Label', 'Score', 'Label_pred']));
    expect(cols.map((c) => c.name)).toEqual(['Label_pred2', 'Score_pred', 'Score_a', 'Score_b']);
    expect(Array.from(cols[2].values as Float64Array)).toEqual([0.25, 0.6]);
    expect(Array.from(cols[3].values as Float64Array)).toEqual([0.75, 0.4]);
  });
});
