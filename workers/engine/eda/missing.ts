/**
 * Missing values in two scans: one GROUP BY over row blocks (rowid // block size) that counts,
 * per block, each column's missing cells, every pair's co-missing cells and the rows with any
 * missing cell (block sums give the table totals, blocks give the missing-value matrix chart),
 * and one GROUP BY over the missing pattern (a list of IS NULL flags) for the top patterns.
 * Only columns with at least one missing value take part (at most MAX_MISSING_COLUMNS, the most
 * missing first, for the pair matrix).
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';
import type { MissingEda } from './types';
import { allRows, count, numList } from './sql-util';

/** Most columns in the co-missing matrix (pairs grow quadratically). */
export const MAX_MISSING_COLUMNS = 50;
/** Row blocks in the missing-value matrix. */
export const MISSING_BLOCKS = 100;
/** Missing patterns listed. */
export const TOP_PATTERNS = 10;

/** The missing section for `cols` of `table` (`rows` rows). */
export async function missingSection(
  db: SqlRunner,
  table: string,
  cols: readonly ColumnInfo[],
  rows: number
): Promise<MissingEda> {
  const perColumn = cols.map((c) => ({
    column: c.name,
    missing: c.missing,
    share: c.missingShare
  }));
  const withMissing = cols.filter((c) => c.missing > 0);
  const empty: MissingEda = {
    perColumn,
    rowsWithMissing: 0,
    rowsWithMissingShare: 0,
    coMissing: { columns: [], matrix: [] },
    patterns: [],
    blocks: { rowsPerBlock: Math.max(1, Math.ceil(rows / MISSING_BLOCKS)), shares: [] }
  };
  if (!withMissing.length || rows === 0) return empty;
  const top = [...withMissing]
    .sort((a, b) => b.missing - a.missing)
    .slice(0, MAX_MISSING_COLUMNS)
    .sort((a, b) => cols.indexOf(a) - cols.indexOf(b));
  const isNull = (c: ColumnInfo) => `${ident(c.name)} IS NULL`;
  const t = ident(table);
  const blockSize = empty.blocks.rowsPerBlock;
  const k = top.length;
  const exprs = ['count(*) AS rows_', `count_if(${withMissing.map(isNull).join(' OR ')}) AS anyn`];
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const cond = i === j ? isNull(top[i]) : `${isNull(top[i])} AND ${isNull(top[j])}`;
      exprs.push(`count_if(${cond}) AS p${i}_${j}`);
    }
  }
  const blocks = allRows(
    await db.query(
      `SELECT rowid // ${blockSize} AS b, ${exprs.join(', ')} FROM ${t} GROUP BY 1 ORDER BY 1`
    )
  );
  const pair = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let anyMissing = 0;
  const shares: number[][] = [];
  for (const r of blocks) {
    const n = count(r.rows_);
    anyMissing += count(r.anyn);
    const row: number[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) pair[i][j] += count(r[`p${i}_${j}`]);
      row.push(n ? count(r[`p${i}_${i}`]) / n : 0);
    }
    shares.push(row);
  }
  const matrix = pair.map((row, i) =>
    row.map((_, j) => pair[Math.min(i, j)][Math.max(i, j)] / rows)
  );
  const pat = allRows(
    await db.query(
      `SELECT m, count(*) AS n FROM (SELECT [${withMissing.map(isNull).join(', ')}] AS m FROM ${t})
       GROUP BY m ORDER BY n DESC, m LIMIT ${TOP_PATTERNS + 1}`
    )
  );
  const patterns = pat
    .map((r) => {
      const flags = numList(
        Array.from((r.m as { toArray(): ArrayLike<unknown> }).toArray(), (f) => (f ? 1 : 0))
      );
      return {
        columns: withMissing.filter((_, i) => flags[i] === 1).map((c) => c.name),
        count: count(r.n),
        share: count(r.n) / rows
      };
    })
    .filter((p) => p.columns.length > 0)
    .slice(0, TOP_PATTERNS);
  return {
    perColumn,
    rowsWithMissing: anyMissing,
    rowsWithMissingShare: anyMissing / rows,
    coMissing: { columns: top.map((c) => c.name), matrix },
    patterns,
    blocks: { rowsPerBlock: blockSize, shares }
  };
}
