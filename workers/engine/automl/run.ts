/**
 * runAutoML: compare every applicable family by cross-validation, tune the best few, optionally
 * blend, refit the winner on all training rows, score it on the holdout and return its bundle.
 */
import type { EncodedTarget, Frame } from '../frame/types';
import type { CancelSignal } from '../progress';
import type { AutoMLEvent, AutoMLOptions, AutoMLResult, TaskExecutor } from './types';

/**
 * @param frame the whole table (target column included; it is never a feature).
 * @param target encoded target, rows with a missing target already removed from `frame`.
 * @param executor runs train/predict tasks (in-process or a worker pool); prepared here.
 * @param onEvent plan, leaderboard rows as they finish, progress, logged failures.
 * @throws CancelledError when `signal` is aborted before any model finished; InsufficientDataError.
 */
export async function runAutoML(
  frame: Frame,
  target: EncodedTarget,
  options: AutoMLOptions,
  executor: TaskExecutor,
  onEvent: (e: AutoMLEvent) => void,
  signal?: CancelSignal
): Promise<AutoMLResult> {
  void frame;
  void target;
  void options;
  void executor;
  void onEvent;
  void signal;
  throw new Error('runAutoML: not implemented yet');
}
