/**
 * The rows relations are computed on, fetched once into columnar JS arrays: every row when the
 * table has at most `sampleRows` rows, else a seeded reservoir sample
 * (`USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)`: the same rows on every run, DuckDB-WASM
 * being single-threaded). Numeric columns arrive as Float64Array with NaN for missing;
 * categorical and boolean columns as Int32Array codes (−1 missing) plus their labels.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';

/** A numeric column of the relation sample: Float64Array, length n, NaN = missing. */
export interface NumericVector {
  name: string;
  values: Float64Array;
}

/** A categorical column: Int32Array codes (length n, −1 = missing) into `labels`. */
export interface CategoricalVector {
  name: string;
  codes: Int32Array;
  labels: string[];
}

export interface RelationData {
  n: number;
  sampled: boolean;
  numeric: NumericVector[];
  categorical: CategoricalVector[];
}

/** Whether a column enters numeric relations. */
export function isNumericCol(c: ColumnInfo): boolean {
  return c.type === 'integer' || c.type === 'numeric';
}

/** Whether a column enters categorical relations (text columns have too many levels). */
export function isCategoricalCol(c: ColumnInfo): boolean {
  return c.type === 'categorical' || c.type === 'boolean';
}

/** Dictionary-encodes an Arrow string vector (null → −1), labels in first-seen order. */
function encode(vec: Iterable<unknown>, n: number): { codes: Int32Array; labels: string[] } {
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const labels: string[] = [];
  let i = 0;
  for (const v of vec) {
    if (v === null || v === undefined) codes[i++] = -1;
    else {
      const s = String(v);
      let c = index.get(s);
      if (c === undefined) {
        c = labels.length;
        index.set(s, c);
        labels.push(s);
      }
      codes[i++] = c;
    }
  }
  return { codes, labels };
}

/**
 * Fetches `numeric` columns as doubles and `categorical` columns as text codes, from every row
 * or from a reservoir sample of `sampleRows` rows when `rows` is larger.
 */
export async function fetchRelationData(
  db: SqlRunner,
  table: string,
  rows: number,
  numeric: readonly ColumnInfo[],
  categorical: readonly ColumnInfo[],
  sampleRows: number,
  seed: number
): Promise<RelationData> {
  const sampled = rows > sampleRows;
  if (!numeric.length && !categorical.length) {
    return { n: 0, sampled, numeric: [], categorical: [] };
  }
  const exprs = [
    ...numeric.map((c, j) => `coalesce(CAST(${ident(c.name)} AS DOUBLE), 'NaN'::DOUBLE) AS n${j}`),
    ...categorical.map((c, j) => `CAST(${ident(c.name)} AS VARCHAR) AS c${j}`)
  ];
  // Bernoulli, not reservoir: 4× faster on millions of rows; the row count is ≈ sampleRows.
  const pct = Math.min(100, (100 * sampleRows) / Math.max(rows, 1));
  const from = sampled
    ? `${ident(table)} USING SAMPLE ${pct.toFixed(6)}% (bernoulli, ${Math.floor(seed)})`
    : ident(table);
  const t = await db.query(`SELECT ${exprs.join(', ')} FROM ${from}`);
  const n = t.numRows;
  return {
    n,
    sampled,
    numeric: numeric.map((c, j) => {
      const arr = t.getChild(`n${j}`)!.toArray() as Float64Array;
      return { name: c.name, values: arr instanceof Float64Array ? arr : Float64Array.from(arr) };
    }),
    categorical: categorical.map((c, j) => ({
      name: c.name,
      ...encode(t.getChild(`c${j}`)!, n)
    }))
  };
}
