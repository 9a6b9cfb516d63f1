// Model bundles trained in-process for the batch-prediction tests: a dataset file loaded through
// DuckDB, the engine's pipeline + trainer (createLocalExecutor, keepModel) and buildBundle — the
// same pieces AutoML's refit uses, without the search.
import path from 'node:path';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import type { LeaderboardRow } from '../../workers/engine/automl/types';
import { buildBundle } from '../../workers/engine/bundle/build';
import type { ModelBundle } from '../../workers/engine/bundle/types';
import { allRows, queryFrame, trainingData } from '../../workers/engine/frame/index';
import { inferTarget, loadTable, type SqlRunner } from '../../workers/engine/index';
import type { ModelFamily } from '../../workers/engine/models/types';
import { readBytes } from './helpers';

/**
 * Trains `family` (its defaults overridden by `params`) on every row of `file` with a target and
 * returns the bundle.
 */
export async function trainBundle(
  db: SqlRunner,
  file: string,
  target: string,
  family: ModelFamily,
  params: Record<string, unknown> = {},
  bytes: Uint8Array = readBytes(file)
): Promise<ModelBundle> {
  const info = await loadTable(db, bytes, { fileName: path.basename(file), tableName: 'train' });
  const t = await inferTarget(db, info, target);
  const data = trainingData(await queryFrame(db, info), target, t.problemType);
  const executor = createLocalExecutor();
  await executor.prepare(data.frame, data.target);
  const trainRows = allRows(data.frame.nRows);
  const refit = await executor.run({
    family,
    params,
    trainRows,
    testRows: new Uint32Array(0),
    seed: 42,
    classWeights: null,
    keepModel: true
  });
  const best: LeaderboardRow = {
    id: family,
    family,
    stage: 'refit',
    params,
    cv: {},
    cvStd: {},
    fitSeconds: refit.fitSeconds,
    status: 'done'
  };
  return buildBundle({
    frame: data.frame,
    target: data.target,
    targetName: target,
    trainRows,
    best,
    refit,
    metric: t.problemType === 'regression' ? 'r2' : 'accuracy',
    holdout: {},
    leaderboard: [best],
    exclude: [],
    seed: 42,
    createdAt: '2026-11-25T00:00:00.000Z'
  });
}
