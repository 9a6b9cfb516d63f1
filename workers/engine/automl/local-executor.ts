/**
 * In-process TaskExecutor: fits the pipeline on a task's training rows only (no leakage), trains
 * the family, predicts the test rows. Used as it is by the CLI and tests, and inside every browser
 * ML worker (the pool gives each worker one task at a time).
 */
import { ModelTrainingError } from '../errors';
import type { EncodedTarget, Frame } from '../frame/types';
import type { FittedModel, ModelFamily, ModelTask, ModelTrainer } from '../models/types';
import { encodePipeline, fitPipeline } from '../preprocess/index';
import { ALL_FAMILIES } from './options';
import { trainerFor } from './trainers';
import type { TaskExecutor, TaskResult, TrainTask } from './types';

/** Encoded form of a blend: members with their own pipelines, predictions averaged. */
export const BLEND_FORMAT = 'dg-blend/1';

export interface BlendMemberState {
  pipeline: unknown;
  model: ReturnType<FittedModel['encode']>;
  featureNames: string[];
}

export function createLocalExecutor(
  opts: { trainers?: readonly ModelTrainer[]; now?: () => number } = {}
): TaskExecutor {
  const extra = new Map<ModelFamily, ModelTrainer>();
  for (const t of opts.trainers ?? []) extra.set(t.family, t);
  const now = opts.now ?? (() => Date.now());
  let frame: Frame | null = null;
  let target: EncodedTarget | null = null;

  const lookup = (family: ModelFamily): ModelTrainer => {
    const t = extra.get(family) ?? trainerFor(family);
    if (!t)
      throw new ModelTrainingError({
        code: 'FAMILY_UNAVAILABLE',
        message: {
          pl: `model ${family} nie jest dostępny w tym środowisku`,
          en: `model ${family} is not available here`
        },
        details: { family }
      });
    return t;
  };

  /** Fits one family; returns its test predictions and, when asked, its encoded parts. */
  const fitOne = async (
    family: ModelFamily,
    params: Record<string, unknown>,
    task: TrainTask
  ): Promise<{ predictions: Float64Array; parts: BlendMemberState }> => {
    const f = frame as Frame;
    const t = target as EncodedTarget;
    const trainer = lookup(family);
    const kind: ModelTask = t.task;
    const nClasses = kind === 'regression' ? 1 : t.classes.length;
    const { pipeline, train } = fitPipeline(f, task.trainRows, t, {
      flavour: trainer.input,
      scale: trainer.needsScaling,
      seed: task.seed
    });
    const y = Float64Array.from(task.trainRows, (r) => t.y[r]);
    const w = task.classWeights;
    const sampleWeight = w ? y.map((c) => w[c]) : null;
    const full = {
      ...(trainer.defaults(kind, train.nRows, train.columns.length) as Record<string, unknown>),
      ...params
    };
    const model = await trainer.fit(train, y, full, {
      task: kind,
      nClasses,
      seed: task.seed,
      sampleWeight
    });
    const predictions = task.testRows.length
      ? model.predict(pipeline.transform(f, task.testRows))
      : new Float64Array(0);
    return {
      predictions,
      parts: task.keepModel
        ? { pipeline: encodePipeline(pipeline), model: model.encode(), featureNames: train.names }
        : {
            pipeline: null,
            model: { family, format: '', params: {}, state: null },
            featureNames: []
          }
    };
  };

  return {
    concurrency: 1,
    available: ALL_FAMILIES.filter((f) => extra.has(f) || trainerFor(f) !== undefined),
    async prepare(f: Frame, t: EncodedTarget) {
      frame = f;
      target = t;
    },
    async run(task: TrainTask): Promise<TaskResult> {
      if (!frame || !target)
        throw new ModelTrainingError({
          code: 'NOT_PREPARED',
          message: { pl: 'brak danych do uczenia', en: 'no training data was given' }
        });
      const t0 = now();
      if (task.family !== 'blend') {
        const { predictions, parts } = await fitOne(task.family, task.params, task);
        return {
          predictions,
          fitSeconds: (now() - t0) / 1000,
          model: task.keepModel ? parts : undefined
        };
      }
      // A blend: every member fitted on the same rows, predictions averaged.
      const members = (task.params.members ?? []) as {
        family: ModelFamily;
        params: Record<string, unknown>;
      }[];
      const fitted = [];
      for (const m of members) fitted.push(await fitOne(m.family, m.params, task));
      const predictions = new Float64Array(fitted[0]?.predictions.length ?? 0);
      for (const m of fitted)
        for (let i = 0; i < predictions.length; i++)
          predictions[i] += m.predictions[i] / fitted.length;
      return {
        predictions,
        fitSeconds: (now() - t0) / 1000,
        model: task.keepModel
          ? {
              pipeline: null,
              model: {
                family: 'blend',
                format: BLEND_FORMAT,
                params: { members: members.map((m) => ({ ...m })) },
                state: { members: fitted.map((m) => m.parts) }
              },
              featureNames: fitted.flatMap((m) => m.parts.featureNames)
            }
          : undefined
      };
    }
  };
}
