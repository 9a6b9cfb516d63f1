/**
 * DatasetState owns the data worker for one page and publishes what it does as runes: the load
 * (phase, progress with ETA, cancel), the loaded DatasetInfo, the target and its problem type,
 * and the preview rows, fetched page by page. Every call carries an id; a result whose id is no
 * longer current (a newer load, a newer target choice, a scrolled-away page) is dropped.
 */
import { proxy, transfer } from 'comlink';
import { SvelteMap } from 'svelte/reactivity';
import type {
  DatasetInfo,
  LoadOptions,
  ProblemType,
  Progress,
  PublicError,
  RowPage,
  TargetInfo
} from '$engine';
// Values from their modules: importing them through the index would pull the whole engine
// (and parquet-wasm) into the main-thread bundle.
import { CancelledError, toAppError } from '$engine/errors';
import { spawnDataWorker, type DataWorker } from '$lib/workers/data-worker';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadProgress {
  stage: string;
  /** 0 … 1. */
  fraction: number;
  /** Seconds left: the engine's estimate, else extrapolated from elapsed time. */
  etaSeconds?: number;
  /** performance.now() when the job started. */
  startedAt: number;
}

/** Rows per request to the worker. */
export const PAGE_SIZE = 200;
/** Pages kept in memory (≈ 10 000 rows); the farthest from the view are evicted first. */
const MAX_PAGES = 50;
/** Grace period for the worker to stop after cancel before it is replaced. */
const CANCEL_GRACE_MS = 1500;

export function toPublicError(e: unknown): PublicError {
  return toAppError(e).toPublic();
}

function estimateEta(p: Progress, startedAt: number): number | undefined {
  if (p.etaSeconds !== undefined) return p.etaSeconds;
  const elapsed = (performance.now() - startedAt) / 1000;
  if (p.fraction < 0.05 || elapsed < 0.5) return undefined;
  return (elapsed * (1 - p.fraction)) / p.fraction;
}

export class DatasetState {
  phase = $state<LoadPhase>('idle');
  progress = $state<LoadProgress | null>(null);
  info = $state.raw<DatasetInfo | null>(null);
  error = $state.raw<PublicError | null>(null);

  target = $state.raw<TargetInfo | null>(null);
  targetError = $state.raw<PublicError | null>(null);
  targetBusy = $state(false);

  /** Loaded row pages by page index (reactive: the grid re-renders when one arrives). */
  readonly pages = new SvelteMap<number, RowPage>();
  rowsError = $state.raw<PublicError | null>(null);

  #worker: DataWorker | undefined;
  #spawn: () => DataWorker;
  #loadId = 0;
  #targetId = 0;
  #windowId = 0;
  #window = { first: 0, last: 0 };
  // Bookkeeping only; nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #inflight = new Set<number>();
  #abort: AbortController | undefined;
  /** The worker call of the running load, to know when a cancelled one has really stopped. */
  #pending: Promise<unknown> | undefined;

  constructor(spawn: () => DataWorker = spawnDataWorker) {
    this.#spawn = spawn;
  }

