/**
 * PredictState: batch predictions on a new file (issue 7), as runes. `run()` loads the file into
 * a data worker of its own (a second DuckDB: the session's table is untouched) with the home
 * page's load options, reads it as a Frame (the bundle's categorical inputs as text), has a
 * dedicated ML worker apply the bundle (`predictBatch`: the same pipeline and model; missing
 * columns / wrong types → SCHEMA_MISMATCH), builds the preview and the summary, exports the CSV
 * in the data worker and stores it (PredictionsRepo). A failed or cancelled run keeps the shown
 * result and never deletes stored predictions; `cancel()` terminates both workers.
 * `loadModel()` takes a bundle file (another browser's model) and saves it with the session.
 */
import type { LoadOptions, ModelBundle, PublicError } from '$engine';
import type { PredictionOutput } from '$engine/bundle/output';
import type { Progress } from '$engine/progress';
import { AppError, CancelledError } from '$engine/errors';
import { decodeBundle } from '$engine/bundle/codec';
import type { PredictionFormat } from '$workers/api/data-api';
import type { StoredPrediction } from '$lib/db/predictions';
import { modelName } from '$lib/db/models';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';
import { workerCrashedError } from '$lib/workers/ml-pool';
import {
  PREVIEW_ROWS,
  categoricalInputs,
  extraColumns,
  predictionColumnNames,
  predictionsFileName,
  previewRows,
  readCsvHeader,
  summarize
} from './output';
import {
  PREDICT_STAGES,
  type PredictDeps,
  type PredictMlWorker,
  type PredictDataWorker,
  type PredictPhase,
  type PredictResult,
  type PredictStage
} from './types';

export { PREDICT_STAGES } from './types';
export type {
  PredictDataApi,
  PredictDataWorker,
  PredictDeps,
  PredictMlWorker,
  PredictPhase,
  PredictPreview,
  PredictResult,
  PredictStage,
  PredictionStore
} from './types';

/** What a run needs again to export Parquet later (the data worker may hold another file). */
interface LastRun {
  file: Blob;
  opts: LoadOptions;
  out: PredictionOutput;
}

export class PredictState {
  phase = $state<PredictPhase>('idle');
  stage = $state<PredictStage | null>(null);
  /** 0 … 1 over the three stages. */
  fraction = $state(0);
  error = $state.raw<PublicError | null>(null);
  result = $state.raw<PredictResult | null>(null);
  /** This session's stored predictions, newest first. */
  history = $state.raw<StoredPrediction[]>([]);
  /** A bundle loaded in this panel ("Load model (.json)"). */
  loaded = $state.raw<ModelBundle | null>(null);
  /** The format being exported for download, if any. */
  downloading = $state<PredictionFormat | null>(null);
  runCount = $state(0);

  #deps: PredictDeps;
  #data: PredictDataWorker | undefined;
  #ml: PredictMlWorker | undefined;
  #callId = 0;
  #sessionId: string | null = null;
  /** Rejects the running call's waits (a terminated worker never answers). */
  #stop: ((e: unknown) => void) | undefined;
  #last: LastRun | null = null;
  /** The file whose table the data worker holds now (null: unknown / none). */
  #tableOf: Blob | null = null;

  constructor(deps: PredictDeps) {
    this.#deps = deps;
  }

  /** Shows `sessionId`'s stored predictions (a different session clears the shown result). */
  async open(sessionId: string): Promise<void> {
    if (this.#sessionId !== sessionId) {
      this.#sessionId = sessionId;
      this.cancel();
      this.result = null;
      this.#last = null;
      this.loaded = null;
      this.error = null;
      this.phase = 'idle';
      this.history = [];
    }
    await this.#refresh(sessionId);
    await this.#restoreLoaded(sessionId);
  }

