/**
 * Typed errors of the engine (DESIGN.md "Errors"). Every failure that can reach a user is an
 * AppError: a stable `code`, a Polish and an English message, a hint saying what to do, and
 * structured `details`. Stack traces never leave the worker: `toPublic()` is what the UI, reports
 * and API responses get.
 */

export type Lang = 'pl' | 'en';

/** A message in both UI languages. */
export interface Bilingual {
  pl: string;
  en: string;
}

export type ErrorName =
  | 'AppError'
  | 'DataLoadError'
  | 'DataValidationError'
  | 'InsufficientDataError'
  | 'InvalidTargetError'
  | 'ModelTrainingError'
  | 'LLMError'
  | 'ApiError'
  | 'CancelledError';

export interface AppErrorInit {
  code: string;
  message: Bilingual;
  hint?: Bilingual;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** What crosses a worker boundary or an HTTP response: no stack, no cause. */
export interface PublicError {
  name: ErrorName;
  code: string;
  message: Bilingual;
  hint?: Bilingual;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  override readonly name: ErrorName = 'AppError';
  readonly code: string;
  readonly messages: Bilingual;
  readonly hint?: Bilingual;
  readonly details: Record<string, unknown>;

  constructor(init: AppErrorInit) {
    super(init.message.en, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.messages = init.message;
    this.hint = init.hint;
    this.details = init.details ?? {};
  }

  /** The message in one language, hint appended. */
  text(lang: Lang): string {
    return this.hint ? `${this.messages[lang]} ${this.hint[lang]}` : this.messages[lang];
  }

  toPublic(): PublicError {
    return {
      name: this.name,
      code: this.code,
      message: this.messages,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(Object.keys(this.details).length ? { details: this.details } : {})
    };
  }
}

export class DataLoadError extends AppError {
  override readonly name = 'DataLoadError';
}
export class DataValidationError extends AppError {
  override readonly name = 'DataValidationError';
}
export class InsufficientDataError extends AppError {
  override readonly name = 'InsufficientDataError';
}
export class InvalidTargetError extends AppError {
  override readonly name = 'InvalidTargetError';
}
export class ModelTrainingError extends AppError {
  override readonly name = 'ModelTrainingError';
}
export class LLMError extends AppError {
  override readonly name = 'LLMError';
}
export class ApiError extends AppError {
  override readonly name = 'ApiError';
}
export class CancelledError extends AppError {
  override readonly name = 'CancelledError';
  constructor(stage?: string) {
    super({
      code: 'CANCELLED',
      message: { pl: 'Operacja została anulowana.', en: 'The operation was cancelled.' },
      details: stage ? { stage } : {}
    });
  }
}

const constructors: Record<ErrorName, new (init: AppErrorInit) => AppError> = {
  AppError,
  DataLoadError,
  DataValidationError,
  InsufficientDataError,
  InvalidTargetError,
  ModelTrainingError,
  LLMError,
  ApiError,
  CancelledError: AppError
};

/** Rebuilds a typed error from its public form (after a worker boundary or an API response). */
export function fromPublic(p: PublicError): AppError {
  if (p.name === 'CancelledError')
    return new CancelledError(p.details?.stage as string | undefined);
  const Ctor = constructors[p.name] ?? AppError;
  return new Ctor({ code: p.code, message: p.message, hint: p.hint, details: p.details });
}

/**
 * Any thrown value as an AppError. Unknown errors become `INTERNAL` with a generic message: their
 * text may hold paths or stack fragments, so it goes to `details.internal` only for logs, never
 * into the user-facing message.
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  return new AppError({
    code: 'INTERNAL',
    message: {
      pl: 'Wystąpił nieoczekiwany błąd. Twoje dane są bezpieczne — spróbuj ponownie.',
      en: 'An unexpected error occurred. Your data is safe — please try again.'
    },
    details: { internal: raw.slice(0, 300) },
    cause: e
  });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
