/**
 * Factories for the loader's typed errors, so every message is written once, in both languages,
 * names the offending value and says what to do. Codes are stable: the UI, the CLI and the edge
 * API switch on them.
 */
import { DataLoadError, InsufficientDataError } from '../errors';
import type { Bilingual } from '../errors';

/** Human list of what the loader reads; every format error repeats it. */
export const SUPPORTED_FORMATS_TEXT = 'CSV, TSV, XLSX, JSON, NDJSON, Parquet, Arrow IPC';

const supportedHint: Bilingual = {
  pl: `Obsługiwane formaty: ${SUPPORTED_FORMATS_TEXT}.`,
  en: `Supported formats: ${SUPPORTED_FORMATS_TEXT}.`
};

/** The bytes are not any format we read (binary junk, an image, a PDF renamed .csv…). */
export function unsupportedFormat(fileName: string, why: string): DataLoadError {
  return new DataLoadError({
    code: 'UNSUPPORTED_FORMAT',
    message: {
      pl: `Nie rozpoznano formatu pliku „${fileName}” (${why}). Obsługiwane formaty: ${SUPPORTED_FORMATS_TEXT}.`,
      en: `The file "${fileName}" is not in a supported format (${why}). Supported formats: ${SUPPORTED_FORMATS_TEXT}.`
    },
    hint: {
      pl: 'Zapisz dane jako CSV (UTF-8) lub XLSX i spróbuj ponownie.',
      en: 'Save the data as CSV (UTF-8) or XLSX and try again.'
    },
    details: { fileName, reason: why }
  });
}

/** The format was recognised but the file is damaged (truncated Parquet, corrupt zip…). */
export function brokenFile(fileName: string, format: string, cause?: unknown): DataLoadError {
  return new DataLoadError({
    code: 'BROKEN_FILE',
    message: {
      pl: `Plik „${fileName}” (${format}) jest uszkodzony lub niekompletny i nie da się go odczytać.`,
      en: `The file "${fileName}" (${format}) is damaged or incomplete and cannot be read.`
    },
    hint: {
      pl: `Wyeksportuj plik ponownie. ${supportedHint.pl}`,
      en: `Export the file again. ${supportedHint.en}`
    },
    details: { fileName, format, internal: causeText(cause) },
    cause
  });
}

/** Zero bytes, or nothing but whitespace / a BOM. */
export function emptyFile(fileName: string): DataLoadError {
  return new DataLoadError({
    code: 'EMPTY_FILE',
    message: {
      pl: `Plik „${fileName}” jest pusty.`,
      en: `The file "${fileName}" is empty.`
    },
    hint: {
      pl: 'Wybierz plik z nagłówkiem i co najmniej kilkoma wierszami danych.',
      en: 'Choose a file with a header and at least a few rows of data.'
    },
    details: { fileName }
  });
}

/** JSON that does not parse; `line`/`column` are 1-based. */
export function invalidJson(
  fileName: string,
  line: number,
  column: number,
  cause?: unknown
): DataLoadError {
  return new DataLoadError({
    code: 'INVALID_JSON',
    message: {
      pl: `Plik „${fileName}” zawiera niepoprawny JSON (wiersz ${line}, kolumna ${column}).`,
      en: `The file "${fileName}" contains invalid JSON (line ${line}, column ${column}).`
    },
    hint: {
      pl: 'Oczekiwana jest tablica obiektów [{…}, …] albo NDJSON (jeden obiekt w wierszu).',
      en: 'Expected an array of objects [{…}, …] or NDJSON (one object per line).'
    },
    details: { fileName, line, column, internal: causeText(cause) },
    cause
  });
}

/** JSON that parses but is not a table (a number, an array of numbers…). */
export function notATable(fileName: string, what: string): DataLoadError {
  return new DataLoadError({
    code: 'INVALID_JSON',
    message: {
      pl: `Plik „${fileName}” nie zawiera tabeli (znaleziono: ${what}).`,
      en: `The file "${fileName}" does not hold a table (found: ${what}).`
    },
    hint: {
      pl: 'Oczekiwana jest tablica obiektów [{…}, …] albo NDJSON (jeden obiekt w wierszu).',
      en: 'Expected an array of objects [{…}, …] or NDJSON (one object per line).'
    },
    details: { fileName, found: what }
  });
}

/** XLSX: the requested sheet does not exist; the message lists the ones that do. */
export function sheetNotFound(sheet: string, sheets: string[]): DataLoadError {
  const list = sheets.map((s) => `„${s}”`).join(', ');
  const listEn = sheets.map((s) => `"${s}"`).join(', ');
  return new DataLoadError({
    code: 'SHEET_NOT_FOUND',
    message: {
      pl: `Arkusz „${sheet}” nie istnieje. Dostępne arkusze: ${list}.`,
      en: `Sheet "${sheet}" does not exist. Available sheets: ${listEn}.`
    },
    hint: { pl: 'Wybierz jeden z dostępnych arkuszy.', en: 'Pick one of the available sheets.' },
    details: { sheet, sheets }
  });
}

/** Fewer data rows than the ML minimum. */
export function tooFewRows(rows: number, minRows: number): InsufficientDataError {
  return new InsufficientDataError({
    code: 'TOO_FEW_ROWS',
    message: {
      pl: `Zbiór ma ${rows} wierszy danych, a potrzeba co najmniej ${minRows}.`,
      en: `The dataset has ${rows} data rows; at least ${minRows} are needed.`
    },
    hint: {
      pl: 'Dodaj więcej wierszy albo sprawdź, czy plik ma nagłówek i poprawny separator.',
      en: 'Add more rows, or check that the file has a header and the right delimiter.'
    },
    details: { rows, minRows }
  });
}

/** Engine-internal error text, shortened: kept in details for logs, never shown as the message. */
export function causeText(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  const raw = cause instanceof Error ? cause.message : String(cause);
  return raw.split('\n')[0].slice(0, 300);
}
