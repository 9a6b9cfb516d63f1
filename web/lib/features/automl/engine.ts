/**
 * The engine calls AutoML makes on the main thread, behind one interface so the state class can
 * be tested with a fake (STYLE.md habit 4). The real one encodes the target (dropping rows whose
 * target is missing), plans, and runs the orchestrator with the executor it is given (the ML
 * worker pool). Values are imported from their modules, not the engine index, to keep the
 * main-thread bundle free of DuckDB / parquet code.
 */
import type {
  AutoMLEnv,
  AutoMLEvent,
  AutoMLOptions,
  AutoMLPlan,
  AutoMLResult,
  CancelSignal,
  EncodedTarget,
  Frame,
  ProblemType,
  TaskExecutor
} from '$engine';
import { planAutoML } from '$engine/automl/plan';
import { runAutoML } from '$engine/automl/run';
import { trainingData } from '$engine/frame/training';

/** The frame and target ready for AutoML. */
export interface PreparedData {
  frame: Frame;
  target: EncodedTarget;
  /** Rows left out because their target is missing. */
  dropped: number;
}

export interface AutoMLEngine {
  /** Encodes column `targetName` for `task`; rows with a missing target are dropped. */
  prepare(frame: Frame, targetName: string, task: ProblemType): PreparedData;
  plan(frame: Frame, target: EncodedTarget, options: AutoMLOptions, env: AutoMLEnv): AutoMLPlan;
  run(
    frame: Frame,
    target: EncodedTarget,
    options: AutoMLOptions,
    executor: TaskExecutor,
    onEvent: (e: AutoMLEvent) => void,
    signal?: CancelSignal
  ): Promise<AutoMLResult>;
}

/** The frame and encoded target AutoML trains on (rows with a missing target dropped). */
export function prepareData(frame: Frame, targetName: string, task: ProblemType): PreparedData {
  return trainingData(frame, targetName, task);
}

export const realEngine: AutoMLEngine = {
  prepare: prepareData,
  plan: planAutoML,
  run: runAutoML
};
