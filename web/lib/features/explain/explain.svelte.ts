/**
 * ExplainState: explanations and evaluation of the session's champion model, as runes. `run()`
 * fetches the table from the data worker, rebuilds the AutoML holdout (same target encoding,
 * holdout share and seed as the run — engine splitShare), hands the features to a dedicated ML
 * worker and asks it to `evaluate()` the bundle (predictions, SHAP, permutation importance,
 * learning curve). The result is stored with the session (EXPLAIN_RESULTS, plus top_features and
 * the SHAP summary in ML_RESULTS), so `restore()` shows it after a reload without recomputing.
 * `cancel()` terminates the worker.
 */
import type { Frame, ModelBundle, ProblemType, PublicError } from '$engine';
import { splitShare } from '$engine/automl/split';
import { AppError, CancelledError } from '$engine/errors';
import { decodeBundle } from '$engine/bundle/codec';
import type { EvaluateOptions, Evaluation, EvaluationProgress, MlApi } from '$workers/api/ml-api';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';
import type { FrameSource } from '$lib/features/automl/automl.svelte';
import { prepareData } from '$lib/features/automl/engine';
import { topFeatures, type ShapSummary } from './summary';

export type ExplainPhase = 'idle' | 'running' | 'done' | 'error';

/** One ML worker for the evaluation (terminated on cancel / dispose). */
export interface ExplainWorker {
  api: MlApi;
  terminate(): void;
}

/** What the session keeps (EXPLAIN_RESULTS). */
export interface StoredExplain {
  modelId: string;
  createdAt: number;
  evaluation: Evaluation;
}

/** Where the evaluation is kept with the session. */
export interface ExplainStore {
  load(sessionId: string): Promise<StoredExplain | null>;
  /** Saves the evaluation and patches ML_RESULTS with the top features and SHAP summary. */
  save(
    sessionId: string,
    stored: StoredExplain,
    summary: { top_features: string[]; shap_summary: ShapSummary }
  ): Promise<void>;
}

export interface ExplainDeps {
  data: () => FrameSource;
  worker: () => ExplainWorker;
  store: ExplainStore;
  /** Saves an imported bundle with the session (ModelsRepo.save). */
  models?: {
    save(sessionId: string, bundle: ModelBundle, opts?: { champion?: boolean }): Promise<unknown>;
  };
  /** Wraps a callback for the worker boundary (comlink proxy; identity in tests). */
  proxy?: <T>(fn: T) => T;
  options?: EvaluateOptions;
}

/** Holdout share AutoML uses (AutoMLOptions.holdoutFraction default). */
export const HOLDOUT_FRACTION = 0.2;
/** Per-row SHAP is kept with the session below this size (bytes); above, only the grouped view. */
export const MAX_STORED_SHAP_BYTES = 2_000_000;

/** The AutoML run's holdout rows of the prepared frame (splitShare with the bundle's seed). */
export function holdoutRowsOf(
  nRows: number,
  target: Parameters<typeof splitShare>[1],
  seed: number
) {
  const all = Uint32Array.from({ length: nRows }, (_, i) => i);
  return splitShare(all, target, HOLDOUT_FRACTION, seed)[1];
}

/** The bundle's input columns of `frame` (the target and excluded columns left out). */
export function featureFrame(frame: Frame, bundle: ModelBundle): Frame {
  const wanted = bundle.inputSchema.map((c) => c.name);
  return { nRows: frame.nRows, columns: frame.columns.filter((c) => wanted.includes(c.name)) };
}

/** Drops the per-row encoded SHAP when the stored evaluation would be too large. */
export function compactForStorage(e: Evaluation): Evaluation {
  const s = e.shap;
  if (!s) return e;
  const bytes =
    s.encoded.values.byteLength + s.grouped.values.byteLength + s.encodedValues.byteLength;
  if (bytes <= MAX_STORED_SHAP_BYTES) return e;
  return {
    ...e,
    shap: {
      ...s,
      encoded: { ...s.encoded, values: new Float64Array(0), nRows: 0 },
      encodedValues: new Float64Array(0)
    }
  };
}

