/**
 * Target validation and problem-type inference. Rules (README.md has the table):
 *  - 2 distinct values → binary, whatever the type (0/1 integers, yes/no, true/false);
 *  - text / boolean / categorical → multiclass (warning TARGET_MANY_CLASSES above 50 classes);
 *  - floating point → regression;
 *  - integer → regression when it has many values: > 50 distinct, or > 20 distinct and more than
 *    5 % of the rows; otherwise multiclass (ratings, counts of few levels);
 *  - dates cannot be targets (TARGET_TYPE_MISMATCH).
 * Errors: TARGET_NOT_FOUND, TARGET_ALL_MISSING, TARGET_SINGLE_CLASS, TARGET_ID_LIKE,
 * TARGET_TYPE_MISMATCH (an override the column cannot satisfy).
 */
import type { SqlRunner } from '../db/runner';
import { ident } from '../db/runner';
import { InvalidTargetError } from '../errors';
import type { Bilingual } from '../errors';
import type { ColumnInfo, DataWarning, DatasetInfo, ProblemType, TargetInfo } from './types';
import { isIntegerSql, plainValue } from './sql-types';
import { ID_LIKE_MIN_ROWS } from './validate';

/** Multiclass targets with more classes than this get a warning. */
export const MAX_CLASSES = 50;
/** Minority class share below which TARGET_IMBALANCED is reported. */
export const IMBALANCE_SHARE = 0.1;
/** Most class labels ever fetched (the rest would be a regression target or an error). */
const CLASS_QUERY_LIMIT = 1001;

const PROBLEM_PL: Record<ProblemType, string> = {
  binary: 'klasyfikacja binarna',
  multiclass: 'klasyfikacja wieloklasowa',
  regression: 'regresja'
};
const PROBLEM_EN: Record<ProblemType, string> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression'
};

function targetError(
  code: string,
  message: Bilingual,
  details: Record<string, unknown>,
  hint?: Bilingual
) {
  return new InvalidTargetError({ code, message, details, hint });
}

/** Integer targets become regression past these many distinct values (see the file comment). */
export function integerIsRegression(distinct: number, rows: number): boolean {
  return distinct > MAX_CLASSES || (distinct > 20 && distinct > rows * 0.05);
}

/**
 * Validates `column` of the loaded table as the target and infers its problem type, or checks
 * and applies `override` (then `inferred` is false).
 */
export async function inferTarget(
  db: SqlRunner,
  info: DatasetInfo,
  column: string,
  override?: ProblemType
): Promise<TargetInfo> {
  const col = info.columns.find((c) => c.name === column);
  if (!col) {
    const names = info.columns.map((c) => c.name);
    throw targetError(
      'TARGET_NOT_FOUND',
      {
        pl: `Kolumna docelowa „${column}” nie istnieje. Dostępne kolumny: ${names.slice(0, 20).join(', ')}${names.length > 20 ? '…' : ''}.`,
        en: `Target column "${column}" does not exist. Available columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? '…' : ''}.`
      },
      { column, columns: names.slice(0, 100) }
    );
  }
  const rows = info.rows;
  if (col.missing >= rows) {
    throw targetError(
      'TARGET_ALL_MISSING',
      {
        pl: `Kolumna docelowa „${column}” jest całkowicie pusta.`,
        en: `Target column "${column}" is entirely empty.`
      },
      { column, rows },
      { pl: 'Wybierz kolumnę z wartościami.', en: 'Choose a column that has values.' }
    );
  }
  const counts = await classCounts(db, info.tableName, col);
  if (col.distinct === 1) {
    throw targetError(
      'TARGET_SINGLE_CLASS',
      {
        pl: `Kolumna docelowa „${column}” ma tylko jedną wartość (${counts[0]?.label}) — nie ma czego przewidywać.`,
        en: `Target column "${column}" has a single value (${counts[0]?.label}) — there is nothing to predict.`
      },
      { column, value: counts[0]?.label }
    );
  }
  if (await isIdLike(db, info.tableName, col, rows)) {
    throw targetError(
      'TARGET_ID_LIKE',
      {
        pl: `Kolumna „${column}” wygląda na identyfikator (${col.distinct} różnych wartości w ${rows} wierszach) i nie nadaje się na cel.`,
        en: `Column "${column}" looks like an identifier (${col.distinct} distinct values in ${rows} rows) and cannot be a target.`
      },
      { column, distinct: col.distinct, rows }
    );
  }
  const inferred = inferProblem(col, rows, counts);
  const problemType = override ?? inferred.problemType;
  if (override) checkOverride(col, override);
  const classification = problemType !== 'regression';
  const warnings = targetWarnings(col, rows, classification ? counts : []);
  return {
    column,
    problemType,
    inferred: !override,
    reason: override ? overrideReason(override) : inferred.reason,
    ...(classification ? { classes: counts } : {}),
    missing: col.missing,
    warnings
  };
}

