/**
 * Node side of `npm run bench`: the same engine `loadTable` on helper-1's Node DuckDB runner
 * (duckdb-node-blocking, eh bundle), so browser and Node numbers can be compared. Bundled by
 * tests/bench/run.mjs with esbuild and run in a child process; prints one JSON object on stdout.
 *
 *   node node-bench.mjs <dataDir> <runs> <file>…
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchRows, loadTable } from '../../workers/engine/index';
import { createNodeRunner } from '../../workers/node/duckdb-runner';

interface NodeFileResult {
  file: string;
  rows: number;
  cols: number;
  loadMs: number[];
  stageRuns: Record<string, number>[];
  rowsPageMs: number[];
}

const round = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const [dataDir, runsArg, ...files] = process.argv.slice(2);
  const runs = Number(runsArg);
  const t0 = performance.now();
  const runner = await createNodeRunner();
  const instantiateMs = round(performance.now() - t0);
  const results: NodeFileResult[] = [];
  let peakRss = process.memoryUsage().rss;
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(path.join(dataDir, file)));
    const r: NodeFileResult = { file, rows: 0, cols: 0, loadMs: [], stageRuns: [], rowsPageMs: [] };
    for (let i = 0; i < runs; i++) {
      const copy = bytes.slice();
      const start = performance.now();
      const info = await loadTable(runner, copy, { fileName: file, tableName: 'data' });
      r.loadMs.push(round(performance.now() - start));
      r.stageRuns.push(info.timings);
      r.rows = info.rows;
      r.cols = info.columns.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (i === runs - 1 && info.rows > 900_000) {
        for (let j = 0; j < runs; j++) {
          const s = performance.now();
          await fetchRows(runner, info, 900_000, 200);
          r.rowsPageMs.push(round(performance.now() - s));
        }
      }
    }
    results.push(r);
  }
  runner.close();
  process.stdout.write(
    JSON.stringify({
      duckdbVersion: runner.version,
      instantiateMs,
      peakRssBytes: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
      files: results
    }) + '\n'
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
