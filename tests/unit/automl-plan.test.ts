// Guards planAutoML, the budget shown before a run: small data runs every family on all rows;
// large data is compared on a capped sample with the costliest families left out, and the plan
// fits its allowance; imbalance gives the Recall advice. The plan is pure (no clock, no data scan
// beyond class counts), so exact expectations hold.
import { describe, expect, it } from 'vitest';
import { planAutoML, fitSecondsEstimate } from '../../workers/engine/automl/plan';
import type { EncodedTarget, Frame } from '../../workers/engine/frame/types';

function syntheticFrame(n: number, positiveShare: number): { frame: Frame; target: EncodedTarget } {
  const num = () => new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = i < positiveShare * n ? 1 : 0;
  return {
    frame: {
      nRows: n,
      columns: [
        { name: 'a', kind: 'numeric', values: num() },
        { name: 'b', kind: 'numeric', values: num() },
        { name: 'c', kind: 'categorical', codes: new Int32Array(n), dictionary: ['x', 'y', 'z'] },
        { name: 'target', kind: 'numeric', values: y }
      ]
    },
    target: { task: 'binary', y, classes: ['0', '1'] }
  };
}

describe('planAutoML', () => {
  it('small data: every classification family on all rows, no warnings', () => {
    const { frame, target } = syntheticFrame(1_000, 0.5);
    const plan = planAutoML(frame, target, { targetName: 'target' }, { cores: 2, memoryGB: null });
    expect(plan.subsampleRows).toBeNull();
    expect(plan.features).toBe(5); // a, b and c's three one-hot levels; the target is not a feature
    expect(plan.families.filter((f) => f.skipped)).toEqual([]);
    expect(plan.families.map((f) => f.family).sort()).toEqual(
      [
        'baseline',
        'decisionTree',
        'extraTrees',
        'gbdt',
        'knn',
        'logistic',
        'mlp',
        'naiveBayes',
        'randomForest'
      ].sort()
    );
    expect(plan.warnings).toEqual([]);
  });

  it('1 M rows, 120 s: capped sample, costly families out, comparison inside half the budget', () => {
    const { frame, target } = syntheticFrame(1_000_000, 0.2);
    const plan = planAutoML(
      frame,
      target,
      { targetName: 'target', timeBudgetSeconds: 120 },
      { cores: 2, memoryGB: null }
    );
    expect(plan.subsampleRows).toBeLessThanOrEqual(100_000);
    const kept = plan.families.filter((f) => !f.skipped);
    expect(kept.map((f) => f.family)).toEqual(
      expect.arrayContaining(['baseline', 'logistic', 'gbdt'])
    );
    expect(plan.families.find((f) => f.family === 'knn')?.skipped).toBe(true);
    expect(kept.reduce((a, f) => a + f.seconds, 0)).toBeLessThanOrEqual(60);
    expect(plan.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['SUBSAMPLED', 'FAMILY_SKIPPED'])
    );
    // The refit of the costliest kept family on all 800,000 training rows (one worker).
    expect(plan.refitSeconds).toBeCloseTo(
      Math.max(
        ...kept
          .filter((f) => f.family !== 'baseline')
          .map((f) => fitSecondsEstimate(f.family, 800_000, 5, 2))
      ),
      9
    );
  });

  it('advises Recall over Accuracy when the rarest class is under 20 %', () => {
    const { frame, target } = syntheticFrame(1_000, 0.1);
    const plan = planAutoML(frame, target, { targetName: 'target' }, { cores: 1, memoryGB: null });
    const w = plan.warnings.find((x) => x.code === 'IMBALANCE_RECALL');
    expect(w?.message.en).toContain('Recall');
    expect(w?.message.pl).toContain('Recall');
    expect(w?.message.en).toContain('10.0%');
  });
});
