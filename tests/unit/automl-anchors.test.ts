// Guards the model zoo as AutoML runs it (default pipeline per family, fitted inside each fold by
// the local executor) against anchors.json: scikit-learn / XGBoost scores on the very same folds
// (scikit-learn's StratifiedKFold / KFold, shuffle, seed 42, reproduced by sklearnFolds).
// Stated tolerance: our score ≥ anchor − 0.01 AUC (classification) / − 0.02 R2 (regression).
// Our preprocessing differs from the anchors' on purpose (rare-category grouping, missing
// indicators, ID-like columns dropped), hence a tolerance at all; a model below it is a bug.
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import { featureColumns } from '../../workers/engine/bundle/build';
import { computeMetrics } from '../../workers/engine/metrics/compute';
import type { ModelFamily } from '../../workers/engine/models/types';
import { anchors, sklearnFolds } from './gbdt-data';
import { loadFrame } from './automl-data';

const PAIRS: [ModelFamily, string, Record<string, unknown>][] = [
  ['baseline', 'Dummy', {}],
  ['logistic', 'LogisticRegression', {}],
  ['linear', 'Ridge', {}],
  ['randomForest', 'RandomForest', { nEstimators: 200 }],
  ['gbdt', 'HistGradientBoosting', {}]
];
const TOL = { roc_auc: 0.01, r2: 0.02 };

describe.each(Object.keys(anchors))('model zoo vs anchors on %s', (name) => {
  it('every family scores within the stated tolerance of its scikit-learn twin', async () => {
    const d = await loadFrame(name);
    const a = anchors[name];
    const metric = a.primary_metric;
    const task = d.target.task;
    const K = task === 'regression' ? 1 : d.target.classes.length;
    const fold = sklearnFolds(d.target.y, task !== 'regression');
    const exec = createLocalExecutor();
    await exec.prepare(
      { nRows: d.frame.nRows, columns: featureColumns(d.frame, d.targetName, d.idColumns) },
      d.target
    );
    const report: string[] = [];
    for (const [family, anchorPrefix, params] of PAIRS) {
      const anchorName = Object.keys(a.models).find((m) => m.startsWith(anchorPrefix));
      if (!anchorName) continue;
      const scores: number[] = [];
      for (let f = 0; f < 5; f++) {
        const rows = Uint32Array.from({ length: d.frame.nRows }, (_, i) => i);
        const train = rows.filter((r) => fold[r] !== f);
        const test = rows.filter((r) => fold[r] === f);
        const r = await exec.run({
          family,
          params,
          trainRows: train,
          testRows: test,
          seed: 42,
          classWeights: null,
          keepModel: false
        });
        const m = computeMetrics(
          task,
          Float64Array.from(test, (i) => d.target.y[i]),
          r.predictions,
          K
        );
        scores.push(metric === 'r2' ? (m.r2 as number) : (m.auc as number));
      }
      const ours = scores.reduce((x, y) => x + y, 0) / scores.length;
      const theirs = a.models[anchorName].metrics[metric].mean;
      report.push(`${family} ${ours.toFixed(4)} vs ${anchorName} ${theirs.toFixed(4)}`);
      if (family === 'baseline') expect(ours, report.join('; ')).toBeCloseTo(theirs, 6);
      else expect(ours, report.join('; ')).toBeGreaterThanOrEqual(theirs - TOL[metric]);
    }
  }, 240_000);
});
