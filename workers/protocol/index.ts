/**
 * comlink transfer handlers shared by every worker and its main-thread client: typed errors and
 * AbortSignal. Call `installTransferHandlers()` once on each side before the first call.
 */
import { installAbortHandler } from './abort';
import { installErrorHandler } from './errors';

export { RemoteAbortSignal, abortSignalHandler } from './abort';
export { errorTransferHandler } from './errors';

export function installTransferHandlers(): void {
  installErrorHandler();
  installAbortHandler();
}
