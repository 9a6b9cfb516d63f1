/**
 * The loaded table as the ML path's Frame, the way the browser's data worker builds it
 * (workers/api/data-api-impl.ts `frame`): every column in the table's order through the engine's
 * `frameFromArrow`; and the target encoded with the rows that have no target value dropped
 * (as web/lib/features/automl/engine.ts `prepareData` does).
 */
import { ident } from '../engine/index';
import type { DatasetInfo, Frame, SqlRunner } from '../engine/index';
import { frameFromArrow } from '../engine/frame/index';

/**
 * @param categorical columns to read as text whatever their SQL type (a model trained on them as
 *   categories, e.g. codes that a new file holds as integers).
 */
export async function loadFrame(
  db: SqlRunner,
  info: DatasetInfo,
  categorical: readonly string[] = []
): Promise<Frame> {
  const names = info.columns.map((c) => c.name);
  const select = names.length ? names.map(ident).join(', ') : '1 AS "__none"';
  const table = await db.query(`SELECT ${select} FROM ${ident(info.tableName)}`);
  const present = new Set(names);
  return frameFromArrow(table, {
    columns: names,
    categorical: categorical.filter((c) => present.has(c))
  });
}

/** Each column's values as the text DuckDB gives them (null = missing), for output files. */
export async function loadText(
  db: SqlRunner,
  info: DatasetInfo
): Promise<{ name: string; values: (string | null)[] }[]> {
  if (!info.columns.length) return [];
  const select = info.columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`);
  const table = await db.query(`SELECT ${select.join(', ')} FROM ${ident(info.tableName)}`);
  return info.columns.map((c, i) => {
    const v = table.getChildAt(i);
    const values: (string | null)[] = new Array(table.numRows);
    let r = 0;
    if (v) for (const x of v) values[r++] = x === null || x === undefined ? null : String(x);
    return { name: c.name, values };
  });
}

export { trainingData } from '../engine/frame/index';
export type { TrainingData } from '../engine/frame/index';
