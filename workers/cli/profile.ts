/**
 * `datagenius profile`: load a file and run the full EDA (`runEda`) with the engine the browser
 * runs. The --json object is DESIGN.md's contract — ok, rows, columns (name, type, missing,
 * distinct, mean, std (n − 1), min, max, quantiles), correlations, alerts — plus the complete
 * EdaResults under `eda`, made JSON-safe (typed arrays → arrays, NaN / ±Infinity → null).
 */
import { runEda } from '../engine/index';
import type { ColumnType, EdaResults, Lang, Quantiles } from '../engine/index';
import type { ProfileArgs } from './args';
import { printable, textTable, withLoadedFile } from './load-file';

export interface ProfileResult {
  ok: true;
  format: string;
  rows: number;
  columns: {
    name: string;
    type: ColumnType;
    missing: number;
    distinct: number;
    mean: number | null;
    std: number | null;
    min: number | null;
    max: number | null;
    quantiles: Quantiles | null;
  }[];
  correlations: Pick<EdaResults['correlations'], 'pearson' | 'spearman' | 'cramersV'>;
  alerts: {
    code: string;
    column: string | null;
    columns?: string[];
    value: number | null;
    message: string;
    action: string;
    severity: string;
  }[];
  eda: EdaResults;
}

/** Deep copy that JSON keeps intact: typed arrays → arrays, non-finite numbers → null. */
export function jsonSafe<T>(v: T): T {
  return JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'number' && !Number.isFinite(x)) return null;
      if (ArrayBuffer.isView(x) && !(x instanceof DataView))
        return Array.from(x as unknown as ArrayLike<number>);
      return x;
    })
  ) as T;
}

/** Runs profile; throws AppErrors for the caller to print. */
export async function profile(args: ProfileArgs): Promise<ProfileResult> {
  return withLoadedFile(args, async (db, info) => {
    const eda = jsonSafe(await runEda(db, info, { target: args.target }));
    const lang: Lang = args.lang;
    return {
      ok: true,
      format: info.format,
      rows: eda.overview.rows,
      columns: eda.columns.map((c) => ({
        name: c.name,
        type: c.type,
        missing: c.missing,
        distinct: c.distinct,
        mean: c.numeric?.mean ?? null,
        std: c.numeric?.std ?? null,
        min: c.numeric?.min ?? null,
        max: c.numeric?.max ?? null,
        quantiles: c.numeric?.quantiles ?? null
      })),
      correlations: {
        pearson: eda.correlations.pearson,
        spearman: eda.correlations.spearman,
        cramersV: eda.correlations.cramersV
      },
      alerts: eda.alerts.map((a) => ({
        code: a.code,
        column: a.column ?? null,
        ...(a.columns ? { columns: a.columns } : {}),
        value: a.value,
        message: a.message[lang],
        action: a.action[lang],
        severity: a.severity
      })),
      eda
    };
  });
}

const fmtNum = (x: number | null) =>
  x === null
    ? ''
    : Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3)
      ? x.toExponential(3)
      : String(+x.toFixed(4));

/** The human-readable report: summary, a column table, alerts, section timings. */
export function formatProfile(r: ProfileResult, lang: Lang): string {
  const pl = lang === 'pl';
  const o = r.eda.overview;
  const lines = [
    pl
      ? `Wiersze: ${r.rows}   kolumny: ${r.columns.length}   duplikaty: ${o.duplicateRows}   braki: ${o.cellsMissing}`
      : `Rows: ${r.rows}   columns: ${r.columns.length}   duplicates: ${o.duplicateRows}   missing: ${o.cellsMissing}`
  ];
  const head = pl
    ? ['kolumna', 'typ', 'braki', 'unikalne', 'średnia', 'odch.std', 'min', 'mediana', 'max']
    : ['column', 'type', 'missing', 'distinct', 'mean', 'std', 'min', 'median', 'max'];
  const rows = r.columns.map((c) => [
    printable(c.name),
    c.type,
    String(c.missing),
    String(c.distinct),
    fmtNum(c.mean),
    fmtNum(c.std),
    fmtNum(c.min),
    fmtNum(c.quantiles?.p50 ?? null),
    fmtNum(c.max)
  ]);
  lines.push('', ...textTable(head, rows, new Set([2, 3, 4, 5, 6, 7, 8])));
  if (r.alerts.length) {
    lines.push('', pl ? 'Alerty:' : 'Alerts:');
    for (const a of r.alerts)
      lines.push(`  [${a.code}] ${printable(a.message)} ${printable(a.action)}`);
  }
  const t = r.eda.timings;
  lines.push(
    '',
    `${pl ? 'Czas' : 'Time'} (ms): ${Object.entries(t)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`
  );
  return lines.join('\n') + '\n';
}