/**
 * ID-like: ≥ 20 rows, every row a different non-missing value, and text — or integers forming a
 * consecutive run (max − min + 1 = rows). Integers merely all distinct (prices in whole units,
 * populations) are legitimate regression targets, so they need the run to count as an ID.
 */
async function isIdLike(
  db: SqlRunner,
  table: string,
  col: ColumnInfo,
  rows: number
): Promise<boolean> {
  if (rows < ID_LIKE_MIN_ROWS || col.missing > 0 || col.distinct < rows) return false;
  if (col.sqlType === 'VARCHAR') return true;
  if (!isIntegerSql(col.sqlType)) return false;
  const q = ident(col.name);
  const t = await db.query(
    `SELECT CAST(max(${q}) - min(${q}) AS DOUBLE) AS span FROM ${ident(table)}`
  );
  return Number(t.getChild('span')!.get(0)) + 1 === rows;
}

/** Labels sorted (SQL order: numbers numerically, text lexicographically) with their counts. */
async function classCounts(
  db: SqlRunner,
  table: string,
  col: ColumnInfo
): Promise<{ label: string; count: number }[]> {
  const q = ident(col.name);
  const t = await db.query(
    `SELECT CAST(${q} AS VARCHAR) AS label, count(*) AS n FROM ${ident(table)} WHERE ${q} IS NOT NULL GROUP BY ${q} ORDER BY ${q} LIMIT ${CLASS_QUERY_LIMIT}`
  );
  const labels = t.getChild('label')!;
  const ns = t.getChild('n')!;
  const out: { label: string; count: number }[] = [];
  for (let i = 0; i < t.numRows; i++) {
    out.push({ label: String(labels.get(i)), count: Number(plainValue(ns.get(i))) });
  }
  return out;
}

function preview(counts: { label: string }[]): string {
  const shown = counts
    .slice(0, 5)
    .map((c) => c.label)
    .join(', ');
  return counts.length > 5 ? `${shown}, …` : shown;
}

