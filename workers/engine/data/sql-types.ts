/** DuckDB type names → the engine's vocabulary; one place so profile, rows and target agree. */

const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT'
]);

/** Whole-number SQL types (HUGEINT included). */
export function isIntegerSql(t: string): boolean {
  return INTEGER_TYPES.has(t);
}

/** Floating and fixed-point SQL types. */
export function isFloatSql(t: string): boolean {
  return t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL' || t.startsWith('DECIMAL');
}

export function isTextSql(t: string): boolean {
  return t === 'VARCHAR';
}

export function isDateSql(t: string): boolean {
  return t === 'DATE';
}

export function isTimestampSql(t: string): boolean {
  return t.startsWith('TIMESTAMP');
}

/**
 * A SELECT expression that turns column `q` (already quoted) into something Arrow JS hands back
 * as a plain JS value: DECIMAL/HUGEINT → DOUBLE (Arrow JS decimals are not numbers), dates and
 * times → ISO text, nested and exotic types → their text form.
 */
export function plainValueExpr(q: string, t: string): string {
  if (t === 'BOOLEAN' || t === 'VARCHAR' || t === 'DOUBLE' || t === 'FLOAT') return q;
  if (isIntegerSql(t)) return t === 'HUGEINT' || t === 'UHUGEINT' ? `CAST(${q} AS DOUBLE)` : q;
  if (t.startsWith('DECIMAL')) return `CAST(${q} AS DOUBLE)`;
  if (isTimestampSql(t)) return `replace(CAST(${q} AS VARCHAR), ' ', 'T')`;
  return `CAST(${q} AS VARCHAR)`;
}

/** Arrow JS value → page/sample value: BigInt → number, everything else as is or as text. */
export function plainValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}
