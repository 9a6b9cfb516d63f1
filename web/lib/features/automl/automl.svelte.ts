/**
 * AutoMLState: AutoML for one session, as runes. `plan()` takes the table from the data worker as
 * a Frame (transferred typed arrays), encodes the target and shows the engine's budget plan;
 * `start()` runs the orchestrator on the main thread with the ML worker pool as executor, fills
 * the leaderboard live (sorted by the chosen metric), reports progress with ETA, and on completion
 * saves the winner's bundle as the session's champion. `cancel()` aborts the run and terminates
 * the workers. `restore()` shows the saved models and the last leaderboard after a reload.
 */
import type {
  AutoMLEnv,
  AutoMLOptions,
  AutoMLPlan,
  AutoMLResult,
  AutoMLStage,
  Frame,
  LeaderboardRow,
  MetricName,
  ModelBundle,
  ModelFamily,
  ProblemType,
  PublicError,
  TaskExecutor
} from '$engine';
import { CancelledError } from '$engine/errors';
import type { FrameOptions } from '$workers/api/data-api';
import type { MlBackendInfo } from '$workers/api/ml-api';
import type { SaveModelOptions, SavedModel } from '$lib/db/models';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';
import type { AutoMLEngine, PreparedData } from './engine';
import { planWarnings, sortRows, upsertRow } from './leaderboard';

export type AutoMLPhase = 'idle' | 'planning' | 'planned' | 'running' | 'done' | 'error';

/** Where the table comes from (the data worker's `frame()`). */
export interface FrameSource {
  frame(opts?: FrameOptions): Promise<Frame>;
}

/** The executor AutoML runs on, with the pool's extras when it has them. */
export interface AutoMLExecutor extends TaskExecutor {
  cancel?(): void;
  backend?(): Promise<MlBackendInfo>;
}

/** Saved models of a session (ModelsRepo). */
export interface ModelStore {
  save(sessionId: string, bundle: ModelBundle, opts?: SaveModelOptions): Promise<SavedModel>;
  list(sessionId: string): Promise<SavedModel[]>;
}

/** What the session stores about the last run (its `ML_RESULTS`). */
export interface MlResultsRef {
  modelId: string;
  bestId: string;
  metric: MetricName;
  truncated: boolean;
  holdout: AutoMLResult['holdout'];
  createdAt: number;
}

export interface AutoMLDeps {
  data: () => FrameSource;
  engine: AutoMLEngine;
  /** Made once, on the first start; reused by later runs. */
  executor: () => AutoMLExecutor;
  models: ModelStore;
  env: () => AutoMLEnv;
  /** Called after the champion is saved (the session records ML_RESULTS). */
  onSaved?: (ref: MlResultsRef) => Promise<void>;
  now?: () => number;
}

/** What identifies the data AutoML works on. */
export interface AutoMLContext {
  sessionId: string;
  target: string;
  problemType: ProblemType;
}

/** The form's options. */
export interface AutoMLForm {
  /** '' = the engine's default (accuracy / R2). */
  metric: MetricName | '';
  timeBudgetSeconds: number;
  folds: number;
  seed: number;
  /** Chosen families; null = all that apply. */
  families: ModelFamily[] | null;
}

export interface AutoMLProgress {
  stage: AutoMLStage;
  fraction: number;
  etaSeconds?: number;
  startedAt: number;
}

export const DEFAULT_FORM: Readonly<AutoMLForm> = Object.freeze({
  metric: '',
  timeBudgetSeconds: 60,
  folds: 5,
  seed: 42,
  families: null
});

function etaOf(fraction: number, given: number | undefined, startedAt: number, now: number) {
  if (given !== undefined && Number.isFinite(given)) return Math.max(0, given);
  const elapsed = (now - startedAt) / 1000;
  if (fraction < 0.05 || elapsed < 0.5) return undefined;
  return (elapsed * (1 - fraction)) / fraction;
}

export class AutoMLState {
  phase = $state<AutoMLPhase>('idle');
  form = $state<AutoMLForm>({ ...DEFAULT_FORM });
  plan = $state.raw<AutoMLPlan | null>(null);
  /** Plan warnings plus the UI's imbalance advice. */
  warnings = $state.raw<AutoMLPlan['warnings']>([]);
  /** Families that apply to the task (from the default plan): the form's checkboxes. */
  familyChoices = $state.raw<ModelFamily[]>([]);
  rows = $state.raw<LeaderboardRow[]>([]);
  progress = $state.raw<AutoMLProgress | null>(null);
  error = $state.raw<PublicError | null>(null);
  /** Failures logged during the run (a family that fell over), newest last. */
  logs = $state.raw<PublicError[]>([]);
  backend = $state.raw<MlBackendInfo | null>(null);
  /** The metric of the shown leaderboard (the run's, or the saved model's). */
  metric = $state<MetricName | null>(null);
  /** The winner's leaderboard id. */
  bestId = $state<string | null>(null);
  result = $state.raw<Pick<AutoMLResult, 'holdout' | 'truncated' | 'bestId'> | null>(null);
  /** The shown winner's bundle (the run's, or the restored champion's). */
  bundle = $state.raw<ModelBundle | null>(null);
  /** Saved models of the session, champion first. */
  saved = $state.raw<SavedModel[]>([]);
  /** Rows dropped for a missing target. */
  dropped = $state(0);
  cancelling = $state(false);
  /** Runs started by this page (a reload must start none). */
  runCount = $state(0);

