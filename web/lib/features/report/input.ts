/**
 * The report's input from what a session holds: dataset info and name, EDA results, the model
 * (imported or the AutoML champion; none → EDA-only report), and — once Explain has run for that
 * model — the holdout evaluation (confusion matrix, ROC) and the SHAP summary. Pure functions over
 * typed arrays: ReportState calls them, tests check them against hand-computed numbers.
 */
import type { DatasetInfo, EdaResults, ModelBundle } from '$engine';
// Direct modules, not the report index: the page must not pull in the renderers (they run in the
// report worker).
import { evaluationFromProba, shapSummary } from '$engine/report/evaluation';
import { REPORT_SECTIONS } from '$engine/report/types';
import type {
  EvaluationData,
  LocalExplanation,
  ReportInput,
  ReportSectionId,
  ShapSummary
} from '$engine/report/types';
import type { Evaluation } from '$workers/api/ml-api';

/** What the session has for a report (each part may be missing but the dataset). */
export interface ReportSources {
  info: DatasetInfo;
  /** Session name, else the file name. */
  name?: string | null;
  eda?: EdaResults | null;
  /** `explain.imported ?? automl.bundle`. */
  bundle?: ModelBundle | null;
  /** `explain.result`: used only when it evaluated `bundle` (same model id). */
  evaluation?: Evaluation | null;
  /** ISO time shown in the report (default: now, set by the engine). */
  generatedAt?: string;
}

/** Local explanations in the report (the first explained holdout rows). */
export const LOCAL_ROWS = 3;
/** ROC points drawn at most: a 200 k-row holdout would otherwise put 200 k points in the SVG/PDF. */
export const MAX_ROC_POINTS = 400;
/** Shown as the evaluation's source (the same word in both languages). */
export const EVALUATION_SOURCE = 'holdout';

/** The evaluation of `bundle`, or null when Explain evaluated another model (or nothing). */
export function evaluationFor(
  bundle: ModelBundle | null | undefined,
  e: Evaluation | null | undefined
): Evaluation | null {
  return bundle && e && e.modelId === bundle.id ? e : null;
}

/** Keeps ≤ max points of a monotone curve, evenly by index, first and last always. */
function thin(fpr: number[], tpr: number[], max: number): { fpr: number[]; tpr: number[] } {
  if (fpr.length <= max) return { fpr, tpr };
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (fpr.length - 1)) / (max - 1)));
  return { fpr: idx.map((i) => fpr[i]), tpr: idx.map((i) => tpr[i]) };
}

/**
 * Confusion matrix and (binary) ROC of the holdout predictions — classification only (null for
 * regression, or when the arrays do not fit together). Rows whose target code is not a class code
 * (0 … K − 1) are left out. The AUC is computed on every point; the drawn curve is thinned.
 */
export function reportEvaluation(e: Evaluation): EvaluationData | null {
  if (e.task === 'regression') return null;
  const K = e.classes.length;
  const n = e.y.length;
  if (K < 2 || e.predictions.length !== n * K) return null;
  const keep: number[] = [];
  for (let i = 0; i < n; i++)
    if (Number.isInteger(e.y[i]) && e.y[i] >= 0 && e.y[i] < K) keep.push(i);
  if (!keep.length) return null;
  const proba = new Float64Array(keep.length * K);
  const codes = new Int32Array(keep.length);
  keep.forEach((r, i) => {
    proba.set(e.predictions.subarray(r * K, (r + 1) * K), i * K);
    codes[i] = e.y[r];
  });
  const ev = evaluationFromProba(proba, codes, [...e.classes], EVALUATION_SOURCE);
  if (ev.roc) ev.roc = { ...ev.roc, ...thin(ev.roc.fpr, ev.roc.tpr, MAX_ROC_POINTS) };
  return ev;
}

/**
 * SHAP summary of the explained holdout rows, raw columns (the grouped view). Binary and
 * regression: the one output (positive class / target). Multiclass: importance is the mean |SHAP|
 * summed over the classes (as the app's SHAP summary does), and each local explanation is for the
 * class the model predicts for that row. Local rows are numbered by their row in the prepared
 * table (`holdoutRows`).
 */
export function reportShap(e: Evaluation): ShapSummary | null {
  const s = e.shap;
  const g = s?.grouped;
  if (!s || !g || g.nRows === 0 || g.nFeatures === 0) return null;
  const frameRow = (r: number) => {
    const pos = s.holdoutIndex[r];
    return pos !== undefined && e.holdoutRows[pos] !== undefined ? e.holdoutRows[pos] : r;
  };
  const localRows = Math.min(LOCAL_ROWS, g.nRows);
  const withRow = (l: LocalExplanation, r: number): LocalExplanation => ({
    ...l,
    row: frameRow(r)
  });
  if (g.nOutputs <= 1) {
    const one = shapSummary(g, 0, localRows);
    return { ...one, local: (one.local ?? []).map(withRow) };
  }
  const perOutput = Array.from({ length: g.nOutputs }, (_, o) => shapSummary(g, o, localRows));
  const importance = perOutput[0].importance.map((f, j) => ({
    feature: f.feature,
    value: perOutput.reduce((sum, p) => sum + p.importance[j].value, 0)
  }));
  const K = e.classes.length;
  const local = Array.from({ length: localRows }, (_, r) => {
    const pos = s.holdoutIndex[r];
    let best = 0;
    for (let k = 1; k < K; k++)
      if (e.predictions[pos * K + k] > e.predictions[pos * K + best]) best = k;
    const o = best < g.nOutputs ? best : 0;
    return withRow(perOutput[o].local![r], r);
  });
  return {
    method: g.method,
    outputName: g.outputNames.join(', '),
    rows: g.nRows,
    importance,
    local
  };
}

/** The ReportInput for buildReport: only `dataset` is required; missing parts leave sections out. */
export function assembleReportInput(src: ReportSources): ReportInput {
  const input: ReportInput = { dataset: src.info };
  const name = src.name?.trim();
  if (name) input.datasetName = name;
  if (src.eda) input.eda = src.eda;
  if (src.bundle) input.bundle = src.bundle;
  const e = evaluationFor(src.bundle, src.evaluation);
  if (e) {
    const ev = reportEvaluation(e);
    if (ev) input.evaluation = ev;
    const shap = reportShap(e);
    if (shap) input.shap = shap;
  }
  if (src.generatedAt) input.generatedAt = src.generatedAt;
  return input;
}

/** Sections the input has data for, in report order (the checkboxes offered). */
export function availableSections(input: ReportInput): ReportSectionId[] {
  const has: Record<ReportSectionId, boolean> = {
    overview: true,
    warnings: true,
    eda: !!input.eda,
    charts: !!input.eda,
    leaderboard: !!input.bundle,
    metrics: !!input.bundle,
    evaluation: !!input.evaluation,
    shap: !!input.shap?.importance.length,
    recommendations: true
  };
  return REPORT_SECTIONS.filter((s) => has[s]);
}
