// Guards the dense model families against independent references on the shared datasets, fold by
// fold over scikit-learn's exact folds: anchors.json (Dummy, LogisticRegression C=1, Ridge
// alpha=1) and models-sklearn-ref.json (written by models-sklearn-ref.py: an exact Newton solve
// of LogisticRegression's objective, sklearn's saga elastic net, ElasticNet, KNeighbors*,
// GaussianNB).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidate, loadDataset, type FoldRun } from './models-data';
import { baselineTrainer } from '../../workers/engine/models/baseline';
import { knnTrainer } from '../../workers/engine/models/knn';
import { linearTrainer } from '../../workers/engine/models/linear';
import { logisticTrainer } from '../../workers/engine/models/logistic';
import { naiveBayesTrainer } from '../../workers/engine/models/naive-bayes';
import type { ModelTrainer } from '../../workers/engine/models/types';
import { rocAuc } from '../../workers/engine/metrics/auc';
import { accuracy, f1, logLoss } from '../../workers/engine/metrics/classification';
import { mae, r2, rmse } from '../../workers/engine/metrics/regression';

const ref = JSON.parse(readFileSync(new URL('./models-sklearn-ref.json', import.meta.url), 'utf8'));
const CLASSIFICATION = ['breast_cancer', 'iris', 'wine'] as const;
const trainer = (t: unknown) => t as ModelTrainer;

function classMetrics(r: FoldRun, K: number) {
  return {
    accuracy: accuracy(r.predictions, r.y, K),
    roc_auc: rocAuc(r.predictions, r.y, K),
    log_loss: logLoss(r.predictions, r.y, K),
    f1_macro: f1(r.predictions, r.y, K)
  };
}

describe('dense families vs anchors.json (sklearn 1.2.1, same folds)', () => {
  for (const name of CLASSIFICATION) {
    it(`logistic C=1 on ${name} matches LogisticRegression per fold`, async () => {
      const ds = loadDataset(name);
      const runs = await crossValidate(ds, trainer(logisticTrainer), { C: 1 }, true);
      const a = ds.anchor.models.LogisticRegression.metrics;
      runs.forEach((r, f) => {
        const m = classMetrics(r, ds.nClasses);
        expect(m.accuracy).toBeCloseTo(a.accuracy.folds[f], 12);
        expect(Math.abs(m.roc_auc - a.roc_auc.folds[f])).toBeLessThan(1e-4);
        // sklearn's lbfgs stops ~1e-5 short of the optimum in probabilities; we solve exactly.
        expect(Math.abs(m.log_loss - a.log_loss.folds[f])).toBeLessThan(1e-4);
        if (ds.nClasses > 2) expect(Math.abs(m.f1_macro - a.f1_macro.folds[f])).toBeLessThan(1e-12);
      });
    });

    it(`baseline on ${name} equals Dummy(prior) exactly`, async () => {
      const ds = loadDataset(name);
      const runs = await crossValidate(ds, trainer(baselineTrainer), {}, false);
      const a = ds.anchor.models['Dummy(prior)'].metrics;
      runs.forEach((r, f) => {
        const m = classMetrics(r, ds.nClasses);
        expect(m.accuracy).toBeCloseTo(a.accuracy.folds[f], 14);
        expect(m.roc_auc).toBe(a.roc_auc.folds[f]);
        expect(m.log_loss).toBeCloseTo(a.log_loss.folds[f], 13);
      });
    });
  }

  it('linear alpha=1 on diabetes matches Ridge per fold (closed form)', async () => {
    const ds = loadDataset('diabetes');
    const runs = await crossValidate(ds, trainer(linearTrainer), { alpha: 1 }, true);
    const a = ds.anchor.models.Ridge.metrics;
    runs.forEach((r, f) => {
      expect(Math.abs(r2(r.y, r.predictions) - a.r2.folds[f])).toBeLessThan(1e-9);
      expect(Math.abs(mae(r.y, r.predictions) - a.mae.folds[f])).toBeLessThan(1e-9);
      expect(Math.abs(rmse(r.y, r.predictions) - a.rmse.folds[f])).toBeLessThan(1e-9);
    });
  });

  it('baseline on diabetes equals Dummy(mean) exactly', async () => {
    const ds = loadDataset('diabetes');
    const runs = await crossValidate(ds, trainer(baselineTrainer), {}, false);
    const a = ds.anchor.models['Dummy(mean)'].metrics;
    runs.forEach((r, f) => {
      expect(r2(r.y, r.predictions)).toBeCloseTo(a.r2.folds[f], 12);
      expect(mae(r.y, r.predictions)).toBeCloseTo(a.mae.folds[f], 10);
      expect(rmse(r.y, r.predictions)).toBeCloseTo(a.rmse.folds[f], 10);
    });
  });
});

/** Our trainer + params for each reference label in models-sklearn-ref.json. */
const REFERENCES: Record<string, [unknown, Record<string, unknown>, boolean, number]> = {
  // [trainer, params, standardise, tolerance on log loss / R2 and on the first predictions]
  'LogisticRegression(Newton)': [logisticTrainer, {}, true, 1e-8],
  'LogisticRegression(C=0.1,l1_ratio=0.5)': [logisticTrainer, { C: 0.1, l1Ratio: 0.5 }, true, 1e-7],
  'KNeighbors(5,uniform)': [knnTrainer, {}, true, 1e-12],
  'KNeighbors(7,distance)': [knnTrainer, { nNeighbors: 7, weights: 'distance' }, true, 1e-8],
  GaussianNB: [naiveBayesTrainer, {}, false, 1e-12],
  'ElasticNet(alpha=1,l1Ratio=0.5)': [linearTrainer, { alpha: 1, l1Ratio: 0.5 }, true, 1e-6]
};

describe('dense families vs scikit-learn references (models-sklearn-ref.json)', () => {
  for (const name of [...CLASSIFICATION, 'diabetes']) {
    for (const [label, folds] of Object.entries(ref.models[name]) as [string, RefFold[]][]) {
      it(`${label} on ${name}: per-fold metrics and first predictions agree`, async () => {
        const [tr, params, scale, tol] = REFERENCES[label];
        const ds = loadDataset(name);
        const runs = await crossValidate(ds, trainer(tr), params, scale);
        runs.forEach((r, f) => {
          const want = folds[f];
          want.first.forEach((v, i) =>
            expect(Math.abs(r.predictions[i] - v)).toBeLessThan(tol * Math.max(1, Math.abs(v)))
          );
          if (name === 'diabetes') {
            expect(Math.abs(r2(r.y, r.predictions) - (want.r2 as number))).toBeLessThan(tol);
          } else {
            expect(accuracy(r.predictions, r.y, ds.nClasses)).toBeCloseTo(
              want.accuracy as number,
              12
            );
            expect(
              Math.abs(logLoss(r.predictions, r.y, ds.nClasses) - (want.log_loss as number))
            ).toBeLessThan(tol);
          }
        });
      });
    }
  }
});

interface RefFold {
  first: number[];
  accuracy?: number;
  log_loss?: number;
  r2?: number;
}
