/**
 * Categorical, text and boolean columns:
 *  - one wide scan per batch: text lengths (characters), stored bytes (for the memory estimate),
 *    boolean true/false counts;
 *  - one query over the first SHARE_ROWS rows: numeric-looking and date-looking shares (the
 *    MIXED_TYPES / DATE_AS_TEXT alerts; regexes over millions of rows would dominate the EDA),
 *    the cast and the regex evaluated once per distinct value, weighted by its count;
 *  - one UNION ALL query per batch for the top-k values (count descending, then value ascending).
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import type { ColumnInfo } from '../data/types';
import { DATE_TEXT_PATTERN, SHARE_ROWS } from '../data/profile';
import type { BooleanStats, CategoricalStats } from './types';
import { allRows, chunks, count, EDA_BATCH, firstRow, num } from './sql-util';

export interface TextFigures {
  stats: Map<string, CategoricalStats>;
  booleans: Map<string, BooleanStats>;
  /** Sum of string bytes per text column (memory estimate). */
  textBytes: Map<string, number>;
}

function isBool(c: ColumnInfo): boolean {
  return c.type === 'boolean';
}

/** Boolean value expression: true BOOLEANs, or 'true'/'false' text typed boolean by the loader. */
function boolExpr(c: ColumnInfo): string {
  const q = ident(c.name);
  return c.sqlType === 'BOOLEAN' ? q : `(lower(${q}) = 'true')`;
}

/** Top-k values of every column in `batch` (all rows), keyed by column name. */
async function topValues(
  db: SqlRunner,
  table: string,
  batch: readonly ColumnInfo[],
  k: number
): Promise<Map<string, { value: string; count: number }[]>> {
  const parts = batch.map((c, j) => {
    const v = `CAST(${ident(c.name)} AS VARCHAR)`;
    return `(SELECT ${j} AS c, ${v} AS v, count(*) AS n FROM ${ident(table)} WHERE ${ident(c.name)} IS NOT NULL GROUP BY ALL ORDER BY 3 DESC, 2 LIMIT ${k})`;
  });
  const out = new Map<string, { value: string; count: number }[]>();
  for (const c of batch) out.set(c.name, []);
  if (!parts.length) return out;
  for (const r of allRows(await db.query(parts.join(' UNION ALL ')))) {
    out.get(batch[count(r.c)].name)!.push({ value: String(r.v), count: count(r.n) });
  }
  for (const list of out.values()) {
    list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return out;
}

/** Figures for the categorical, text and boolean columns among `cols` (`rows` = table rows). */
export async function textStats(
  db: SqlRunner,
  table: string,
  cols: readonly ColumnInfo[],
  rows: number,
  topK: number
): Promise<TextFigures> {
  const stats = new Map<string, CategoricalStats>();
  const booleans = new Map<string, BooleanStats>();
  const textBytes = new Map<string, number>();
  const t = ident(table);
  for (const batch of chunks(cols, EDA_BATCH)) {
    const wide: string[] = [];
    const share: string[] = [];
    batch.forEach((c, j) => {
      const q = ident(c.name);
      if (c.sqlType === 'VARCHAR') {
        wide.push(
          `min(length(${q})) AS lmin${j}`,
          `avg(length(${q})) AS lavg${j}`,
          `max(length(${q})) AS lmax${j}`,
          `sum(strlen(${q})) AS bytes${j}`
        );
        // Casts and the regex run once per distinct value of the first SHARE_ROWS rows (weighted
        // by its count): the same shares, without a regex per row.
        share.push(
          `(SELECT ${j} AS c, sum(n) AS sn, sum(n) FILTER (WHERE TRY_CAST(v AS DOUBLE) IS NOT NULL) AS snum,
             sum(n) FILTER (WHERE regexp_full_match(v, '${DATE_TEXT_PATTERN}')) AS sdt
           FROM (SELECT ${q} AS v, count(*) AS n FROM (SELECT ${q} FROM ${t} LIMIT ${SHARE_ROWS})
                 WHERE ${q} IS NOT NULL GROUP BY 1))`
        );
      }
      if (isBool(c)) {
        wide.push(`count_if(${boolExpr(c)}) AS bt${j}`, `count_if(NOT ${boolExpr(c)}) AS bf${j}`);
      }
    });
    const w = wide.length ? firstRow(await db.query(`SELECT ${wide.join(', ')} FROM ${t}`)) : {};
    const s: Record<string, unknown> = {};
    if (share.length) {
      for (const r of allRows(await db.query(share.join(' UNION ALL ')))) {
        const j = count(r.c);
        s[`sn${j}`] = r.sn;
        s[`snum${j}`] = r.snum;
        s[`sdt${j}`] = r.sdt;
      }
    }
    const cats = batch.filter((c) => c.type === 'categorical' || c.type === 'text');
    const tops = await topValues(db, table, cats, topK);
    batch.forEach((c, j) => {
      if (c.sqlType === 'VARCHAR') textBytes.set(c.name, count(w[`bytes${j}`]));
      if (isBool(c)) {
        booleans.set(c.name, { trueCount: count(w[`bt${j}`]), falseCount: count(w[`bf${j}`]) });
        return;
      }
      if (c.type !== 'categorical' && c.type !== 'text') return;
      const top = tops.get(c.name) ?? [];
      const present = rows - c.missing;
      const seen = count(s[`sn${j}`]);
      const lmin = num(w[`lmin${j}`]);
      stats.set(c.name, {
        topK: top,
        otherCount: Math.max(0, present - top.reduce((a, b) => a + b.count, 0)),
        cardinality: c.distinct,
        length:
          lmin === null
            ? null
            : { min: lmin, mean: num(w[`lavg${j}`]) ?? 0, max: num(w[`lmax${j}`]) ?? 0 },
        numericShare: seen ? count(s[`snum${j}`]) / seen : 0,
        dateShare: seen ? count(s[`sdt${j}`]) / seen : 0
      });
    });
  }
  return { stats, booleans, textBytes };
}
