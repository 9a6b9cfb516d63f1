/**
 * `runEda`: the whole profile of a loaded table, section by section, with progress, cancellation
 * between sections and per-section timings. Scans of the full table: 1 (duplicates) + 2 per
 * batch of numeric columns + 2–3 per batch of text columns + 2 for missing values; relations,
 * VIF and target analysis run in JS on one fetched (sampled above `sampleRows`) set of columns.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo, DatasetInfo } from '../data/types';
import { inferTarget } from '../data/target';
import type { CancelSignal, ProgressFn } from '../progress';
import type {
  ColumnEda,
  EdaOptions,
  EdaResults,
  EdaSection,
  OverviewEda,
  TargetEda
} from './types';
import { checkCancel, count, firstRow, fixedWidth, timed } from './sql-util';
import { numericStats } from './numeric-stats';
import { textStats } from './categorical-stats';
import { datetimeStats } from './datetime-stats';
import { missingSection } from './missing';
import { fetchRelationData, isCategoricalCol, isNumericCol } from './relation-sample';
import type { RelationData } from './relation-sample';
import { correlations } from './correlations';
import { multicollinearity } from './multicollinearity';
import { analyseFeatures } from './target-analysis';
import { buildAlerts } from './alerts';
import { scatterSample } from './scatter-sample';
import { resolveEdaOptions } from './options';

/** Share of the progress bar at the end of each section. */
const PROGRESS: Record<EdaSection, number> = {
  overview: 0.1,
  columns: 0.55,
  missing: 0.65,
  outliers: 0.65,
  correlations: 0.85,
  multicollinearity: 0.87,
  target: 0.97,
  alerts: 1
};

function memoryOf(c: ColumnInfo, rows: number, textBytes?: number): number {
  const validity = Math.ceil(rows / 8);
  const w = fixedWidth(c.sqlType);
  if (w !== null) return w * rows + validity;
  // DuckDB strings: a 16-byte header each; bytes past 12 live out of line.
  return 16 * rows + (textBytes ?? 0) + validity;
}

/**
 * Profiles table `info.tableName`. Throws InvalidTargetError for a bad `opts.target`,
 * CancelledError when `signal` is set between sections.
 */
export async function runEda(
  db: SqlRunner,
  info: DatasetInfo,
  opts: EdaOptions = {},
  onProgress?: ProgressFn,
  signal?: CancelSignal
): Promise<EdaResults> {
  const o = resolveEdaOptions(opts);
  const t0 = performance.now();
  const timings: EdaResults['timings'] = {};
  const table = info.tableName;
  const rows = info.rows;
  const cols = info.columns;
  const step = async <T>(section: EdaSection, fn: () => Promise<T>): Promise<T> => {
    checkCancel(signal, section);
    const [r, ms] = await timed(fn);
    timings[section] = ms;
    onProgress?.({ stage: `eda:${section}`, fraction: PROGRESS[section] });
    return r;
  };

  const distinctRows = await step('overview', async () =>
    count(
      firstRow(await db.query(`SELECT count(*) AS n FROM (SELECT DISTINCT * FROM ${ident(table)})`))
        .n
    )
  );

  const { num, text, dates } = await step('columns', async () => ({
    num: await numericStats(db, table, cols.filter(isNumericCol), o.histogramBins),
    text: await textStats(
      db,
      table,
      cols.filter((c) => c.sqlType === 'VARCHAR' || c.type === 'boolean'),
      rows,
      o.topK
    ),
    dates: await datetimeStats(
      db,
      table,
      cols.filter((c) => c.type === 'date' || c.type === 'datetime')
    )
  }));
  const columns: ColumnEda[] = cols.map((c) => {
    const n = rows - c.missing;
    const col: ColumnEda = {
      name: c.name,
      type: c.type,
      sqlType: c.sqlType,
      count: n,
      missing: c.missing,
      missingShare: c.missingShare,
      distinct: c.distinct,
      uniqueShare: n ? c.distinct / n : 0,
      memoryBytes: memoryOf(c, rows, text.textBytes.get(c.name))
    };
    const ns = num.stats.get(c.name);
    const cs = text.stats.get(c.name);
    const ds = dates.get(c.name);
    const bs = text.booleans.get(c.name);
    if (ns) col.numeric = ns;
    if (cs) col.categorical = cs;
    if (ds) col.datetime = ds;
    if (bs) col.boolean = bs;
    return col;
  });
  const cellsMissing = cols.reduce((a, c) => a + c.missing, 0);
  const typeCounts: OverviewEda['typeCounts'] = {};
  for (const c of cols) typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
  const overview: OverviewEda = {
    rows,
    columns: cols.length,
    duplicateRows: rows - distinctRows,
    duplicateShare: rows ? (rows - distinctRows) / rows : 0,
    memoryBytes: columns.reduce((a, c) => a + c.memoryBytes, 0),
    cellsMissing,
    cellsMissingShare: rows && cols.length ? cellsMissing / (rows * cols.length) : 0,
    typeCounts
  };

  const missing = await step('missing', () => missingSection(db, table, cols, rows));
  // Outliers are counted in the numeric columns' second scan (numeric-stats.ts).
  const outliers = await step('outliers', async () => num.outliers);

  const tinfo = o.target ? await inferTarget(db, info, o.target, o.problemType) : undefined;
  const classification = tinfo !== undefined && tinfo.problemType !== 'regression';
  const pick = (keep: (c: ColumnInfo) => boolean) => {
    const list = cols
      .filter((c) => keep(c) && c.name !== o.target)
      .slice(0, o.maxCorrelationColumns);
    const tc = cols.find((c) => c.name === o.target);
    return tc && keep(tc) ? [tc, ...list] : list;
  };
  const numericCols = pick(isNumericCol);
  const catCols = pick((c) => isCategoricalCol(c) || (classification && c.name === o.target));

  let data: RelationData = { n: 0, sampled: false, numeric: [], categorical: [] };
  const corr = await step('correlations', async () => {
    data = await fetchRelationData(db, table, rows, numericCols, catCols, o.sampleRows, o.seed);
    return correlations(data);
  });
  const mc = await step('multicollinearity', async () =>
    multicollinearity(corr.pearson, o.vifThreshold, o.target)
  );
  const target = await step('target', async (): Promise<TargetEda | undefined> => {
    if (!tinfo) return undefined;
    const present = rows - tinfo.missing;
    const classes = tinfo.classes?.map((c) => ({ ...c, share: present ? c.count / present : 0 }));
    const labels = classes?.map((c) => c.label) ?? [];
    const fa = analyseFeatures(
      data,
      tinfo.column,
      tinfo.problemType,
      labels,
      o.histogramBins,
      o.topK
    );
    return {
      column: tinfo.column,
      problemType: tinfo.problemType,
      ...(classification ? { classes } : { histogram: num.stats.get(tinfo.column)?.histogram }),
      features: fa.features,
      mutualInformation: fa.mutualInformation,
      rowsUsed: data.n
    };
  });
  const alerts = await step('alerts', async () =>
    buildAlerts({
      overview,
      columns,
      correlations: corr,
      multicollinearity: mc,
      target,
      data,
      correlationThreshold: o.correlationThreshold
    })
  );
  timings.total = Math.round((performance.now() - t0) * 10) / 10;
  return {
    version: 1,
    table,
    options: o,
    overview,
    columns,
    missing,
    outliers,
    correlations: corr,
    multicollinearity: mc,
    ...(target ? { target } : {}),
    alerts,
    scatterSample: scatterSample(data, o.target, classification, o.seed),
    timings
  };
}