function inferProblem(
  col: ColumnInfo,
  rows: number,
  counts: { label: string }[]
): { problemType: ProblemType; reason: Bilingual } {
  const d = col.distinct;
  if (col.type === 'date' || col.type === 'datetime') {
    throw targetError(
      'TARGET_TYPE_MISMATCH',
      {
        pl: `Kolumna „${col.name}” zawiera daty i nie może być celem modelu.`,
        en: `Column "${col.name}" holds dates and cannot be a model target.`
      },
      { column: col.name, type: col.type }
    );
  }
  if (d === 2) {
    return {
      problemType: 'binary',
      reason: {
        pl: `2 unikalne wartości (${preview(counts)}) → ${PROBLEM_PL.binary}`,
        en: `2 distinct values (${preview(counts)}) → ${PROBLEM_EN.binary}`
      }
    };
  }
  if (col.type === 'numeric') {
    return {
      problemType: 'regression',
      reason: {
        pl: `liczby zmiennoprzecinkowe, ${d} unikalnych wartości → ${PROBLEM_PL.regression}`,
        en: `floating-point numbers, ${d} distinct values → ${PROBLEM_EN.regression}`
      }
    };
  }
  if (col.type === 'integer' && integerIsRegression(d, rows)) {
    return {
      problemType: 'regression',
      reason: {
        pl: `liczby całkowite, ${d} unikalnych wartości (> ${MAX_CLASSES} lub > 20 i > 5% wierszy) → ${PROBLEM_PL.regression}`,
        en: `integers, ${d} distinct values (> ${MAX_CLASSES}, or > 20 and > 5% of rows) → ${PROBLEM_EN.regression}`
      }
    };
  }
  return {
    problemType: 'multiclass',
    reason: {
      pl: `${d} unikalnych wartości (${preview(counts)}) → ${PROBLEM_PL.multiclass}`,
      en: `${d} distinct values (${preview(counts)}) → ${PROBLEM_EN.multiclass}`
    }
  };
}

/** Overrides the column cannot satisfy: regression on non-numbers, binary without 2 classes. */
function checkOverride(col: ColumnInfo, override: ProblemType): void {
  const numeric = col.type === 'numeric' || col.type === 'integer';
  const bad =
    (override === 'regression' && !numeric) || (override === 'binary' && col.distinct !== 2);
  if (!bad) return;
  throw targetError(
    'TARGET_TYPE_MISMATCH',
    {
      pl: `Nie można użyć „${PROBLEM_PL[override]}” dla kolumny „${col.name}” (typ ${col.type}, ${col.distinct} unikalnych wartości).`,
      en: `"${PROBLEM_EN[override]}" cannot be used for column "${col.name}" (type ${col.type}, ${col.distinct} distinct values).`
    },
    { column: col.name, override, type: col.type, distinct: col.distinct },
    {
      pl: 'Regresja wymaga kolumny liczbowej, klasyfikacja binarna — dokładnie 2 klas.',
      en: 'Regression needs a numeric column; binary classification exactly 2 classes.'
    }
  );
}

function overrideReason(p: ProblemType): Bilingual {
  return {
    pl: `wybrane przez użytkownika → ${PROBLEM_PL[p]}`,
    en: `chosen by the user → ${PROBLEM_EN[p]}`
  };
}

function targetWarnings(
  col: ColumnInfo,
  rows: number,
  classes: { label: string; count: number }[]
): DataWarning[] {
  const out: DataWarning[] = [];
  const n = col.name;
  if (col.missing > 0) {
    out.push({
      code: 'TARGET_HAS_MISSING',
      column: n,
      value: col.missing,
      message: {
        pl: `Cel „${n}” jest pusty w ${col.missing} wierszach — zostaną pominięte w treningu.`,
        en: `Target "${n}" is empty in ${col.missing} rows — they will be left out of training.`
      }
    });
  }
  if (classes.length > 1) {
    const present = rows - col.missing;
    const minority = classes.reduce((a, b) => (b.count < a.count ? b : a));
    const share = minority.count / present;
    if (share < IMBALANCE_SHARE) {
      out.push({
        code: 'TARGET_IMBALANCED',
        column: n,
        value: share,
        message: {
          pl: `Klasy celu „${n}” są niezrównoważone: „${minority.label}” to tylko ${(share * 100).toFixed(1).replace('.', ',')}% wierszy.`,
          en: `Target "${n}" is imbalanced: "${minority.label}" is only ${(share * 100).toFixed(1)}% of rows.`
        }
      });
    }
    if (classes.length > MAX_CLASSES) {
      out.push({
        code: 'TARGET_MANY_CLASSES',
        column: n,
        value: col.distinct,
        message: {
          pl: `Cel „${n}” ma ${col.distinct} klas — to dużo dla klasyfikacji.`,
          en: `Target "${n}" has ${col.distinct} classes — many for classification.`
        }
      });
    }
  }
  return out;
}
