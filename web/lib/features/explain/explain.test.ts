// Guards the explain feature without a worker: the views build every chart for binary,
// multiclass and regression evaluations (the classic broken-shape failure), the session summary
// (top_features, mean |SHAP|) is the hand-computed one, and ExplainState runs the worker on the
// AutoML holdout (splitShare, seed from the bundle), stores the result, restores it without
// computing, cancels by terminating the worker, and rejects unusable imports with typed codes.
import { describe, expect, it } from 'vitest';
import type { Frame, ModelBundle } from '$engine';
import type { ShapValues } from '$engine/explain/types';
import { splitShare } from '$engine/automl/split';
import { encodeTarget } from '$engine/frame/target';
import type { Evaluation, MlApi } from '$workers/api/ml-api';
import {
  ExplainState,
  compactForStorage,
  featureFrame,
  type StoredExplain
} from './explain.svelte';
import { topFeatures } from './summary';
import {
  dependenceFor,
  evaluationSpecs,
  globalSpecs,
  learningFor,
  shapView,
  thresholdFor,
  waterfallFor
} from './views';

const tr = (k: string) => k;

function shapOf(nOutputs: number, nRows: number, names: string[], outputs: string[]): ShapValues {
  const p = names.length;
  const values = new Float64Array(nOutputs * nRows * p).map((_, i) => ((i % 7) - 3) / 10);
  const margin = new Float64Array(nOutputs * nRows);
  for (let o = 0; o < nOutputs; o++)
    for (let r = 0; r < nRows; r++) {
      let m = 0;
      for (let f = 0; f < p; f++) m += values[(o * nRows + r) * p + f];
      margin[o * nRows + r] = m;
    }
  return {
    method: 'tree',
    nRows,
    nFeatures: p,
    nOutputs,
    outputNames: outputs,
    featureNames: names,
    baseValue: new Float64Array(nOutputs),
    values,
    margin
  };
}

function evaluation(task: Evaluation['task']): Evaluation {
  const n = 12;
  const classes = task === 'binary' ? ['no', 'yes'] : task === 'multiclass' ? ['a', 'b', 'c'] : [];
  const K = task === 'regression' ? 1 : classes.length;
  const y = Float64Array.from({ length: n }, (_, i) => (task === 'regression' ? i * 1.5 : i % K));
  const predictions = new Float64Array(n * K);
  for (let r = 0; r < n; r++)
    if (K === 1) predictions[r] = y[r] + ((r % 3) - 1) * 0.4;
    else
      for (let k = 0; k < K; k++)
        predictions[r * K + k] = k === (r + (r % 4 === 0 ? 1 : 0)) % K ? 0.6 : 0.4 / (K - 1);
  const nOut = task === 'multiclass' ? 3 : 1;
  const outputs = task === 'multiclass' ? classes : task === 'binary' ? ['yes'] : ['t'];
  const grouped = { ...shapOf(nOut, n, ['x', 'city'], outputs), members: [[0], [1, 2]] };
  return {
    modelId: `m-${task}`,
    task,
    classes,
    holdoutRows: Uint32Array.from({ length: n }, (_, i) => i * 2),
    y,
    predictions,
    metrics: {},
    shap: {
      holdoutIndex: Uint32Array.from({ length: n }, (_, i) => i),
      encoded: shapOf(nOut, n, ['x', 'city=a', 'city=b'], outputs),
      grouped,
      encodedValues: Float64Array.from({ length: n * 3 }, (_, i) => i % 5),
      groupedValues: Float64Array.from({ length: n * 2 }, (_, i) => (i % 2 ? i % 3 : i)),
      groupedCategories: [null, ['k', 'w', 'z']]
    },
    permutation: { metric: 'accuracy', baseline: 0.8, columns: [] },
    learning: {
      metric: 'accuracy',
      points: [
        { fraction: 0.5, size: 10, mean: 0.7, std: 0.05, scores: [0.65, 0.75] },
        { fraction: 1, size: 20, mean: 0.8, std: 0, scores: [0.8] }
      ]
    },
    seconds: {}
  };
}

