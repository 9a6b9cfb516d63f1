/**
 * Storage failures as typed errors. A full disk surfaces as a DOMException named
 * QuotaExceededError — or wrapped by dexie (AbortError / a dexie error with `inner`), so the
 * whole chain of `inner` and `cause` is searched.
 */
import { AppError } from '$engine/errors';

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown };
  if (typeof err.name === 'string' && QUOTA_NAMES.has(err.name)) return true;
  // Legacy DOMException code for QUOTA_EXCEEDED_ERR.
  if (err.code === 22 && typeof DOMException !== 'undefined' && e instanceof DOMException)
    return true;
  return isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1);
}

export function storageQuotaError(cause: unknown): AppError {
  return new AppError({
    code: 'STORAGE_QUOTA',
    message: {
      pl: 'Brak miejsca w pamięci przeglądarki — nie udało się zapisać danych.',
      en: "The browser's storage is full — the data could not be saved."
    },
    hint: {
      pl: 'Usuń stare sesje z listy na stronie głównej albo zwolnij miejsce na dysku, a potem spróbuj ponownie.',
      en: 'Delete old sessions from the list on the home page or free some disk space, then try again.'
    },
    cause
  });
}

/** Runs a storage operation; a quota failure becomes AppError STORAGE_QUOTA, the rest rethrow. */
export async function guardQuota<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (isQuotaError(e)) throw storageQuotaError(e);
    throw e;
  }
}
