/**
 * `datagenius` entry: parse arguments, run the command, print the result or the error, return
 * the exit code (0 ok, 2 bad input, 1 anything else). With --json, stdout carries exactly one
 * JSON object whatever happens; stack traces are never printed.
 */
import { isAppError, toAppError } from '../engine/index';
import type { AppError, Lang } from '../engine/index';
import { HELP, parseArgs } from './args';
import { formatInspect, inspect } from './inspect';
import { formatProfile, profile } from './profile';

/** Error classes that mean "the input is bad" (exit 2) rather than "we failed" (exit 1). */
const BAD_INPUT = new Set([
  'DataLoadError',
  'InsufficientDataError',
  'InvalidTargetError',
  'DataValidationError'
]);
const BAD_INPUT_CODES = new Set(['USAGE', 'FILE_NOT_FOUND']);

export function exitCodeFor(e: AppError): number {
  return BAD_INPUT.has(e.name) || BAD_INPUT_CODES.has(e.code) ? 2 : 1;
}

/** Runs the CLI with `argv` (no node/script path); writes to stdout/stderr; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const lang: Lang = argv.some(
    (a, i) => (a === '--lang' && argv[i + 1] === 'en') || a === '--lang=en'
  )
    ? 'en'
    : 'pl';
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (args.command === 'profile') {
      const result = await profile(args);
      process.stdout.write(json ? JSON.stringify(result) + '\n' : formatProfile(result, args.lang));
      return 0;
    }
    const result = await inspect(args);
    process.stdout.write(json ? JSON.stringify(result) + '\n' : formatInspect(result, args.lang));
    return 0;
  } catch (raw) {
    const e = isAppError(raw) ? raw : toAppError(raw);
    if (json) {
      process.stdout.write(
        JSON.stringify({ ok: false, error: { code: e.code, message: e.text(lang) } }) + '\n'
      );
    } else {
      process.stderr.write(`${lang === 'pl' ? 'Błąd' : 'Error'} [${e.code}]: ${e.text(lang)}\n`);
    }
    return exitCodeFor(e);
  }
}
