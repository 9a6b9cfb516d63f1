/** Chart builders (pure: engine aggregates → Plot options) and export helpers. */
export { COLORS, MAX_LABEL, labelMargin, shortLabel } from './types';
export type { ChartSpec } from './types';
export { barsSpec, histogramBins, histogramSpec, periodSpec } from './distribution';
export type { Bar, HistogramBin } from './distribution';
export {
  MAX_HEAT_COLUMNS,
  correlationSpec,
  heatCells,
  heatmapSpec,
  maxOffDiagonal,
  topSubMatrix
} from './matrix';
export type { HeatCell } from './matrix';
export { binnedScatterSpec, boxSpec, categoryMeanRows, rateRows, rateSpec } from './target';
export type { RateRow } from './target';
export { downloadBlob, plotSvg, sanitizeFileName, serializeSvg, svgToPng } from './export';
export {
  calibrationBins,
  confusionCounts,
  gainCurve,
  histogram,
  oneVsRest,
  prCurve,
  rocCurve,
  rowNormalise,
  statsAt,
  thresholdSweep
} from './curves';
export type { CalibrationBin, GainPoint, PrPoint, RocPoint, ThresholdStats } from './curves';
export {
  MAX_POINTS,
  calibrationSpec,
  confusionCells,
  confusionSpec,
  gainSpec,
  learningCurveSpec,
  macroArea,
  prSpec,
  predictedActualSpec,
  residualHistogramSpec,
  residualsSpec,
  rocSpec,
  strideIndices,
  thresholdSpec
} from './evaluation';
export type { ConfusionCell, Curve, LearningPoint } from './evaluation';
export {
  MAX_FEATURES,
  SHAP_HIGH,
  SHAP_LOW,
  beeswarmDots,
  beeswarmSpec,
  dependenceSpec,
  featureOrder,
  meanAbsByFeature,
  shapAt,
  shapBarRows,
  shapBarSpec,
  strongestInteraction,
  waterfallSpec,
  waterfallSteps
} from './shap';
export type { ShapBarRow, SwarmDot, WaterfallStep } from './shap';
