/** In-process TaskExecutor (Node CLI, tests, and each browser ML worker). */
import type { ModelTrainer } from '../models/types';
import type { TaskExecutor } from './types';

export function createLocalExecutor(opts: { trainers?: ModelTrainer[] } = {}): TaskExecutor {
  void opts;
  throw new Error('createLocalExecutor: not implemented yet');
}
