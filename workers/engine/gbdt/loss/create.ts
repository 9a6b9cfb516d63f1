/** Picks the objective for a loss name and class count. */
import type { GbdtLoss } from '../params';
import { binaryLogLoss } from './binary-log-loss';
import { softmaxLoss } from './softmax-loss';
import { squaredError } from './squared-error';
import type { GbdtObjective } from './types';

/** squaredError → 1 output; logLoss with 2 classes → binary margin; more → softmax over K. */
export function createObjective(loss: GbdtLoss, nClasses: number): GbdtObjective {
  if (loss === 'squaredError') return squaredError();
  return nClasses <= 2 ? binaryLogLoss() : softmaxLoss(nClasses);
}
