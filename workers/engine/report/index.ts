/** The report subsystem's public surface (README.md: model, formats, safety). */
export { buildReport } from './build';
export { renderHtml } from './html';
export type { HtmlOptions } from './html';
export { renderMarkdown, chartFiles, base64Utf8 } from './markdown';
export type { MarkdownOptions } from './markdown';
export { renderPdf, PDF_FONT_FILES } from './pdf';
export type { PdfFonts, PdfOptions } from './pdf';
export { chartSvg } from './svg';
export { escapeHtml, escapeMarkdown } from './escape';
export { evaluationFromProba, shapSummary } from './evaluation';
export { recommend } from './recommendations';
export type { Recommendation } from './recommendations';
export { reportFailed } from './errors';
export { REPORT_SECTIONS } from './types';
export type {
  ChartSpec,
  EvaluationData,
  LocalExplanation,
  ReportBlock,
  ReportInput,
  ReportModel,
  ReportOptions,
  ReportSectionId,
  ReportSectionModel,
  ShapSummary
} from './types';
export { csvField, neutraliseCell, toCsv, toCsvChunks } from './csv';
export type { CsvCell, CsvColumn, CsvOptions } from './csv';
