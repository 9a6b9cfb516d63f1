/**
 * explainBundle: SHAP of a saved model bundle on rows of a raw frame — the bundle's own pipeline
 * and estimator (decodePipeline + decodeAnyModel), the design-feature SHAP (explainModel) and the
 * same values summed back to the raw columns (groupShap). Blends are explained on raw columns
 * directly (frame-shap.ts), so their `shap` and `grouped` are the same values.
 */
import { decodeAnyModel } from '../bundle/models';
import { checkBundleInput } from '../bundle/predict';
import type { ModelBundle } from '../bundle/types';
import { allRows, checkRows } from '../frame/subset';
import type { Frame } from '../frame/types';
import type { EncodedModel } from '../models/types';
import { decodePipeline } from '../preprocess/index';
import { createRng, sampleWithoutReplacement } from '../rng';
import { intOption } from './errors';
import { explainModel } from './explain-model';
import { frameShap, stackColumns } from './frame-shap';
import { groupShap, ungrouped } from './group';
import type { GroupedShap, ShapValues } from './types';

export interface ExplainBundleOptions {
  /** Frame the background rows come from (default: `frame`, the explained data). */
  background?: Frame;
  /** Rows of the background frame to use (default: all). */
  backgroundRows?: Uint32Array;
  /** Background rows kept for sampling SHAP (k-means centroids or a sample); default 32. */
  backgroundSize?: number;
  /** Orderings per row for sampling SHAP (default 64). */
  samples?: number;
  seed?: number;
  exact?: 'auto' | boolean;
}

/** Output labels of a bundle: [positive class] binary, classes multiclass, [target] regression. */
export function bundleOutputNames(bundle: ModelBundle): string[] {
  if (bundle.problemType === 'binary') return [bundle.classes[1] ?? '1'];
  if (bundle.problemType === 'multiclass') return [...bundle.classes];
  return [bundle.target];
}

/**
 * @param rows Uint32Array: the rows of `frame` to explain.
 * @throws DataValidationError SCHEMA_MISMATCH (frame vs the bundle's inputs), INVALID_INPUT (rows),
 *   EXPLAIN_OPTION; AppError INVALID_MODEL.
 */
export function explainBundle(
  bundle: ModelBundle,
  frame: Frame,
  rows: Uint32Array,
  opts: ExplainBundleOptions = {}
): { shap: ShapValues; grouped: GroupedShap } {
  checkBundleInput(bundle, frame);
  checkRows(rows, frame.nRows);
  const bgFrame = opts.background ?? frame;
  if (opts.background) checkBundleInput(bundle, bgFrame);
  const bgRows = opts.backgroundRows ?? allRows(bgFrame.nRows);
  checkRows(bgRows, bgFrame.nRows);
  const seed = opts.seed ?? 42;
  const outputNames = bundleOutputNames(bundle);
  if (bundle.model.family === 'blend') {
    const shap = explainBlend(bundle, frame, rows, bgFrame, bgRows, { ...opts, seed }, outputNames);
    return { shap, grouped: ungrouped(shap) };
  }
  const pipeline = decodePipeline(bundle.pipeline);
  const model = decodeAnyModel(bundle.model);
  const X = pipeline.transform(frame, rows);
  const shap = explainModel(model, X, {
    background: pipeline.transform(bgFrame, bgRows),
    backgroundSize: opts.backgroundSize,
    samples: opts.samples,
    seed,
    exact: opts.exact,
    outputNames
  });
  return { shap, grouped: groupShap(shap, X.source, pipeline.sourceNames) };
}

function explainBlend(
  bundle: ModelBundle,
  frame: Frame,
  rows: Uint32Array,
  bgFrame: Frame,
  bgRows: Uint32Array,
  opts: ExplainBundleOptions & { seed: number },
  outputNames: string[]
): ShapValues {
  const members = (
    bundle.model.state as { members: { pipeline: unknown; model: EncodedModel }[] }
  ).members.map((m) => ({ pipeline: decodePipeline(m.pipeline), model: decodeAnyModel(m.model) }));
  // Players: the raw columns any member reads, in first-seen order.
  const names: string[] = [];
  for (const m of members)
    for (const c of m.pipeline.inputSchema) if (!names.includes(c.name)) names.push(c.name);
  const size = intOption('backgroundSize', opts.backgroundSize, 32, 1, 10_000);
  const picked =
    bgRows.length > size
      ? Uint32Array.from(
          sampleWithoutReplacement(bgRows.length, size, createRng(opts.seed)),
          (i) => bgRows[i]
        )
      : bgRows;
  const stacked = stackColumns(names, frame, rows, bgFrame, picked);
  const K = outputNames.length;
  const classification = bundle.problemType !== 'regression';
  const f = (fr: Frame): Float64Array => {
    const out = new Float64Array(fr.nRows * K);
    for (const m of members) {
      const p = m.model.predict(m.pipeline.transform(fr));
      const width = p.length / fr.nRows;
      for (let r = 0; r < fr.nRows; r++)
        for (let k = 0; k < K; k++)
          // Binary: the positive class's probability (column 1 of 2).
          out[r * K + k] += p[r * width + (classification && K === 1 ? 1 : k)] / members.length;
    }
    return out;
  };
  return frameShap(
    f,
    K,
    stacked,
    rows.length,
    new Float64Array(picked.length).fill(1 / picked.length),
    {
      samples: intOption('samples', opts.samples, 64, 2, 100_000),
      seed: opts.seed,
      exact: opts.exact,
      outputNames
    }
  );
}
