/**
 * Wires ExplainState for the app: the session's data worker, one dedicated ML worker (comlink,
 * progress through `proxy`), and the session store.
 */
import { proxy } from 'comlink';
import { appDb } from '$lib/db';
import { ModelsRepo } from '$lib/db/models';
import { spawnMlWorker } from '$lib/workers/ml-pool';
import type { FrameSource } from '$lib/features/automl/automl.svelte';
import { ExplainState } from './explain.svelte';
import { sessionExplainStore } from './store';

export function createExplain(data: () => FrameSource): ExplainState {
  return new ExplainState({
    data,
    worker: () => {
      const h = spawnMlWorker();
      return { api: h.api, terminate: () => h.terminate() };
    },
    store: sessionExplainStore(),
    models: new ModelsRepo(appDb()),
    proxy: (fn) => proxy(fn as object) as typeof fn
  });
}
