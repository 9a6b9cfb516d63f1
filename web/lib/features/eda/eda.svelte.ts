/**
 * EdaState: the EDA of one session's table, as runes. `run()` computes it in the data worker
 * (progress with stage, fraction and ETA; cancel through an AbortSignal; a newer call drops an
 * older one's result) and stores it in the IndexedDB cache; `restore()` shows a fresh cached
 * result for the same dataset hash + options without computing anything.
 */
import { proxy } from 'comlink';
import type { EdaOptions, EdaResults, LoadOptions, Progress, PublicError } from '$engine';
import { CancelledError } from '$engine/errors';
import {
  edaOptionsKey,
  type EdaCacheEntry,
  type EdaCacheKey,
  type EdaResultsRef
} from '$lib/db/eda-results';
import { toPublicError, type LoadProgress } from '$lib/features/dataset/dataset.svelte';

export type EdaPhase = 'idle' | 'running' | 'ready' | 'error';

/** What the EDA needs from the data worker. */
export interface EdaRunner {
  eda(
    opts: EdaOptions,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal
  ): Promise<EdaResults>;
}

/** What the EDA needs from the cache (EdaResultsRepo). */
export interface EdaCache {
  get(key: EdaCacheKey): Promise<EdaCacheEntry | undefined>;
  put(key: EdaCacheKey, results: EdaResults, sessionId?: string): Promise<EdaResultsRef>;
}

/** Everything that identifies one EDA of one session's table. */
export interface EdaContext {
  sessionId: string;
  /** SHA-256 of the stored file. */
  datasetHash: string;
  loadOptions: LoadOptions;
  options: EdaOptions;
}

function etaOf(p: Progress, startedAt: number): number | undefined {
  if (p.etaSeconds !== undefined) return p.etaSeconds;
  const elapsed = (performance.now() - startedAt) / 1000;
  if (p.fraction < 0.05 || elapsed < 0.5) return undefined;
  return (elapsed * (1 - p.fraction)) / p.fraction;
}

export async function edaCacheKey(ctx: EdaContext): Promise<EdaCacheKey> {
  return {
    datasetHash: ctx.datasetHash,
    optionsKey: await edaOptionsKey(ctx.options, ctx.loadOptions)
  };
}

export class EdaState {
  phase = $state<EdaPhase>('idle');
  progress = $state<LoadProgress | null>(null);
  results = $state.raw<EdaResults | null>(null);
  /** True when `results` came from the cache rather than a computation in this page. */
  cached = $state(false);
  /** When the shown results were computed (epoch ms). */
  createdAt = $state<number | null>(null);
  error = $state.raw<PublicError | null>(null);
  /** Computations started by this page (a cached reload must start none). */
  computeCount = $state(0);

  #runner: () => EdaRunner;
  #cache: EdaCache;
  #onStored: ((ref: EdaResultsRef) => Promise<void>) | undefined;
  #callId = 0;
  #abort: AbortController | undefined;

  constructor(
    runner: () => EdaRunner,
    cache: EdaCache,
    onStored?: (ref: EdaResultsRef) => Promise<void>
  ) {
    this.#runner = runner;
    this.#cache = cache;
    this.#onStored = onStored;
  }

  /**
   * Shows the cached EDA for `ctx` when a fresh one exists; resolves true on a hit. A miss leaves
   * what is shown (the view marks it stale when its options differ).
   */
  async restore(ctx: EdaContext): Promise<boolean> {
    if (this.phase === 'running') return false;
    const id = ++this.#callId;
    try {
      const hit = await this.#cache.get(await edaCacheKey(ctx));
      if (id !== this.#callId || !hit) return false;
      this.results = hit.results;
      this.createdAt = hit.createdAt;
      this.cached = true;
      this.error = null;
      this.phase = 'ready';
      return true;
    } catch {
      return false; // a broken cache only costs a recomputation
    }
  }

  /** Computes the EDA for `ctx` and caches it. Resolves null when failed, cancelled or superseded. */
  async run(ctx: EdaContext): Promise<EdaResults | null> {
    const id = ++this.#callId;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.phase = 'running';
    this.error = null;
    this.computeCount++;
    const startedAt = performance.now();
    this.progress = { stage: 'eda:start', fraction: 0, startedAt };
    const onProgress = (p: Progress) => {
      if (id !== this.#callId) return;
      this.progress = {
        stage: p.stage,
        fraction: Math.min(1, Math.max(0, p.fraction)),
        etaSeconds: etaOf(p, startedAt),
        startedAt
      };
    };
    try {
      // Plain copies: rune proxies cannot be structured-cloned.
      const opts: EdaOptions = JSON.parse(JSON.stringify(ctx.options));
      const [results, key] = await Promise.all([
        this.#runner().eda(opts, proxy(onProgress), abort.signal),
        edaCacheKey(ctx)
      ]);
      if (id !== this.#callId) return null;
      this.results = results;
      this.cached = false;
      this.createdAt = Date.now();
      this.phase = 'ready';
      this.progress = null;
      try {
        const ref = await this.#cache.put(key, results, ctx.sessionId);
        await this.#onStored?.(ref);
      } catch (e) {
        // The results are on screen; only caching failed (e.g. a full disk).
        if (id === this.#callId) this.error = toPublicError(e);
      }
      return results;
    } catch (e) {
      if (id !== this.#callId) return null;
      this.error = toPublicError(e);
      this.phase = this.results ? 'ready' : 'error';
      return null;
    } finally {
      if (id === this.#callId) {
        this.progress = null;
        this.#abort = undefined;
      }
    }
  }

  /**
   * Cancels a running EDA: the worker stops at the next section boundary and the call's result
   * is dropped. The worker is kept (it holds the loaded table).
   */
  cancel(): void {
    if (this.phase !== 'running') return;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#callId++;
    this.progress = null;
    this.error = new CancelledError('eda').toPublic();
    this.phase = this.results ? 'ready' : 'error';
  }

  /** Forgets everything shown (the table was reloaded). */
  reset(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#callId++;
    this.phase = 'idle';
    this.progress = null;
    this.results = null;
    this.cached = false;
    this.createdAt = null;
    this.error = null;
  }
}
