/**
 * Typed errors of session export / import. Codes: SESSION_FILE_INVALID (not a session file at
 * all), SESSION_FILE_VERSION (a session file of a format this app cannot read), SESSION_FILE_CORRUPT
 * (a session file whose contents are damaged or incomplete), SESSION_NOT_FOUND (export of a
 * session that is gone). `details.reason` says which check failed, for tests and support.
 */
import { AppError } from '$engine/errors';

/** Why a file is not a session file. */
export type InvalidReason = 'not-zip' | 'no-manifest' | 'not-session';

/** Why a session file is damaged. */
export type CorruptReason =
  | 'unzip'
  | 'too-large'
  | 'json'
  | 'no-session'
  | 'shape'
  | 'missing-data'
  | 'hash-mismatch'
  | 'missing-blob'
  | 'encoding';

function quoted(fileName: string | undefined, lang: 'pl' | 'en'): string {
  if (!fileName) return lang === 'pl' ? 'Wybrany plik' : 'The chosen file';
  return lang === 'pl' ? `Plik „${fileName}”` : `The file "${fileName}"`;
}

const INVALID_WHY: Record<InvalidReason, { pl: string; en: string }> = {
  'not-zip': { pl: 'nie jest archiwum ZIP', en: 'is not a ZIP archive' },
  'no-manifest': { pl: 'nie zawiera pliku manifest.json', en: 'has no manifest.json' },
  'not-session': {
    pl: 'ma manifest innego formatu niż sesja DataGenius',
    en: 'has a manifest of a format other than a DataGenius session'
  }
};

export function sessionFileInvalid(
  reason: InvalidReason,
  fileName?: string,
  details: Record<string, unknown> = {}
): AppError {
  return new AppError({
    code: 'SESSION_FILE_INVALID',
    message: {
      pl: `${quoted(fileName, 'pl')} nie jest plikiem sesji DataGenius: ${INVALID_WHY[reason].pl}.`,
      en: `${quoted(fileName, 'en')} is not a DataGenius session file: it ${INVALID_WHY[reason].en}.`
    },
    hint: {
      pl: 'Wybierz plik .dgsession zapisany przyciskiem „Eksportuj sesję” na stronie sesji.',
      en: 'Choose a .dgsession file saved with the "Export session" button on a session page.'
    },
    details: { reason, ...(fileName ? { fileName } : {}), ...details }
  });
}

export function sessionFileVersion(format: string, supported: string, fileName?: string): AppError {
  return new AppError({
    code: 'SESSION_FILE_VERSION',
    message: {
      pl: `${quoted(fileName, 'pl')} ma format „${format}”, a ta wersja aplikacji czyta tylko „${supported}”.`,
      en: `${quoted(fileName, 'en')} has the format "${format}"; this version of the app reads only "${supported}".`
    },
    hint: {
      pl: 'Zaktualizuj aplikację (odśwież stronę) albo poproś o eksport z tej samej wersji.',
      en: 'Update the app (reload the page) or ask for an export made with the same version.'
    },
    details: { format, supported, ...(fileName ? { fileName } : {}) }
  });
}

const CORRUPT_WHY: Record<CorruptReason, { pl: string; en: string }> = {
  unzip: { pl: 'archiwum jest uszkodzone', en: 'the archive is damaged' },
  'too-large': {
    pl: 'po rozpakowaniu zająłby ponad {field} (za dużo dla przeglądarki)',
    en: 'it would take more than {field} unpacked (too much for a browser)'
  },
  json: { pl: 'zapis „{entry}” nie jest poprawnym JSON-em', en: '"{entry}" is not valid JSON' },
  'no-session': { pl: 'brakuje pliku session.json', en: 'session.json is missing' },
  shape: {
    pl: 'w session.json brakuje pola „{field}”',
    en: 'session.json lacks a valid "{field}"'
  },
  'missing-data': {
    pl: 'brakuje pliku danych „{entry}”',
    en: 'the data file "{entry}" is missing'
  },
  'hash-mismatch': {
    pl: 'plik danych „{entry}” ma inną sumę SHA-256 niż zapisana w sesji',
    en: 'the data file "{entry}" has a different SHA-256 than the one the session recorded'
  },
  'missing-blob': { pl: 'brakuje załącznika „{entry}”', en: 'the attachment "{entry}" is missing' },
  encoding: {
    pl: 'w session.json jest błędnie zapisana wartość ({entry})',
    en: 'session.json holds a malformed value ({entry})'
  }
};

export function sessionFileCorrupt(
  reason: CorruptReason,
  fileName?: string,
  details: { entry?: string; field?: string; [k: string]: unknown } = {},
  cause?: unknown
): AppError {
  const fill = (s: string) =>
    s.replace('{entry}', details.entry ?? '').replace('{field}', details.field ?? '');
  return new AppError({
    code: 'SESSION_FILE_CORRUPT',
    message: {
      pl: `${quoted(fileName, 'pl')} jest uszkodzony: ${fill(CORRUPT_WHY[reason].pl)}.`,
      en: `${quoted(fileName, 'en')} is damaged: ${fill(CORRUPT_WHY[reason].en)}.`
    },
    hint: {
      pl: 'Poproś o ponowny eksport sesji i przenieś plik bez zmian (nie rozpakowuj go i nie edytuj).',
      en: 'Ask for the session to be exported again and pass the file on unchanged (do not unpack or edit it).'
    },
    details: { reason, ...(fileName ? { fileName } : {}), ...details },
    cause
  });
}

export function sessionNotFound(id: string): AppError {
  return new AppError({
    code: 'SESSION_NOT_FOUND',
    message: {
      pl: `Nie znaleziono sesji „${id}” — nie ma czego eksportować.`,
      en: `Session "${id}" was not found — there is nothing to export.`
    },
    hint: {
      pl: 'Wróć na stronę główną i otwórz sesję z listy.',
      en: 'Go back home and open a session from the list.'
    },
    details: { id }
  });
}
