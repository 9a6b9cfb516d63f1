// Test helper for the dense-model suites: the anchors' preprocessing for LogisticRegression /
// Ridge on numeric-only datasets (median imputation, then StandardScaler with the training fold's
// mean and population standard deviation), and CV over scikit-learn's exact folds.
import { loadDataset, sklearnFolds, type Dataset } from './gbdt-data';
import type { DesignMatrix, FitContext, ModelTrainer } from '../../workers/engine/models/types';

/** Numeric columns of `rows` as a DesignMatrix. */
export function design(columns: Float64Array[], rows: Uint32Array): DesignMatrix {
  return {
    nRows: rows.length,
    columns: columns.map((c) => Float64Array.from(rows, (r) => c[r])),
    names: columns.map((_, j) => `x${j}`),
    kinds: columns.map(() => 'numeric' as const),
    source: Int32Array.from(columns, (_, j) => j)
  };
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a.filter((v) => !Number.isNaN(v))).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median-imputes and (when `scale`) standardises train and test with statistics of train only
 * (scikit-learn SimpleImputer(strategy='median') + StandardScaler: a zero std is left as 1).
 */
export function standardise(
  train: DesignMatrix,
  test: DesignMatrix,
  scale: boolean
): [DesignMatrix, DesignMatrix] {
  const tr = train.columns.map((c) => Float64Array.from(c));
  const te = test.columns.map((c) => Float64Array.from(c));
  tr.forEach((c, j) => {
    const med = median(c);
    for (const col of [c, te[j]])
      for (let i = 0; i < col.length; i++) if (Number.isNaN(col[i])) col[i] = med;
    if (!scale) return;
    let mean = 0;
    for (let i = 0; i < c.length; i++) mean += c[i];
    mean /= c.length;
    let v = 0;
    for (let i = 0; i < c.length; i++) v += (c[i] - mean) ** 2;
    const sd = Math.sqrt(v / c.length) || 1;
    for (const col of [c, te[j]])
      for (let i = 0; i < col.length; i++) col[i] = (col[i] - mean) / sd;
  });
  return [
    { ...train, columns: tr },
    { ...test, columns: te }
  ];
}

export interface FoldRun {
  /** Test rows' targets. */
  y: Float64Array;
  predictions: Float64Array;
}

/** Fits `trainer` on each of sklearn's 5 folds and predicts the test fold. */
export async function crossValidate(
  ds: Dataset,
  trainer: ModelTrainer,
  params: Record<string, unknown>,
  scale: boolean
): Promise<FoldRun[]> {
  const classify = ds.anchor.task !== 'regression';
  const fold = sklearnFolds(ds.y, classify);
  const runs: FoldRun[] = [];
  for (let f = 0; f < 5; f++) {
    const trainRows = Uint32Array.from([...fold.keys()].filter((i) => fold[i] !== f));
    const testRows = Uint32Array.from([...fold.keys()].filter((i) => fold[i] === f));
    const [train, test] = standardise(design(ds.X, trainRows), design(ds.X, testRows), scale);
    const ctx: FitContext = {
      task: ds.anchor.task,
      nClasses: classify ? ds.nClasses : 1,
      seed: 42
    };
    const yTrain = Float64Array.from(trainRows, (r) => ds.y[r]);
    const model = await trainer.fit(train, yTrain, params, ctx);
    runs.push({ y: Float64Array.from(testRows, (r) => ds.y[r]), predictions: model.predict(test) });
  }
  return runs;
}

export { loadDataset };
