// Guards the browser's batch-prediction path in Node: the data worker (createDataApi on a Node
// DuckDB) reads a new file with the bundle's categorical override, the ML worker's predictBatch
// (WASM tree kernel installed) equals the engine's predictBundle (TypeScript kernel) row by row,
// exportPredictions writes the very bytes `datagenius predict` writes (CSV) and a Parquet file
// whose every cell reads back, formula cells are neutralised, and schema problems are listed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDataApi } from '../../workers/api/data-api-impl';
import { createMlApi, defaultMlDeps } from '../../workers/api/ml-api-impl';
import { parquetWriterOf } from '../../workers/api/parquet-writer';
import type { PredictionOutput } from '../../workers/engine/bundle/output';
import {
  decodePipeline,
  encodeBundle,
  frameFromArrow,
  frameSubset,
  ident,
  loadTable,
  predictBundle,
  predictBundleOutput,
  type ModelBundle
} from '../../workers/engine/index';
import { decodeAnyModel } from '../../workers/engine/bundle/models';
import {
  decodeTreeModel,
  setTreePredictKernel,
  treePredictKernel
} from '../../workers/engine/models/trees';
import { createNodeRunner } from '../../workers/node/duckdb-runner';
import { useTreePredictWasm } from '../../workers/node/gbdt-wasm';
import { parseCsv } from './eda-reference';
import { datasetsDir, errorOf, readBytes, repoRoot, runner, utf8 } from './helpers';
import { trainBundle } from './predict-bundles';

const require = createRequire(import.meta.url);
const pq = (await import('parquet-wasm/esm')) as typeof import('parquet-wasm/esm');
pq.initSync({ module: readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });

const TIMEOUT = 240_000;
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-predict-batch-'));
const penguins = path.join(datasetsDir, 'penguins.csv');
const titanic = path.join(datasetsDir, 'titanic_survival.csv');
const diabetes = path.join(datasetsDir, 'diabetes.csv');
const seattle = path.join(datasetsDir, 'seattle_weather.csv');

/**
 * Node's DuckDB bindings (.cjs) return tables of apache-arrow's CommonJS build, a second copy of
 * the classes beside the ESM one this code imports (in the browser worker both are the one ESM
 * copy); the tables cross to the ESM copy through IPC, as the bytes DuckDB would hand over.
 */
const cjsArrow = require('apache-arrow') as typeof import('apache-arrow');
async function nodeDb() {
  const r = await createNodeRunner();
  return {
    ...r,
    query: async (sql: string) => tableFromIPC(cjsArrow.tableToIPC(await r.query(sql), 'stream'))
  };
}

/** A data worker on its own Node DuckDB, with parquet-wasm initialised for Node. */
function dataApi() {
  return createDataApi({ openDb: nodeDb, writeParquet: parquetWriterOf(pq) });
}
const ml = createMlApi({ ...defaultMlDeps, transferPrediction: (o) => o });

/** The bundle's categorical inputs (what the UI passes as FrameOptions.categorical). */
const categoricalOf = (b: ModelBundle) =>
  b.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);

/** Loads `bytes` into a fresh data worker and runs predictBatch on it. */
async function batch(bundle: ModelBundle, file: string, bytes = readBytes(file)) {
  const api = dataApi();
  await api.load(bytes, { fileName: path.basename(file) });
  const frame = await api.frame({ categorical: categoricalOf(bundle) });
  return { api, out: await ml.predictBatch(bundle, frame) };
}

/** predictBundle on `SELECT *` of the file with the TypeScript tree predictor. */
async function reference(bundle: ModelBundle, file: string, bytes = readBytes(file)) {
  const db = await runner();
  const info = await loadTable(db, bytes, { fileName: path.basename(file), tableName: 'ref' });
  const table = await db.query(`SELECT * FROM ${ident(info.tableName)}`);
  const frame = frameFromArrow(table, { categorical: categoricalOf(bundle) });
  const kernel = treePredictKernel();
  setTreePredictKernel(null);
  try {
    return { p: predictBundle(bundle, frame), table };
  } finally {
    setTreePredictKernel(kernel);
  }
}

