// Test helper for the AutoML suites: a shared dataset loaded the way the app loads it (DuckDB
// parses the CSV, Arrow → Frame), its target encoded, rows with a missing target dropped.
import path from 'node:path';
import { ident, loadTable } from '../../workers/engine/index';
import { frameFromArrow, trainingData } from '../../workers/engine/frame/index';
import type { EncodedTarget, Frame } from '../../workers/engine/frame/types';
import { datasetsDir, readBytes, runner } from './helpers';

export interface LoadedDataset {
  frame: Frame;
  target: EncodedTarget;
  targetName: string;
  idColumns: string[];
}

let counter = 0;

/** Loads ../shared/datasets/<name>.csv; the task comes from its sidecar JSON. */
export async function loadFrame(name: string): Promise<LoadedDataset> {
  const side = JSON.parse(
    new TextDecoder().decode(readBytes(path.join(datasetsDir, `${name}.json`)))
  ) as { target: string; task: EncodedTarget['task']; id_columns?: string[] };
  const db = await runner();
  const tableName = `t${counter++}`;
  await loadTable(db, readBytes(path.join(datasetsDir, `${name}.csv`)), {
    fileName: `${name}.csv`,
    tableName
  });
  const all = frameFromArrow(await db.query(`SELECT * FROM ${ident(tableName)}`));
  const { frame, target } = trainingData(all, side.target, side.task);
  return { frame, target, targetName: side.target, idColumns: side.id_columns ?? [] };
}