export class ExplainState {
  phase = $state<ExplainPhase>('idle');
  progress = $state.raw<EvaluationProgress | null>(null);
  error = $state.raw<PublicError | null>(null);
  result = $state.raw<Evaluation | null>(null);
  /** Evaluations computed by this page (a reload must compute none). */
  runCount = $state(0);
  /** True when the shown result came from the session store. */
  restored = $state(false);
  /** A model the user imported (explained instead of the champion while set). */
  imported = $state.raw<ModelBundle | null>(null);

  // View choices.
  encoded = $state(false);
  output = $state(0);
  /** Position among the explained rows. */
  row = $state(0);
  /** Feature index (of the current view) of the dependence plot; −1 = the most important. */
  feature = $state(-1);
  threshold = $state(0.5);
  normalised = $state(false);

  #deps: ExplainDeps;
  #worker: ExplainWorker | undefined;
  #callId = 0;
  /** Rejects the running evaluation's waits (a terminated worker never answers). */
  #stop: ((e: unknown) => void) | undefined;

  constructor(deps: ExplainDeps) {
    this.#deps = deps;
  }

  /** Shows the stored evaluation of `modelId` (nothing is computed). */
  async restore(sessionId: string, modelId: string | null): Promise<void> {
    if (!modelId || this.phase === 'running') return;
    if (this.result?.modelId === modelId) return;
    try {
      const stored = await this.#deps.store.load(sessionId);
      if (stored && stored.modelId === modelId && (this.phase as ExplainPhase) !== 'running') {
        this.result = stored.evaluation;
        this.restored = true;
        this.phase = 'done';
        this.#resetView();
      }
    } catch (e) {
      this.error = toPublicError(e);
    }
  }

