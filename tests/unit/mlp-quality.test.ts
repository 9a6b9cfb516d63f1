// Guards MLP quality with default parameters under the anchors' exact 5-fold protocol (scikit-learn
// folds, preprocessing fitted per fold): an MLP far below the linear anchors (LogisticRegression
// AUC 0.995 / 0.996 / 1.000, Ridge R2 0.479) is a bug. Floors: AUC ≥ 0.98 (penguins 0.99),
// diabetes R2 ≥ 0.40.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfNode } from '../../workers/tfjs/node';
import type { Tf } from '../../workers/tfjs/mlp-graph';
import { anchors } from './gbdt-data';
import { cvMlp } from './mlp-helpers';

let tf: Tf;
beforeAll(async () => {
  tf = (await initTfNode()).tf;
});

const cases: [name: string, anchor: string, floor: number][] = [
  ['breast_cancer', 'LogisticRegression', 0.98],
  ['iris', 'LogisticRegression', 0.98],
  ['diabetes', 'Ridge', 0.4],
  // Categorical columns (island, sex) one-hot encoded per fold; LogisticRegression 0.9999.
  ['penguins', 'LogisticRegression', 0.99]
];

describe('fitMlp() defaults: 5-fold CV vs anchors.json', () => {
  for (const [name, model, floor] of cases) {
    it(`${name}: mean ${anchors[name].primary_metric} ≥ ${floor}`, async () => {
      const a = anchors[name];
      const ref = a.models[model].metrics[a.primary_metric];
      const before = tf.memory().numTensors;
      const ours = await cvMlp(tf, name);
      const fmt = (v: number) => v.toFixed(4);
      console.log(
        `${name} ${a.primary_metric}: MLP ${fmt(ours.mean)} [${ours.folds.map(fmt).join(' ')}] ` +
          `${model} ${fmt(ref.mean)} [${ref.folds.map(fmt).join(' ')}]; ` +
          `${ours.secondsPerFit.toFixed(2)} s/fit, best epochs ${ours.epochs.join(' ')}`
      );
      expect(ours.mean).toBeGreaterThanOrEqual(floor);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
