/**
 * The loaded table as the ML path's Frame, the way the browser's data worker builds it (both
 * through the engine's frame/query.ts): every column in the table's order; and the target encoded
 * with the rows that have no target value dropped (as web/lib/features/automl/engine.ts
 * `prepareData` does).
 */
import type { DatasetInfo, Frame, SqlRunner } from '../engine/index';
import { queryFrame, queryText, type TextColumn } from '../engine/frame/index';

/**
 * @param categorical columns to read as text whatever their SQL type (a model trained on them as
 *   categories, e.g. codes that a new file holds as integers).
 */
export function loadFrame(
  db: SqlRunner,
  info: DatasetInfo,
  categorical: readonly string[] = []
): Promise<Frame> {
  return queryFrame(db, info, { categorical });
}

/** Each column's values as the text DuckDB gives them (null = missing), for output files. */
export function loadText(db: SqlRunner, info: DatasetInfo): Promise<TextColumn[]> {
  return queryText(db, info);
}

export { trainingData } from '../engine/frame/index';
export type { TrainingData } from '../engine/frame/index';
