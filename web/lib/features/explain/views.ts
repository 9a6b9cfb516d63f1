/**
 * Chart specs of an evaluation for the current view choices (pure; `tr` is the translator, so the
 * builders stay testable in Node). Binary, multiclass and regression go through the same calls:
 * classification curves are one-vs-rest per class (binary: the positive class only).
 */
import type { ShapValues } from '$engine/explain/types';
import type { Evaluation } from '$workers/api/ml-api';
import {
  beeswarmSpec,
  calibrationBins,
  calibrationSpec,
  confusionCounts,
  confusionSpec,
  dependenceSpec,
  featureOrder,
  gainCurve,
  gainSpec,
  learningCurveSpec,
  oneVsRest,
  prCurve,
  prSpec,
  predictedActualSpec,
  residualHistogramSpec,
  residualsSpec,
  rocCurve,
  rocSpec,
  rowNormalise,
  shapBarSpec,
  statsAt,
  strongestInteraction,
  thresholdSpec,
  thresholdSweep,
  waterfallSpec,
  waterfallSteps,
  type ChartSpec
} from '$lib/charts';

export type Tr = (key: string, params?: Record<string, string | number>) => string;

export interface ShapView {
  shap: ShapValues;
  /** Float64Array nRows × nFeatures. */
  values: Float64Array;
  /** Category labels per feature (text columns of the grouped view), else null. */
  categories: (string[] | null)[] | null;
}

/** The SHAP of the chosen view (encoded features or raw columns); null when not available. */
export function shapView(e: Evaluation, encoded: boolean): ShapView | null {
  const s = e.shap;
  if (!s) return null;
  if (encoded && s.encoded.nRows > 0)
    return { shap: s.encoded, values: s.encodedValues, categories: null };
  return { shap: s.grouped, values: s.groupedValues, categories: s.groupedCategories ?? null };
}

function clampOutput(v: ShapView, o: number): number {
  return Math.min(Math.max(0, Math.floor(o) || 0), v.shap.nOutputs - 1);
}

export function globalSpecs(v: ShapView, output: number, tr: Tr): ChartSpec[] {
  const o = clampOutput(v, output);
  const name = v.shap.outputNames[o] ?? '';
  return [
    shapBarSpec('shap:bar', tr('explain.chart.bar'), v.shap, {
      x: tr('explain.axis.meanAbs'),
      legend: tr('explain.axis.class')
    }),
    beeswarmSpec(
      'shap:beeswarm',
      v.shap.nOutputs > 1
        ? `${tr('explain.chart.beeswarm')} — ${name}`
        : tr('explain.chart.beeswarm'),
      v.shap,
      v.values,
      o,
      { x: tr('explain.axis.shap'), legend: tr('explain.axis.featureValue') }
    )
  ];
}

export function waterfallFor(
  v: ShapView,
  output: number,
  row: number,
  rowLabel: string,
  tr: Tr
): ChartSpec {
  const o = clampOutput(v, output);
  const r = Math.min(Math.max(0, Math.floor(row) || 0), v.shap.nRows - 1);
  const steps = waterfallSteps(
    v.shap,
    o,
    r,
    v.values,
    {
      base: tr('explain.waterfall.base'),
      rest: tr('explain.waterfall.rest'),
      output: tr('explain.waterfall.output')
    },
    10,
    v.categories
  );
  const name = v.shap.nOutputs > 1 ? ` — ${v.shap.outputNames[o]}` : '';
  return waterfallSpec(
    'shap:waterfall',
    `${tr('explain.chart.waterfall', { row: rowLabel })}${name}`,
    steps,
    {
      x: tr('explain.axis.margin')
    }
  );
}

/** Features with at least one numeric value (a dependence plot needs an x), most important first. */
export function numericFeatures(v: ShapView): number[] {
  const nF = v.shap.nFeatures;
  return featureOrder(v.shap).filter((f) => {
    for (let r = 0; r < v.shap.nRows; r++) if (Number.isFinite(v.values[r * nF + f])) return true;
    return false;
  });
}

/**
 * Dependence plot of feature `f` (−1, or a feature without numeric values: the most important
 * numeric one) with its interaction partner; null when no feature has numeric values.
 */
export function dependenceFor(
  v: ShapView,
  output: number,
  f: number,
  tr: Tr
): { spec: ChartSpec; feature: number; by: number } | null {
  const o = clampOutput(v, output);
  const candidates = numericFeatures(v);
  if (!candidates.length) return null;
  const feature = candidates.includes(f) ? f : candidates[0];
  const by = strongestInteraction(v.shap, v.values, feature, o);
  const name = v.shap.featureNames[feature];
  const title =
    by >= 0
      ? tr('explain.chart.dependenceBy', { feature: name, by: v.shap.featureNames[by] })
      : tr('explain.chart.dependence', { feature: name });
  const spec = dependenceSpec(
    'shap:dependence',
    title,
    v.shap,
    v.values,
    feature,
    o,
    by,
    {
      y: tr('explain.axis.shapOf', { feature: name })
    },
    v.categories
  );
  return { spec, feature, by };
}