  get #api() {
    this.#worker ??= this.#spawn();
    return this.#worker.api;
  }

  /** The worker client, for features that work on the loaded table (EDA). */
  remote(): DataWorker['api'] {
    return this.#api;
  }

  /** Starts DuckDB early so the first load does not pay for it alone (errors surface in load()). */
  warmUp(): void {
    this.#api.init().catch(() => undefined);
  }

  /**
   * Parses `file` with `opts` in the worker. Resolves with the DatasetInfo, or null when the load
   * failed (see `error`), was cancelled or was superseded by a newer load.
   */
  async load(file: Blob, opts: LoadOptions): Promise<DatasetInfo | null> {
    const id = ++this.#loadId;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.phase = 'loading';
    this.error = null;
    this.info = null;
    this.#resetTarget();
    this.#resetRows();
    const startedAt = performance.now();
    this.progress = { stage: 'read', fraction: 0, startedAt };
    const onProgress = (p: Progress) => {
      if (id !== this.#loadId) return;
      this.progress = {
        stage: p.stage,
        fraction: Math.min(1, Math.max(0, p.fraction)),
        etaSeconds: estimateEta(p, startedAt),
        startedAt
      };
    };
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (id !== this.#loadId) return null;
      // DuckDB starts once per worker (≈ 1 s); show it as its own stage.
      this.progress = { stage: 'init', fraction: 0, startedAt };
      await this.#api.init();
      if (id !== this.#loadId) return null;
      // Plain copies: rune proxies and class instances cannot be structured-cloned.
      const plainOpts: LoadOptions = JSON.parse(JSON.stringify(opts));
      const call = this.#api.load(
        transfer(bytes, [bytes.buffer]),
        plainOpts,
        proxy(onProgress),
        abort.signal
      );
      this.#pending = call;
      const info = await call;
      if (id !== this.#loadId) return null;
      this.info = info;
      this.phase = 'ready';
      return info;
    } catch (e) {
      if (id !== this.#loadId) return null;
      this.error = toPublicError(e);
      this.phase = 'error';
      return null;
    } finally {
      if (id === this.#loadId) {
        this.progress = null;
        this.#abort = undefined;
      }
    }
  }

  /**
   * Cancels the running load. The worker gets the abort at once; if it has not stopped within
   * CANCEL_GRACE_MS (a long DuckDB statement cannot be interrupted), it is replaced.
   */
  cancel(): void {
    if (this.phase !== 'loading') return;
    const abort = this.#abort;
    abort?.abort();
    const id = ++this.#loadId; // drop whatever the cancelled call returns
    this.progress = null;
    this.#abort = undefined;
    this.error = new CancelledError('load').toPublic();
    this.phase = 'error';
    const worker = this.#worker;
    const pending = this.#pending;
    if (!worker || !pending) return;
    const stopped = pending.then(
      () => true,
      () => true
    );
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), CANCEL_GRACE_MS));
    void Promise.race([stopped, timeout]).then((ok) => {
      if (!ok && this.#worker === worker && id === this.#loadId) {
        worker.terminate();
        this.#worker = undefined;
      }
    });
  }

  /**
   * Validates `column` as the target (empty: clears it). Resolves with the TargetInfo, or null
   * when cleared, invalid (see `targetError`) or superseded.
   */
  async selectTarget(column: string, override?: ProblemType): Promise<TargetInfo | null> {
    const id = ++this.#targetId;
    this.targetError = null;
    if (!column) {
      this.target = null;
      this.targetBusy = false;
      return null;
    }
    this.targetBusy = true;
    try {
      const info = await this.#api.target(column, override);
      if (id !== this.#targetId) return null;
      this.target = info;
      return info;
    } catch (e) {
      if (id !== this.#targetId) return null;
      // A rejected override (e.g. regression on a text column) keeps the valid target and its
      // override control on screen; a rejected column clears it.
      const keep = override !== undefined && this.target?.column === column;
      if (!keep) this.target = null;
      this.targetError = toPublicError(e);
      return null;
    } finally {
      if (id === this.#targetId) this.targetBusy = false;
    }
  }

  /** The value at (row, column), undefined while its page is not loaded. */
  cell(row: number, column: number): string | number | boolean | null | undefined {
    const page = this.pages.get(Math.floor(row / PAGE_SIZE));
    return page?.columns[column]?.[row - page.offset];
  }

  hasRow(row: number): boolean {
    return this.pages.has(Math.floor(row / PAGE_SIZE));
  }

  /**
   * Declares the visible rows [first, last] and fetches the pages they need. Pages requested
   * for an earlier window that come back after the view moved away are not kept.
   */
  showRows(first: number, last: number): void {
    const info = this.info;
    if (!info || this.phase !== 'ready' || info.rows === 0) return;
    const windowId = ++this.#windowId;
    const loadId = this.#loadId;
    first = Math.max(0, first);
    last = Math.min(info.rows - 1, last);
    this.#window = { first, last };
    const firstPage = Math.floor(first / PAGE_SIZE);
    const lastPage = Math.floor(last / PAGE_SIZE);
    for (let p = firstPage; p <= lastPage; p++) {
      if (this.pages.has(p) || this.#inflight.has(p)) continue;
      this.#inflight.add(p);
      this.#api
        .rows(p * PAGE_SIZE, PAGE_SIZE)
        .then((page) => {
          if (loadId !== this.#loadId) return;
          const stale = windowId !== this.#windowId && !this.#isVisible(p);
          if (!stale) {
            this.pages.set(p, page);
            this.#evict();
          }
          this.rowsError = null;
        })
        .catch((e: unknown) => {
          if (loadId === this.#loadId) this.rowsError = toPublicError(e);
        })
        .finally(() => {
          if (loadId === this.#loadId) this.#inflight.delete(p);
          // The view may have moved onto this page while it was in flight and dropped.
          if (loadId === this.#loadId && windowId !== this.#windowId && this.#isVisible(p))
            this.showRows(this.#window.first, this.#window.last);
        });
    }
  }

  dispose(): void {
    this.#loadId++;
    this.#abort?.abort();
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #isVisible(page: number): boolean {
    const { first, last } = this.#window;
    return page >= Math.floor(first / PAGE_SIZE) && page <= Math.floor(last / PAGE_SIZE);
  }

  #evict(): void {
    if (this.pages.size <= MAX_PAGES) return;
    const centre = Math.floor(this.#window.first / PAGE_SIZE);
    const byDistance = [...this.pages.keys()].sort(
      (a, b) => Math.abs(b - centre) - Math.abs(a - centre)
    );
    for (const p of byDistance.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }

  #resetTarget(): void {
    this.#targetId++;
    this.target = null;
    this.targetError = null;
    this.targetBusy = false;
  }

  #resetRows(): void {
    this.#windowId++;
    this.#inflight.clear();
    this.pages.clear();
    this.rowsError = null;
  }
}

export function isCancelled(e: PublicError | null): boolean {
  return e?.code === 'CANCELLED';
}
