// Guards the evaluation curves and the SHAP / evaluation chart builders. Expectations are derived
// by hand (comments show the arithmetic): ROC points and AUC = share of correctly ordered
// positive–negative pairs, sklearn's average precision Σ (Rₙ − Rₙ₋₁) Pₙ, confusion counts, bins.
// Every SHAP builder runs on binary (1 output), multiclass (3 outputs) and regression shapes.
import { describe, expect, it } from 'vitest';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { ShapValues } from '$engine/explain/types';
import {
  beeswarmDots,
  beeswarmSpec,
  calibrationBins,
  confusionCells,
  confusionCounts,
  confusionSpec,
  dependenceSpec,
  featureOrder,
  gainCurve,
  gainSpec,
  histogram,
  learningCurveSpec,
  meanAbsByFeature,
  oneVsRest,
  prCurve,
  prSpec,
  predictedActualSpec,
  residualHistogramSpec,
  residualsSpec,
  rocCurve,
  rocSpec,
  rowNormalise,
  shapBarRows,
  shapBarSpec,
  statsAt,
  strideIndices,
  strongestInteraction,
  thresholdSpec,
  thresholdSweep,
  waterfallSpec,
  waterfallSteps
} from './index';

function markData(options: PlotOptions, i = 0): unknown[] {
  const marks = options.marks as Markish[];
  return (marks[i] as unknown as { data: unknown[] }).data;
}

// Scores ranked 0.9 P, 0.8 P, 0.7 N, 0.6 P, 0.55 N, 0.4 N (P = 3, N = 3).
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4];
const positive = [1, 1, 0, 1, 0, 0];

describe('rocCurve()', () => {
  it('gives one point per distinct score from (0, 0) and AUC = 8/9 (8 of 9 pairs ordered)', () => {
    const { points, auc } = rocCurve(scores, positive);
    expect(points.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 1 / 3],
      [0, 2 / 3],
      [1 / 3, 2 / 3],
      [1 / 3, 1],
      [2 / 3, 1],
      [1, 1]
    ]);
    expect(auc).toBeCloseTo(8 / 9, 12);
  });

  it('tied scores move together (one diagonal step, AUC 0.5); one class only → NaN', () => {
    const tie = rocCurve([0.5, 0.5], [1, 0]);
    expect(tie.points.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [1, 1]
    ]);
    expect(tie.auc).toBe(0.5);
    expect(rocCurve([0.2, 0.3], [1, 1]).auc).toBeNaN();
  });
});

describe('prCurve()', () => {
  it('AP = 1/3·1 + 1/3·1 + 1/3·3/4 = 11/12 (sklearn average_precision_score)', () => {
    const { points, ap } = prCurve(scores, positive);
    expect(points.map((p) => [p.recall, p.precision])).toEqual([
      [1 / 3, 1],
      [2 / 3, 1],
      [2 / 3, 2 / 3],
      [1, 3 / 4],
      [1, 3 / 5],
      [1, 1 / 2]
    ]);
    expect(ap).toBeCloseTo(11 / 12, 12);
  });
});

