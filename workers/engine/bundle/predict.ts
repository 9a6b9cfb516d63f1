/** predictBundle: inference from a model bundle on a raw frame (no training libraries). */
import type { Frame } from '../frame/types';
import type { BundlePrediction, ModelBundle } from './types';

/** @throws DataValidationError SCHEMA_MISMATCH listing the missing columns / type mismatches. */
export function checkBundleInput(bundle: ModelBundle, frame: Frame): void {
  void bundle;
  void frame;
  throw new Error('checkBundleInput: not implemented yet');
}

export function predictBundle(bundle: ModelBundle, frame: Frame): BundlePrediction {
  void bundle;
  void frame;
  throw new Error('predictBundle: not implemented yet');
}
