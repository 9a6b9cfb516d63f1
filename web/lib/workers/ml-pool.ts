/**
 * The browser's AutoML TaskExecutor: a pool of ML workers (workers/ml.worker.ts), one task per
 * worker at a time, the rest queued in order. Each worker is prepared with its own copy of the
 * frame (structured clone: the main thread keeps its frame for the orchestrator).
 *
 * Cancel terminates every worker (a fit cannot be interrupted from outside) and rejects what was
 * running or queued with CancelledError; workers are spawned again, and prepared again, only when
 * the next task arrives. A worker that dies (out of memory, an uncaught error) rejects its task
 * with ModelTrainingError WORKER_CRASHED — the orchestrator logs it as a failed family and goes on.
 */
import { wrap } from 'comlink';
import type { EncodedTarget, Frame, TaskExecutor, TaskResult, TrainTask } from '$engine';
import { AppError, CancelledError, ModelTrainingError, toAppError } from '$engine/errors';
import type { MlApi, MlBackendInfo } from '$workers/api/ml-api';
import { installTransferHandlers } from '$workers/protocol/index';

/** One ML worker as the pool sees it (a fake in tests). */
export interface MlWorkerHandle {
  api: MlApi;
  terminate(): void;
  /** Registers the callback for a worker that dies on its own. */
  onCrash(fn: (reason: string) => void): void;
}

export function spawnMlWorker(): MlWorkerHandle {
  installTransferHandlers();
  // Relative path on purpose: Vite cannot bundle `new URL('$lib/…')` workers (NOTES-stack.md).
  const worker = new Worker(new URL('../../../workers/ml.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ml'
  });
  return {
    api: wrap<MlApi>(worker) as unknown as MlApi,
    terminate: () => worker.terminate(),
    onCrash: (fn) => {
      worker.addEventListener('error', (e) => fn(e.message || 'error'));
      worker.addEventListener('messageerror', () => fn('messageerror'));
    }
  };
}

/** Workers for this device: min(hardwareConcurrency, 4), at least 1. */
export function defaultPoolSize(
  cores: number | undefined = globalThis.navigator?.hardwareConcurrency
): number {
  return Math.max(1, Math.min(4, Math.floor(cores || 1)));
}

export function workerCrashedError(reason: string, family?: string): ModelTrainingError {
  return new ModelTrainingError({
    code: 'WORKER_CRASHED',
    message: {
      pl: 'Proces uczenia modelu przerwał pracę (możliwy brak pamięci).',
      en: 'The model training worker stopped (possibly out of memory).'
    },
    hint: {
      pl: 'Spróbuj mniejszej próbki danych albo mniejszej liczby rodzin modeli.',
      en: 'Try a smaller sample of the data or fewer model families.'
    },
    details: { reason: reason.slice(0, 200), ...(family ? { family } : {}) }
  });
}

function noFrameError(): AppError {
  return new AppError({
    code: 'NOT_PREPARED',
    message: {
      pl: 'Pula procesów uczenia nie dostała jeszcze danych.',
      en: 'The training worker pool has not been given the data yet.'
    }
  });
}

interface Job {
  task: TrainTask;
  resolve: (r: TaskResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  handle: MlWorkerHandle;
  /** True once the worker holds the current frame. */
  ready: boolean;
  job: Job | null;
  dead: boolean;
  /**
   * Rejects when the worker is terminated or dies: a call to a terminated worker never settles,
   * so every wait on the worker races this.
   */
  gone: Promise<never>;
  kill: (reason: unknown) => void;
}

export interface MlPoolOptions {
  /** Parallel workers; default `defaultPoolSize()`. */
  size?: number;
  spawn?: () => MlWorkerHandle;
}

export class MlPool implements TaskExecutor {
  readonly concurrency: number;
  #spawn: () => MlWorkerHandle;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #data: { frame: Frame; target: EncodedTarget } | null = null;
  /** Workers spawned since the pool was made (tests and diagnostics). */
  spawned = 0;