  #resetView() {
    this.output = 0;
    this.row = 0;
    this.feature = -1;
    this.threshold = 0.5;
  }

  /** Evaluates `bundle` on the session's data; resolves with the evaluation or null. */
  async run(
    sessionId: string,
    bundle: ModelBundle,
    ctx: { target: string; problemType: ProblemType }
  ): Promise<Evaluation | null> {
    if (this.phase === 'running') return null;
    const id = ++this.#callId;
    this.phase = 'running';
    this.error = null;
    this.progress = { stage: 'predict', fraction: 0 };
    this.runCount++;
    const stopped = new Promise<never>((_, reject) => (this.#stop = reject));
    stopped.catch(() => undefined);
    const wait = <T>(p: Promise<T>) => Promise.race([p, stopped]);
    try {
      const raw = await this.#deps.data().frame();
      if (id !== this.#callId) return null;
      const prepared = prepareData(raw, ctx.target, ctx.problemType);
      const seed = typeof bundle.meta?.seed === 'number' ? bundle.meta.seed : 42;
      const holdout = holdoutRowsOf(prepared.frame.nRows, prepared.target, seed);
      const worker = (this.#worker ??= this.#deps.worker());
      await wait(worker.api.prepare(featureFrame(prepared.frame, bundle), prepared.target));
      if (id !== this.#callId) return null;
      const onProgress = (p: EvaluationProgress) => {
        if (id === this.#callId) this.progress = p;
      };
      const proxy = this.#deps.proxy ?? (<T>(fn: T) => fn);
      if (!worker.api.evaluate) throw new Error('ML worker without evaluate()');
      const evaluation = await wait(
        worker.api.evaluate(bundle, holdout, this.#deps.options, proxy(onProgress))
      );
      if (id !== this.#callId) return null;
      this.result = evaluation;
      this.restored = false;
      this.phase = 'done';
      this.#resetView();
      const stored = {
        modelId: bundle.id,
        createdAt: Date.now(),
        evaluation: compactForStorage(evaluation)
      };
      await this.#deps.store.save(sessionId, stored, topFeatures(evaluation));
      return evaluation;
    } catch (e) {
      if (id !== this.#callId) return null;
      this.error = toPublicError(e);
      this.phase = this.result ? 'done' : 'error';
      return null;
    } finally {
      if (id === this.#callId) this.progress = null;
    }
  }

  /**
   * "Import model": our bundle (format datagenius-model/1) is validated, saved with the session
   * (not as champion) and explained on the session's data; an XGBoost JSON model is explained by
   * exact TreeSHAP in the worker on the session's columns matched by its feature_names (all rows
   * are holdout rows for it; shown, not stored).
   * @returns false when the file was not usable (see `error`).
   */
  async importModel(
    sessionId: string,
    text: string,
    ctx: { target: string; problemType: ProblemType }
  ): Promise<boolean> {
    this.error = null;
    try {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw importError(
          'MODEL_NOT_JSON',
          'plik nie jest poprawnym JSON-em',
          'the file is not valid JSON'
        );
      }
      const o = (json ?? {}) as Record<string, unknown>;
      if (o.learner && typeof o.learner === 'object') return await this.#runXGBoost(text, ctx);
      const bundle = decodeBundle(json);
      await this.#deps.models?.save(sessionId, bundle, { champion: false });
      this.imported = bundle;
      this.result = null;
      return (await this.run(sessionId, bundle, ctx)) !== null;
    } catch (e) {
      this.error = toPublicError(e);
      return false;
    }
  }

  /** An XGBoost JSON model explained by exact TreeSHAP in the worker (not stored as a model). */
  async #runXGBoost(
    text: string,
    ctx: { target: string; problemType: ProblemType }
  ): Promise<boolean> {
    if (this.phase === 'running') return false;
    const id = ++this.#callId;
    this.phase = 'running';
    this.progress = { stage: 'shap', fraction: 0 };
    this.runCount++;
    const stopped = new Promise<never>((_, reject) => (this.#stop = reject));
    stopped.catch(() => undefined);
    const wait = <T>(p: Promise<T>) => Promise.race([p, stopped]);
    try {
      const raw = await this.#deps.data().frame();
      const prepared = prepareData(raw, ctx.target, ctx.problemType);
      // The model never saw this data: every row is a holdout row (the worker explains ≤ 2,000).
      const holdout = Uint32Array.from({ length: prepared.frame.nRows }, (_, i) => i);
      const features = {
        nRows: prepared.frame.nRows,
        columns: prepared.frame.columns.filter((c) => c.name !== ctx.target)
      };
      const worker = (this.#worker ??= this.#deps.worker());
      await wait(worker.api.prepare(features, prepared.target));
      if (!worker.api.explainXGBoost) throw new Error('ML worker without explainXGBoost()');
      const e = await wait(worker.api.explainXGBoost(text, holdout, 'import'));
      if (id !== this.#callId) return false;
      this.imported = null;
      this.result = e;
      this.restored = false;
      this.phase = 'done';
      this.#resetView();
      return true;
    } catch (e) {
      if (id !== this.#callId) return false;
      this.error = toPublicError(e);
      this.phase = this.result ? 'done' : 'error';
      return false;
    } finally {
      if (id === this.#callId) this.progress = null;
    }
  }

  /** Stops the evaluation: the worker is terminated (a new one starts on the next run). */
  cancel(): void {
    if (this.phase !== 'running') return;
    this.#callId++;
    this.#stop?.(new CancelledError('explain'));
    this.#worker?.terminate();
    this.#worker = undefined;
    this.progress = null;
    this.error = new CancelledError('explain').toPublic();
    this.phase = this.result ? 'done' : 'error';
  }

  dispose(): void {
    this.#callId++;
    this.#stop?.(new CancelledError('explain'));
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

function importError(code: string, pl: string, en: string): AppError {
  return new AppError({
    code,
    message: { pl: `Nie można zaimportować modelu: ${pl}.`, en: `Cannot import the model: ${en}.` },
    hint: {
      pl: 'Wybierz pakiet modelu DataGenius (.json) pobrany z tej aplikacji lub z CLI.',
      en: 'Choose a DataGenius model bundle (.json) downloaded from this app or the CLI.'
    }
  });
}
