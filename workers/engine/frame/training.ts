/**
 * The frame a model trains on: the target encoded, and the rows whose target is missing dropped
 * (from the frame and the target alike). One place for the browser, the CLI and the benches.
 */
import type { ProblemType } from '../data/types';
import { frameSubset } from './subset';
import { encodeTarget } from './target';
import type { EncodedTarget, Frame } from './types';

export interface TrainingData {
  frame: Frame;
  target: EncodedTarget;
  /** Rows dropped because their target is missing. */
  dropped: number;
}

/** @throws InvalidTargetError (see encodeTarget). */
export function trainingData(frame: Frame, targetName: string, task: ProblemType): TrainingData {
  const enc = encodeTarget(frame, targetName, task);
  const target: EncodedTarget = {
    task: enc.task,
    y: enc.y,
    classes: enc.classes,
    column: targetName
  };
  const missing = enc.missingRows;
  if (!missing.length) return { frame, target, dropped: 0 };
  const keep = new Uint32Array(frame.nRows - missing.length);
  for (let i = 0, m = 0, k = 0; i < frame.nRows; i++) {
    if (m < missing.length && missing[m] === i) m++;
    else keep[k++] = i;
  }
  return {
    frame: frameSubset(frame, keep),
    target: { ...target, y: Float64Array.from(keep, (r) => enc.y[r]) },
    dropped: missing.length
  };
}