const bundles: Record<string, ModelBundle> = {};
const bundleFile = (name: string) => path.join(tmp, `${name}.json`);
/** Rows of the formula fixture: a text column with formula-like cells, a numeric one, a label. */
const FORMULA_NOTES = ['=1+1', '@SUM(A1)', '-2+3', '-1.5', 'plain'];
const formulaCsv = utf8(
  'x,note,amount,y\n' +
    Array.from(
      { length: 60 },
      (_, i) => `${i},${FORMULA_NOTES[i % 5]},${i % 2 ? -1.5 : 2.25},${i % 3 ? 'a' : 'b'}`
    ).join('\n') +
    '\n'
);
const formulaFile = path.join(tmp, 'formulas.csv');

beforeAll(async () => {
  expect(useTreePredictWasm()).toBe(true);
  writeFileSync(formulaFile, formulaCsv);
  const db = await runner();
  bundles.penguinsGbdt = await trainBundle(db, penguins, 'species', 'gbdt', { maxIter: 40 });
  bundles.penguinsLogistic = await trainBundle(db, penguins, 'species', 'logistic');
  bundles.titanicForest = await trainBundle(db, titanic, 'survived', 'randomForest', {
    nEstimators: 30
  });
  bundles.diabetesGbdt = await trainBundle(db, diabetes, 'progression', 'gbdt', { maxIter: 50 });
  bundles.seattleTree = await trainBundle(db, seattle, 'weather', 'decisionTree');
  bundles.penguinsBlend = await trainBundle(db, penguins, 'species', 'blend', {
    members: [
      { family: 'gbdt', params: { maxIter: 20 } },
      { family: 'logistic', params: {} }
    ]
  });
  bundles.formulas = await trainBundle(db, formulaFile, 'y', 'decisionTree');
  for (const [name, b] of Object.entries(bundles)) writeFileSync(bundleFile(name), encodeBundle(b));
  // The CLI under test is the built one (bin.mjs runs workers/cli/dist).
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
}, TIMEOUT);

afterAll(() => setTreePredictKernel(null));

const cases: [string, string][] = [
  ['penguinsGbdt', penguins],
  ['penguinsLogistic', penguins],
  ['penguinsBlend', penguins],
  ['titanicForest', titanic],
  ['diabetesGbdt', diabetes],
  ['seattleTree', seattle]
];

describe('predictBatch (ML worker) on a file read by the data worker', () => {
  test.each(cases)(
    '%s: predictBatch() equals predictBundle() row by row (labels, scores, every probability)',
    async (name, file) => {
      const bundle = bundles[name];
      const { out } = await batch(bundle, file);
      const { p } = await reference(bundle, file);
      expect(out.problemType).toBe(bundle.problemType);
      expect(out.classes).toEqual(bundle.classes);
      expect(out.nRows).toBe(p.label.length);
      expect(out.values).toEqual(p.values);
      if (bundle.problemType === 'regression') {
        expect(out.classIndex).toBeNull();
        expect(Array.from(out.values)).toEqual(p.label);
        return;
      }
      const K = bundle.classes.length;
      const ci = out.classIndex as Int32Array;
      for (let r = 0; r < out.nRows; r++) {
        expect(out.classes[ci[r]]).toBe(p.label[r]);
        const row = Array.from(out.values.subarray(r * K, r * K + K));
        // The predicted class is the first one with the largest probability.
        expect(ci[r]).toBe(row.indexOf(Math.max(...row)));
        expect(out.values[r * K + ci[r]]).toBe((p.score as Float64Array)[r]);
      }
    },
    TIMEOUT
  );

  test('a tree bundle on the batch path runs on the WASM kernel, and the penguins GBDT has categorical splits', async () => {
    const kernel = treePredictKernel();
    expect(kernel).not.toBeNull();
    let calls = 0;
    setTreePredictKernel({
      load: (f) => kernel!.load(f),
      predictRaw: (f, X, n) => {
        calls++;
        return kernel!.predictRaw(f, X, n);
      }
    });
    try {
      await batch(bundles.penguinsGbdt, penguins);
    } finally {
      setTreePredictKernel(kernel);
    }
    expect(calls).toBe(1);
    const forest = decodeTreeModel(bundles.penguinsGbdt.model).forest;
    expect(forest.catOffset.some((c) => c >= 0)).toBe(true);
  });
});

