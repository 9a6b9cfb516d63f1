/** Typed errors of the explainers: one helper so every message names the offending value. */
import { AppError, DataValidationError } from '../errors';

/** Bad options or inputs given to an explainer (AppError with a code, both languages). */
export function explainError(
  code: string,
  en: string,
  pl: string,
  details: Record<string, unknown> = {}
): AppError {
  return new DataValidationError({
    code,
    message: { en, pl },
    hint: {
      en: 'Check the explanation options and the rows passed in.',
      pl: 'Sprawdź opcje wyjaśniania i przekazane wiersze.'
    },
    details
  });
}

/** A positive integer option, or its default. @throws EXPLAIN_OPTION when out of [lo, hi]. */
export function intOption(
  name: string,
  v: number | undefined,
  dflt: number,
  lo: number,
  hi: number
): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw explainError(
      'EXPLAIN_OPTION',
      `invalid ${name}: ${String(v)} (expected an integer in [${lo}, ${hi}])`,
      `nieprawidłowe ${name}: ${String(v)} (oczekiwano liczby całkowitej z [${lo}, ${hi}])`,
      { option: name, value: v }
    );
  return v;
}