describe('views', () => {
  it.each(['binary', 'multiclass', 'regression'] as const)('%s: every chart builds', (task) => {
    const e = evaluation(task);
    for (const encoded of [false, true]) {
      const v = shapView(e, encoded);
      if (!v) throw new Error('no view');
      expect(v.shap.nFeatures).toBe(encoded ? 3 : 2);
      for (let o = 0; o < v.shap.nOutputs; o++) {
        expect(globalSpecs(v, o, tr).map((s) => s.id)).toEqual(['shap:bar', 'shap:beeswarm']);
        expect(waterfallFor(v, o, 3, '6', tr).id).toBe('shap:waterfall');
        expect(dependenceFor(v, o, -1, tr)?.spec.id).toBe('shap:dependence');
      }
    }
    const ids = evaluationSpecs(e, false, tr).map((s) => s.id);
    expect(ids).toEqual(
      task === 'regression'
        ? ['eval:predicted', 'eval:residuals', 'eval:residualHist']
        : ['eval:confusion', 'eval:roc', 'eval:pr', 'eval:calibration', 'eval:gain', 'eval:lift']
    );
    expect(evaluationSpecs(e, true, tr)[0].id).toBe(
      task === 'regression' ? 'eval:predicted' : 'eval:confusionNorm'
    );
    expect(learningFor(e, tr)?.id).toBe('eval:learning');
  });

  it('binary threshold chooser counts rows at the threshold (positive class = last)', () => {
    // Rows with y = 1 (odd) have P(yes) 0.6 unless r % 4 = 0; y = 0 rows: 0.4, or 0.6 when r % 4 = 0.
    const { stats } = thresholdFor(evaluation('binary'), 0.5, tr);
    // Called positive (0.6): odd rows 1,3,5,7,9,11 → all TP; r % 4 = 0 rows 0,4,8 → FP.
    expect([stats.tp, stats.fp, stats.fn, stats.tn]).toEqual([6, 3, 0, 3]);
  });

  it('grouped text columns show their category in the waterfall', () => {
    const v = shapView(evaluation('binary'), false);
    if (!v) throw new Error('no view');
    const labels = (
      waterfallFor(v, 0, 0, '0', tr).options.marks as unknown as { data: { label: string }[] }[]
    )[0].data.map((d) => d.label);
    // Row 0: city code = groupedValues[1] = 1 % 3 = 1 → 'w'.
    expect(labels).toContain('city = w');
  });
});

describe('topFeatures()', () => {
  it('mean |SHAP| per raw column, summed over outputs, largest first', () => {
    const e = evaluation('binary');
    const s = e.shap?.grouped as ShapValues;
    const mean = [0, 1].map((f) => {
      let t = 0;
      for (let r = 0; r < s.nRows; r++) t += Math.abs(s.values[r * 2 + f]);
      return t / s.nRows;
    });
    const { top_features, shap_summary } = topFeatures(e);
    const order = mean[0] >= mean[1] ? ['x', 'city'] : ['city', 'x'];
    expect(top_features).toEqual(order);
    expect(shap_summary.features.find((f) => f.name === 'x')?.value).toBeCloseTo(mean[0], 12);
    expect(shap_summary.outputs).toEqual(['yes']);
  });
});

// The app side: 20 rows, binary target; the bundle was trained with seed 9.
const frame: Frame = {
  nRows: 20,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: 20 }, (_, i) => i) },
    { name: 'id', kind: 'numeric', values: Float64Array.from({ length: 20 }, (_, i) => 100 + i) },
    {
      name: 'y',
      kind: 'categorical',
      codes: Int32Array.from({ length: 20 }, (_, i) => i % 2),
      dictionary: ['no', 'yes']
    }
  ]
};
const bundle = {
  id: 'model-1',
  target: 'y',
  problemType: 'binary',
  meta: { seed: 9 },
  inputSchema: [{ name: 'x', kind: 'numeric' }]
} as unknown as ModelBundle;

function fakes() {
  const calls: {
    prepared: Frame[];
    holdouts: Uint32Array[];
    saved: StoredExplain[];
    terminated: number;
  } = {
    prepared: [],
    holdouts: [],
    saved: [],
    terminated: 0
  };
  let stored: StoredExplain | null = null;
  let hang = false;
  const api = {
    prepare: async (f: Frame) => void calls.prepared.push(f),
    run: async () => {
      throw new Error('unused');
    },
    backend: async () => ({ backend: null, reason: '' }),
    explainXGBoost: async (_text: string, rows: Uint32Array) => {
      calls.holdouts.push(rows);
      return { ...evaluation('binary'), modelId: 'xgboost:import' };
    },
    evaluate: async (b: ModelBundle, rows: Uint32Array) => {
      calls.holdouts.push(rows);
      if (hang) return new Promise<Evaluation>(() => undefined);
      return { ...evaluation('binary'), modelId: b.id };
    }
  } as unknown as MlApi;
  const state = new ExplainState({
    data: () => ({ frame: async () => frame }),
    worker: () => ({ api, terminate: () => void calls.terminated++ }),
    store: {
      load: async () => stored,
      save: async (_, s, summary) => {
        stored = s;
        calls.saved.push(s);
        expect(summary.top_features.length).toBe(2);
      }
    }
  });
  return { state, calls, setHang: (v: boolean) => (hang = v) };
}