describe('confusion, calibration, threshold, gain, histogram', () => {
  // 3 classes; rows: actual 0 → pred 0, actual 0 → pred 1, actual 1 → pred 1, actual 2 → pred 1,
  // actual 2 → pred 2.
  const proba = [0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0, 0.2, 0.8];
  const y = [0, 0, 1, 2, 2];

  it('confusionCounts() counts actual × predicted; rowNormalise() divides by row sums', () => {
    const m = confusionCounts(proba, y, 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 1, 1]
    ]);
    expect(rowNormalise(m)).toEqual([
      [0.5, 0.5, 0],
      [0, 1, 0],
      [0, 0.5, 0.5]
    ]);
    expect(rowNormalise([[0, 0]])).toEqual([[0, 0]]);
    const cells = confusionCells(['a', 'b', 'c'], rowNormalise(m), true);
    expect(cells).toHaveLength(9);
    expect(cells[1]).toEqual({ actual: '0', predicted: '1', value: 0.5, text: '50%' });
  });

  it('oneVsRest() picks class k scores and flags', () => {
    const { scores: s, positive: p } = oneVsRest(proba, y, 3, 2);
    expect(Array.from(s)).toEqual([0.1, 0.1, 0.1, 0.4, 0.8]);
    expect(Array.from(p)).toEqual([0, 0, 0, 1, 1]);
  });

  it('calibrationBins(): 10 bins, empty ones left out, probability 1 in the last bin', () => {
    const bins = calibrationBins([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1]);
    expect(bins.map((b) => [b.lo, b.count, b.observed])).toEqual([
      [0, 1, 0],
      [0.1, 2, 0.5],
      [0.9, 2, 1]
    ]);
    expect(bins[1].predicted).toBeCloseTo(0.135, 12);
    expect(bins[2].predicted).toBeCloseTo(0.975, 12);
  });

  it('statsAt(0.6): tp 3 fp 1 fn 0 tn 2 → precision 3/4, recall 1, F1 6/7', () => {
    expect(statsAt(scores, positive, 0.6)).toEqual({
      threshold: 0.6,
      tp: 3,
      fp: 1,
      fn: 0,
      tn: 2,
      precision: 0.75,
      recall: 1,
      f1: 6 / 7
    });
    const none = statsAt(scores, positive, 0.95);
    expect(none.precision).toBeNaN();
    expect(none.f1).toBe(0);
    const sweep = thresholdSweep(scores, positive, 4);
    expect(sweep.map((s) => s.threshold)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(sweep[0].recall).toBe(1);
    expect(sweep[0].precision).toBe(0.5);
  });

  it('gainCurve() in thirds: 2/3 of positives in the top third (lift 2), all by 2/3 (lift 1.5)', () => {
    const g = gainCurve(scores, positive, 3);
    expect(g.map((p) => [p.population, p.gain])).toEqual([
      [0, 0],
      [1 / 3, 2 / 3],
      [2 / 3, 1],
      [1, 1]
    ]);
    expect(g[1].lift).toBeCloseTo(2, 12);
    expect(g[2].lift).toBeCloseTo(1.5, 12);
    expect(g[0].lift).toBeNaN();
  });

  it('histogram() bins equal widths with the maximum in the last bin, skipping NaN', () => {
    expect(histogram([0, 1, 2, 3, 4, NaN], 4)).toEqual({
      edges: [0, 1, 2, 3, 4],
      counts: [1, 1, 1, 2]
    });
    expect(histogram([5, 5], 4)).toEqual({ edges: [5, 5], counts: [2] });
    expect(histogram([NaN], 4)).toEqual({ edges: [], counts: [] });
  });

  it('strideIndices() thins by a fixed stride', () => {
    expect(strideIndices(5, 2)).toEqual([0, 3]);
    expect(strideIndices(3, 10)).toEqual([0, 1, 2]);
  });
});

