/**
 * Issue 5's AutoML benchmark, Node side (bundled by tests/bench/automl.mjs and run in a child
 * process): for each shared dataset, the whole AutoML run with default options (60 s budget,
 * 5 folds, seed 42, 20 % holdout) — wall time, leaderboard, best CV scores vs the best anchor;
 * then flights_delay (1 M rows) with a 120 s budget. Prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ident, loadTable } from '../../workers/engine/index';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import { runAutoML } from '../../workers/engine/automl/run';
import type { AutoMLResult, LeaderboardRow } from '../../workers/engine/automl/types';
import { frameFromArrow, trainingData } from '../../workers/engine/frame/index';
import type { EncodedTarget, Frame } from '../../workers/engine/frame/types';
import type { ModelTrainer } from '../../workers/engine/models/types';
import { createNodeRunner } from '../../workers/node/duckdb-runner';
import { createMlpTrainer } from '../../workers/tfjs/mlp-trainer';
import { initTfNode } from '../../workers/tfjs/node';
import { findHistWasm, useGbdtWasm } from '../../workers/node/gbdt-wasm';

interface Config {
  datasetsDir: string;
  datasets: string[];
  flightsCsv: string | null;
  flightsBudget: number;
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config;
const db = await createNodeRunner();
let tables = 0;

async function load(
  file: string,
  targetName: string,
  task: EncodedTarget['task']
): Promise<{ frame: Frame; target: EncodedTarget }> {
  const tableName = `t${tables++}`;
  const b = readFileSync(file);
  await loadTable(db, new Uint8Array(b.buffer, b.byteOffset, b.byteLength), {
    fileName: path.basename(file),
    tableName
  });
  const all = frameFromArrow(await db.query(`SELECT * FROM ${ident(tableName)}`));
  await db.query(`DROP TABLE ${ident(tableName)}`);
  const { frame, target } = trainingData(all, targetName, task);
  return { frame, target };
}

const tf = await initTfNode();
const gbdtWasm = useGbdtWasm(findHistWasm(process.cwd()));
const trainers: ModelTrainer[] = [createMlpTrainer(tf.tf) as unknown as ModelTrainer];

function slim(r: LeaderboardRow) {
  return {
    id: r.id,
    status: r.status,
    cv: Object.fromEntries(
      Object.entries(r.cv).map(([k, v]) => [k, Number((v as number).toFixed(6))])
    ),
    fitSeconds: Number(r.fitSeconds.toFixed(4)),
    error: r.error?.code
  };
}

async function runOne(
  frame: Frame,
  target: EncodedTarget,
  targetName: string,
  exclude: string[],
  budget: number,
  metric?: 'auc'
) {
  const t0 = performance.now();
  const result: AutoMLResult = await runAutoML(
    frame,
    target,
    { targetName, exclude, timeBudgetSeconds: budget, seed: 42, ...(metric ? { metric } : {}) },
    createLocalExecutor({ trainers }),
    (e) => {
      if (e.type === 'log')
        console.error(
          `[bench:automl] ${e.error.code}: ${e.error.message.en} ${JSON.stringify(e.error.details)}`
        );
    }
  );
  return { seconds: (performance.now() - t0) / 1000, result };
}

const out: Record<string, unknown> = { backend: tf.backend, gbdtWasm, datasets: {} };
for (const name of config.datasets) {
  const side = JSON.parse(readFileSync(path.join(config.datasetsDir, `${name}.json`), 'utf8'));
  const { frame, target } = await load(
    path.join(config.datasetsDir, `${name}.csv`),
    side.target,
    side.task
  );
  // No exclusions: as in the UI, the pipeline drops ID-like columns itself (titanic's `name`).
  const { seconds, result } = await runOne(frame, target, side.target, [], 60);
  const done = result.leaderboard.filter((r) => r.status === 'done');
  const best = (m: string, lower = false) =>
    Math.max(
      ...done
        .map((r) => (lower ? -1 : 1) * ((r.cv as Record<string, number>)[m] ?? NaN))
        .filter(Number.isFinite)
    );
  (out.datasets as Record<string, unknown>)[name] = {
    rows: frame.nRows,
    seconds,
    truncated: result.truncated,
    bestId: result.bestId,
    bestCv:
      target.task === 'regression'
        ? { r2: best('r2') }
        : { auc: best('auc'), accuracy: best('accuracy') },
    holdout: result.holdout,
    leaderboard: result.leaderboard.map(slim)
  };
  console.error(`[bench:automl] ${name}: ${seconds.toFixed(1)} s, best ${result.bestId}`);
}
if (config.flightsCsv) {
  const { frame, target } = await load(config.flightsCsv, 'delayed', 'binary');
  // A user who cares about the delayed minority ranks by AUC (the plan advises so at 20 %).
  const { seconds, result } = await runOne(
    frame,
    target,
    'delayed',
    [],
    config.flightsBudget,
    'auc'
  );
  out.flights = {
    rows: frame.nRows,
    budget: config.flightsBudget,
    seconds,
    truncated: result.truncated,
    bestId: result.bestId,
    subsampleRows: result.plan.subsampleRows,
    metric: 'auc',
    skipped: result.plan.families.filter((f) => f.skipped).map((f) => f.family),
    holdout: result.holdout,
    leaderboard: result.leaderboard.map(slim)
  };
  console.error(
    `[bench:automl] flights: ${seconds.toFixed(1)} s, holdout AUC ${result.holdout.auc}`
  );
}
db.close();
console.log(JSON.stringify(out));
