// Guards runEda at scale (a synthetic 1 M-row × 7 CSV with a target, the 3 M-row flights Parquet):
// it completes with every section. Speed is measured by `npm run bench`, not asserted here.
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadTable, runEda } from '../../workers/engine/index';
import { readBytes, repoRoot, runner, syntheticFlightsCsv } from './helpers';

describe('runEda() on big tables', () => {
  test('runEda() profiles a 1 M-row × 7 CSV (target delayed) within a loose bound', async () => {
    const db = await runner();
    const info = await loadTable(db, syntheticFlightsCsv(1_000_000), { fileName: 'flights.csv' });
    const r = await runEda(db, info, { target: 'delayed' });
    console.log(`runEda 1M×7: ${JSON.stringify(r.timings)}`);
    expect(r.overview.rows).toBe(1_000_000);
    expect(r.correlations.sampled).toBe(true);
  }, 120_000);

  const flights = path.join(repoRoot, 'node_modules/vega-datasets/data/flights-3m.parquet');
  test.skipIf(!existsSync(flights))(
    'runEda() profiles the 3 M-row flights Parquet within a loose bound',
    async () => {
      const db = await runner();
      const info = await loadTable(db, readBytes(flights), {
        fileName: 'flights-3m.parquet',
        tableName: 'f3m'
      });
      const r = await runEda(db, info, {});
      console.log(`runEda flights 3M×${info.columns.length}: ${JSON.stringify(r.timings)}`);
      expect(r.overview.rows).toBe(info.rows);
    },
    180_000
  );
});
