// Guards runAutoML end to end in Node on the shared datasets: the leaderboard (every family,
// failures kept as rows), determinism, the budget plan, cancel, and the bundle round trip
// (predictBundle on the holdout reproduces the run's holdout metrics).
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import { runAutoML } from '../../workers/engine/automl/run';
import { splitShare } from '../../workers/engine/automl/split';
import type { AutoMLEvent, AutoMLResult } from '../../workers/engine/automl/types';
import { decodeBundle, encodeBundle } from '../../workers/engine/bundle/codec';
import { predictBundle } from '../../workers/engine/bundle/predict';
import { frameSubset } from '../../workers/engine/frame/index';
import { computeMetrics } from '../../workers/engine/metrics/compute';
import type { ModelTrainer } from '../../workers/engine/models/types';
import { anchors } from './gbdt-data';
import { loadFrame, type LoadedDataset } from './automl-data';

async function run(
  d: LoadedDataset,
  extra: Partial<Parameters<typeof runAutoML>[2]> = {},
  trainers: ModelTrainer[] = []
): Promise<{ result: AutoMLResult; events: AutoMLEvent[] }> {
  const events: AutoMLEvent[] = [];
  let clock = 0;
  const result = await runAutoML(
    d.frame,
    d.target,
    { targetName: d.targetName, exclude: d.idColumns, timeBudgetSeconds: 60, seed: 42, ...extra },
    createLocalExecutor({ trainers }),
    (e) => events.push(e),
    undefined,
    // A fake clock that never reaches the deadline: results independent of machine speed.
    { now: () => (clock += 1) }
  );
  return { result, events };
}

function bestAnchor(name: string, metric: string): number {
  const models = anchors[name].models as Record<
    string,
    { metrics: Record<string, { mean: number }> }
  >;
  return Math.max(
    ...Object.entries(models)
      .filter(([m]) => !m.startsWith('Dummy'))
      .map(([, v]) => v.metrics[metric].mean)
  );
}

