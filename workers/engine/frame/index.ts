/** The frame subsystem's public surface: the columnar ML table, its builders and the target. */
export type {
  EncodedTarget,
  Frame,
  FrameCategoricalColumn,
  FrameColumn,
  FrameColumnKind,
  FrameNumericColumn
} from './types';
export { frameFromArrow } from './from-arrow';
export type { FrameFromArrowOptions } from './from-arrow';
export { frameFromColumns } from './from-columns';
export type { FrameCell } from './from-columns';
export { allRows, frameSubset } from './subset';
export { encodeTarget } from './target';
export type { TargetEncodingResult } from './target';
export { sortDictionary } from './dictionary';
export { trainingData } from './training';
export type { TrainingData } from './training';
export { queryFrame, queryText } from './query';
export type { LoadedTable, QueryFrameOptions, TextColumn } from './query';
