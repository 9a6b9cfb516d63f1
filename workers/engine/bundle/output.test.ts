// Guards bundle/output.ts: the predicted class is the first largest probability, Score is that
// probability, Score_<class> splits the row-major matrix per class, regression's Label is the
// values themselves, and output names dodge the input's names with _pred, _pred2, … (the CLI's
// rule) — all against hand-computed expectations.
import { describe, expect, test } from 'vitest';
import type { ModelBundle } from './types';
import {
  freeName,
  outputLabels,
  outputOfValues,
  outputScores,
  predictionColumns,
  predictionOutput
} from './output';

const multi = { problemType: 'multiclass', classes: ['a', 'b', 'c'] } as Pick<
  ModelBundle,
  'problemType' | 'classes'
>;

describe('outputOfValues / predictionOutput', () => {
  test('class index = first largest probability per row (ties → lower class)', () => {
    // rows: [0.2 0.5 0.3] → b; [0.4 0.4 0.2] → a (tie); [0.1 0.1 0.8] → c
    const v = Float64Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8]);
    const out = outputOfValues(multi, v);
    expect(out).toEqual({
      problemType: 'multiclass',
      classes: ['a', 'b', 'c'],
      classIndex: Int32Array.from([1, 0, 2]),
      values: v,
      nRows: 3
    });
    expect(outputLabels(out)).toEqual(['b', 'a', 'c']);
    expect(Array.from(outputScores(out) as Float64Array)).toEqual([0.5, 0.4, 0.8]);
  });

  test('predictionOutput(bundle, p) re-derives the classes from p.values; regression keeps the values', () => {
    const out = predictionOutput(multi, {
      label: ['c'],
      score: Float64Array.from([0.7]),
      values: Float64Array.from([0.1, 0.2, 0.7])
    });
    expect(Array.from(out.classIndex as Int32Array)).toEqual([2]);
    const values = Float64Array.from([1.5, -2, NaN]);
    const reg = predictionOutput(
      { problemType: 'regression', classes: [] },
      { label: [1.5, -2, NaN], score: null, values }
    );
    expect(reg).toEqual({
      problemType: 'regression',
      classes: [],
      classIndex: null,
      values,
      nRows: 3
    });
    expect(outputLabels(reg)).toBe(values);
    expect(outputScores(reg)).toBeNull();
  });
});

describe('predictionColumns', () => {
  test('classification: Label, Score, Score_<class> with the per-class probabilities', () => {
    const out = outputOfValues(multi, Float64Array.from([0.2, 0.5, 0.3, 0.6, 0.3, 0.1]));
    const cols = predictionColumns(out, new Set(['x', 'y']));
    expect(cols.map((c) => c.name)).toEqual(['Label', 'Score', 'Score_a', 'Score_b', 'Score_c']);
    expect(cols[0].values).toEqual(['b', 'a']);
    expect(Array.from(cols[1].values as Float64Array)).toEqual([0.5, 0.6]);
    expect(Array.from(cols[2].values as Float64Array)).toEqual([0.2, 0.6]);
    expect(Array.from(cols[3].values as Float64Array)).toEqual([0.5, 0.3]);
    expect(Array.from(cols[4].values as Float64Array)).toEqual([0.3, 0.1]);
  });

  test('names already taken get _pred, then _pred2, …; the taken set grows', () => {
    const taken = new Set(['Label', 'Label_pred', 'Score', 'Score_b']);
    const out = outputOfValues(
      { problemType: 'binary', classes: ['a', 'b'] },
      Float64Array.from([0.25, 0.75])
    );
    expect(predictionColumns(out, taken).map((c) => c.name)).toEqual([
      'Label_pred2',
      'Score_pred',
      'Score_a',
      'Score_b_pred'
    ]);
    expect(taken.has('Score_b_pred')).toBe(true);
    expect(freeName('Label', taken)).toBe('Label_pred3');
  });

  test('regression: Label only, the values as numbers', () => {
    const values = Float64Array.from([3.5, 4]);
    const cols = predictionColumns(
      outputOfValues({ problemType: 'regression', classes: [] }, values),
      new Set()
    );
    expect(cols).toEqual([{ name: 'Label', values }]);
  });
});