describe('ExplainState', () => {
  it('run() evaluates on the AutoML holdout (seed from the bundle) and stores the result', async () => {
    const { state, calls } = fakes();
    const e = await state.run('s1', bundle, { target: 'y', problemType: 'binary' });
    expect(e?.modelId).toBe('model-1');
    expect(state.phase).toBe('done');
    expect(state.runCount).toBe(1);
    // The worker gets the model's input columns only (no target, no unused columns).
    expect(calls.prepared[0].columns.map((c) => c.name)).toEqual(['x']);
    const enc = encodeTarget(frame, 'y', 'binary');
    const all = Uint32Array.from({ length: 20 }, (_, i) => i);
    const expected = splitShare(all, { task: 'binary', y: enc.y, classes: enc.classes }, 0.2, 9)[1];
    expect(Array.from(calls.holdouts[0])).toEqual(Array.from(expected));
    expect(calls.saved[0].modelId).toBe('model-1');

    // A fresh page restores it without computing.
    const fresh = fakes();
    await fresh.state.restore('s1', 'model-1');
    expect(fresh.state.result).toBeNull();
    await state.restore('s1', 'model-1');
    const other = new ExplainState({
      data: () => ({ frame: async () => frame }),
      worker: () => {
        throw new Error('no worker on restore');
      },
      store: { load: async () => calls.saved[0], save: async () => undefined }
    });
    await other.restore('s1', 'another-model');
    expect(other.result).toBeNull();
    await other.restore('s1', 'model-1');
    expect(other.result?.modelId).toBe('model-1');
    expect(other.restored).toBe(true);
    expect(other.runCount).toBe(0);
  });

  it('cancel() terminates the worker and reports CANCELLED', async () => {
    const { state, calls, setHang } = fakes();
    setHang(true);
    const p = state.run('s1', bundle, { target: 'y', problemType: 'binary' });
    await expect.poll(() => calls.holdouts.length).toBe(1);
    state.cancel();
    expect(await p).toBeNull();
    expect(calls.terminated).toBe(1);
    expect(state.error?.code).toBe('CANCELLED');
    expect(state.phase).toBe('error');
  });

  it('importModel(): XGBoost goes to the worker on every row; bad files are typed errors', async () => {
    const { state, calls } = fakes();
    const ctx = { target: 'y', problemType: 'binary' } as const;
    expect(
      await state.importModel('s1', JSON.stringify({ learner: {}, version: [1, 7] }), ctx)
    ).toBe(true);
    expect(state.result?.modelId).toBe('xgboost:import');
    expect(calls.prepared[0].columns.map((c) => c.name)).toEqual(['x', 'id']);
    expect(calls.holdouts[0]).toHaveLength(20);
    expect(await state.importModel('s1', '{nope', ctx)).toBe(false);
    expect(state.error?.code).toBe('MODEL_NOT_JSON');
    expect(await state.importModel('s1', JSON.stringify({ format: 'other' }), ctx)).toBe(false);
    expect(state.error?.code).toBe('INVALID_MODEL');
  });

  it('featureFrame() keeps the model inputs; compactForStorage() keeps small results whole', () => {
    expect(featureFrame(frame, bundle).columns.map((c) => c.name)).toEqual(['x']);
    const e = evaluation('multiclass');
    expect(compactForStorage(e)).toBe(e);
    const big = evaluation('binary');
    const s = big.shap as NonNullable<Evaluation['shap']>;
    const huge = {
      ...big,
      shap: { ...s, encoded: { ...s.encoded, values: new Float64Array(300_000) } }
    };
    const c = compactForStorage(huge);
    expect(c.shap?.encoded.nRows).toBe(0);
    expect(c.shap?.grouped).toBe(s.grouped);
  });
});
