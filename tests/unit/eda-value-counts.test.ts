// The value-count path for low-cardinality integer columns (numeric-stats.ts) must give the
// same figures as the SQL passes: the same values as BIGINT (value counts) and DOUBLE (SQL).
import { describe, expect, test } from 'vitest';
import type { ColumnInfo } from '../../workers/engine/data/types';
import { numericStats } from '../../workers/engine/eda/numeric-stats';
import { runner } from './helpers';

function col(name: string, sqlType: string, distinct: number): ColumnInfo {
  const type = sqlType === 'BIGINT' ? 'integer' : 'numeric';
  return {
    name,
    originalName: name,
    sqlType,
    type,
    missing: 0,
    missingShare: 0,
    distinct,
    samples: []
  };
}

function close(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(b))
    );
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((v, i) => close(v, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    expect(ka, path).toEqual(Object.keys(b).sort());
    for (const k of ka)
      close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else expect(a, path).toEqual(b);
}

describe('numericStats() value-count path', () => {
  test('integer columns by value counts equal the SQL passes (stats, histogram, outliers)', async () => {
    const db = await runner();
    // Skewed values with far outliers, negatives, zeros and NULLs; a constant column; an empty one.
    await db.query(`CREATE OR REPLACE TABLE vc AS
      SELECT CASE WHEN i % 97 = 0 THEN NULL WHEN i % 211 = 0 THEN 5000 + i % 7
                  ELSE (i * 7919) % 61 - 10 + (i % 13) * (i % 5) END::BIGINT AS a,
             7::BIGINT AS k, NULL::BIGINT AS e
      FROM range(20000) t(i)`);
    await db.query(`CREATE OR REPLACE TABLE vd AS
      SELECT a::DOUBLE AS a, k::DOUBLE AS k, e::DOUBLE AS e FROM vc`);
    const ints = [col('a', 'BIGINT', 120), col('k', 'BIGINT', 1), col('e', 'BIGINT', 0)];
    const dbls = [col('a', 'DOUBLE', 120), col('k', 'DOUBLE', 1), col('e', 'DOUBLE', 0)];
    const byCounts = await numericStats(db, 'vc', ints, 30);
    const bySql = await numericStats(db, 'vd', dbls, 30);
    for (const c of ['a', 'k', 'e']) close(byCounts.stats.get(c), bySql.stats.get(c), c);
    close(byCounts.outliers, bySql.outliers, 'outliers');
    expect(byCounts.outliers[0].iqr.count).toBeGreaterThan(0);
    expect(byCounts.outliers[0].robustZ?.count).toBeGreaterThan(0);
  });
});
