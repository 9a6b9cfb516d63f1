// Guards runEda at scale (a synthetic 1 M-row × 7 CSV with a target, the 3 M-row flights Parquet):
// it completes with every section. Speed is measured by `npm run bench`, not asserted here.
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadTable, runEda } from '../../workers/engine/index';
import { readBytes, repoRoot, runner, utf8 } from './helpers';

/** Same recipe as data-speed.test.ts (flights_delay-shaped, seeded). */
function flightsCsv(rows: number): Uint8Array {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const codes = Array.from({ length: 228 }, (_, i) =>
    String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + ((i * 7) % 26))
  );
  const parts = ['month,day_of_week,hour,distance,origin,destination,delayed\n'];
  for (let i = 0; i < rows; i++) {
    parts.push(
      `${1 + Math.floor(i / 170000)},${1 + (i % 7)},${Math.floor(i / 60) % 24},${100 + Math.floor(rnd() * 2500)},${codes[Math.floor(rnd() * 228)]},${codes[Math.floor(rnd() * 228)]},${rnd() < 0.2 ? 1 : 0}\n`
    );
  }
  return utf8(parts.join(''));
}

describe('runEda() on big tables', () => {
  test('runEda() profiles a 1 M-row × 7 CSV (target delayed) within a loose bound', async () => {
    const db = await runner();
    const info = await loadTable(db, flightsCsv(1_000_000), { fileName: 'flights.csv' });
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
