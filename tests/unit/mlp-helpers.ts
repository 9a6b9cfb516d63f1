// Test helpers for the MLP suites: the anchors' dense preprocessing fitted on a fold's training
// rows only (numeric: median imputation + standard scaling; categorical codes: one-hot with
// missing as its own level, unseen levels all-zero), and one CV run of the MLP trainer under the
// anchors' exact folds (sklearnFolds).
import { foldRows } from '../../workers/engine/eval/folds';
import { rocAuc } from '../../workers/engine/metrics/auc';
import { r2 } from '../../workers/engine/metrics/regression';
import type { DesignMatrix, ModelTask } from '../../workers/engine/models/types';
import { fitMlp } from '../../workers/tfjs/mlp-trainer';
import type { MlpParams } from '../../workers/tfjs/mlp-params';
import type { Tf } from '../../workers/tfjs/mlp-graph';
import { loadDataset, sklearnFolds, type Dataset } from './gbdt-data';

/** Median of the finite values (NaN when none). */
function median(v: number[]): number {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A dense transform fitted on `train` rows, applied to any rows. */
export function fitDense(d: Dataset, train: Uint32Array): (rows: Uint32Array) => DesignMatrix {
  const steps = d.X.map((col, f) => {
    const vals = Array.from(train, (r) => col[r]);
    if (d.kinds[f] === 'numeric') {
      const fill = median(vals);
      const filled = vals.map((v) => (Number.isFinite(v) ? v : fill));
      const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
      const sd = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length) || 1;
      return {
        names: [d.featureNames[f]],
        apply: (r: number) => [((Number.isFinite(col[r]) ? col[r] : fill) - mean) / sd]
      };
    }
    // NaN (missing) is a level of its own, like SimpleImputer(constant) + OneHotEncoder.
    const key = (v: number) => (Number.isFinite(v) ? v : -1);
    const levels = [...new Set(vals.map(key))].sort((a, b) => a - b);
    return {
      names: levels.map((l) => `${d.featureNames[f]}=${l}`),
      apply: (r: number) => levels.map((l) => (key(col[r]) === l ? 1 : 0))
    };
  });
  const names = steps.flatMap((s) => s.names);
  return (rows) => {
    const columns = names.map(() => new Float64Array(rows.length));
    rows.forEach((r, i) => {
      let at = 0;
      for (const s of steps) for (const v of s.apply(r)) columns[at++][i] = v;
    });
    return {
      nRows: rows.length,
      columns,
      names,
      kinds: names.map(() => 'numeric' as const),
      source: Int32Array.from(steps.flatMap((s, f) => s.names.map(() => f)))
    };
  };
}

export const taskOf = (d: Dataset): ModelTask => d.anchor.task;

/** Design matrices and targets of one anchors' fold. */
export function foldData(d: Dataset, f: number) {
  const fold = sklearnFolds(d.y, d.anchor.task !== 'regression');
  const { train, test } = foldRows(fold, f);
  const dense = fitDense(d, train);
  return {
    Xtrain: dense(train),
    ytrain: Float64Array.from(train, (r) => d.y[r]),
    Xtest: dense(test),
    ytest: Float64Array.from(test, (r) => d.y[r])
  };
}

/** 5-fold CV of the MLP (primary metric per fold: AUC or R2) and mean seconds per fit. */
export async function cvMlp(
  tf: Tf,
  name: string,
  params: Partial<MlpParams> = {},
  seed = 42
): Promise<{ mean: number; folds: number[]; secondsPerFit: number; epochs: number[] }> {
  const d = loadDataset(name);
  const task = taskOf(d);
  const folds: number[] = [];
  let seconds = 0;
  const epochs: number[] = [];
  for (let f = 0; f < 5; f++) {
    const { Xtrain, ytrain, Xtest, ytest } = foldData(d, f);
    const t0 = performance.now();
    const model = await fitMlp(tf, Xtrain, ytrain, params, {
      task,
      nClasses: task === 'regression' ? 1 : d.nClasses,
      seed
    });
    seconds += (performance.now() - t0) / 1000;
    epochs.push(model.params.bestEpoch as number);
    const out = model.predict(Xtest);
    folds.push(task === 'regression' ? r2(ytest, out) : rocAuc(out, ytest, d.nClasses));
  }
  return { mean: folds.reduce((a, b) => a + b, 0) / 5, folds, secondsPerFit: seconds / 5, epochs };
}
