/**
 * CPU-time profile of WASM prediction of all 1 M flights_delay rows with a forest of the last
 * `npm run bench:trees` (node_modules/.cache/datagenius-bench/trees-forests/trees-forest-<variant>.json), for
 * A/B of the prediction kernel on a shared machine. Bundled and run by hand (cwd = repo root):
 *   npx esbuild tests/bench/trees-predict-profile.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/trees-predict.mjs && node /tmp/trees-predict.mjs [runs] [variant] [predict.wasm]
 */
import { readFileSync } from 'node:fs';
import { decodeForest } from '../../workers/engine/gbdt/forest-codec';
import { createWasmPredictor } from '../../workers/engine/gbdt/wasm-predict';
import { arrayHash, decodeTreesData, makeInputs } from './trees-shared';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const runs = Number(process.argv[2] ?? 5);
const variant = process.argv[3] ?? 'ordinal';
const file = readFileSync('tests/bench/data/flights-delay-1m.trees.bin');
const inp = makeInputs(
  decodeTreesData(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))
);
const forest = decodeForest(
  JSON.parse(
    readFileSync(
      `node_modules/.cache/datagenius-bench/trees-forests/trees-forest-${variant}.json`,
      'utf8'
    )
  )
);
const predictor = createWasmPredictor(
  new Uint8Array(readFileSync(process.argv[4] ?? 'wasm/predict/build/predict.wasm'))
);
const handle = predictor.load(forest);
const cpus: number[] = [];
const walls: number[] = [];
let hash = '';
for (let i = 0; i < runs; i++) {
  const c = cpu();
  const w = performance.now();
  const out = handle.predictRaw(inp.Xall, inp.n);
  cpus.push(cpu() - c);
  walls.push((performance.now() - w) / 1000);
  hash = arrayHash(out);
}
const med = (xs: number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(3);
console.log(
  JSON.stringify({
    variant,
    layout: handle.layout,
    cpuMedian: med(cpus),
    cpuMin: Math.min(...cpus).toFixed(3),
    wallMedian: med(walls),
    hash
  })
);