describe('runAutoML', () => {
  it('ranks every classification family on iris and the winner is close to the best anchor', async () => {
    const d = await loadFrame('iris');
    const { result, events } = await run(d, { tune: false, blend: false });
    const families = new Set(result.leaderboard.map((r) => r.family));
    for (const f of [
      'baseline',
      'logistic',
      'knn',
      'naiveBayes',
      'decisionTree',
      'randomForest',
      'extraTrees',
      'gbdt'
    ])
      expect(families.has(f as never), f).toBe(true);
    expect(events[0].type).toBe('plan');
    const rows = events.filter((e) => e.type === 'row');
    expect(rows.length).toBe(result.leaderboard.length);
    const best = result.leaderboard[0];
    expect(best.id).toBe(result.bestId);
    // Leaderboard sorted by accuracy, best first.
    const acc = result.leaderboard
      .filter((r) => r.status === 'done')
      .map((r) => r.cv.accuracy as number);
    expect([...acc].sort((a, b) => b - a)).toEqual(acc);
    // The baseline predicts the prior: accuracy = the largest class share of each fold (1/3 on iris).
    const baseline = result.leaderboard.find((r) => r.family === 'baseline');
    expect(baseline?.cv.accuracy).toBeCloseTo(1 / 3, 1);
    expect(best.cv.auc as number).toBeGreaterThan(bestAnchor('iris', 'roc_auc') - 0.02);
    expect(result.holdout.accuracy as number).toBeGreaterThan(0.85);
  });

  it('gives the same leaderboard for the same seed (determinism)', async () => {
    const d = await loadFrame('titanic_survival');
    const opts = { families: ['baseline', 'logistic', 'decisionTree'] as const };
    const a = await run(d, { families: [...opts.families] });
    const b = await run(d, { families: [...opts.families] });
    expect(a.result.leaderboard.some((r) => r.stage === 'tune')).toBe(true);
    const strip = (r: AutoMLResult) => r.leaderboard.map((x) => [x.id, x.cv, x.params]);
    expect(strip(a.result)).toEqual(strip(b.result));
    expect(a.result.holdout).toEqual(b.result.holdout);
  });

  it('predictBundle on the holdout rows reproduces the run holdout metrics (bundle round trip)', async () => {
    const d = await loadFrame('titanic_survival');
    const { result } = await run(d, {
      families: ['baseline', 'logistic', 'gbdt', 'randomForest'],
      tune: false
    });
    const bundle = decodeBundle(JSON.parse(encodeBundle(result.bundle)));
    const all = Uint32Array.from({ length: d.frame.nRows }, (_, i) => i);
    const [, hold] = splitShare(all, d.target, 0.2, 42);
    const pred = predictBundle(bundle, frameSubset(d.frame, hold));
    const y = Float64Array.from(hold, (r) => d.target.y[r]);
    const m = computeMetrics('binary', y, pred.values, 2);
    for (const k of Object.keys(result.holdout) as (keyof typeof m)[])
      expect(m[k] as number, k).toBeCloseTo(result.holdout[k] as number, 9);
    expect(pred.label.every((l) => l === 'yes' || l === 'no')).toBe(true);
    expect(bundle.feature_names.length).toBeGreaterThan(0);
    expect(bundle.inputSchema.map((c) => c.name)).not.toContain('survived');
    expect(bundle.inputSchema.map((c) => c.name)).not.toContain('name');
  });

  it('keeps a failing family as a failed row with a ModelTrainingError and finishes', async () => {
    const d = await loadFrame('iris');
    const broken: ModelTrainer = {
      family: 'naiveBayes',
      tasks: ['binary', 'multiclass'],
      input: 'dense',
      needsScaling: false,
      defaults: () => ({}),
      space: {},
      fit: async () => {
        throw new Error('boom');
      }
    };
    const { result, events } = await run(
      d,
      { families: ['baseline', 'naiveBayes', 'decisionTree'], tune: false },
      [broken]
    );
    const failed = result.leaderboard.find((r) => r.family === 'naiveBayes');
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('MODEL_FAILED');
    expect(failed?.error?.name).toBe('ModelTrainingError');
    expect(events.some((e) => e.type === 'log' && e.error.code === 'MODEL_FAILED')).toBe(true);
    expect(result.leaderboard[0].family).not.toBe('naiveBayes');
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const d = await loadFrame('iris');
    await expect(
      runAutoML(d.frame, d.target, { targetName: d.targetName }, createLocalExecutor(), () => {}, {
        aborted: true
      })
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('regression on diabetes: R2 of the winner near the best anchor', async () => {
    const d = await loadFrame('diabetes');
    const { result } = await run(d, { tune: false });
    expect(result.leaderboard.some((r) => r.family === 'linear')).toBe(true);
    expect(result.leaderboard[0].cv.r2 as number).toBeGreaterThan(
      bestAnchor('diabetes', 'r2') - 0.05
    );
  });
  it('refits the winner on a sample when the full refit would overrun the budget', async () => {
    const d = await loadFrame('titanic_survival');
    const local = createLocalExecutor();
    // Every fit "took" 1,000 s: a full refit cannot fit in the 60 s budget.
    const slow = {
      concurrency: 1,
      available: local.available,
      prepare: local.prepare.bind(local),
      run: async (t: Parameters<typeof local.run>[0]) => ({
        ...(await local.run(t)),
        fitSeconds: 1000
      })
    };
    const events: AutoMLEvent[] = [];
    let clock = 0;
    const result = await runAutoML(
      d.frame,
      d.target,
      {
        targetName: d.targetName,
        exclude: d.idColumns,
        families: ['baseline', 'logistic'],
        tune: false
      },
      slow,
      (e) => events.push(e),
      undefined,
      { now: () => (clock += 1) }
    );
    const cvRows = d.frame.nRows - Math.round(d.frame.nRows * 0.2);
    expect(result.truncated).toBe(true);
    // Never fewer rows than a comparison fold trained on (4/5 of the CV rows).
    expect(result.refitRows).toBeGreaterThanOrEqual(Math.ceil(cvRows * 0.8) - 2);
    expect(result.refitRows).toBeLessThan(cvRows);
    expect(events.some((e) => e.type === 'log' && e.error.code === 'REFIT_SUBSAMPLED')).toBe(true);
    expect(result.bundle.meta.trainRows).toBe(result.refitRows);
  });
});
