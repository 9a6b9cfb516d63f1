/**
 * Parquet output of batch predictions (data worker `exportPredictions(out, 'parquet')`): the
 * loaded table's Arrow columns as DuckDB gives them, followed by the prediction columns (`Label`
 * Utf8 or Float64, `Score` / `Score_<class>` Float64; names from engine bundle/output.ts), written
 * by parquet-wasm.
 *
 * parquet-wasm is initialised like the reader (parquet-reader.ts): in the browser worker from the
 * wasm URL the app serves itself (`?url`, no request leaves the origin); Node hosts and tests
 * initialise the module themselves (`initSync` with the wasm bytes) and hand it to
 * `parquetWriterOf`. Both initialisations share one module instance, so reader and writer load the
 * wasm once.
 */
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import {
  Field,
  Float64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data
} from 'apache-arrow';
import type { CsvColumn } from '../engine/report/csv';

type ParquetModule = typeof import('parquet-wasm/esm');

/** Arrow IPC stream → Parquet file bytes. */
export type ParquetWriter = (ipcStream: Uint8Array) => Promise<Uint8Array>;

/** A writer over an initialised parquet-wasm module (Snappy pages: readable by every Parquet reader). */
export function parquetWriterOf(pq: ParquetModule): ParquetWriter {
  return async (ipc) => {
    const table = pq.Table.fromIPCStream(ipc);
    const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).build();
    // writeParquet consumes the wasm-side table and the properties.
    return pq.writeParquet(table, props);
  };
}

let ready: Promise<ParquetWriter> | undefined;

/** The browser worker's writer: parquet-wasm initialised from the app's own wasm asset. */
export const writeParquetBrowser: ParquetWriter = async (ipc) => {
  ready ??= import('parquet-wasm/esm').then(async (pq) => {
    await pq.default({ module_or_path: parquetWasmUrl });
    return parquetWriterOf(pq);
  });
  ready.catch(() => (ready = undefined)); // a later export may retry
  return (await ready)(ipc);
};

const encoder = new TextEncoder();

/** Rows [o, o + n) of `values` as one Arrow Utf8 Data (null / undefined → null). */
function utf8Data(values: ArrayLike<unknown>, o: number, n: number): Data<Utf8> {
  const cache = new Map<string, Uint8Array>();
  const parts: (Uint8Array | null)[] = new Array(n);
  let bytes = 0;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[o + i];
    if (v === null || v === undefined) {
      parts[i] = null;
      nulls++;
      continue;
    }
    const s = String(v);
    let b = cache.get(s);
    if (!b) cache.set(s, (b = encoder.encode(s)));
    parts[i] = b;
    bytes += b.length;
  }
  const valueOffsets = new Int32Array(n + 1);
  const data = new Uint8Array(bytes);
  const nullBitmap = nulls ? new Uint8Array((n + 7) >> 3) : undefined;
  for (let i = 0, at = 0; i < n; i++) {
    const b = parts[i];
    if (b) {
      data.set(b, at);
      at += b.length;
      if (nullBitmap) nullBitmap[i >> 3] |= 1 << (i & 7);
    }
    valueOffsets[i + 1] = at;
  }
  return makeData({
    type: new Utf8(),
    length: n,
    nullCount: nulls,
    valueOffsets,
    data,
    nullBitmap
  });
}

/** Rows [o, o + n) of a column as Arrow Data: Float64 for Float64Array values, else Utf8. */
function columnData(c: CsvColumn, o: number, n: number): Data {
  if (c.values instanceof Float64Array)
    return makeData({
      type: new Float64(),
      length: n,
      nullCount: 0,
      data: c.values.subarray(o, o + n)
    });
  return utf8Data(c.values, o, n);
}

/**
 * `input` with `extra` columns appended, chunked as `input`'s record batches (each new column is
 * sliced to the same row ranges, so no column is copied twice).
 * @param extra columns of input.numRows values each; Float64Array → Float64, anything else → Utf8.
 */
export function appendColumns(input: Table, extra: readonly CsvColumn[]): Table {
  const fields = extra.map(
    (c) => new Field(c.name, c.values instanceof Float64Array ? new Float64() : new Utf8(), true)
  );
  const schema = new Schema([...input.schema.fields, ...fields]);
  const batches: RecordBatch[] = [];
  let o = 0;
  for (const b of input.batches) {
    const n = b.numRows;
    const children = [...b.data.children, ...extra.map((c) => columnData(c, o, n))];
    batches.push(
      new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children })
      )
    );
    o += n;
  }
  return new Table(schema, batches);
}

/** `appendColumns(input, extra)` as Parquet bytes. */
export async function predictionsParquet(
  input: Table,
  extra: readonly CsvColumn[],
  write: ParquetWriter
): Promise<Uint8Array> {
  return write(tableToIPC(appendColumns(input, extra), 'stream'));
}
