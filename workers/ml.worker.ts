/**
 * The ML worker: the engine's in-process AutoML executor (+ the tfjs MLP) behind a comlink
 * interface (MlApi). Transfer handlers first, so typed errors cross the boundary intact.
 */
import { expose } from 'comlink';
import { installTransferHandlers } from './protocol/index';
import { createMlApi } from './api/ml-api-impl';
import { loadGbdtWasm } from './api/gbdt-wasm.browser';

installTransferHandlers();
// Fits started before the kernels arrive use the TypeScript ones (identical forests).
void loadGbdtWasm();
expose(createMlApi());
