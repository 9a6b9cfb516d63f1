/**
 * What the session's ML_RESULTS keeps about an evaluation: the top raw columns by mean |SHAP|
 * (grouped view, summed over outputs) and the SHAP summary (mean |SHAP| per raw column and per
 * output), so other views (reports, chat) read them without the per-row values.
 */
import { meanAbsByFeature, featureOrder } from '$lib/charts/shap';
import type { Evaluation } from '$workers/api/ml-api';

/** Mean |SHAP| of one raw column: `value` summed over outputs, `perOutput` per output. */
export interface ShapSummaryRow {
  name: string;
  value: number;
  perOutput: number[];
}

export interface ShapSummary {
  outputs: string[];
  method: string;
  rows: number;
  features: ShapSummaryRow[];
}

/** Columns shown as top_features. */
export const TOP_FEATURES = 10;

export function topFeatures(e: Evaluation): { top_features: string[]; shap_summary: ShapSummary } {
  const s = e.shap?.grouped;
  if (!s)
    return { top_features: [], shap_summary: { outputs: [], method: '', rows: 0, features: [] } };
  const m = meanAbsByFeature(s);
  const features = featureOrder(s).map((f) => {
    const perOutput = Array.from({ length: s.nOutputs }, (_, o) => m[o * s.nFeatures + f]);
    return { name: s.featureNames[f], value: perOutput.reduce((a, b) => a + b, 0), perOutput };
  });
  return {
    top_features: features.slice(0, TOP_FEATURES).map((f) => f.name),
    shap_summary: { outputs: [...s.outputNames], method: s.method, rows: s.nRows, features }
  };
}
