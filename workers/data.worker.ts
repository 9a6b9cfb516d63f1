/**
 * The data worker: DuckDB-WASM + the engine's loader behind a comlink interface (DataApi).
 * Transfer handlers first, so typed errors and AbortSignals cross the boundary intact.
 */
import { expose } from 'comlink';
import { installTransferHandlers } from './protocol/index';
import { createDataApi } from './api/data-api-impl';

installTransferHandlers();
expose(createDataApi());
