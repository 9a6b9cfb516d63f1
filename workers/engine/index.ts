/**
 * The engine's public surface (STYLE.md habit 1): everything the workers, the CLI and the edge
 * API may use, exported by name.
 */
export {
  AppError,
  ApiError,
  CancelledError,
  DataLoadError,
  DataValidationError,
  InsufficientDataError,
  InvalidTargetError,
  LLMError,
  ModelTrainingError,
  fromPublic,
  isAppError,
  toAppError
} from './errors';
export type { AppErrorInit, Bilingual, ErrorName, Lang, PublicError } from './errors';

export { ident, lit } from './db/runner';
export type { ParquetReader, SqlRunner } from './db/runner';

export type { CancelSignal, Progress, ProgressFn } from './progress';

export {
  ACCEPTED_EXTENSIONS,
  DEFAULT_MIN_ROWS,
  DEFAULT_MISSING_TOKENS,
  SUPPORTED_FORMATS
} from './data/types';
export type {
  ColumnInfo,
  ColumnType,
  CsvDialect,
  DataWarning,
  DatasetInfo,
  FileFormat,
  LoadOptions,
  ProblemType,
  RowPage,
  TargetInfo,
  TextEncoding
} from './data/types';

export { loadTable } from './data/load';
export { listSheets } from './data/xlsx';
export { validateTable } from './data/validate';
export { inferTarget } from './data/target';
export { fetchRows } from './data/rows';
export { detectFormat } from './data/detect';

export { EDA_DEFAULTS } from './eda/types';
export { runEda } from './eda/run-eda';
export type {
  AlertCode,
  AlertSeverity,
  BooleanStats,
  BoxStats,
  CategoricalStats,
  ColumnEda,
  CorrelationMatrix,
  CorrelationsEda,
  DatePeriod,
  DatetimeStats,
  EdaAlert,
  EdaOptions,
  EdaResults,
  EdaSection,
  Histogram,
  MissingEda,
  MulticollinearityEda,
  NumericStats,
  OutlierEda,
  OverviewEda,
  Quantiles,
  ScatterSample,
  TargetEda,
  TargetFeatureEda
} from './eda/types';

export { CAT_WORDS, treeCount } from './gbdt/flat-forest';
export type { FlatForest, ForestKind, ForestLink } from './gbdt/flat-forest';
export {
  applyLink,
  leafIndices,
  leafOf,
  predictProba,
  predictRaw,
  prepareForest
} from './gbdt/predict';
export { decodeForest, encodeForest, FOREST_FORMAT } from './gbdt/forest-codec';
export type { EncodedForest } from './gbdt/forest-codec';
export { importXGBoostJson, parseLenientJson, parseXGBoostJson } from './gbdt/xgboost-import';
export { createWasmPredictor } from './gbdt/wasm-predict';
export type { WasmForestHandle, WasmModuleLike, WasmPredictor } from './gbdt/wasm-predict';

export { createRng, sampleWithoutReplacement, shuffleInPlace } from './rng';
export type { Rng } from './rng';

export { GBDT_DEFAULTS, resolveGbdtParams } from './gbdt/params';
export type { FeatureKind, GbdtLoss, GbdtParams } from './gbdt/params';
export {
  BINNING_SAMPLE,
  HIST_BINS,
  MISSING_BIN,
  binColumns,
  fitBinMapper,
  rawThreshold
} from './gbdt/binning';
export type { BinMapper, BinningOptions } from './gbdt/binning';
export {
  HistogramPool,
  buildHistogram,
  createHistogram,
  subtractHistogram
} from './gbdt/histogram';
export type { Histogram as GbdtHistogram } from './gbdt/histogram';
export { findBestSplit, leafValue } from './gbdt/splitting';
export type { NodeSums, SplitConstraints, SplitInfo } from './gbdt/splitting';
export { TreeGrower } from './gbdt/grower';
export type { GrowerParams } from './gbdt/grower';
export { packForest } from './gbdt/pack';
export type { FlatTree, ForestMeta } from './gbdt/pack';
export { createObjective } from './gbdt/loss/create';
export type { GbdtObjective } from './gbdt/loss/types';
export { fitGbdt } from './gbdt/gbdt';
export type { GbdtResult } from './gbdt/gbdt';