describe('evaluation specs', () => {
  it('rocSpec() puts the AUC in the title; multiclass: macro average and one series per class', () => {
    const roc = rocCurve(scores, positive);
    const one = rocSpec('roc', 'ROC', [{ name: 'yes', points: roc.points, area: roc.auc }], {
      x: 'FPR',
      y: 'TPR'
    });
    expect(one.title).toBe('ROC (AUC = 0.889)');
    expect(markData(one.options, 1)).toHaveLength(7);
    const multi = rocSpec(
      'roc',
      'ROC',
      [
        { name: 'a', points: roc.points, area: 1 },
        { name: 'b', points: roc.points, area: 0.5 }
      ],
      { x: 'FPR', y: 'TPR' }
    );
    expect(multi.title).toBe('ROC (AUC macro = 0.750)');
    const series = new Set(
      (markData(multi.options, 1) as { series: string }[]).map((r) => r.series)
    );
    expect([...series]).toEqual(['a (1.000)', 'b (0.500)']);
    const pr = prCurve(scores, positive);
    expect(
      prSpec('pr', 'PR', [{ name: 'yes', points: pr.points, area: pr.ap }], { x: 'R', y: 'P' })
        .title
    ).toBe('PR (AP = 0.917)');
  });

  it('confusionSpec() has K² cells; threshold, gain, regression and learning specs build', () => {
    const m = [
      [3, 1],
      [0, 2]
    ];
    const c = confusionSpec('cm', 'CM', ['no', 'yes'], m, false, { actual: 'a', predicted: 'p' });
    expect(markData(c.options)).toHaveLength(4);
    const t = thresholdSpec('thr', 'T', thresholdSweep(scores, positive, 10), 0.5, {
      x: 't',
      y: 'v',
      precision: 'P',
      recall: 'R',
      f1: 'F1'
    });
    // 11 thresholds × 3 metrics, minus precision where nothing is called positive (t = 1.0).
    expect(markData(t.options)).toHaveLength(32);
    const g = gainSpec(
      'lift',
      'L',
      [{ name: 'yes', points: gainCurve(scores, positive, 3) }],
      'lift',
      {
        x: 'x',
        y: 'y'
      }
    );
    expect(markData(g.options, 1)).toHaveLength(3);
    const actual = [1, 2, 3, 4];
    const pred = [1.5, 2, 2.5, 4];
    const pa = predictedActualSpec('pa', 'PA', actual, pred, { x: 'a', y: 'p' });
    expect(markData(pa.options, 0)).toEqual([
      [1, 1],
      [4, 4]
    ]);
    const rs = residualsSpec('res', 'R', actual, pred, { x: 'p', y: 'r' });
    expect((markData(rs.options, 1) as { residual: number }[]).map((d) => d.residual)).toEqual([
      -0.5, 0, 0.5, 0
    ]);
    const rh = residualHistogramSpec('rh', 'H', actual, pred, { x: 'r', y: 'n' });
    expect((markData(rh.options) as { count: number }[]).reduce((a, b) => a + b.count, 0)).toBe(4);
    const lc = learningCurveSpec(
      'lc',
      'LC',
      [
        { size: 10, mean: 0.7, std: 0.1 },
        { size: 20, mean: 0.8, std: 0 }
      ],
      { x: 'n', y: 's' }
    );
    expect(markData(lc.options)).toEqual([
      { size: 10, mean: 0.7, std: 0.1, lo: 0.6, hi: 0.7999999999999999 },
      { size: 20, mean: 0.8, std: 0, lo: 0.8, hi: 0.8 }
    ]);
  });
});

/** nOutputs × nRows × nFeatures SHAP with value(o, r, f) = fn(o, r, f). */
function shapOf(
  nOutputs: number,
  nRows: number,
  nFeatures: number,
  fn: (o: number, r: number, f: number) => number,
  base = 0.5
): ShapValues {
  const values = new Float64Array(nOutputs * nRows * nFeatures);
  const margin = new Float64Array(nOutputs * nRows);
  for (let o = 0; o < nOutputs; o++)
    for (let r = 0; r < nRows; r++) {
      let m = base;
      for (let f = 0; f < nFeatures; f++) {
        const v = fn(o, r, f);
        values[(o * nRows + r) * nFeatures + f] = v;
        m += v;
      }
      margin[o * nRows + r] = m;
    }
  return {
    method: 'tree',
    nRows,
    nFeatures,
    nOutputs,
    outputNames: Array.from({ length: nOutputs }, (_, o) => `c${o}`),
    featureNames: Array.from({ length: nFeatures }, (_, f) => `f${f}`),
    baseValue: new Float64Array(nOutputs).fill(base),
    values,
    margin
  };
}

