/**
 * Types of the report subsystem: what `buildReport` takes (a session's data, EDA, model, SHAP,
 * evaluation), the options, and the `ReportModel` it returns. The model is language-resolved plain
 * data — sections of generic blocks (paragraphs, key/value lists, tables, charts) — so the three
 * renderers (HTML, Markdown, PDF) stay thin and show exactly the same content. Every string in it
 * may come from a user or a file: renderers escape them, the model never holds markup.
 */
import type { DatasetInfo, DataWarning } from '../data/types';
import type { EdaResults } from '../eda/types';
import type { Lang } from '../errors';
import type { ModelBundle } from '../bundle/types';

/** Sections in report order. */
export type ReportSectionId =
  | 'overview'
  | 'warnings'
  | 'eda'
  | 'charts'
  | 'leaderboard'
  | 'metrics'
  | 'evaluation'
  | 'shap'
  | 'recommendations';

export const REPORT_SECTIONS: readonly ReportSectionId[] = [
  'overview',
  'warnings',
  'eda',
  'charts',
  'leaderboard',
  'metrics',
  'evaluation',
  'shap',
  'recommendations'
];

/** Evaluation of the model on labelled rows (holdout or the report's file); all optional. */
export interface EvaluationData {
  /** Where the rows come from, e.g. 'holdout' or a file name (shown as text). */
  source?: string;
  rows?: number;
  /** Class labels in matrix order. */
  labels?: string[];
  /** confusion[t][p] = rows of true class t predicted as p (labels.length square). */
  confusion?: number[][];
  /** ROC of the positive class: false / true positive rates, same length, fpr ascending. */
  roc?: { fpr: number[]; tpr: number[]; auc?: number; positive?: string };
}

/** One explained row: base value + Σ contributions = prediction (margin scale). */
export interface LocalExplanation {
  /** Row index in the explained data (0-based). */
  row: number;
  baseValue: number;
  prediction: number;
  /** Contributions per raw column (any order; renderers show the largest |value| first). */
  contributions: { feature: string; value: number }[];
}

/** SHAP summary for the report (raw columns, one output). */
export interface ShapSummary {
  method?: string;
  /** The output explained: positive class, a class label or the target. */
  outputName?: string;
  /** Rows the importance was averaged over. */
  rows?: number;
  /** Mean |SHAP| per raw column. */
  importance: { feature: string; value: number }[];
  local?: LocalExplanation[];
}

/** Everything a session holds that a report can show; only `dataset` is required. */
export interface ReportInput {
  dataset: DatasetInfo;
  /** File / session name shown in the report. */
  datasetName?: string;
  /** Validation warnings (default: `dataset.warnings`). */
  warnings?: DataWarning[];
  eda?: EdaResults;
  /** The trained model (leaderboard, metrics, family, params); absent → EDA-only report. */
  bundle?: ModelBundle;
  evaluation?: EvaluationData;
  shap?: ShapSummary;
  /** ISO time of generation (default: now) — pass it for reproducible output. */
  generatedAt?: string;
}

export interface ReportOptions {
  /** Sections to include (default all that have data), always shown in report order. */
  sections?: readonly ReportSectionId[];
  /** Default 'pl'. */
  lang?: Lang;
  /** Default: "Raport DataGenius PRO — <dataset>" / "DataGenius PRO report — <dataset>". */
  title?: string;
  author?: string;
}

/** Horizontal bars (one per label). */
export interface BarChart {
  type: 'bar';
  title: string;
  labels: string[];
  /** Same length as labels. */
  values: number[];
  /** Axis caption of the values. */
  valueLabel?: string;
  /** Show values as percentages (values are shares 0 … 1). */
  percent?: boolean;
}

/** Histogram: edges.length = counts.length + 1. */
export interface HistogramChart {
  type: 'histogram';
  title: string;
  edges: number[];
  counts: number[];
}

/** Line chart in [0, 1]² (ROC) with an optional diagonal. */
export interface LineChart {
  type: 'line';
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  diagonal: boolean;
}

/** Heat map of counts (confusion matrix): values[r][c]. */
export interface HeatmapChart {
  type: 'heatmap';
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
  xLabel: string;
  yLabel: string;
}

export type ChartSpec = BarChart | HistogramChart | LineChart | HeatmapChart;

export type Severity = 'info' | 'warning' | 'critical';

export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'keyValues'; rows: [string, string][] }
  | {
      kind: 'table';
      head: string[];
      rows: string[][];
      /** Per column: numbers right-aligned. */
      numeric: boolean[];
      /** Shown under the table (e.g. "first 50 of 120 columns"). */
      note?: string;
    }
  | { kind: 'list'; items: { text: string; severity?: Severity }[] }
  | { kind: 'chart'; chart: ChartSpec };

export interface ReportSectionModel {
  id: ReportSectionId;
  title: string;
  blocks: ReportBlock[];
}

/** The language-resolved report every renderer draws. */
export interface ReportModel {
  lang: Lang;
  title: string;
  author?: string;
  generatedAt: string;
  /** One line under the title: dataset, rows × columns, model. */
  subtitle: string;
  /** Whether a model section is present (false = EDA-only report). */
  hasModel: boolean;
  sections: ReportSectionModel[];
  /** UI words the renderers need, in the report's language. */
  words: {
    toc: string;
    page: string;
    of: string;
    author: string;
    generated: string;
    severity: Record<Severity, string>;
  };
}
