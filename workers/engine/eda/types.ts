/**
 * Types of the EDA subsystem: the options `runEda` takes and the `EdaResults` it returns. Results
 * cross a worker boundary and are stored in IndexedDB, so they are plain data only: no classes, no
 * functions, no NaN in arrays meant for charts (a statistic that is undefined — std of one value,
 * a correlation with a constant column — is `null`). Every array is small (≤ a few thousand
 * entries) whatever the table size: big data is aggregated in SQL first.
 *
 * Statistic definitions (README.md has the full list):
 *  - std: sample standard deviation (n − 1), DuckDB `stddev_samp`;
 *  - quantiles: linear interpolation between order statistics (Hyndman–Fan type 7, numpy's and
 *    R's default), DuckDB `quantile_cont`;
 *  - skewness: adjusted Fisher–Pearson G1 (bias-corrected, = pandas `skew()`), DuckDB `skewness`;
 *  - kurtosis: excess kurtosis, bias-corrected G2 (= pandas `kurt()`), DuckDB `kurtosis`;
 *  - histogram: `bins` equal-width bins between min and max; bin i is [edges[i], edges[i+1]),
 *    the last bin is closed [edges[bins−1], max]; a constant column has one bin [v, v];
 *  - Spearman: Pearson on average ranks (ties get the mean of their positions);
 *  - Cramér's V: sqrt(χ² / (n · (min(r, c) − 1))), without bias correction;
 *  - η (correlation ratio): sqrt(SS_between / SS_total).
 */
import type { Bilingual } from '../errors';
import type { ColumnType, ProblemType } from '../data/types';

/** Options of `runEda`; every field optional, defaults in `EDA_DEFAULTS`. */
export interface EdaOptions {
  /** Target column: enables the `target` section and TARGET_LEAKAGE / IMBALANCE alerts. */
  target?: string;
  /** Overrides the inferred problem type of the target. */
  problemType?: ProblemType;
  /** Bins per numeric histogram (default 30, 2 … 200). */
  histogramBins?: number;
  /** Most frequent values listed per categorical/text column (default 10). */
  topK?: number;
  /**
   * Relations (correlations, Cramér's V, η, VIF, target analysis, scatter sample) are computed
   * on a seeded reservoir sample of this many rows when the table is larger (default 200,000).
   * Per-column statistics, missing values and outliers always use every row.
   */
  sampleRows?: number;
  /** |r| or V above which HIGH_CORRELATION fires (default 0.9). */
  correlationThreshold?: number;
  /** VIF above which HIGH_VIF fires (default 10). */
  vifThreshold?: number;
  /** Most numeric / categorical columns entering the correlation matrices (default 100 each). */
  maxCorrelationColumns?: number;
  /** Seed of every sample (default 42). */
  seed?: number;
}

/** Sections of the EDA, in the order they are computed; keys of `EdaResults.timings`. */
export type EdaSection =
  | 'overview'
  | 'columns'
  | 'missing'
  | 'outliers'
  | 'correlations'
  | 'multicollinearity'
  | 'target'
  | 'alerts';

