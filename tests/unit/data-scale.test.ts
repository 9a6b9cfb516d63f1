// Guards loading and paging at scale (shapes, types, paging values on a synthetic 1 M-row × 7 CSV
// and the 3 M-row flights Parquet). Speed is measured by `npm run bench`, not asserted here.
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fetchRows, inferTarget, loadTable } from '../../workers/engine/index';
import { readBytes, repoRoot, runner, utf8, syntheticFlightsCsv } from './helpers';

const ms = (t0: number) => Math.round(performance.now() - t0);

describe('big tables', () => {
  test('loadTable() loads a 1 M-row CSV and fetchRows() pages at offset 900,000 quickly', async () => {
    const db = await runner();
    // Warm DuckDB's CSV reader once, so the figure is the steady-state load.
    await loadTable(db, utf8('a,b\n' + '1,x\n'.repeat(20)), { fileName: 'warm.csv' });
    const bytes = syntheticFlightsCsv(1_000_000);
    const t0 = performance.now();
    const info = await loadTable(db, bytes, { fileName: 'flights.csv' });
    const loadMs = ms(t0);
    expect(info.rows).toBe(1_000_000);
    expect(info.columns.map((c) => c.type)).toEqual([
      'integer',
      'integer',
      'integer',
      'integer',
      'categorical',
      'categorical',
      'integer'
    ]);
    const t1 = performance.now();
    const page = await fetchRows(db, info, 900_000, 100);
    const pageMs = ms(t1);
    expect(page.rowCount).toBe(100);
    expect(typeof page.columns[3][0]).toBe('number');
    const target = await inferTarget(db, info, 'delayed');
    expect(target.problemType).toBe('binary');
    console.log(
      `1M-row CSV (${(bytes.length / 1e6).toFixed(1)} MB): load ${loadMs} ms ${JSON.stringify(info.timings)}; fetchRows@900k ${pageMs} ms`
    );
  });

  const flights = path.join(repoRoot, 'node_modules/vega-datasets/data/flights-3m.parquet');
  test.skipIf(!existsSync(flights))('loadTable() loads the 3 M-row flights Parquet', async () => {
    const db = await runner();
    const bytes = readBytes(flights);
    const t0 = performance.now();
    const info = await loadTable(db, bytes, { fileName: 'flights-3m.parquet' });
    const loadMs = ms(t0);
    expect(info.rows).toBe(3_000_000);
    expect(info.columns.map((c) => c.name)).toEqual([
      'date',
      'delay',
      'distance',
      'origin',
      'destination'
    ]);
    expect(info.columns[0].type).toBe('datetime');
    const t1 = performance.now();
    const page = await fetchRows(db, info, 900_000, 100);
    const pageMs = ms(t1);
    expect(page.columns[0][0]).toMatch(/^2001-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    console.log(
      `3M-row Parquet (13.5 MB): load ${loadMs} ms ${JSON.stringify(info.timings)}; fetchRows@900k ${pageMs} ms`
    );
  });
});
