/**
 * Column-name repair, shared by every format: a blank header becomes `column_<position>`
 * (1-based), a repeated one `name_2`, `name_3`… Each repair is reported as a warning so the user
 * knows why a column is not called what the file says.
 */
import type { DataWarning } from './types';

export interface FixedNames {
  names: string[];
  warnings: DataWarning[];
}

/**
 * Returns unique, non-blank names for `raw` (same length and order). Comparison is
 * case-insensitive because DuckDB identifiers are: `Age` and `age` cannot both be columns.
 */
export function fixColumnNames(raw: readonly string[]): FixedNames {
  const warnings: DataWarning[] = [];
  const taken = new Set<string>();
  const names: string[] = [];
  // Reserve the names that are fine as they are, so a generated `x_2` never steals a real one.
  const original = new Set(raw.map((n) => n.trim().toLowerCase()).filter((n) => n !== ''));
  raw.forEach((name, i) => {
    let fixed = name.trim() === '' ? '' : name;
    if (fixed === '') {
      fixed = uniqueName(`column_${i + 1}`, taken, original, true);
      warnings.push({
        code: 'EMPTY_COLUMN_NAME',
        column: fixed,
        value: i + 1,
        message: {
          pl: `Kolumna nr ${i + 1} nie ma nazwy — nazwano ją „${fixed}”.`,
          en: `Column ${i + 1} has no name — it was named "${fixed}".`
        }
      });
    } else if (taken.has(fixed.toLowerCase())) {
      const renamed = uniqueName(fixed, taken, original, false);
      warnings.push({
        code: 'DUPLICATE_COLUMN_NAME',
        column: renamed,
        value: i + 1,
        message: {
          pl: `Nazwa kolumny „${fixed}” powtarza się — kolumnę nr ${i + 1} nazwano „${renamed}”.`,
          en: `Column name "${fixed}" is repeated — column ${i + 1} was renamed "${renamed}".`
        }
      });
      fixed = renamed;
    }
    taken.add(fixed.toLowerCase());
    names.push(fixed);
  });
  return { names, warnings };
}

function uniqueName(
  base: string,
  taken: Set<string>,
  original: Set<string>,
  tryBase: boolean
): string {
  const free = (n: string) => !taken.has(n.toLowerCase()) && !original.has(n.toLowerCase());
  if (tryBase && free(base)) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base}_${k}`;
    if (free(candidate)) return candidate;
  }
}