describe('predictBundleOutput on large frames (blocks of 65,536 rows)', () => {
  test.each(['penguinsGbdt', 'penguinsLogistic', 'penguinsBlend'])(
    '%s: 140,000 rows (3 blocks) = the whole-frame pipeline + model, bit for bit',
    async (name) => {
      const bundle = bundles[name];
      const db = await runner();
      const info = await loadTable(db, readBytes(penguins), {
        fileName: 'p.csv',
        tableName: 'big'
      });
      const small = frameFromArrow(await db.query(`SELECT * FROM ${ident(info.tableName)}`), {
        categorical: categoricalOf(bundle)
      });
      const frame = frameSubset(
        small,
        Uint32Array.from({ length: 140_000 }, (_, i) => i % 344)
      );
      const out = predictBundleOutput(bundle, frame);
      const whole = (b: { pipeline: unknown; model: ModelBundle['model'] }) =>
        decodeAnyModel(b.model).predict(decodePipeline(b.pipeline).transform(frame));
      let values: Float64Array;
      if (bundle.model.family === 'blend') {
        const members = (
          bundle.model.state as { members: { pipeline: unknown; model: ModelBundle['model'] }[] }
        ).members;
        const parts = members.map(whole);
        values = new Float64Array(parts[0].length);
        for (const p of parts) for (let j = 0; j < p.length; j++) values[j] += p[j] / parts.length;
      } else values = whole(bundle);
      expect(Buffer.from(out.values.buffer).equals(Buffer.from(values.buffer))).toBe(true);
      // Every 344th row repeats the first: the blocks did not shift rows.
      expect(Array.from(out.values.subarray(344 * 3 * 300, 344 * 3 * 300 + 3))).toEqual(
        Array.from(out.values.subarray(0, 3))
      );
    },
    TIMEOUT
  );

  test('a number column the model reads as categories is coerced to text once: same output as the categorical read', async () => {
    // The penguins logistic model reads island as categories; here island holds codes 0 / 1 / 2.
    const bundle = bundles.penguinsLogistic;
    const db = await runner();
    const csv = readFileSync(penguins, 'utf8').replace(
      /"(Torgersen|Biscoe|Dream)"/g,
      (_, s: string) => String(['Torgersen', 'Biscoe', 'Dream'].indexOf(s))
    );
    const info = await loadTable(db, utf8(csv), { fileName: 'codes.csv', tableName: 'codes' });
    const table = await db.query(`SELECT * FROM ${ident(info.tableName)}`);
    const rows = Uint32Array.from({ length: 70_000 }, (_, i) => i % 344);
    const asNumbers = frameSubset(frameFromArrow(table), rows);
    const asText = frameSubset(frameFromArrow(table, { categorical: ['island'] }), rows);
    expect(asNumbers.columns.find((c) => c.name === 'island')!.kind).toBe('numeric');
    expect(bundle.inputSchema.find((c) => c.name === 'island')!.kind).toBe('categorical');
    expect(predictBundleOutput(bundle, asNumbers).values).toEqual(
      predictBundleOutput(bundle, asText).values
    );
  });
});

