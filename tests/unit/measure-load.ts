// Not a test: `node workers/cli/dist/measure.mjs` after bundling (see below) prints load timings
// outside vitest. Bundle: npx esbuild tests/unit/measure-load.ts --bundle --platform=node
//   --format=esm --external:@duckdb/duckdb-wasm --external:parquet-wasm --external:apache-arrow
//   --outfile=workers/cli/dist/measure.mjs
import { readFileSync } from 'node:fs';
import { fetchRows, loadTable } from '../../workers/engine/index';
import { createNodeRunner } from '../../workers/node/duckdb-runner';

const db = await createNodeRunner();
await loadTable(db, new TextEncoder().encode('a,b\n' + '1,x\n'.repeat(20)), { fileName: 'w.csv' });
for (const file of process.argv.slice(2)) {
  const b = readFileSync(file);
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
