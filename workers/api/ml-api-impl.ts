/**
 * The ML worker's implementation of MlApi: the engine's in-process executor (createLocalExecutor)
 * with the tfjs MLP trainer added when TensorFlow.js starts in this worker. Every rejection is an
 * AppError (the protocol's transfer handler carries it to the main thread intact).
 */
import { transfer } from 'comlink';
import { AppError, toAppError } from '../engine/errors';
import { createLocalExecutor } from '../engine/automl/local-executor';
import type { TaskExecutor, TaskResult, TrainTask } from '../engine/automl/types';
import type { EncodedTarget, Frame } from '../engine/frame/types';
import type { ModelTrainer } from '../engine/models/types';
import type { ModelBundle } from '../engine/bundle/types';
import type { PredictionOutput } from '../engine/bundle/output';
import { predictBundleOutput } from '../engine/bundle/predict';
import type {
  EvaluateOptions,
  Evaluation,
  EvaluationProgress,
  MlApi,
  MlBackendInfo
} from './ml-api';
import { evaluateBundle, defaultExplainEngine, type ExplainEngine } from './ml-api-explain';
import { explainXGBoostText } from './ml-api-xgboost';
import { loadMlpTrainer, type MlpLoad } from './ml-api-tfjs';

/** What the implementation needs; tests hand in fakes. */
export interface MlApiDeps {
  createExecutor(opts: { trainers?: ModelTrainer[] }): TaskExecutor;
  /** Starts tfjs and returns the MLP trainer (null trainer when tfjs cannot start). */
  loadMlp(): Promise<MlpLoad>;
  /** Marks a result for transfer (comlink's `transfer` in the worker; identity in tests). */
  transferResult(result: TaskResult): TaskResult;
  /** How long tfjs may take to start before the MLP is left out; default MLP_START_TIMEOUT_MS. */
  mlpTimeoutMs?: number;
  /** SHAP and permutation importance for evaluate(); default defaultExplainEngine. */
  explain?: ExplainEngine;
  /** Marks an evaluation for transfer (identity in tests). */
  transferEvaluation?(e: Evaluation): Evaluation;
  /** Marks a batch prediction for transfer (identity in tests). */
  transferPrediction?(o: PredictionOutput): PredictionOutput;
}

/** The output's buffers, once each (comlink transfer list). */
export function predictionBuffers(o: PredictionOutput): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>([o.values.buffer as ArrayBuffer]);
  if (o.classIndex) buffers.add(o.classIndex.buffer as ArrayBuffer);
  return [...buffers];
}

/** A backend that has not started in this time will not: AutoML goes on without the MLP. */
export const MLP_START_TIMEOUT_MS = 20_000;

export const defaultMlDeps: MlApiDeps = {
  createExecutor: (opts) => createLocalExecutor(opts),
  loadMlp: loadMlpTrainer,
  transferResult: (r) => transfer(r, [r.predictions.buffer]),
  transferEvaluation: (e) => transfer(e, [e.predictions.buffer, e.y.buffer]),
  transferPrediction: (o) => transfer(o, predictionBuffers(o))
};

function notPreparedError(): AppError {
  return new AppError({
    code: 'NOT_PREPARED',
    message: {
      pl: 'Proces uczenia nie dostał jeszcze danych.',
      en: 'The training worker has not been given the data yet.'
    },
    hint: { pl: 'Uruchom AutoML ponownie.', en: 'Start AutoML again.' }
  });
}

export function createMlApi(deps: MlApiDeps = defaultMlDeps): Required<MlApi> {
  let executor: TaskExecutor | undefined;
  /** What prepare() was given (evaluate() predicts and refits on it). */
  let data: { frame: Frame; target: EncodedTarget } | undefined;
  let mlp: Promise<MlpLoad> | undefined;

  // tfjs starts once per worker; a failed start only removes the MLP from the zoo.
  function loadOnce(): Promise<MlpLoad> {
    if (mlp) return mlp;
    const ms = deps.mlpTimeoutMs ?? MLP_START_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`TensorFlow.js did not start within ${ms / 1000} s`)),
        ms
      );
    });
    mlp = Promise.race([deps.loadMlp(), timeout])
      .finally(() => clearTimeout(timer))
      .catch((e): MlpLoad => ({
        trainer: null,
        info: { backend: null, reason: String(toAppError(e).details.internal ?? 'tfjs failed') }
      }));
    return mlp;
  }

  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toAppError(e);
    }
  }

  return {
    prepare: (frame: Frame, target: EncodedTarget) =>
      guard(async () => {
        const { trainer } = await loadOnce();
        executor?.dispose?.();
        const next = deps.createExecutor(trainer ? { trainers: [trainer] } : {});
        executor = undefined;
        data = undefined;
        await next.prepare(frame, target);
        executor = next;
        data = { frame, target };
      }),

    run: (task: TrainTask) =>
      guard(async () => {
        if (!executor) throw notPreparedError();
        return deps.transferResult(await executor.run(task));
      }),

    backend: () => guard(async (): Promise<MlBackendInfo> => (await loadOnce()).info),

    evaluate: (
      bundle: ModelBundle,
      holdoutRows: Uint32Array,
      opts?: EvaluateOptions,
      onProgress?: (p: EvaluationProgress) => void
    ) =>
      guard(async () => {
        if (!executor || !data) throw notPreparedError();
        const e = await evaluateBundle(
          {
            ...data,
            executor,
            engine: deps.explain ?? defaultExplainEngine,
            onProgress: onProgress ? (p) => void onProgress(p) : undefined
          },
          bundle,
          holdoutRows,
          opts
        );
        return deps.transferEvaluation ? deps.transferEvaluation(e) : e;
      }),

    explainXGBoost: (text: string, holdoutRows: Uint32Array, name?: string) =>
      guard(async () => {
        if (!data) throw notPreparedError();
        const e = explainXGBoostText(text, data.frame, data.target, holdoutRows, name);
        return deps.transferEvaluation ? deps.transferEvaluation(e) : e;
      }),

    // Independent of prepare(): the new file's frame comes with the call. Tree models run on the
    // WASM predictor once gbdt-wasm.browser.ts has installed it (same numbers as TypeScript).
    predictBatch: (bundle: ModelBundle, frame: Frame) =>
      guard(async () => {
        const out = predictBundleOutput(bundle, frame);
        return deps.transferPrediction ? deps.transferPrediction(out) : out;
      })
  };
}
