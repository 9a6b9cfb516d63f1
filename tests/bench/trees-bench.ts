/**
 * Node side of `npm run bench:trees` (issue 4): GBDT on the 1,000,000-row flights_delay table.
 * Bundled by tests/bench/trees.mjs with esbuild and run in a child process; prints one JSON object
 * on its last stdout line.
 *
 *   node trees-bench.mjs <config.json>
 *
 * config: { dataFile, histWasm, predictWasm, variants, fitRuns, tsFitRuns, predictRuns, extras,
 * forestDir }. Each variant's forest goes to <forestDir>/trees-forest-<variant>.json
 * (forest-codec.ts `encodeForest`), for the Chromium side to compare its own with.
 * The data file is the one the Chromium worker reads too (trees-shared.ts `encodeTreesData`:
 * columns, y and the 80/20 stratified holdout, seed 42); the measurement is trees-shared.ts
 * `measureVariant`, the very code the worker runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeForest } from '../../workers/engine/gbdt/forest-codec';
import {
  decodeTreesData,
  makeInputs,
  mathProbe,
  measureVariant,
  PARAMS,
  FEATURES,
  r3,
  type Variant
} from './trees-shared';

interface Config {
  dataFile: string;
  histWasm: string;
  predictWasm: string;
  variants: Variant[];
  fitRuns: number;
  tsFitRuns: number;
  predictRuns: number;
  extras: boolean;
  forestDir: string;
}

function main(): void {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config;
  const t0 = performance.now();
  const file = readFileSync(cfg.dataFile);
  const buf = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const inp = makeInputs(decodeTreesData(buf));
  const loadSeconds = (performance.now() - t0) / 1000;
  const histBytes = new Uint8Array(readFileSync(cfg.histWasm));
  const predictBytes = new Uint8Array(readFileSync(cfg.predictWasm));
  const log = (line: string): void => void process.stderr.write(`[bench:trees] node ${line}\n`);
  const variants = cfg.variants.map((v) => {
    const { record, forest } = measureVariant(inp, v, {
      histBytes,
      predictBytes,
      fitRuns: cfg.fitRuns,
      tsFitRuns: cfg.tsFitRuns,
      predictRuns: cfg.predictRuns,
      extras: cfg.extras,
      now: () => performance.now() / 1000,
      log
    });
    const file = path.join(cfg.forestDir, `trees-forest-${v}.json`);
    writeFileSync(file, JSON.stringify(encodeForest(forest)));
    return record;
  });
  console.log(
    JSON.stringify({
      rows: inp.n,
      trainRows: inp.trainRows,
      testRows: inp.testRows,
      features: FEATURES,
      params: PARAMS,
      loadSeconds: r3(loadSeconds),
      mathProbe: mathProbe(),
      variants
    })
  );
}

main();