export { binaryAuc, rocAuc } from './metrics/auc';
export { accuracy, argmaxRows, logLoss } from './metrics/classification';
export { mae, r2, rmse } from './metrics/regression';
export { METRIC_LABELS } from './metrics/names';
export type { MetricKey } from './metrics/names';
export { foldRows, kFold, stratifiedKFold } from './eval/folds';

export { fitDecisionTree, fitForest } from './forest/forest';
export type { ForestResult } from './forest/forest';
export {
  DECISION_TREE_DEFAULTS,
  FOREST_DEFAULTS,
  featuresPerSplit,
  resolveForestParams
} from './forest/params';
export type { ForestParams, ForestTask, MaxFeatures, ResolvedForestParams } from './forest/params';

export type { Frame, FrameColumn, FrameColumnKind, EncodedTarget } from './frame/types';
export {
  allRows,
  encodeTarget,
  frameFromArrow,
  frameFromColumns,
  frameSubset,
  trainingData
} from './frame/index';
export type {
  FrameCell,
  FrameFromArrowOptions,
  TargetEncodingResult,
  TrainingData
} from './frame/index';
export {
  anchorPreprocessing,
  decodePipeline,
  encodePipeline,
  fitPipeline,
  FittedPipeline
} from './preprocess/index';
export type { EncodedPipeline, PipelineFit, PipelineOptions } from './preprocess/index';
export { computeMetrics, METRIC_INFO, metricsFor } from './metrics/index';
export type { MetricInfo } from './metrics/index';
export type {
  DesignMatrix,
  EncodedModel,
  FittedModel,
  FitContext,
  ModelFamily,
  ModelTask,
  ModelTrainer,
  ParamRange
} from './models/types';
export type {
  AutoMLEnv,
  AutoMLEvent,
  AutoMLOptions,
  AutoMLPlan,
  AutoMLResult,
  AutoMLStage,
  FamilyEstimate,
  LeaderboardRow,
  MetricName,
  TaskExecutor,
  TaskResult,
  TrainTask
} from './automl/types';
export { runAutoML } from './automl/run';
export { planAutoML } from './automl/plan';
export { createLocalExecutor } from './automl/local-executor';
export { BUNDLE_FORMAT } from './bundle/types';
export type { BundlePrediction, InputColumn, ModelBundle, ReferenceColumn } from './bundle/types';
export { checkBundleInput, predictBundle } from './bundle/predict';
export { decodeBundle, encodeBundle } from './bundle/codec';
export { registerTrainers } from './automl/trainers';
export { MIN_ROWS_FOR_ML } from './automl/run';

export { csvField, neutraliseCell, toCsv, toCsvChunks } from './report/csv';
export type { CsvCell, CsvColumn, CsvOptions } from './report/csv';

export {
  bundleOutputNames,
  createWasmTreeShap,
  explainBundle,
  explainModel,
  explainXGBoost,
  groupShap,
  meanAbsShap,
  permutationImportance,
  setTreeShapKernel,
  treeShap,
  ungrouped,
  xgboostFeatureNames
} from './explain/index';
export type {
  ExplainBundleOptions,
  ExplainMethod,
  ExplainOptions,
  GroupedShap,
  Importance,
  PermutationImportance,
  PermutationOptions,
  SampledShap,
  ShapValues,
  TreeShapFn,
  TreeShapResult
} from './explain/index';
export { exp, log, log1p } from './math/index';

export {
  buildReport,
  chartFiles,
  evaluationFromProba,
  PDF_FONT_FILES,
  renderHtml,
  renderMarkdown,
  renderPdf,
  REPORT_SECTIONS,
  shapSummary
} from './report/index';
export type {
  EvaluationData,
  PdfFonts,
  ReportInput,
  ReportModel,
  ReportOptions,
  ReportSectionId,
  ShapSummary
} from './report/index';

export { predictBundleOutput } from './bundle/predict';
export {
  outputClassColumn,
  outputLabels,
  outputOfValues,
  outputScores,
  predictionColumns,
  predictionOutput
} from './bundle/output';
export type { PredictionOutput } from './bundle/output';
export { queryFrame, queryText } from './frame/index';
export type { LoadedTable, QueryFrameOptions, TextColumn } from './frame/index';
export { setTreePredictKernel, treePredictKernel } from './models/trees';
export type { TreePredictKernel } from './models/trees';