  /**
   * After a reload: the newest saved model of the session that is not its champion (a bundle
   * loaded here or imported for explanations) is offered again as the loaded model.
   */
  async #restoreLoaded(sessionId: string): Promise<void> {
    if (this.loaded || !this.#deps.models.list) return;
    try {
      const other = (await this.#deps.models.list(sessionId)).find((m) => m.champion !== 1);
      if (other && sessionId === this.#sessionId && !this.loaded) this.loaded = other.bundle;
    } catch (e) {
      this.error = toPublicError(e);
    }
  }

  async #refresh(sessionId: string): Promise<void> {
    try {
      const list = await this.#deps.store.list(sessionId);
      if (sessionId === this.#sessionId) this.history = list;
    } catch (e) {
      this.error = toPublicError(e);
    }
  }

  #setStage(stage: PredictStage, inner = 0) {
    this.stage = stage;
    const i = PREDICT_STAGES.indexOf(stage);
    this.fraction = (i + Math.min(1, Math.max(0, inner))) / PREDICT_STAGES.length;
  }

  /**
   * Predicts `file` with `bundle` and stores the result with `sessionId`.
   * @returns the result, or null (failed: see `error`; cancelled; or another call is running).
   */
  async run(
    file: Blob,
    fileName: string,
    bundle: ModelBundle,
    sessionId: string
  ): Promise<PredictResult | null> {
    if (this.phase === 'running' || this.downloading) return null;
    const id = ++this.#callId;
    this.#sessionId = sessionId;
    this.phase = 'running';
    this.error = null;
    this.runCount++;
    this.#setStage('load');
    const stopped = new Promise<never>((_, reject) => (this.#stop = reject));
    stopped.catch(() => undefined);
    const wait = <T>(p: Promise<T>) => Promise.race([p, stopped]);
    const live = () => id === this.#callId;
    try {
      const hash = this.#deps.hash(file);
      hash.catch(() => undefined);
      // Plain copy: rune proxies cannot be structured-cloned; one row is enough to predict.
      const opts: LoadOptions = {
        ...JSON.parse(JSON.stringify(this.#deps.loadOptions(fileName))),
        fileName,
        minRows: 1
      };
      const bytes = new Uint8Array(await wait(file.arrayBuffer()));
      const data = (this.#data ??= this.#deps.dataWorker());
      await wait(data.api.init());
      this.#tableOf = null;
      const onProgress = (p: Progress) => live() && this.#setStage('load', p.fraction);
      const info = await wait(data.api.load(bytes, opts, onProgress));
      this.#tableOf = file;
      const names = info.columns.map((c) => c.name);
      const ignored = extraColumns(names, bundle);
      const frame = await wait(
        data.api.frame({ categorical: categoricalInputs(bundle), exclude: ignored })
      );
      if (!live()) return null;

      this.#setStage('predict');
      const ml = this.#mlWorker(id);
      if (!ml.api.predictBatch) throw notAvailable();
      const out = await wait(ml.api.predictBatch(bundle, frame));
      if (!live()) return null;

      this.#setStage('export');
      const page = await wait(data.api.rows(0, PREVIEW_ROWS));
      const csv = await wait(data.api.exportPredictions(out, 'csv'));
      if (!live()) return null;
      this.#setStage('export', 0.5);
      const columns = await outputColumns(csv, names, out);
      const summary = summarize(out);
      const model = {
        id: bundle.id,
        family: bundle.family,
        version: bundle.version,
        target: bundle.target,
        problemType: bundle.problemType
      };
      const result: PredictResult = {
        fileName,
        rows: out.nRows,
        ignoredColumns: ignored,
        preview: { columns, predictionStart: names.length, rows: previewRows(page, out) },
        summary,
        model,
        csv,
        storedId: null
      };
      this.#last = { file, opts, out };
      this.result = result;
      this.phase = 'done';
      try {
        const stored = await this.#deps.store.put(
          { sessionId, datasetHash: await hash, modelId: bundle.id },
          {
            fileName,
            rows: out.nRows,
            columns,
            ignoredColumns: ignored,
            modelId: bundle.id,
            modelName: modelName(bundle),
            modelVersion: bundle.version,
            family: bundle.family,
            target: bundle.target,
            problemType: bundle.problemType,
            summary,
            csv
          }
        );
        if (this.result === result) this.result = { ...result, storedId: stored.id };
      } catch (e) {
        // The predictions are shown and downloadable; only keeping them failed (e.g. disk full).
        if (live()) this.error = toPublicError(e);
      }
      await this.#refresh(sessionId);
      return this.result;
    } catch (e) {
      if (!live()) return null;
      this.error = toPublicError(e);
      this.phase = this.result ? 'done' : 'error';
      return null;
    } finally {
      if (live()) {
        this.stage = null;
        this.fraction = 0;
        this.#stop = undefined;
      }
    }
  }

  #mlWorker(id: number): PredictMlWorker {
    if (this.#ml) return this.#ml;
    const ml = this.#deps.mlWorker();
    this.#ml = ml;
    ml.onCrash?.((reason) => {
      if (this.#ml !== ml) return;
      this.#ml = undefined;
      ml.terminate();
      if (id === this.#callId) this.#stop?.(workerCrashedError(reason));
    });
    return ml;
  }

  /**
   * The shown result as a file: the stored CSV, or Parquet exported by the data worker (the file
   * is loaded again first when the worker holds another one — after a failed or cancelled run).
   * @returns null when there is nothing to download or the export failed (see `error`).
   */
  async download(format: PredictionFormat): Promise<{ blob: Blob; fileName: string } | null> {
    const result = this.result;
    if (!result) return null;
    const fileName = predictionsFileName(result.fileName, format);
    if (format === 'csv') return { blob: result.csv, fileName };
    const last = this.#last;
    if (!last || this.phase === 'running' || this.downloading) return null;
    this.downloading = format;
    this.error = null;
    try {
      const data = (this.#data ??= this.#deps.dataWorker());
      if (this.#tableOf !== last.file) {
        await data.api.init();
        this.#tableOf = null;
        await data.api.load(new Uint8Array(await last.file.arrayBuffer()), last.opts);
        this.#tableOf = last.file;
      }
      const blob = await data.api.exportPredictions(last.out, format);
      return { blob, fileName };
    } catch (e) {
      this.error = toPublicError(e);
      return null;
    } finally {
      this.downloading = null;
    }
  }

  /** A stored prediction's CSV as a file. */
  historyFile(entry: StoredPrediction): { blob: Blob; fileName: string } {
    return {
      blob: entry.payload.csv,
      fileName: predictionsFileName(entry.payload.fileName, 'csv')
    };
  }

  /** Deletes a stored prediction (the shown result stays). */
  async remove(id: string): Promise<void> {
    try {
      await this.#deps.store.delete(id);
      if (this.result?.storedId === id) this.result = { ...this.result, storedId: null };
    } catch (e) {
      this.error = toPublicError(e);
    }
    if (this.#sessionId) await this.#refresh(this.#sessionId);
  }

  /**
   * "Load model (.json)": a DataGenius bundle is validated (`decodeBundle`), saved with the session
   * (not as champion) and used for the next predictions.
   * @returns false when the file was not usable (see `error`: INVALID_MODEL names the field).
   */
  async loadModel(sessionId: string, text: string): Promise<boolean> {
    this.error = null;
    try {
      const bundle = decodeBundle(text);
      await this.#deps.models.save(sessionId, bundle, { champion: false });
      this.loaded = bundle;
      return true;
    } catch (e) {
      this.error = toPublicError(e);
      return false;
    }
  }

  /** Stops the run: both workers are terminated (new ones start on the next run). */
  cancel(): void {
    if (this.phase !== 'running') return;
    this.#halt();
    this.error = new CancelledError('predict').toPublic();
    this.phase = this.result ? 'done' : 'error';
  }

  #halt() {
    this.#callId++;
    this.#stop?.(new CancelledError('predict'));
    this.#stop = undefined;
    this.#data?.terminate();
    this.#ml?.terminate();
    this.#data = undefined;
    this.#ml = undefined;
    this.#tableOf = null;
    this.stage = null;
    this.fraction = 0;
  }

  dispose(): void {
    this.#halt();
  }
}

/**
 * Columns of the exported file: its CSV header when it has the file's columns plus the
 * prediction columns (so the preview shows the file's own names), else the default names.
 */
async function outputColumns(csv: Blob, names: string[], out: PredictionOutput): Promise<string[]> {
  const fallback = [...names, ...predictionColumnNames(out, names)];
  const header = await readCsvHeader(csv).catch(() => null);
  return header && header.length === fallback.length ? header : fallback;
}

function notAvailable(): AppError {
  return new AppError({
    code: 'PREDICT_UNAVAILABLE',
    message: {
      pl: 'Ta wersja aplikacji nie potrafi jeszcze liczyć predykcji wsadowych.',
      en: 'This version of the app cannot compute batch predictions yet.'
    },
    hint: { pl: 'Odśwież stronę po aktualizacji.', en: 'Reload the page after an update.' }
  });
}
