/**
 * `datagenius explain <model.json | xgboost-model.json> <file>`: SHAP values of every row of the
 * file (DESIGN.md "Command line"). Our bundles go through the engine's explainBundle (values
 * summed back to the raw columns; the file's own rows are the background for the methods that
 * need one); an XGBoost JSON model (a document with a `learner` key) is imported with the tree
 * engine's importer and explained with exact TreeSHAP on its margin, features matched by the
 * model's feature_names — the numbers XGBoost's `pred_contribs` gives.
 */
import { readFile } from 'node:fs/promises';
import { decodeBundle, parseLenientJson } from '../engine/index';
import type { Lang, ModelBundle } from '../engine/index';
import { allRows } from '../engine/frame/index';
import { explainBundle } from '../engine/explain/explain-bundle';
import { explainXGBoost } from '../engine/explain/xgboost';
import { useTreeShapWasm } from '../node/gbdt-wasm';
import type { ShapValues } from '../engine/explain/types';
import type { ExplainArgs } from './args';
import { loadFrame } from './frame';
import { fileNotFound, printable, withLoadedFile } from './load-file';

/**
 * One output: baseValue number, shap rows × features, margin per row. Several outputs
 * (multiclass): one of each per class — baseValue[k], shap[k][row][feature], margin[k][row].
 */
export interface ExplainSummary {
  ok: true;
  /** 'tree' | 'linear' | 'permutation' (sampling SHAP). */
  method: string;
  /** 'xgboost' or the bundle's family. */
  model: string;
  rows: number;
  /** Column names the values belong to (raw columns). */
  features: string[];
  /** Output names: class labels (multiclass), the positive class (binary), target / 'margin'. */
  outputs: string[];
  baseValue: number | number[];
  shap: number[][] | number[][][];
  margin: number[] | number[][];
  /** Sampling SHAP: orderings per row, background rows, largest standard error. */
  estimate?: { samples: number; background: number; maxStdError: number };
}

/** ShapValues → the CLI's JSON layout. */
export function toSummary(s: ShapValues, model: string): ExplainSummary {
  const { nRows: n, nFeatures: p, nOutputs: K } = s;
  const shapOf = (k: number) =>
    Array.from({ length: n }, (_, r) =>
      Array.from(s.values.subarray((k * n + r) * p, (k * n + r + 1) * p))
    );
  const marginOf = (k: number) => Array.from(s.margin.subarray(k * n, (k + 1) * n));
  const one = K === 1;
  return {
    ok: true,
    method: s.method,
    model,
    rows: n,
    features: s.featureNames,
    outputs: s.outputNames,
    baseValue: one ? s.baseValue[0] : Array.from(s.baseValue),
    shap: one ? shapOf(0) : Array.from({ length: K }, (_, k) => shapOf(k)),
    margin: one ? marginOf(0) : Array.from({ length: K }, (_, k) => marginOf(k)),
    ...(s.estimate ? { estimate: s.estimate } : {})
  };
}

/** @throws FILE_NOT_FOUND, INVALID_MODEL / UNSUPPORTED_MODEL, SCHEMA_MISMATCH / MISSING_COLUMNS, load errors. */
export async function explain(args: ExplainArgs): Promise<ExplainSummary> {
  // The WASM TreeSHAP kernel when built (same values as the TypeScript one, faster).
  useTreeShapWasm();
  let text: string;
  try {
    text = await readFile(args.model, 'utf8');
  } catch (e) {
    throw fileNotFound(args.model, e);
  }
  const json = parseLenientJson(text);
  const load = { ...args, minRows: args.minRows ?? 1 };
  if (typeof json === 'object' && json !== null && 'learner' in json) {
    const shap = await withLoadedFile(load, async (db, info) =>
      explainXGBoost(json, await loadFrame(db, info))
    );
    return toSummary(shap, 'xgboost');
  }
  const bundle: ModelBundle = decodeBundle(json);
  const categorical = bundle.inputSchema.filter((c) => c.kind === 'categorical').map((c) => c.name);
  const { grouped } = await withLoadedFile(load, async (db, info) => {
    const frame = await loadFrame(db, info, categorical);
    return explainBundle(bundle, frame, allRows(frame.nRows), {
      samples: args.samples,
      seed: args.seed
    });
  });
  return toSummary(grouped, bundle.family);
}

/** Text output: per row (first output), the margin, the base value and the 3 largest contributions. */
export function formatExplain(s: ExplainSummary, lang: Lang): string {
  const one = !Array.isArray(s.baseValue);
  const base = one ? (s.baseValue as number) : (s.baseValue as number[])[0];
  const shap = (one ? s.shap : (s.shap as number[][][])[0]) as number[][];
  const margin = (one ? s.margin : (s.margin as number[][])[0]) as number[];
  const head =
    lang === 'pl'
      ? `SHAP (${s.method}), model ${s.model}, ${s.rows} wierszy, wyjście ${printable(s.outputs[0])}${one ? '' : ` (z ${s.outputs.length}; pełne dane: --json)`}`
      : `SHAP (${s.method}), model ${s.model}, ${s.rows} rows, output ${printable(s.outputs[0])}${one ? '' : ` (of ${s.outputs.length}; all of them: --json)`}`;
  const lines = [
    head,
    `${lang === 'pl' ? 'wartość bazowa' : 'base value'}: ${base.toPrecision(6)}`
  ];
  shap.forEach((row, r) => {
    const top = row
      .map((v, f) => ({ v, f }))
      .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
      .slice(0, 3)
      .map(({ v, f }) => `${printable(s.features[f])} ${v >= 0 ? '+' : ''}${v.toPrecision(4)}`);
    lines.push(
      `${r + 1}: ${margin[r].toPrecision(6)} = ${lang === 'pl' ? 'baza' : 'base'} ${top.length ? '+ … ' : ''}(${top.join(', ')})`
    );
  });
  return lines.join('\n') + '\n';
}
