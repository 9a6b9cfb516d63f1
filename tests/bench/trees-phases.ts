/**
 * CPU-time profile of one GBDT fit per phase, for A/B comparisons of the training kernels on a
 * shared machine (wall time alone is unreliable there). Bundled and run by hand:
 *   npx esbuild tests/bench/trees-phases.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/trees-phases.mjs && node /tmp/trees-phases.mjs [runs] [ordinal|categorical]
 * Reads tests/bench/data/flights-delay-1m.trees.bin and wasm/hist/build/hist.wasm (cwd = repo
 * root); prints, per run, the fit's CPU seconds, each kernel method's CPU seconds (the wrapped
 * calls) and the forest hash.
 */
import { readFileSync } from 'node:fs';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { createWasmHistogram } from '../../workers/engine/gbdt/histogram-wasm';
import type { HistogramBuilder } from '../../workers/engine/gbdt/histogram';
import type { FeatureKind } from '../../workers/engine/gbdt/params';
import { PARAMS, decodeTreesData, forestHashes, makeInputs } from './trees-shared';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const runs = Number(process.argv[2] ?? 1);
const variant = process.argv[3] ?? 'ordinal';
const file = readFileSync('tests/bench/data/flights-delay-1m.trees.bin');
const data = decodeTreesData(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
const inp = makeInputs(data);
const kinds: FeatureKind[] = inp.Xtr.map((_, f) =>
  variant === 'categorical' && f >= 4 ? 'categorical' : 'numeric'
);
const bytes = new Uint8Array(readFileSync('wasm/hist/build/hist.wasm'));
for (let run = 0; run < runs; run++) {
  const kernel = createWasmHistogram(bytes) as unknown as Record<string, unknown>;
  const phases: Record<string, number> = {};
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(kernel)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      const t = cpu();
      const r = (fn as (...a: unknown[]) => unknown)(...args);
      phases[name] = (phases[name] ?? 0) + cpu() - t;
      return r;
    };
  }
  const t0 = cpu();
  const w0 = performance.now();
  const res = fitGbdt(inp.Xtr, kinds, inp.ytr, PARAMS, undefined, undefined, {
    histogramBuilder: wrapped as unknown as HistogramBuilder
  });
  const total = cpu() - t0;
  const inKernel = Object.values(phases).reduce((a, b) => a + b, 0);
  const fmt = (x: number): string => x.toFixed(2);
  console.log(
    JSON.stringify({
      run,
      variant,
      cpuSeconds: fmt(total),
      wallSeconds: fmt((performance.now() - w0) / 1000),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, fmt(v)])),
      outsideKernel: fmt(total - inKernel),
      nodes: res.forest.feature.length,
      hash: forestHashes(res.forest).all
    })
  );
}
