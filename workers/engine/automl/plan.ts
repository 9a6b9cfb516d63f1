/** planAutoML: the time / memory estimate and portfolio shown before a run (issue 5 "Budget"). */
import type { EncodedTarget, Frame } from '../frame/types';
import type { AutoMLEnv, AutoMLOptions, AutoMLPlan } from './types';

export function planAutoML(
  frame: Frame,
  target: EncodedTarget,
  options: AutoMLOptions,
  env: AutoMLEnv
): AutoMLPlan {
  void frame;
  void target;
  void options;
  void env;
  throw new Error('planAutoML: not implemented yet');
}
