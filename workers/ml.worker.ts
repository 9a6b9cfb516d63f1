/**
 * The ML worker: the engine's in-process AutoML executor (+ the tfjs MLP) behind a comlink
 * interface (MlApi). Transfer handlers first, so typed errors cross the boundary intact.
 */
import { expose } from 'comlink';
import { installTransferHandlers } from './protocol/index';
import { createMlApi } from './api/ml-api-impl';

installTransferHandlers();
expose(createMlApi());
