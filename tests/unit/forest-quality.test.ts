// Guards random-forest quality: fitForest with the anchors' RandomForest settings (bootstrap, gini /
// squared error, max_features sqrt / all) under the anchors' exact 5-fold protocol (scikit-learn's
// own folds, reproduced), within 0.005 AUC / 0.01 R2 of scikit-learn's RandomForest mean on every
// shared dataset.
import { describe, expect, it } from 'vitest';
import { fitForest } from '../../workers/engine/forest/forest';
import { predictProba } from '../../workers/engine/gbdt/predict';
import { foldRows } from '../../workers/engine/eval/folds';
import { rocAuc } from '../../workers/engine/metrics/auc';
import { r2 } from '../../workers/engine/metrics/regression';
import { anchors, loadDataset, rowMajor, sklearnFolds, takeRows } from './gbdt-data';

/** Trees per fold. */
const N_TREES = Number(process.env.FOREST_QUALITY_TREES ?? 200);

/** Mean primary metric and per-fold values of our random forest on one dataset. */
export function cvForest(name: string, nEstimators = N_TREES): { mean: number; folds: number[] } {
  const d = loadDataset(name);
  const classification = d.anchor.task !== 'regression';
  const fold = sklearnFolds(d.y, classification);
  const folds: number[] = [];
  for (let f = 0; f < 5; f++) {
    const { train, test } = foldRows(fold, f);
    const { forest } = fitForest(
      takeRows(d.X, train),
      d.kinds,
      Float64Array.from(train, (r) => d.y[r]),
      {
        task: classification ? 'classification' : 'regression',
        nClasses: classification ? d.nClasses : undefined,
        nEstimators,
        seed: 42 + f
      }
    );
    const out = predictProba(forest, rowMajor(d.X, test), test.length);
    const yTest = Float64Array.from(test, (r) => d.y[r]);
    folds.push(classification ? rocAuc(out, yTest, d.nClasses) : r2(yTest, out));
  }
  return { mean: folds.reduce((a, b) => a + b, 0) / 5, folds };
}

describe('fitForest() quality vs anchors.json RandomForest', () => {
  for (const name of Object.keys(anchors)) {
    it(`${name}: within tolerance of scikit-learn's RandomForest`, () => {
      const a = anchors[name];
      const rf = a.models.RandomForest.metrics[a.primary_metric];
      const ours = cvForest(name);
      const fmt = (v: number) => v.toFixed(4);
      console.log(
        `${name} ${a.primary_metric}: ours ${fmt(ours.mean)} [${ours.folds.map(fmt).join(' ')}] ` +
          `RF ${fmt(rf.mean)} [${rf.folds.map(fmt).join(' ')}] (${N_TREES} trees)`
      );
      const tol = a.primary_metric === 'r2' ? 0.01 : 0.005;
      expect(Math.abs(ours.mean - rf.mean)).toBeLessThanOrEqual(tol);
    }, 60_000);
  }
});
