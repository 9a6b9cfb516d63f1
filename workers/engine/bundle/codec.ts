/** Bundle JSON validation. */
import type { ModelBundle } from './types';

/** @throws AppError INVALID_MODEL naming the bad field. */
export function decodeBundle(json: unknown): ModelBundle {
  void json;
  throw new Error('decodeBundle: not implemented yet');
}