/** Equal-width histogram: `edges` has bins + 1 entries, `counts` has bins entries. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Quantiles by linear interpolation (type 7, DuckDB `quantile_cont`). */
export interface Quantiles {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** A square symmetric matrix over `columns`; `matrix[i][j]` is null when undefined. */
export interface CorrelationMatrix {
  columns: string[];
  matrix: (number | null)[][];
}

export interface NumericStats {
  mean: number | null;
  /** Sample standard deviation (n − 1); null below 2 values. */
  std: number | null;
  min: number | null;
  max: number | null;
  sum: number | null;
  quantiles: Quantiles | null;
  /** p75 − p25. */
  iqr: number | null;
  /** Bias-corrected sample skewness G1 (pandas `skew`); null below 3 values or zero variance. */
  skewness: number | null;
  /** Bias-corrected excess kurtosis G2 (pandas `kurt`); null below 4 values or zero variance. */
  kurtosis: number | null;
  zeros: number;
  negatives: number;
  /** Share of non-missing values that are 0. */
  zerosShare: number;
  /** Coefficient of variation std / |mean|; null when mean is 0. */
  cv: number | null;
  histogram: Histogram;
}

export interface CategoricalStats {
  /** Most frequent values, count descending then value ascending; length ≤ topK. */
  topK: { value: string; count: number }[];
  /** Non-missing rows outside topK. */
  otherCount: number;
  /** Distinct non-missing values. */
  cardinality: number;
  /** Length in characters of the non-missing values. */
  length: { min: number; mean: number; max: number } | null;
  /** Share of non-missing values that parse as numbers (MIXED_TYPES). */
  numericShare: number;
  /** Share of non-missing values shaped like dates (DATE_AS_TEXT). */
  dateShare: number;
}

export type DatePeriod = 'day' | 'month' | 'year';

export interface DatetimeStats {
  /** ISO text ('2012-01-01' or '2012-01-01T10:00:00'). */
  min: string | null;
  max: string | null;
  rangeDays: number | null;
  /** Largest gap between consecutive distinct values. */
  largestGap: { from: string; to: string; days: number } | null;
  /** day for ranges ≤ 92 days, month ≤ 10 years, else year. */
  period: DatePeriod;
  /** Rows per period, chronological; `period` is 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'. */
  counts: { period: string; count: number }[];
}

export interface BooleanStats {
  trueCount: number;
  falseCount: number;
}

/** Everything about one column; exactly one of numeric/categorical/datetime/boolean is set. */
export interface ColumnEda {
  name: string;
  type: ColumnType;
  sqlType: string;
  /** Non-missing values. */
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  /** distinct / count (1 = every value different). */
  uniqueShare: number;
  /** Estimated in-memory size (bytes): fixed width × rows, text by its lengths. */
  memoryBytes: number;
  /** Set for integer and numeric columns. */
  numeric?: NumericStats;
  /** Set for categorical and text columns. */
  categorical?: CategoricalStats;
  /** Set for date and datetime columns. */
  datetime?: DatetimeStats;
  boolean?: BooleanStats;
}

export interface OverviewEda {
  rows: number;
  columns: number;
  /** Rows that repeat an earlier row exactly (count(*) − count(DISTINCT row)). */
  duplicateRows: number;
  duplicateShare: number;
  /** Sum of the columns' memoryBytes. */
  memoryBytes: number;
  cellsMissing: number;
  cellsMissingShare: number;
  typeCounts: Partial<Record<ColumnType, number>>;
}

export interface MissingEda {
  perColumn: { column: string; missing: number; share: number }[];
  rowsWithMissing: number;
  rowsWithMissingShare: number;
  /**
   * Columns with any missing value; matrix[i][j] = share of all rows where both i and j are
   * missing (the diagonal is the column's missing share).
   */
  coMissing: { columns: string[]; matrix: number[][] };
  /** Most frequent missing patterns (which columns are missing together), count descending. */
  patterns: { columns: string[]; count: number; share: number }[];
  /**
   * Missing-value matrix chart: rows cut into ≤ 100 consecutive blocks (by row order);
   * shares[b][i] = share missing of coMissing.columns[i] in block b.
   */
  blocks: { rowsPerBlock: number; shares: number[][] };
}

export interface OutlierEda {
  column: string;
  iqr: { lower: number; upper: number; count: number; share: number; examples: number[] };
  /** |x − median| / (1.4826 · MAD) > threshold (3.5); null when MAD is 0. */
  robustZ: {
    median: number;
    mad: number;
    threshold: number;
    count: number;
    share: number;
    examples: number[];
  } | null;
}

export interface CorrelationsEda {
  pearson: CorrelationMatrix;
  spearman: CorrelationMatrix;
  /** Categorical (and boolean) columns, bias-uncorrected Cramér's V. */
  cramersV: CorrelationMatrix;
  /** Correlation ratio η; matrix[i][j] for numeric[i] × categorical[j]. */
  eta: { numeric: string[]; categorical: string[]; matrix: (number | null)[][] };
  /** Rows the relations were computed on (= rows when not sampled). */
  rowsUsed: number;
  sampled: boolean;
}

export interface MulticollinearityEda {
  columns: string[];
  /** 1 / diag(R⁻¹); null when R is singular for that column (perfect collinearity → Infinity is reported as null and flagged). */
  vif: (number | null)[];
  /** Columns whose VIF > threshold or is null (singular). */
  flagged: string[];
  threshold: number;
}

export interface BoxStats {
  label: string;
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

/** One feature against the target, in a chart-ready shape picked by `kind`. */
export type TargetFeatureEda =
  | { feature: string; kind: 'box'; groups: BoxStats[] }
  | {
      feature: string;
      kind: 'rate';
      /** Top categories (≤ topK); shares[k] = share of class k (target.classes order) in the category. */
      categories: { value: string; count: number; shares: number[] }[];
    }
  | {
      feature: string;
      kind: 'binnedScatter';
      xEdges: number[];
      yEdges: number[];
      /** Non-empty 2-D bins only. */
      cells: { x: number; y: number; count: number }[];
    }
  | {
      feature: string;
      kind: 'categoryMean';
      categories: { value: string; count: number; mean: number; std: number | null }[];
    };

export interface TargetEda {
  column: string;
  problemType: ProblemType;
  /** Classification: labels (SQL order) with counts and shares. */
  classes?: { label: string; count: number; share: number }[];
  /** Regression: the target's histogram. */
  histogram?: Histogram;
  features: TargetFeatureEda[];
  /** Mutual information (nats) of each feature with the target, descending. */
  mutualInformation: { feature: string; mi: number }[];
  rowsUsed: number;
}

export type AlertCode =
  | 'CONSTANT'
  | 'HIGH_CARDINALITY'
  | 'HIGH_CORRELATION'
  | 'IMBALANCE'
  | 'SKEWED'
  | 'MISSING'
  | 'ZEROS'
  | 'UNIQUE'
  | 'DUPLICATE_ROWS'
  | 'MIXED_TYPES'
  | 'DATE_AS_TEXT'
  | 'TARGET_LEAKAGE'
  | 'HIGH_VIF';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface EdaAlert {
  code: AlertCode;
  column?: string;
  /** Both columns for pair alerts (HIGH_CORRELATION, TARGET_LEAKAGE has [feature, target]). */
  columns?: string[];
  /** The figure behind the alert (share, count, coefficient…). */
  value: number;
  message: Bilingual;
  action: Bilingual;
  severity: AlertSeverity;
}

/** ≤ 1,000 seeded sample rows of numeric columns, column-major, for scatter plots. */
export interface ScatterSample {
  columns: string[];
  /** values[i] = column i's values (null = missing), all of length n. */
  values: (number | null)[][];
  /** Target labels as text when a target is set (for colouring). */
  labels?: (string | null)[];
  n: number;
}

export interface EdaResults {
  /** Format version of this object (bumped on breaking change; changes are additive). */
  version: 1;
  table: string;
  /** Options with defaults applied. */
  options: Required<Omit<EdaOptions, 'target' | 'problemType'>> &
    Pick<EdaOptions, 'target' | 'problemType'>;
  overview: OverviewEda;
  columns: ColumnEda[];
  missing: MissingEda;
  outliers: OutlierEda[];
  correlations: CorrelationsEda;
  multicollinearity: MulticollinearityEda;
  target?: TargetEda;
  alerts: EdaAlert[];
  scatterSample: ScatterSample;
  /** Milliseconds per section, plus `total`. */
  timings: Partial<Record<EdaSection | 'total', number>>;
}

/** Defaults of EdaOptions. */
export const EDA_DEFAULTS = {
  histogramBins: 30,
  topK: 10,
  sampleRows: 200_000,
  correlationThreshold: 0.9,
  vifThreshold: 10,
  maxCorrelationColumns: 100,
  seed: 42
} as const;
