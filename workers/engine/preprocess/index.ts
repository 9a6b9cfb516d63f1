/** The preprocess subsystem's public surface (README.md explains the steps and the rules). */
export { fitPipeline } from './fit';
export type { PipelineFit } from './fit';
export { FittedPipeline } from './pipeline';
export { decodePipeline, encodePipeline, PIPELINE_FORMAT } from './codec';
export type { EncodedPipeline } from './codec';
export { anchorPreprocessing, DATETIME_PARTS, resolveOptions } from './options';
export type {
  DatetimePart,
  HighCardinality,
  ImputeStrategy,
  PipelineFlavour,
  PipelineOptions,
  ResolvedOptions,
  ScalerKind
} from './options';
export { MISSING_LEVEL, RARE_LEVEL } from './types';
export type { DroppedColumn, InputColumn, PipelineBlock, PipelineSpec } from './types';
export { checkInputColumns } from './align';
export { datePart } from './datetime';