  constructor(opts: MlPoolOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.#spawn = opts.spawn ?? spawnMlWorker;
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tasks running on a worker. */
  get running(): number {
    return this.#slots.filter((s) => s.job).length;
  }

  /** Live workers. */
  get workers(): number {
    return this.#slots.length;
  }

  /**
   * Keeps `frame` and `target` and gives every worker its own copy (spawning all `concurrency`
   * workers now, so a broken frame fails here rather than inside the run).
   */
  async prepare(frame: Frame, target: EncodedTarget): Promise<void> {
    this.#data = { frame, target };
    for (const s of this.#slots) s.ready = false;
    while (this.#slots.length < this.concurrency) this.#slots.push(this.#newSlot());
    await Promise.all(this.#slots.map((s) => this.#prepareSlot(s)));
    this.#pump();
  }

  run(task: TrainTask): Promise<TaskResult> {
    if (!this.#data) return Promise.reject(noFrameError());
    return new Promise<TaskResult>((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      this.#pump();
    });
  }

  /** The tfjs backend of the first worker (spawning and preparing nothing else). */
  async backend(): Promise<MlBackendInfo> {
    const slot = this.#slots[0] ?? this.#slots[this.#slots.push(this.#newSlot()) - 1];
    return slot.handle.api.backend();
  }

  /** Terminates every worker; running and queued tasks reject with CancelledError. */
  cancel(): void {
    const jobs = [...this.#slots.flatMap((s) => (s.job ? [s.job] : [])), ...this.#queue];
    this.#queue = [];
    const err = new CancelledError('automl');
    for (const s of this.#slots.splice(0)) {
      s.dead = true;
      s.handle.terminate();
      s.kill(err);
    }
    for (const j of jobs) j.reject(err);
  }

  /** Cancels and forgets the frame. */
  dispose(): void {
    this.cancel();
    this.#data = null;
  }

  #newSlot(): Slot {
    const handle = this.#spawn();
    this.spawned++;
    let kill!: (reason: unknown) => void;
    const gone = new Promise<never>((_, reject) => (kill = reject));
    gone.catch(() => undefined); // observed only while something waits on the worker
    const slot: Slot = { handle, ready: false, job: null, dead: false, gone, kill };
    handle.onCrash((reason) => this.#crash(slot, reason));
    return slot;
  }

  async #prepareSlot(slot: Slot): Promise<void> {
    const data = this.#data;
    if (!data || slot.dead) return;
    try {
      await Promise.race([slot.handle.api.prepare(data.frame, data.target), slot.gone]);
    } catch (e) {
      if (slot.dead && e instanceof CancelledError) throw e;
      // A worker that cannot take the data is of no use: drop it, fail what waits.
      this.#remove(slot);
      const err = toAppError(e);
      for (const j of this.#queue.splice(0)) j.reject(err);
      throw err;
    }
    if (slot.dead || this.#data !== data) return;
    slot.ready = true;
  }

  #pump(): void {
    if (!this.#data) return;
    while (this.#queue.length) {
      const slot = this.#slots.find((s) => s.ready && !s.job && !s.dead);
      if (slot) {
        this.#start(slot, this.#queue.shift()!);
        continue;
      }
      // Lazy respawn (after a cancel or a crash): one new worker per waiting task, up to the cap.
      const preparing = this.#slots.filter((s) => !s.ready && !s.dead).length;
      if (this.#slots.length < this.concurrency && preparing < this.#queue.length) {
        const fresh = this.#newSlot();
        this.#slots.push(fresh);
        this.#prepareSlot(fresh).then(
          () => this.#pump(),
          () => undefined // the error went to the queued jobs
        );
        continue;
      }
      return;
    }
  }

  #start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.handle.api.run(job.task).then(
      (result) => {
        if (slot.dead || slot.job !== job) return;
        slot.job = null;
        job.resolve(result);
        this.#pump();
      },
      (e: unknown) => {
        if (slot.dead || slot.job !== job) return;
        slot.job = null;
        job.reject(toAppError(e));
        this.#pump();
      }
    );
  }

  #crash(slot: Slot, reason: string): void {
    if (slot.dead) return;
    const job = slot.job;
    this.#remove(slot);
    slot.handle.terminate();
    const err = workerCrashedError(reason, job?.task.family);
    slot.kill(err);
    job?.reject(err);
    this.#pump();
  }

  #remove(slot: Slot): void {
    slot.dead = true;
    slot.job = null;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
  }
}

/** A pool over `size` ML workers (default: min(cores, 4)). */
export function createMlPool(opts: MlPoolOptions = {}): MlPool {
  return new MlPool(opts);
}
