/**
 * The only place the app starts a Web Worker (STYLE.md). `spawnDataWorker()` returns a comlink
 * proxy of the data worker's DataApi with the shared transfer handlers installed, so calls reject
 * with typed AppErrors and accept AbortSignals.
 */
import { wrap, type Remote } from 'comlink';
import type { DataApi } from '$workers/api/data-api';
import { installTransferHandlers } from '$workers/protocol/index';

export interface DataWorker {
  api: Remote<DataApi>;
  terminate(): void;
}

export function spawnDataWorker(): DataWorker {
  installTransferHandlers();
  // Relative path on purpose: Vite cannot bundle `new URL('$lib/…')` workers (NOTES-stack.md).
  const worker = new Worker(new URL('../../../workers/data.worker.ts', import.meta.url), {
    type: 'module',
    name: 'data'
  });
  return { api: wrap<DataApi>(worker), terminate: () => worker.terminate() };
}