describe('exportPredictions', () => {
  test.each([
    ['penguinsGbdt', penguins],
    ['titanicForest', titanic],
    ['diabetesGbdt', diabetes],
    ['formulas', formulaFile]
  ])(
    "%s: the CSV is byte-identical to `datagenius predict`'s stdout",
    async (name, file) => {
      const { api, out } = await batch(bundles[name], file);
      const blob = await api.exportPredictions(out, 'csv');
      const mine = Buffer.from(await blob.arrayBuffer());
      const cli = spawnSync(
        process.execPath,
        [path.join(repoRoot, 'workers/cli/bin.mjs'), 'predict', bundleFile(name), file],
        { cwd: repoRoot, maxBuffer: 64 << 20 }
      );
      expect(cli.status, cli.stderr.toString()).toBe(0);
      expect(mine.length).toBe(cli.stdout.length);
      expect(mine.equals(cli.stdout)).toBe(true);
      expect(blob.type).toBe('text/csv;charset=utf-8');
    },
    TIMEOUT
  );

  test('formula cells =1+1, @SUM(A1), -2+3 get a leading apostrophe; -1.5 stays a number', async () => {
    const { api, out } = await batch(bundles.formulas, formulaFile);
    const { header, rows } = parseCsv(await (await api.exportPredictions(out, 'csv')).text());
    expect(header).toEqual(['x', 'note', 'amount', 'y', 'Label', 'Score', 'Score_a', 'Score_b']);
    expect(rows).toHaveLength(60);
    const expected = ["'=1+1", "'@SUM(A1)", "'-2+3", '-1.5', 'plain'];
    rows.forEach((row, i) => {
      expect(row[1]).toBe(expected[i % 5]);
      expect(row[2]).toBe(i % 2 ? '-1.5' : '2.25');
    });
  });

  test(
    'penguins Parquet: input columns with their DuckDB types and every cell, then Label (Utf8), Score and Score_<class> (Float64)',
    async () => {
      const bundle = bundles.penguinsGbdt;
      const { api, out } = await batch(bundle, penguins);
      const blob = await api.exportPredictions(out, 'parquet');
      const back = tableFromIPC(
        pq.readParquet(new Uint8Array(await blob.arrayBuffer())).intoIPCStream()
      );
      const { table } = await reference(bundle, penguins);
      expectInputColumns(back, table);
      const names = back.schema.fields.map((f) => f.name);
      expect(names.slice(table.numCols)).toEqual([
        'Label',
        'Score',
        'Score_Adelie',
        'Score_Chinstrap',
        'Score_Gentoo'
      ]);
      expect(String(back.schema.fields[table.numCols].type)).toBe('Utf8');
      const K = 3;
      const ci = out.classIndex as Int32Array;
      const label = back.getChildAt(table.numCols)!;
      const score = back.getChildAt(table.numCols + 1)!;
      for (let r = 0; r < out.nRows; r++) {
        expect(label.get(r)).toBe(bundle.classes[ci[r]]);
        expect(score.get(r)).toBe(out.values[r * K + ci[r]]);
        for (let k = 0; k < K; k++)
          expect(back.getChildAt(table.numCols + 2 + k)!.get(r)).toBe(out.values[r * K + k]);
      }
    },
    TIMEOUT
  );

  test(
    'seattle_weather Parquet keeps the DATE column a date; diabetes regression gets a Float64 Label',
    async () => {
      const s = await batch(bundles.seattleTree, seattle);
      const back = tableFromIPC(
        pq
          .readParquet(
            new Uint8Array(await (await s.api.exportPredictions(s.out, 'parquet')).arrayBuffer())
          )
          .intoIPCStream()
      );
      const ref = await reference(bundles.seattleTree, seattle);
      expect(String(back.schema.fields[0].type)).toMatch(/^Date/);
      expectInputColumns(back, ref.table);

      const d = await batch(bundles.diabetesGbdt, diabetes);
      const dback = tableFromIPC(
        pq
          .readParquet(
            new Uint8Array(await (await d.api.exportPredictions(d.out, 'parquet')).arrayBuffer())
          )
          .intoIPCStream()
      );
      const last = dback.schema.fields.at(-1)!;
      expect([last.name, String(last.type)]).toEqual(['Label', 'Float64']);
      expect(Float64Array.from(dback.getChildAt(dback.numCols - 1)!.toArray())).toEqual(
        d.out.values
      );
    },
    TIMEOUT
  );

  test('a Label / Score input column keeps its name; the predictions become Label_pred / Score_pred', async () => {
    const lines = readFileSync(penguins, 'utf8').trimEnd().split('\n');
    const csv = lines.map((l, i) => `${l},${i ? 'x' : 'Label,Score'}${i ? ',1' : ''}`).join('\n');
    const { api, out } = await batch(bundles.penguinsLogistic, penguins, utf8(csv));
    const { header } = parseCsv(await (await api.exportPredictions(out, 'csv')).text());
    expect(header.slice(8)).toEqual([
      'Label',
      'Score',
      'Label_pred',
      'Score_pred',
      'Score_Adelie',
      'Score_Chinstrap',
      'Score_Gentoo'
    ]);
  });

  test('before a load: NO_DATASET; predictions of another row count: INVALID_ROWS; unknown format: INVALID_INPUT', async () => {
    const api = dataApi();
    const out: PredictionOutput = {
      problemType: 'regression',
      classes: [],
      classIndex: null,
      values: new Float64Array(3),
      nRows: 3
    };
    expect((await errorOf(() => api.exportPredictions(out, 'csv'))).code).toBe('NO_DATASET');
    await api.load(readBytes(diabetes), { fileName: 'diabetes.csv' });
    const e = await errorOf(() => api.exportPredictions(out, 'parquet'));
    expect([e.code, e.details]).toEqual(['INVALID_ROWS', { rows: 3, expected: 442 }]);
    expect((await errorOf(() => api.exportPredictions(out, 'csv'))).code).toBe('INVALID_ROWS');
    const bad = { ...out, values: new Float64Array(441), nRows: 442 };
    expect((await errorOf(() => api.exportPredictions(bad, 'csv'))).code).toBe('INVALID_ROWS');
    const ok = { ...out, values: new Float64Array(442), nRows: 442 };
    const f = await errorOf(() => api.exportPredictions(ok, 'xlsx' as 'csv'));
    expect([f.code, f.messages.en]).toEqual([
      'INVALID_INPUT',
      'Unknown predictions file format: xlsx (available: csv, parquet).'
    ]);
  });
});

