// Guards GBDT model quality: fitGbdt with HistGradientBoosting defaults, under the anchors' exact
// 5-fold protocol (scikit-learn's own folds, reproduced), lands within 0.005 AUC / 0.01 R2 of
// scikit-learn's HistGradientBoosting mean on every shared dataset.
import { describe, expect, it } from 'vitest';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { predictProba } from '../../workers/engine/gbdt/predict';
import { foldRows } from '../../workers/engine/eval/folds';
import { rocAuc } from '../../workers/engine/metrics/auc';
import { r2 } from '../../workers/engine/metrics/regression';
import { anchors, loadDataset, rowMajor, sklearnFolds, takeRows } from './gbdt-data';

/** Mean primary metric and per-fold values of our GBDT on one dataset. */
export function cvGbdt(name: string): { mean: number; folds: number[] } {
  const d = loadDataset(name);
  const classification = d.anchor.task !== 'regression';
  const fold = sklearnFolds(d.y, classification);
  const folds: number[] = [];
  for (let f = 0; f < 5; f++) {
    const { train, test } = foldRows(fold, f);
    const { forest } = fitGbdt(
      takeRows(d.X, train),
      d.kinds,
      Float64Array.from(train, (r) => d.y[r]),
      {
        loss: classification ? 'logLoss' : 'squaredError',
        nClasses: classification ? d.nClasses : undefined,
        seed: 42
      }
    );
    const out = predictProba(forest, rowMajor(d.X, test), test.length);
    const yTest = Float64Array.from(test, (r) => d.y[r]);
    folds.push(classification ? rocAuc(out, yTest, Math.max(2, d.nClasses)) : r2(yTest, out));
  }
  return { mean: folds.reduce((a, b) => a + b, 0) / 5, folds };
}

describe('fitGbdt() quality vs anchors.json HistGradientBoosting', () => {
  for (const name of Object.keys(anchors)) {
    it(`${name}: within tolerance of scikit-learn's HistGradientBoosting`, () => {
      const a = anchors[name];
      const hgb = a.models.HistGradientBoosting.metrics[a.primary_metric];
      const xgb = a.models.XGBoost.metrics[a.primary_metric];
      const ours = cvGbdt(name);
      const fmt = (v: number) => v.toFixed(4);
      console.log(
        `${name} ${a.primary_metric}: ours ${fmt(ours.mean)} [${ours.folds.map(fmt).join(' ')}] ` +
          `HGB ${fmt(hgb.mean)} [${hgb.folds.map(fmt).join(' ')}] XGB ${fmt(xgb.mean)}`
      );
      const tol = a.primary_metric === 'r2' ? 0.01 : 0.005;
      expect(Math.abs(ours.mean - hgb.mean)).toBeLessThanOrEqual(tol);
    });
  }
});
