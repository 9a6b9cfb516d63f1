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
