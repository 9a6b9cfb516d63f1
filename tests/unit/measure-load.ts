// Not a test: `node workers/cli/dist/measure.mjs` after bundling (see below) prints load timings
// outside vitest. Bundle: npx esbuild tests/unit/measure-load.ts --bundle --platform=node
//   --format=esm --external:@duckdb/duckdb-wasm --external:parquet-wasm --external:apache-arrow
//   --outfile=workers/cli/dist/measure.mjs
import { readFileSync } from 'node:fs';
import { fetchRows, loadTable } from '../../workers/engine/index';
import { createNodeRunner } from '../../workers/node/duckdb-runner';

const db = await createNodeRunner();
await loadTable(db, new TextEncoder().encode('a,b\n' + '1,x\n'.repeat(20)), { fileName: 'w.csv' });
/** Same synthetic flights-shaped CSV as data-speed.test.ts. */
function synth(rows: number): Buffer {
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
  return Buffer.from(parts.join(''));
}

// Arguments: files to load; `synth.csv` stands for the synthetic 1 M-row CSV.
for (const file of process.argv.slice(2)) {
  const b = file === 'synth.csv' ? synth(1_000_000) : readFileSync(file);
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const info = await loadTable(db, new Uint8Array(b.buffer, b.byteOffset, b.byteLength), {
      fileName: file
    });
    const t1 = performance.now();
    await fetchRows(db, info, 900_000, 100);
    const t2 = performance.now();
    console.log(
      file,
      info.rows,
      `load ${Math.round(t1 - t0)} ms`,
      JSON.stringify(info.timings),
      `fetchRows@900k ${(t2 - t1).toFixed(1)} ms`
    );
  }
}
db.close();
