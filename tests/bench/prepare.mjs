/**
 * Benchmark data in tests/bench/data/ (git-ignored), built offline from node_modules:
 * - flights-3m.parquet: copied from vega-datasets;
 * - flights-delay-1m.csv: the 1,000,000-row flights_delay table of ../shared/datasets/README.md,
 *   built with DuckDB-WASM (Node, eh bundle). DuckDB-WASM cannot read Parquet offline (the parquet
 *   extension is downloaded at run time), so parquet-wasm decodes the file to an Arrow IPC stream
 *   which is inserted into a table; its `rowid` is the 0-based row number in the file (insertion
 *   order), which replaces the README's `file_row_number`.
 * Every README checksum is verified; a mismatch throws and deletes the CSV.
 *
 *   node tests/bench/prepare.mjs         (also done by `npm run bench`)
 */
import { createRequire } from 'node:module';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dataDir = path.join(repoRoot, 'tests/bench/data');
export const PARQUET = 'flights-3m.parquet';
export const CSV = 'flights-delay-1m.csv';

/** README checks for the flights_delay table. */
const EXPECTED = {
  rows: 1_000_000,
  delayed1: 199_891,
  delayed0: 800_109,
  distance: 731_477_985,
  hour: 13_240_894,
  day_of_week: 3_937_048,
  month: 3_523_577,
  perMonth: [169_413, 152_724, 170_500, 167_010, 172_944, 167_407, 2]
};
const HEAD =
  'month,day_of_week,hour,distance,origin,destination,delayed\n1,1,0,2176,LAS,PHL,1\n1,1,0,2345,ANC,LAX,0\n1,1,0,1979,DTW,LAX,1\n';
const LAST_LINE = '7,7,0,2176,LAS,PHL,1';

const RECIPE = `
  SELECT CAST(month(date)  AS INTEGER) AS month,
         CAST(isodow(date) AS INTEGER) AS day_of_week,
         CAST(hour(date)   AS INTEGER) AS hour,
         CAST(distance     AS INTEGER) AS distance,
         origin, destination,
         CAST(delay > 15   AS INTEGER) AS delayed
  FROM flights
  WHERE rowid % 3 = 0
  ORDER BY rowid`;

/** @param {(line: string) => void} log */
async function openDuckDB(log) {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs')
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs')
    }
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  // Offline, auto-loading an extension hangs forever in Node (NOTES-stack.md).
  conn.query('SET autoload_known_extensions = false');
  conn.query('SET autoinstall_known_extensions = false');
  log(`DuckDB ${db.getVersion()}`);
  return { db, conn };
}

/** @param {{ query(sql: string): { toArray(): { toJSON(): Record<string, unknown> }[] } }} conn @param {string} sql */
function one(conn, sql) {
  const row = conn.query(sql).toArray()[0].toJSON();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/**
 * Makes sure both benchmark files exist and are correct; returns their paths.
 * @param {{ log?: (line: string) => void, force?: boolean }} [opts]
 */
export async function prepareBenchData(opts = {}) {
  const log = opts.log ?? ((line) => console.log(line));
  mkdirSync(dataDir, { recursive: true });
  const parquetSrc = path.join(repoRoot, 'node_modules/vega-datasets/data/flights-3m.parquet');
  const parquetPath = path.join(dataDir, PARQUET);
  const csvPath = path.join(dataDir, CSV);
  const stampPath = path.join(dataDir, 'checks.json');

  if (!existsSync(parquetPath) || statSync(parquetPath).size !== statSync(parquetSrc).size) {
    copyFileSync(parquetSrc, parquetPath);
    log(`copied ${PARQUET} (${statSync(parquetPath).size} bytes)`);
  }
  if (!opts.force && existsSync(csvPath) && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (
      stamp.csvBytes === statSync(csvPath).size &&
      verifyCsvText(readFileSync(csvPath, 'utf8')) === null
    ) {
      log(`${CSV} present and verified earlier (${stamp.csvBytes} bytes)`);
      return { parquetPath, csvPath, checks: stamp };
    }
  }

  const t0 = performance.now();
  const pq = await import('parquet-wasm/node');
  const bytes = new Uint8Array(readFileSync(parquetPath));
  const ipc = pq.readParquet(bytes).intoIPCStream();
  log(`parquet-wasm: ${bytes.length} bytes → ${ipc.length} bytes of Arrow IPC`);

  const { db, conn } = await openDuckDB(log);
  try {
    conn.insertArrowFromIPCStream(ipc, { name: 'flights', create: true });
    const src = one(conn, 'SELECT count(*) AS n FROM flights');
    if (src.n !== 3_000_000) throw new Error(`source has ${src.n} rows, expected 3,000,000`);
    conn.query(`CREATE TABLE flights_delay AS ${RECIPE}`);

    const checks = one(
      conn,
      `SELECT count(*) AS rows, sum(delayed) AS delayed1, count(*) - sum(delayed) AS delayed0,
              sum(distance) AS distance, sum(hour) AS hour, sum(day_of_week) AS day_of_week,
              sum(month) AS month FROM flights_delay`
    );
    const perMonth = conn
      .query('SELECT month, count(*) AS n FROM flights_delay GROUP BY month ORDER BY month')
      .toArray()
      .map((/** @type {{ toJSON(): Record<string, unknown> }} */ r) => Number(r.toJSON().n));
    const got = { ...checks, perMonth };
    const wrong = Object.entries(EXPECTED).filter(
      ([k, v]) => JSON.stringify(got[/** @type {keyof typeof got} */ (k)]) !== JSON.stringify(v)
    );
    if (wrong.length) {
      throw new Error(
        `flights_delay checksums differ: ${wrong.map(([k, v]) => `${k}: got ${JSON.stringify(got[/** @type {keyof typeof got} */ (k)])}, want ${JSON.stringify(v)}`).join('; ')}`
      );
    }
    log(
      `checksums OK: ${EXPECTED.rows} rows, delayed=1 ${got.delayed1}, distance sum ${got.distance}`
    );

    conn.query(`COPY flights_delay TO '${CSV}' (FORMAT CSV, HEADER true, DELIMITER ',')`);
    const csv = db.copyFileToBuffer(CSV);
    db.dropFile(CSV);
    writeFileSync(csvPath, csv);
    const problem = verifyCsvText(Buffer.from(csv).toString('utf8'));
    if (problem) {
      rmSync(csvPath, { force: true });
      throw new Error(`written CSV is wrong: ${problem}`);
    }
    const stamp = { ...got, csvBytes: csv.length, builtAt: new Date().toISOString() };
    writeFileSync(stampPath, JSON.stringify(stamp, null, 2) + '\n');
    log(`wrote ${CSV} (${csv.length} bytes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return { parquetPath, csvPath, checks: stamp };
  } finally {
    conn.close();
    db.reset?.();
  }
}

/** null when the CSV text has the README's header, first rows, last row and line count. @param {string} text */
function verifyCsvText(text) {
  if (!text.startsWith(HEAD)) return `unexpected start: ${JSON.stringify(text.slice(0, 120))}`;
  if (!text.endsWith(`\n${LAST_LINE}\n`))
    return `unexpected end: ${JSON.stringify(text.slice(-60))}`;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (lines !== EXPECTED.rows + 1) return `${lines} lines, expected ${EXPECTED.rows + 1}`;
  return null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await prepareBenchData({ force: process.argv.includes('--force') });
}
