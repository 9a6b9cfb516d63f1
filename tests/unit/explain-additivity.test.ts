// Guards issue 6's additivity claim on real data: for every dataset in ../shared/datasets and
// every model family (trained through the local executor, as AutoML trains them, then explained
// from its bundle pieces), base value + Σ SHAP = the model's margin to 1e-6 for every row and
// output, on the design features and on the raw columns they are grouped back to; the output
// count follows the task (1 for regression / binary, one per class for multiclass).
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import type { ModelBundle } from '../../workers/engine/bundle/types';
import { predictBundle } from '../../workers/engine/bundle/predict';
import { explainBundle } from '../../workers/engine/explain/explain-bundle';
import type { ShapValues } from '../../workers/engine/explain/types';
import type { EncodedModel, ModelFamily, ModelTrainer } from '../../workers/engine/models/types';
import { decodePipeline } from '../../workers/engine/preprocess/index';
import { createRng, shuffleInPlace } from '../../workers/engine/rng';
import { createMlpTrainer } from '../../workers/tfjs/mlp-trainer';
import { initTfNode } from '../../workers/tfjs/node';
import { loadFrame, type LoadedDataset } from './automl-data';

const DATASETS = [
  'breast_cancer',
  'diabetes',
  'iris',
  'penguins',
  'seattle_weather',
  'titanic_survival',
  'wine'
];

/** Small models: the claim is additivity, not accuracy. */
const PARAMS: Partial<Record<ModelFamily, Record<string, unknown>>> = {
  gbdt: { maxIter: 15 },
  randomForest: { nEstimators: 8 },
  extraTrees: { nEstimators: 8 },
  mlp: { maxEpochs: 3, hiddenLayers: [8] }
};

const FAMILIES: ModelFamily[] = [
  'baseline',
  'linear',
  'logistic',
  'knn',
  'naiveBayes',
  'decisionTree',
  'randomForest',
  'extraTrees',
  'gbdt',
  'mlp',
  'blend'
];

function additivityError(s: ShapValues): number {
  let worst = 0;
  for (let k = 0; k < s.nOutputs; k++)
    for (let r = 0; r < s.nRows; r++) {
      let sum = s.baseValue[k];
      for (let j = 0; j < s.nFeatures; j++) sum += s.values[(k * s.nRows + r) * s.nFeatures + j];
      worst = Math.max(worst, Math.abs(sum - s.margin[k * s.nRows + r]));
    }
  return worst;
}

let mlp: ModelTrainer;
beforeAll(async () => {
  const { tf } = await initTfNode();
  mlp = createMlpTrainer(tf) as unknown as ModelTrainer;
});

describe.each(DATASETS)('explainBundle() on %s', (name) => {
  let data: LoadedDataset;
  let train: Uint32Array;
  let test: Uint32Array;
  beforeAll(async () => {
    data = await loadFrame(name);
    // ID columns are not features (the app excludes them before AutoML).
    const keep = data.frame.columns.filter((c) => !data.idColumns.includes(c.name));
    data = { ...data, frame: { ...data.frame, columns: keep } };
    const all = shuffleInPlace(
      Uint32Array.from({ length: data.frame.nRows }, (_, i) => i),
      createRng(1)
    );
    train = all.slice(0, Math.floor(all.length * 0.8));
    test = all.slice(all.length - 6);
  });

  // Families that apply to the dataset's task (diabetes is the one regression table).
  const regression = name === 'diabetes';
  const families = FAMILIES.filter((f) =>
    regression ? f !== 'logistic' && f !== 'naiveBayes' : f !== 'linear'
  );
  for (const family of families) {
    it(`${family}: base + Σ SHAP = margin (1e-6), grouped too`, async () => {
      const task = data.target.task;
      expect(task === 'regression').toBe(regression);
      const ex = createLocalExecutor({ trainers: [mlp] });
      await ex.prepare(data.frame, { ...data.target, column: data.targetName });
      const members =
        task === 'regression'
          ? [
              { family: 'gbdt', params: PARAMS.gbdt },
              { family: 'linear', params: {} },
              { family: 'knn', params: {} }
            ]
          : [
              { family: 'gbdt', params: PARAMS.gbdt },
              { family: 'logistic', params: {} },
              { family: 'knn', params: {} }
            ];
      const res = await ex.run({
        family,
        params: family === 'blend' ? { members } : (PARAMS[family] ?? {}),
        trainRows: train,
        testRows: new Uint32Array(0),
        seed: 1,
        classWeights: null,
        keepModel: true
      });
      const model = res.model!.model as EncodedModel;
      const pipelines =
        family === 'blend'
          ? (model.state as { members: { pipeline: unknown }[] }).members.map((m) => m.pipeline)
          : [res.model!.pipeline];
      const inputSchema = pipelines
        .flatMap((p) => decodePipeline(p).inputSchema)
        .filter((c, i, a) => a.findIndex((d) => d.name === c.name) === i);
      const bundle = {
        problemType: task,
        target: data.targetName,
        classes: data.target.classes,
        inputSchema,
        pipeline: res.model!.pipeline,
        model,
        family
      } as unknown as ModelBundle;
      const { shap, grouped } = explainBundle(bundle, data.frame, test, {
        backgroundRows: train,
        backgroundSize: 12,
        samples: 8,
        seed: 1
      });
      const K = task === 'multiclass' ? data.target.classes.length : 1;
      expect([shap.nRows, shap.nOutputs, grouped.nOutputs]).toEqual([6, K, K]);
      expect(shap.values.length).toBe(K * 6 * shap.nFeatures);
      expect(grouped.featureNames.length).toBe(new Set(grouped.featureNames).size);
      expect(grouped.members.flat().sort((a, b) => a - b)).toEqual([
        ...Array(shap.nFeatures).keys()
      ]);
      expect(additivityError(shap)).toBeLessThan(1e-6);
      expect(additivityError(grouped)).toBeLessThan(1e-6);
      // On the probability / value scale the margin is the bundle's own prediction.
      if (
        family === 'blend' ||
        family === 'knn' ||
        family === 'naiveBayes' ||
        family === 'baseline'
      ) {
        const pred = predictBundle(bundle, data.frame).values;
        const width = task === 'regression' ? 1 : data.target.classes.length;
        for (let k = 0; k < K; k++)
          for (let r = 0; r < 6; r++) {
            const col = task === 'binary' ? 1 : k;
            expect(shap.margin[k * 6 + r]).toBeCloseTo(pred[test[r] * width + col], 9);
          }
      }
    }, 60_000);
  }
});
