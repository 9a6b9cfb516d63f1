/**
 * Date and datetime columns: range in one wide scan, then per column the largest gap between
 * consecutive distinct values (a window over DISTINCT values) and row counts per period
 * (grouped on date_trunc — native, fast — then formatted). The
 * period is chosen from the range: day up to 92 days, month up to 10 years, year above.
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';
import type { DatePeriod, DatetimeStats } from './types';
import { allRows, chunks, count, EDA_BATCH, firstRow, num } from './sql-util';

const DAY_S = 86_400;
/** Most periods returned (years of a very long range are cut here). */
const MAX_PERIODS = 1000;

const FORMAT: Record<DatePeriod, string> = { day: '%Y-%m-%d', month: '%Y-%m', year: '%Y' };

/** The counting period for a range of `days`. */
export function periodFor(days: number): DatePeriod {
  if (days <= 92) return 'day';
  if (days <= 3653) return 'month';
  return 'year';
}

/** ISO text of a date/timestamp expression (`T` between date and time, as fetchRows does). */
function iso(expr: string): string {
  return `replace(CAST(${expr} AS VARCHAR), ' ', 'T')`;
}

/** Statistics of the date / datetime columns among `cols`, keyed by column name. */
export async function datetimeStats(
  db: SqlRunner,
  table: string,
  cols: readonly ColumnInfo[]
): Promise<Map<string, DatetimeStats>> {
  const out = new Map<string, DatetimeStats>();
  const t = ident(table);
  for (const batch of chunks(cols, EDA_BATCH)) {
    const exprs = batch.flatMap((c, j) => {
      const q = ident(c.name);
      return [
        `${iso(`min(${q})`)} AS lo${j}`,
        `${iso(`max(${q})`)} AS hi${j}`,
        `(epoch(max(${q})) - epoch(min(${q}))) / ${DAY_S} AS days${j}`
      ];
    });
    const r = firstRow(await db.query(`SELECT ${exprs.join(', ')} FROM ${t}`));
    for (const [j, c] of batch.entries()) {
      const q = ident(c.name);
      const rangeDays = num(r[`days${j}`]);
      const period = periodFor(rangeDays ?? 0);
      const stats: DatetimeStats = {
        min: (r[`lo${j}`] as string | null) ?? null,
        max: (r[`hi${j}`] as string | null) ?? null,
        rangeDays,
        largestGap: null,
        period,
        counts: []
      };
      if (rangeDays !== null) {
        const gap = allRows(
          await db.query(
            `SELECT ${iso('p')} AS f, ${iso('v')} AS t, (epoch(v) - epoch(p)) / ${DAY_S} AS days
             FROM (SELECT v, lag(v) OVER (ORDER BY v) AS p
                   FROM (SELECT DISTINCT ${q} AS v FROM ${t} WHERE ${q} IS NOT NULL))
             WHERE p IS NOT NULL ORDER BY days DESC, v LIMIT 1`
          )
        )[0];
        if (gap)
          stats.largestGap = { from: String(gap.f), to: String(gap.t), days: count(gap.days) };
        // Plain DATE / TIMESTAMP: group on date_trunc first (no time-zone rules involved).
        const trunc = c.sqlType === 'DATE' || c.sqlType === 'TIMESTAMP';
        const per = await db.query(
          trunc
            ? `SELECT strftime(d, '${FORMAT[period]}') AS p, sum(n) AS n
               FROM (SELECT date_trunc('${period}', ${q}) AS d, count(*) AS n FROM ${t}
                     WHERE ${q} IS NOT NULL GROUP BY 1)
               GROUP BY 1 ORDER BY 1 LIMIT ${MAX_PERIODS}`
            : `SELECT strftime(${q}, '${FORMAT[period]}') AS p, count(*) AS n FROM ${t}
               WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT ${MAX_PERIODS}`
        );
        stats.counts = allRows(per).map((x) => ({ period: String(x.p), count: count(x.n) }));
      }
      out.set(c.name, stats);
    }
  }
  return out;
}
