/**
 * SessionController: one session page. Opens the session from IndexedDB, re-parses the stored
 * file with the stored load options (so a reload gives everything back), restores the target,
 * and saves what the user chooses (sheet, target, problem type) back into the session.
 */
import type { EdaOptions, ProblemType, PublicError } from '$engine';
import { AppError } from '$engine/errors';
import { appRepos, type DatasetRecord, type Repos, type SessionRecord } from '$lib/db';
import { DatasetState, toPublicError } from '$lib/features/dataset/dataset.svelte';
import { EdaState, type EdaContext } from '$lib/features/eda/eda.svelte';

export type SessionPhase = 'opening' | 'loading' | 'ready' | 'error';

function notFoundError(id: string): PublicError {
  return new AppError({
    code: 'SESSION_NOT_FOUND',
    message: {
      pl: 'Nie znaleziono tej sesji. Mogła zostać usunięta albo pochodzi z innej przeglądarki.',
      en: 'This session was not found. It may have been deleted or come from another browser.'
    },
    hint: {
      pl: 'Wróć na stronę główną i otwórz sesję z listy albo wczytaj plik ponownie.',
      en: 'Go back home and open a session from the list, or load the file again.'
    },
    details: { id }
  }).toPublic();
}

export class SessionController {
  readonly id: string;
  readonly data: DatasetState;
  readonly eda: EdaState;
  record = $state.raw<SessionRecord | null>(null);
  dataset = $state.raw<DatasetRecord | null>(null);
  /** Failures outside the worker: not found, storage. */
  pageError = $state.raw<PublicError | null>(null);
  opening = $state(true);

  readonly phase: SessionPhase = $derived.by(() => {
    if (this.pageError) return 'error';
    if (this.opening) return 'opening';
    if (this.data.phase === 'ready') return 'ready';
    if (this.data.phase === 'error') return 'error';
    return 'loading';
  });

  #repos: Repos;

  constructor(id: string, repos: Repos = appRepos(), data = new DatasetState()) {
    this.id = id;
    this.#repos = repos;
    this.data = data;
    this.eda = new EdaState(
      () => this.data.remote(),
      repos.edaResults,
      async (ref) => {
        await this.#repos.sessions.patchState(this.id, {
          EDA_RESULTS: { ...ref },
          EDA_COMPLETE: true
        });
        await this.#refreshRecord();
      }
    );
  }

  /** EDA options from the session: its target, and the problem type when the user chose it. */
  edaOptions(): EdaOptions {
    const target = this.data.target;
    if (!target) return {};
    return target.inferred
      ? { target: target.column }
      : { target: target.column, problemType: target.problemType };
  }

  #edaContext(): EdaContext | null {
    const dataset = this.dataset;
    if (!dataset || this.data.phase !== 'ready') return null;
    return {
      sessionId: this.id,
      datasetHash: dataset.hash,
      loadOptions: JSON.parse(JSON.stringify(dataset.loadOptions)),
      options: this.edaOptions()
    };
  }

  /** Runs (or re-runs) the EDA with the session's current target. */
  async runEda(): Promise<void> {
    const ctx = this.#edaContext();
    if (ctx) await this.eda.run(ctx);
  }

  /** Shows the cached EDA for the current data + options, if a fresh one exists. */
  async restoreEda(): Promise<boolean> {
    const ctx = this.#edaContext();
    return ctx ? this.eda.restore(ctx) : false;
  }

  async open(): Promise<void> {
    this.opening = true;
    this.pageError = null;
    this.data.warmUp();
    try {
      const record = await this.#repos.sessions.get(this.id);
      const dataset = record ? await this.#repos.datasets.forSession(this.id) : undefined;
      if (!record || !dataset) {
        this.pageError = notFoundError(this.id);
        return;
      }
      this.record = record;
      this.dataset = dataset;
    } catch (e) {
      this.pageError = toPublicError(e);
      return;
    } finally {
      this.opening = false;
    }
    await this.reload();
  }

  /** Parses the stored file again with the stored options, then restores the target. */
  async reload(): Promise<void> {
    const dataset = this.dataset;
    if (!dataset) return;
    this.eda.reset();
    const info = await this.data.load(dataset.blob, dataset.loadOptions);
    try {
      if (!info) {
        if (this.data.error && this.data.error.code !== 'CANCELLED')
          await this.#repos.sessions.setStatus(this.id, 'error');
        return;
      }
      await this.#repos.datasets.saveInfo(dataset.id, info);
      await this.#repos.sessions.patchState(
        this.id,
        { DATA_INFO: info },
        { rows: info.rows, cols: info.columns.length, status: 'loaded' }
      );
      await this.#refreshRecord();
      const state = this.record?.state;
      const column = state?.TARGET_COLUMN;
      if (column && info.columns.some((c) => c.name === column)) {
        await this.data.selectTarget(
          column,
          state?.PROBLEM_TYPE_OVERRIDE ? state.PROBLEM_TYPE : undefined
        );
      }
      await this.restoreEda();
    } catch (e) {
      this.pageError = toPublicError(e);
    }
  }

  /** XLSX: loads another sheet and remembers it in the session's load options. */
  async chooseSheet(sheet: string): Promise<void> {
    const dataset = this.dataset;
    if (!dataset || dataset.loadOptions.sheet === sheet) return;
    const loadOptions = { ...dataset.loadOptions, sheet };
    try {
      await this.#repos.datasets.updateOptions(dataset.id, loadOptions);
      // The target belongs to the old sheet's columns.
      await this.#repos.sessions.patchState(
        this.id,
        { TARGET_COLUMN: undefined, PROBLEM_TYPE: undefined, PROBLEM_TYPE_OVERRIDE: undefined },
        { target: undefined }
      );
    } catch (e) {
      this.pageError = toPublicError(e);
      return;
    }
    this.dataset = { ...dataset, loadOptions };
    await this.#refreshRecord();
    await this.reload();
  }

  /** Sets (or with '' clears) the target; `override` forces the problem type. Saved when valid. */
  async chooseTarget(column: string, override?: ProblemType): Promise<void> {
    const target = await this.data.selectTarget(column, override);
    if (column && !target && !this.data.targetError) return; // superseded by a newer choice
    if (!target && this.data.target) return; // override rejected: the stored choice stands
    try {
      await this.#repos.sessions.patchState(
        this.id,
        {
          TARGET_COLUMN: target?.column,
          PROBLEM_TYPE: target?.problemType,
          PROBLEM_TYPE_OVERRIDE: target && override ? true : undefined
        },
        { target: target?.column }
      );
      await this.#refreshRecord();
      await this.restoreEda();
    } catch (e) {
      this.pageError = toPublicError(e);
    }
  }

  cancel(): void {
    this.data.cancel();
  }

  dispose(): void {
    this.eda.reset();
    this.data.dispose();
  }

  async #refreshRecord(): Promise<void> {
    this.record = (await this.#repos.sessions.get(this.id)) ?? this.record;
  }
}