/** Every input column of `back` (read from our Parquet) equals DuckDB's `table`, type and cells. */
function expectInputColumns(back: Table, table: Table): void {
  expect(back.numRows).toBe(table.numRows);
  for (let c = 0; c < table.numCols; c++) {
    const want = table.schema.fields[c];
    const got = back.schema.fields[c];
    expect(got.name).toBe(want.name);
    expect(String(got.type)).toBe(String(want.type));
    const a = back.getChildAt(c)!;
    const b = table.getChildAt(c)!;
    for (let r = 0; r < table.numRows; r++)
      expect(a.get(r), `${want.name}[${r}]`).toEqual(b.get(r));
  }
}

describe('schema checks on the batch path', () => {
  test('SCHEMA_MISMATCH lists the missing columns and each type mismatch; extra columns are ignored', async () => {
    const bundle = bundles.penguinsGbdt;
    // flipper_length_mm and body_mass_g dropped, bill_depth_mm made text, an extra column added.
    const csv =
      'species,island,bill_length_mm,bill_depth_mm,sex,year,extra\n' +
      'Adelie,Torgersen,39.1,deep,male,2007,1\nGentoo,Biscoe,47.5,n/a,female,2009,2\n';
    const api = dataApi();
    await api.load(utf8(csv), { fileName: 'new.csv', minRows: 1 });
    const frame = await api.frame({ categorical: categoricalOf(bundle) });
    const e = await errorOf(() => ml.predictBatch(bundle, frame));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.details).toEqual({
      missing: ['flipper_length_mm', 'body_mass_g'],
      mismatched: [{ column: 'bill_depth_mm', expected: 'numeric', actual: 'categorical' }]
    });
    expect(e.messages.en).toBe(
      'the file does not match the model — missing columns: flipper_length_mm, body_mass_g; type mismatches: bill_depth_mm (numeric ≠ categorical).'
    );
    expect(e.messages.pl).toContain('brakuje kolumn: flipper_length_mm, body_mass_g');
    expect(e.messages.pl).toContain('niezgodne typy: bill_depth_mm (numeric ≠ categorical)');
  });

  test('frame({categorical}) reads integer codes as categories; without it they stay numeric', async () => {
    const api = dataApi();
    await api.load(utf8('code,x\n1,0.5\n2,1.5\n1,2.5\n'), { fileName: 'codes.csv', minRows: 1 });
    const plain = await api.frame();
    expect(plain.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric']);
    const forced = await api.frame({ categorical: ['code', 'unknown'], exclude: ['x'] });
    expect(forced.columns).toHaveLength(1);
    const col = forced.columns[0];
    expect(col.kind).toBe('categorical');
    if (col.kind !== 'categorical') return;
    expect(col.dictionary).toEqual(['1', '2']);
    expect(Array.from(col.codes)).toEqual([0, 1, 0]);
  });
});
