// Guards the dense pipeline's most-frequent imputation: the training rows' mode fills missing
// values (ties → the smallest value, as scikit-learn's SimpleImputer(strategy='most_frequent')).
import { describe, expect, it } from 'vitest';
import { fitPipeline } from '../../workers/engine/preprocess/index';
import { mostFrequent } from '../../workers/engine/preprocess/stats';
import type { Frame } from '../../workers/engine/frame/types';

describe('mostFrequent imputation', () => {
  it('mostFrequent() takes the mode and breaks ties toward the smallest value', () => {
    expect(mostFrequent(Float64Array.from([3, 1, 3, 2, 1]))).toBe(1);
    expect(mostFrequent(Float64Array.from([5, 7, 7, 5, 7]))).toBe(7);
    expect(mostFrequent(Float64Array.from([-2]))).toBe(-2);
  });

  it("fitPipeline({impute: 'mostFrequent'}) fills missing cells with the training rows' mode only", () => {
    // Training rows 0–5: values 4, 4, 9, NaN, 9, 4 → mode 4; row 6 (not training) is full of 9s.
    const values = Float64Array.from([4, 4, 9, NaN, 9, 4, 9, 9, 9, NaN]);
    const frame: Frame = { nRows: 10, columns: [{ name: 'x', kind: 'numeric', values }] };
    const y = Float64Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const { pipeline, train } = fitPipeline(
      frame,
      Uint32Array.from([0, 1, 2, 3, 4, 5]),
      { task: 'binary', y, classes: ['a', 'b'] },
      { flavour: 'dense', impute: 'mostFrequent', missingIndicators: false, dropConstant: false }
    );
    expect(Array.from(train.columns[0])).toEqual([4, 4, 9, 4, 9, 4]);
    const all = pipeline.transform(frame);
    expect(all.columns[0][9]).toBe(4);
  });
});
