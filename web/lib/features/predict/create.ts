/**
 * Wires PredictState for the app: a data worker of its own (comlink; the file's bytes and the
 * Frame are transferred, progress goes through `proxy`), one ML worker, the predictions and
 * models repositories, the home page's load options and SHA-256 of files.
 */
import { proxy, transfer } from 'comlink';
import type { Frame } from '$engine/frame/types';
import { appDb, appRepos, sha256Hex } from '$lib/db';
import { ModelsRepo } from '$lib/db/models';
import { spawnDataWorker } from '$lib/workers/data-worker';
import { spawnMlWorker } from '$lib/workers/ml-pool';
import { loadOptions } from '$lib/features/home/load-options.svelte';
import { PredictState } from './predict.svelte';

/** Every column buffer of `frame`, once each (a transfer list may not repeat a buffer). */
function frameBuffers(frame: Frame): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const c of frame.columns)
    buffers.add((c.kind === 'categorical' ? c.codes.buffer : c.values.buffer) as ArrayBuffer);
  return [...buffers];
}

export function createPredict(): PredictState {
  return new PredictState({
    dataWorker: () => {
      const w = spawnDataWorker();
      return {
        api: {
          init: () => w.api.init(),
          load: (bytes, opts, onProgress) =>
            w.api.load(
              transfer(bytes, [bytes.buffer as ArrayBuffer]),
              opts,
              onProgress ? proxy(onProgress) : undefined
            ),
          frame: (opts) => w.api.frame(opts),
          rows: (offset, limit) => w.api.rows(offset, limit),
          exportPredictions: (out, format) => w.api.exportPredictions(out, format)
        },
        terminate: () => w.terminate()
      };
    },
    mlWorker: () => {
      const h = spawnMlWorker();
      const predictBatch = h.api.predictBatch;
      return {
        api: {
          // The worker proxy answers every property; the contract marks the method optional only
          // for the AutoML pool's fakes.
          predictBatch: predictBatch
            ? (bundle, frame) => predictBatch(bundle, transfer(frame, frameBuffers(frame)))
            : undefined
        },
        terminate: () => h.terminate(),
        onCrash: (fn) => h.onCrash(fn)
      };
    },
    store: appRepos().predictions,
    models: new ModelsRepo(appDb()),
    loadOptions: (fileName) => loadOptions.toLoadOptions(fileName),
    hash: sha256Hex
  });
}
