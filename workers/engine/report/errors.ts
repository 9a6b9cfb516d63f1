/** Typed errors of the report subsystem. */
import { AppError } from '../errors';

/** A report could not be produced in the requested format (never replaced by another format). */
export function reportFailed(format: string, reason: string, cause?: unknown): AppError {
  return new AppError({
    code: 'REPORT_FAILED',
    message: {
      pl: `Nie udało się wygenerować raportu w formacie ${format}: ${reason}.`,
      en: `Could not generate the ${format} report: ${reason}.`
    },
    hint: {
      pl: 'Spróbuj ponownie lub wybierz inny format.',
      en: 'Try again or choose another format.'
    },
    details: { format, reason },
    cause
  });
}

/** Bad report options (unknown section, bad language). */
export function reportOption(name: string, value: unknown, allowed: string): AppError {
  const v = String(value);
  return new AppError({
    code: 'REPORT_OPTION',
    message: {
      pl: `Nieprawidłowa opcja raportu ${name}: „${v}” (dozwolone: ${allowed}).`,
      en: `Invalid report option ${name}: "${v}" (allowed: ${allowed}).`
    },
    details: { option: name, value: v }
  });
}
