// workers/node/duckdb-runner.ts
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
var require2 = createRequire(import.meta.url);
async function createNodeParquetReader() {
  const pq = await import("parquet-wasm/esm");
  const wasmPath = require2.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm");
  pq.initSync({ module: readFileSync(wasmPath) });
  return async (bytes) => pq.readParquet(bytes).intoIPCStream();
}
async function createNodeRunner() {
  const duckdb = require2("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = path.dirname(require2.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, "duckdb-mvp.wasm"),
      mainWorker: path.join(dist, "duckdb-node-mvp.worker.cjs")
    },
    eh: {
      mainModule: path.join(dist, "duckdb-eh.wasm"),
      mainWorker: path.join(dist, "duckdb-node-eh.worker.cjs")
    }
  };
  const db2 = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db2.instantiate();
  const conn = db2.connect();
  conn.query("SET autoload_known_extensions = false");
  conn.query("SET autoinstall_known_extensions = false");
  const readParquet = await createNodeParquetReader();
  return {
    version: db2.getVersion(),
    readParquet,
    query: async (sql) => conn.query(sql),
    registerFile: async (name, bytes) => db2.registerFileBuffer(name, bytes),
    dropFile: async (name) => db2.dropFile(name),
    insertArrowIPC: async (table, ipc) => conn.insertArrowFromIPCStream(ipc, { name: table, create: true }),
    close: () => {
      conn.close();
      db2.reset?.();
    }
  };
}

// .scratch/probe.ts
var db = await createNodeRunner();
var q = async (s) => {
  try {
    const t = await db.query(s);
    console.log(s.slice(0, 60), JSON.stringify(t.toArray().map((r) => r.toJSON()), (k, v) => typeof v === "bigint" ? Number(v) : v));
  } catch (e) {
    console.log("ERR", s.slice(0, 60), e.message);
  }
};
await q(`CREATE TABLE t AS SELECT range::DOUBLE x, range % 7 AS k, DATE '2020-01-01' + range::INT AS d FROM range(1000)`);
await q(`SELECT max(x, 3) a, min(x,3) b, mad(x) m, CAST(histogram(CAST(x // 100 AS INTEGER)) AS VARCHAR) h, quantile_cont(x, [0.05,0.5]) q FROM t`);
await q(`SELECT count(*) n, sum(x) s FROM (SELECT * FROM t USING SAMPLE reservoir(10 ROWS) REPEATABLE (42))`);
await q(`SELECT sum(x) s FROM (SELECT * FROM t USING SAMPLE reservoir(10 ROWS) REPEATABLE (42))`);
await q(`SELECT epoch(max(d)) - epoch(min(d)) r, CAST(date_trunc('month', min(d)) AS VARCHAR) m, strftime(min(d), '%Y-%m') f FROM t`);
await q(`SELECT 4.3e+0 AS a, typeof(4.3e+0) t, typeof(4.3) t2`);
await q(`SELECT [x IS NULL, k IS NULL] m, count(*) FROM t GROUP BY m`);
await q(`SELECT mad(v) FROM (VALUES (1.0),(2.0),(3.0),(4.0)) t(v)`);
