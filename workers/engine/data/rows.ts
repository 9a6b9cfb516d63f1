/**
 * One page of rows for the virtualised preview grid, column-major. Pages are addressed by
 * `rowid` (a range predicate DuckDB answers from row-group statistics) rather than
 * LIMIT/OFFSET, which has to count its way through every earlier row.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { DatasetInfo, RowPage } from './types';
import { plainValue, plainValueExpr } from './sql-types';

/** Largest page served at once (a grid shows a few hundred rows). */
export const MAX_PAGE_ROWS = 10_000;

/**
 * Rows [offset, offset + limit) of `info.tableName`, column-major in `info.columns` order:
 * BigInt → number, DECIMAL → number, dates → ISO text, null = missing. Out-of-range pages are
 * empty, `limit` is capped at MAX_PAGE_ROWS.
 */
export async function fetchRows(
  db: SqlRunner,
  info: DatasetInfo,
  offset: number,
  limit: number
): Promise<RowPage> {
  const from = Math.max(0, Math.floor(offset));
  const n = Math.max(0, Math.min(Math.floor(limit), MAX_PAGE_ROWS));
  if (n === 0 || from >= info.rows || info.columns.length === 0) {
    return { offset: from, columns: info.columns.map(() => []), rowCount: 0 };
  }
  const select = info.columns.map(
    (c) => `${plainValueExpr(ident(c.name), c.sqlType)} AS ${ident(c.name)}`
  );
  const t = await db.query(
    `SELECT ${select.join(', ')} FROM ${ident(info.tableName)} WHERE rowid >= ${from} AND rowid < ${from + n} ORDER BY rowid`
  );
  const columns = info.columns.map((_, i) => {
    const v = t.getChildAt(i)!;
    const out = new Array<string | number | boolean | null>(t.numRows);
    for (let r = 0; r < t.numRows; r++) out[r] = plainValue(v.get(r));
    return out;
  });
  return { offset: from, columns, rowCount: t.numRows };
}