  readonly sorted: LeaderboardRow[] = $derived(
    this.metric ? sortRows(this.rows, this.metric) : this.rows
  );
  readonly champion: SavedModel | null = $derived(this.saved.find((m) => m.champion === 1) ?? null);
  readonly running: boolean = $derived(this.phase === 'running');
  /** The shown bundle's saved record, when it is saved. */
  readonly savedModel: SavedModel | null = $derived(
    this.saved.find((m) => m.id === this.bundle?.id) ?? null
  );

  #deps: AutoMLDeps;
  #ctx: AutoMLContext | null = null;
  #data: PreparedData | null = null;
  #dataKey = '';
  #executor: AutoMLExecutor | undefined;
  #callId = 0;
  #abort: AbortController | undefined;
  #now: () => number;
  #sessionId = '';
  /** What onSaved records about the run whose bundle is shown. */
  #ref: Omit<MlResultsRef, 'modelId' | 'createdAt'> | null = null;

  constructor(deps: AutoMLDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => performance.now());
  }

  /** Sets the data AutoML works on; a different target drops the plan (not the saved models). */
  setContext(ctx: AutoMLContext | null): void {
    const key = ctx ? `${ctx.sessionId}\u0000${ctx.target}\u0000${ctx.problemType}` : '';
    const old = this.#ctx
      ? `${this.#ctx.sessionId}\u0000${this.#ctx.target}\u0000${this.#ctx.problemType}`
      : '';
    this.#ctx = ctx ? { ...ctx } : null;
    if (key === old) return;
    if (this.phase === 'running') this.cancel();
    this.#data = null;
    this.#dataKey = '';
    this.plan = null;
    this.warnings = [];
    this.familyChoices = [];
    this.form = { ...DEFAULT_FORM };
    if (this.phase !== 'done' && this.phase !== 'error') this.phase = 'idle';
  }

  /** The engine options of the form. */
  options(): AutoMLOptions {
    const f = this.form;
    return {
      ...(this.#ctx ? { targetName: this.#ctx.target } : {}),
      ...(f.metric ? { metric: f.metric } : {}),
      timeBudgetSeconds: Number(f.timeBudgetSeconds),
      folds: Number(f.folds),
      seed: Number(f.seed),
      ...(f.families ? { families: [...f.families] } : {})
    };
  }

  /**
   * Fetches the frame (once per target), encodes the target and computes the plan for the form's
   * options. Resolves false on failure (see `error`).
   */
  async makePlan(): Promise<boolean> {
    const ctx = this.#ctx;
    if (!ctx || this.phase === 'running') return false;
    const id = ++this.#callId;
    const key = `${ctx.sessionId}\u0000${ctx.target}\u0000${ctx.problemType}`;
    this.error = null;
    try {
      if (!this.#data || this.#dataKey !== key) {
        this.phase = 'planning';
        const raw = await this.#deps.data().frame();
        if (id !== this.#callId) return false;
        this.#data = this.#deps.engine.prepare(raw, ctx.target, ctx.problemType);
        this.#dataKey = key;
        this.dropped = this.#data.dropped;
      }
      const data = this.#data;
      if (!this.familyChoices.length) {
        const defaults = this.#deps.engine.plan(
          data.frame,
          data.target,
          { targetName: ctx.target },
          this.#deps.env()
        );
        this.familyChoices = defaults.families.map((f) => f.family);
      }
      const plan = this.#deps.engine.plan(
        data.frame,
        data.target,
        this.options(),
        this.#deps.env()
      );
      this.plan = plan;
      this.warnings = planWarnings(plan, data.target);
      if (this.phase !== 'done') this.phase = 'planned';
      return true;
    } catch (e) {
      if (id !== this.#callId) return false;
      this.error = toPublicError(e);
      if (this.phase === 'planning' || this.phase === 'planned') this.phase = 'error';
      return false;
    }
  }

  /** Runs AutoML with the form's options; resolves with the result or null (failed / cancelled). */
  async start(): Promise<AutoMLResult | null> {
    const ctx = this.#ctx;
    if (!ctx || this.phase === 'running') return null;
    if (!(await this.makePlan()) || !this.#data) return null;
    const data = this.#data;
    const id = ++this.#callId;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const options = this.options();
    const startedAt = this.#now();
    this.phase = 'running';
    this.cancelling = false;
    this.error = null;
    this.logs = [];
    this.rows = [];
    this.bestId = null;
    this.result = null;
    this.bundle = null;
    this.metric = this.plan?.metric ?? options.metric ?? null;
    this.progress = { stage: 'compare', fraction: 0, startedAt };
    this.runCount++;
    const executor = (this.#executor ??= this.#deps.executor());
    executor
      .backend?.()
      .then((b) => (this.backend = b))
      .catch(() => undefined);
    try {
      const result = await this.#deps.engine.run(
        data.frame,
        data.target,
        options,
        executor,
        (e) => {
          if (id !== this.#callId) return;
          if (e.type === 'row') this.rows = upsertRow(this.rows, e.row);
          else if (e.type === 'plan') {
            this.plan = e.plan;
            this.metric = e.plan.metric;
            this.warnings = planWarnings(e.plan, data.target);
          } else if (e.type === 'log') this.logs = [...this.logs, e.error];
          else if (!this.cancelling) {
            const fraction = Math.min(1, Math.max(0, e.fraction));
            this.progress = {
              stage: e.stage,
              fraction,
              etaSeconds: etaOf(fraction, e.etaSeconds, startedAt, this.#now()),
              startedAt
            };
          }
        },
        abort.signal
      );
      if (id !== this.#callId) return null;
      this.rows = result.leaderboard;
      this.metric = result.plan.metric;
      this.bestId = result.bestId;
      this.result = { holdout: result.holdout, truncated: result.truncated, bestId: result.bestId };
      this.bundle = result.bundle;
      this.phase = 'done';
      this.progress = null;
      this.#ref = {
        bestId: result.bestId,
        metric: result.plan.metric,
        truncated: result.truncated,
        holdout: result.holdout
      };
      await this.save();
      return result;
    } catch (e) {
      if (id !== this.#callId) return null;
      this.error = toPublicError(e);
      this.phase = 'error';
      return null;
    } finally {
      if (id === this.#callId) {
        this.progress = null;
        this.cancelling = false;
        this.#abort = undefined;
      }
    }
  }

  /**
   * Stops the run: aborts the orchestrator and terminates the workers (their tasks reject with
   * CANCELLED). The run still resolves: with a truncated result when a model had finished (it is
   * saved), else as CANCELLED.
   */
  cancel(): void {
    if (this.phase !== 'running' || this.cancelling) return;
    this.cancelling = true;
    this.#abort?.abort();
    this.#executor?.cancel?.();
    this.progress = null;
    this.error = new CancelledError('automl').toPublic();
  }

  /**
   * Saves the shown bundle as the session's champion (done after every run; the button retries
   * after a failed save). Resolves false when saving failed (see `error`).
   */
  async save(): Promise<boolean> {
    const bundle = this.bundle;
    const sessionId = this.#ctx?.sessionId ?? this.#sessionId;
    if (!bundle || !sessionId) return false;
    try {
      const saved = await this.#deps.models.save(sessionId, bundle, { champion: true });
      this.saved = await this.#deps.models.list(sessionId);
      const ref = this.#ref;
      if (ref) await this.#deps.onSaved?.({ ...ref, modelId: saved.id, createdAt: Date.now() });
      return true;
    } catch (e) {
      // The leaderboard and the model stay on screen; only saving failed (e.g. a full disk).
      this.error = toPublicError(e);
      return false;
    }
  }

  /**
   * Shows the session's saved models and the champion's leaderboard (the bundle holds it) —
   * nothing is computed. `ref` is the session's ML_RESULTS (for the winner's id).
   */
  async restore(sessionId: string, ref?: Partial<MlResultsRef> | null): Promise<void> {
    this.#sessionId = sessionId;
    try {
      const saved = await this.#deps.models.list(sessionId);
      this.saved = saved;
      const champion = saved.find((m) => m.champion === 1) ?? saved[0];
      if (!champion || this.phase === 'running' || this.rows.length) return;
      const b = champion.bundle;
      this.bundle = b;
      this.#ref = null;
      this.rows = b.leaderboard ?? [];
      this.metric = b.metric;
      this.bestId =
        (ref?.modelId === champion.id ? ref.bestId : undefined) ??
        sortRows(this.rows, b.metric)[0]?.id ??
        null;
      this.result = {
        holdout: b.metrics?.holdout ?? {},
        truncated: ref?.modelId === champion.id ? !!ref.truncated : false,
        bestId: this.bestId ?? ''
      };
      if (this.phase === 'idle' || this.phase === 'planned') this.phase = 'done';
    } catch (e) {
      this.error = toPublicError(e);
    }
  }

  /** Terminates the workers and forgets the frame. */
  dispose(): void {
    this.#callId++;
    this.#abort?.abort();
    this.#executor?.dispose?.();
    this.#executor = undefined;
    this.#data = null;
  }
}
