/**
 * buildBundle: the winner of an AutoML run as a model bundle — input schema and reference profile
 * of the training rows, encoded pipeline + estimator, CV / holdout metrics, the leaderboard.
 */
import type { LeaderboardRow, MetricName, TaskResult } from '../automl/types';
import type { EncodedTarget, Frame, FrameColumn } from '../frame/types';
import type { EncodedModel } from '../models/types';
import { decodePipeline } from '../preprocess/index';
import { BUNDLE_FORMAT, type InputColumn, type ModelBundle, type ReferenceColumn } from './types';

/** Reference-profile bins per numeric column (deciles). */
const PROFILE_BINS = 10;
/** Categories kept by name in the reference profile; the rest are pooled as "other". */
const PROFILE_CATEGORIES = 50;

export interface BuildBundleArgs {
  frame: Frame;
  target: EncodedTarget;
  targetName: string;
  trainRows: Uint32Array;
  best: LeaderboardRow;
  refit: TaskResult;
  metric: MetricName;
  holdout: Partial<Record<MetricName, number>>;
  leaderboard: LeaderboardRow[];
  exclude: string[];
  seed: number;
  createdAt: string;
}

/** A random id (not security-relevant: it names a model in storage). */
export function newModelId(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += Math.floor(Math.random() * 16).toString(16);
  return `m_${s}`;
}

/** The raw columns a model reads: everything but the target and the excluded ones. */
export function featureColumns(frame: Frame, targetName: string, exclude: string[]): FrameColumn[] {
  const skip = new Set([targetName, ...exclude]);
  return frame.columns.filter((c) => !skip.has(c.name));
}

export function inputSchemaOf(columns: FrameColumn[], rows: Uint32Array): InputColumn[] {
  return columns.map((c) => {
    if (c.kind === 'categorical')
      return { name: c.name, kind: c.kind, categories: [...c.dictionary] };
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      const v = c.values[r];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min)
      ? { name: c.name, kind: c.kind, min, max }
      : { name: c.name, kind: c.kind };
  });
}

/** Deciles / category shares of the training rows: the monitoring baseline. */
export function referenceProfileOf(columns: FrameColumn[], rows: Uint32Array): ReferenceColumn[] {
  const n = Math.max(1, rows.length);
  return columns.map((c) => {
    if (c.kind === 'categorical') {
      const counts = new Float64Array(c.dictionary.length);
      let missing = 0;
      for (const r of rows) {
        const k = c.codes[r];
        if (k < 0) missing++;
        else counts[k]++;
      }
      const order = [...counts.keys()].sort((a, b) => counts[b] - counts[a] || a - b);
      const kept = order.slice(0, PROFILE_CATEGORIES);
      const other = order.slice(PROFILE_CATEGORIES).reduce((a, k) => a + counts[k], 0);
      const categories = kept.map((k) => c.dictionary[k]);
      const shares = kept.map((k) => counts[k] / n);
      if (order.length > PROFILE_CATEGORIES) {
        categories.push('__other__');
        shares.push(other / n);
      }
      shares.push(missing / n);
      return { name: c.name, kind: c.kind, categories, shares };
    }
    const v: number[] = [];
    for (const r of rows) if (!Number.isNaN(c.values[r])) v.push(c.values[r]);
    v.sort((a, b) => a - b);
    const edges: number[] = [];
    if (v.length) {
      for (let i = 0; i <= PROFILE_BINS; i++) {
        const e = v[Math.min(v.length - 1, Math.floor((i * (v.length - 1)) / PROFILE_BINS))];
        if (!edges.length || e > edges[edges.length - 1]) edges.push(e);
      }
    }
    const shares = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
    for (const x of v) {
      // Bin i holds [edges[i], edges[i + 1]); the last bin is closed.
      let lo = 0;
      let hi = shares.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (x >= edges[mid]) lo = mid;
        else hi = mid - 1;
      }
      if (shares.length) shares[lo] += 1 / n;
    }
    if (edges.length === 1) shares.push(v.length / n);
    shares.push((rows.length - v.length) / n);
    return { name: c.name, kind: c.kind, edges, shares };
  });
}

/** Raw columns the fitted pipeline(s) read (ID-like and constant columns were dropped by them). */
function usedColumns(parts: TaskResult['model']): Set<string> | null {
  if (!parts) return null;
  const model = parts.model as EncodedModel;
  const pipelines =
    model.family === 'blend'
      ? (model.state as { members: { pipeline: unknown }[] }).members.map((m) => m.pipeline)
      : [parts.pipeline];
  const names = new Set<string>();
  for (const p of pipelines) for (const c of decodePipeline(p).inputSchema) names.add(c.name);
  return names;
}

export function buildBundle(a: BuildBundleArgs): ModelBundle {
  const parts = a.refit.model;
  const used = usedColumns(parts);
  const columns = featureColumns(a.frame, a.targetName, a.exclude).filter(
    (c) => !used || used.has(c.name)
  );
  return {
    format: BUNDLE_FORMAT,
    id: newModelId(),
    version: 1,
    createdAt: a.createdAt,
    parentId: null,
    problemType: a.target.task,
    target: a.targetName,
    classes: [...a.target.classes],
    feature_names: parts?.featureNames ?? [],
    inputSchema: inputSchemaOf(columns, a.trainRows),
    pipeline: parts?.pipeline ?? null,
    model: parts?.model as EncodedModel,
    family: a.best.family,
    params: a.best.params,
    stage: a.best.stage,
    metric: a.metric,
    metrics: { cv: { ...a.best.cv }, holdout: { ...a.holdout } },
    leaderboard: a.leaderboard,
    referenceProfile: referenceProfileOf(columns, a.trainRows),
    meta: {
      rows: a.frame.nRows,
      trainRows: a.trainRows.length,
      seed: a.seed,
      engine: 'datagenius-engine/0.1'
    }
  };
}