/** Classes whose one-vs-rest curves are drawn: binary → the positive class only. */
function curveClasses(e: Evaluation): number[] {
  const K = e.classes.length;
  return e.task === 'binary' ? [K - 1] : Array.from({ length: K }, (_, k) => k);
}

/** Scores and flags of the positive class (binary). */
export function positiveScores(e: Evaluation) {
  const K = e.classes.length;
  return oneVsRest(e.predictions, e.y, K, K - 1);
}

export function evaluationSpecs(e: Evaluation, normalised: boolean, tr: Tr): ChartSpec[] {
  if (e.task === 'regression') {
    const ax = { x: tr('explain.axis.actual'), y: tr('explain.axis.predicted') };
    return [
      predictedActualSpec('eval:predicted', tr('explain.chart.predicted'), e.y, e.predictions, ax),
      residualsSpec('eval:residuals', tr('explain.chart.residuals'), e.y, e.predictions, {
        x: tr('explain.axis.predicted'),
        y: tr('explain.axis.residual')
      }),
      residualHistogramSpec(
        'eval:residualHist',
        tr('explain.chart.residualHist'),
        e.y,
        e.predictions,
        {
          x: tr('explain.axis.residual'),
          y: tr('explain.axis.count')
        }
      )
    ];
  }
  const K = e.classes.length;
  const classes = curveClasses(e);
  const ovr = classes.map((k) => ({
    k,
    name: e.classes[k],
    ...oneVsRest(e.predictions, e.y, K, k)
  }));
  const counts = confusionCounts(e.predictions, e.y, K);
  const specs: ChartSpec[] = [
    confusionSpec(
      normalised ? 'eval:confusionNorm' : 'eval:confusion',
      normalised ? tr('explain.chart.confusionNorm') : tr('explain.chart.confusion'),
      e.classes,
      normalised ? rowNormalise(counts) : counts,
      normalised,
      { actual: tr('explain.axis.actual'), predicted: tr('explain.axis.predicted') }
    ),
    rocSpec(
      'eval:roc',
      tr('explain.chart.roc'),
      ovr.map((c) => {
        const r = rocCurve(c.scores, c.positive);
        return { name: c.name, points: r.points, area: r.auc };
      }),
      { x: tr('explain.axis.fpr'), y: tr('explain.axis.tpr') }
    ),
    prSpec(
      'eval:pr',
      tr('explain.chart.pr'),
      ovr.map((c) => {
        const r = prCurve(c.scores, c.positive);
        return { name: c.name, points: r.points, area: r.ap };
      }),
      { x: tr('explain.axis.recall'), y: tr('explain.axis.precision') }
    ),
    calibrationSpec(
      'eval:calibration',
      tr('explain.chart.calibration'),
      ovr.map((c) => ({ name: c.name, bins: calibrationBins(c.scores, c.positive, 10) })),
      { x: tr('explain.axis.meanPredicted'), y: tr('explain.axis.observed') }
    ),
    gainSpec(
      'eval:gain',
      tr('explain.chart.gain'),
      ovr.map((c) => ({ name: c.name, points: gainCurve(c.scores, c.positive, 10) })),
      'gain',
      { x: tr('explain.axis.population'), y: tr('explain.axis.gain') }
    ),
    gainSpec(
      'eval:lift',
      tr('explain.chart.lift'),
      ovr.map((c) => ({ name: c.name, points: gainCurve(c.scores, c.positive, 10) })),
      'lift',
      { x: tr('explain.axis.population'), y: tr('explain.axis.lift') }
    )
  ];
  return specs;
}

export function thresholdFor(e: Evaluation, threshold: number, tr: Tr) {
  const { scores, positive } = positiveScores(e);
  const stats = statsAt(scores, positive, threshold);
  const spec = thresholdSpec(
    'eval:threshold',
    tr('explain.chart.threshold'),
    thresholdSweep(scores, positive, 100),
    threshold,
    {
      x: tr('explain.axis.threshold'),
      y: tr('explain.axis.value'),
      precision: tr('explain.metric.precision'),
      recall: tr('explain.metric.recall'),
      f1: 'F1'
    }
  );
  return { spec, stats };
}

export function learningFor(e: Evaluation, tr: Tr): ChartSpec | null {
  if (!e.learning) return null;
  return learningCurveSpec(
    'eval:learning',
    tr('explain.chart.learning', { metric: e.learning.metric }),
    e.learning.points,
    { x: tr('explain.axis.trainRows'), y: e.learning.metric }
  );
}