describe('SHAP builders', () => {
  // Two rows, three features: f0 = ±1, f1 = ±3, f2 = 0.5 / −0.5 (× (o + 1) per output).
  const table = [
    [1, -3, 0.5],
    [-1, 3, -0.5]
  ];
  const shapes = {
    binary: shapOf(1, 2, 3, (_, r, f) => table[r][f]),
    multiclass: shapOf(3, 2, 3, (o, r, f) => table[r][f] * (o + 1)),
    regression: shapOf(1, 2, 3, (_, r, f) => table[r][f] * 10, 100)
  };

  it('meanAbsByFeature() / featureOrder(): mean |SHAP| per output, f1 > f0 > f2', () => {
    expect(Array.from(meanAbsByFeature(shapes.binary))).toEqual([1, 3, 0.5]);
    expect(Array.from(meanAbsByFeature(shapes.multiclass))).toEqual([
      1, 3, 0.5, 2, 6, 1, 3, 9, 1.5
    ]);
    expect(featureOrder(shapes.multiclass)).toEqual([1, 0, 2]);
  });

  it.each(Object.entries(shapes))('%s: every SHAP builder handles the output shape', (_, s) => {
    const rows = shapBarRows(s);
    expect(rows).toHaveLength(3 * s.nOutputs);
    expect(rows[0].feature).toBe('f1');
    shapBarSpec('shap:bar', 'bar', s, { x: 'x', legend: 'l' });
    const fv = new Float64Array([0, 5, NaN, 10, 7, NaN]);
    for (let o = 0; o < s.nOutputs; o++) {
      const spec = beeswarmSpec('shap:bee', 'bee', s, fv, o, { x: 'x', legend: 'l' });
      const grey = markData(spec.options, 1).length;
      const coloured = markData(spec.options, 2).length;
      expect(grey + coloured).toBe(6);
      expect(grey).toBe(2);
      const steps = waterfallSteps(s, o, 1, fv, { base: 'E', rest: '{n} more', output: 'f(x)' });
      // The chain starts at the base value and ends at the model's margin (additivity).
      expect(steps[0].x1).toBe(s.baseValue[o]);
      expect(steps.at(-1)?.x2).toBeCloseTo(s.margin[o * s.nRows + 1], 12);
      waterfallSpec('shap:waterfall', 'w', steps, { x: 'margin' });
      dependenceSpec('shap:dep', 'd', s, fv, 0, o, 1, { y: 'SHAP' });
    }
  });

  it('waterfallSteps() orders by |value| and sums the rest into one step', () => {
    const s = shapes.binary;
    const steps = waterfallSteps(s, 0, 0, null, { base: 'E', rest: '{n} more', output: 'f(x)' }, 1);
    expect(steps.map((st) => [st.label, st.x1, st.x2])).toEqual([
      ['E', 0.5, 0.5],
      ['f1', 0.5, -2.5],
      ['2 more', -2.5, -1],
      ['f(x)', -1, -1]
    ]);
  });

  it('beeswarmDots() colours by the 5th–95th percentile of the value, grey for NaN', () => {
    const fv = new Float64Array([0, 5, NaN, 10, 7, NaN]);
    const dots = beeswarmDots(shapes.binary, fv, 0);
    const f0 = dots.filter((d) => d.feature === 'f0');
    expect(f0.map((d) => d.color)).toEqual([0, 1]);
    expect(dots.filter((d) => d.feature === 'f2').map((d) => d.color)).toEqual([null, null]);
    // Rank 0 is the most important feature (f1).
    expect(dots.filter((d) => d.feature === 'f1').every((d) => Math.abs(d.y) <= 0.4)).toBe(true);
  });

  it('strongestInteraction() finds the feature behind the vertical spread', () => {
    // SHAP(f0) = x1 (alternating ±1, unrelated to x0 = row index); x2 = 2 · row (tracks x0 only).
    const n = 40;
    const fv = new Float64Array(n * 3);
    for (let r = 0; r < n; r++) {
      fv[r * 3] = r;
      fv[r * 3 + 1] = r % 2 ? 1 : -1;
      fv[r * 3 + 2] = 2 * r;
    }
    const s = shapOf(1, n, 3, (_, r, f) => (f === 0 ? fv[r * 3 + 1] : 0));
    expect(strongestInteraction(s, fv, 0, 0)).toBe(1);
    expect(
      strongestInteraction(
        shapOf(1, n, 3, () => 0),
        fv,
        0,
        0
      )
    ).toBe(-1);
  });
});
