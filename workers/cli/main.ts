/**
 * `datagenius` entry: parse arguments, run the command, print the result or the error, return
 * the exit code (0 ok, 2 bad input, 1 anything else). With --json, stdout carries exactly one
 * JSON object whatever happens (progress goes to stderr); stack traces are never printed.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError, isAppError, toAppError } from '../engine/index';
import type { Lang } from '../engine/index';
import { toCsvChunks, type CsvColumn } from '../engine/report/csv';
import { HELP, parseArgs } from './args';
import { explain, formatExplain } from './explain';
import { formatInspect, inspect } from './inspect';
import { predict } from './predict';
import { servePredictWorker } from '../node/predict-pool';
import { formatProfile, profile } from './profile';
import { formatReport, report } from './report';
import { formatTrain, train } from './train';

// In a prediction pool worker this module only serves slices (workers/node/predict-pool.ts).
servePredictWorker();

/** Error classes that mean "the input is bad" (exit 2) rather than "we failed" (exit 1). */
const BAD_INPUT = new Set([
  'DataLoadError',
  'InsufficientDataError',
  'InvalidTargetError',
  'DataValidationError'
]);
/** USAGE: the command line; INVALID_MODEL: a model file that is not a valid bundle. */
const BAD_INPUT_CODES = new Set(['USAGE', 'FILE_NOT_FOUND', 'INVALID_MODEL']);

export function exitCodeFor(e: AppError): number {
  return BAD_INPUT.has(e.name) || BAD_INPUT_CODES.has(e.code) ? 2 : 1;
}

/** Writes chunks to a stream, waiting for 'drain' when its buffer is full. */
async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Writes the CSV to `file` (created or replaced). @throws AppError WRITE_FAILED. */
async function writeCsvFile(file: string, columns: CsvColumn[]): Promise<void> {
  const stream = createWriteStream(file);
  try {
    await once(stream, 'open');
    await writeChunks(stream, toCsvChunks(columns));
    stream.end();
    await once(stream, 'finish');
  } catch (e) {
    stream.destroy();
    throw new AppError({
      code: 'WRITE_FAILED',
      message: { pl: `Nie można zapisać pliku „${file}”.`, en: `Cannot write the file "${file}".` },
      hint: { pl: 'Sprawdź ścieżkę i uprawnienia.', en: 'Check the path and permissions.' },
      details: { file },
      cause: e
    });
  }
}

/** Runs the CLI with `argv` (no node/script path); writes to stdout/stderr; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const lang: Lang = argv.some(
    (a, i) => (a === '--lang' && argv[i + 1] === 'en') || a === '--lang=en'
  )
    ? 'en'
    : 'pl';
  const out = (s: string) => process.stdout.write(s);
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      out(HELP);
      return 0;
    }
    if (args.command === 'profile') {
      const result = await profile(args);
      out(json ? JSON.stringify(result) + '\n' : formatProfile(result, args.lang));
      return 0;
    }
    if (args.command === 'train') {
      const result = await train(args, (line) => process.stderr.write(line + '\n'));
      out(json ? JSON.stringify(result) + '\n' : formatTrain(result, args.lang));
      return 0;
    }
    if (args.command === 'explain') {
      const result = await explain(args);
      out(json ? JSON.stringify(result) + '\n' : formatExplain(result, args.lang));
      return 0;
    }
    if (args.command === 'report') {
      const result = await report(args, (line) => process.stderr.write(line + '\n'));
      out(json ? JSON.stringify(result) + '\n' : formatReport(result, args.lang));
      return 0;
    }
    if (args.command === 'predict') {
      const { summary, columns } = await predict(args, new URL(import.meta.url));
      if (args.out) await writeCsvFile(args.out, columns);
      else if (!json) await writeChunks(process.stdout, toCsvChunks(columns));
      if (json) out(JSON.stringify(summary) + '\n');
      else if (args.out)
        out(
          args.lang === 'pl'
            ? `Zapisano ${summary.rows} predykcji do ${args.out}\n`
            : `Wrote ${summary.rows} predictions to ${args.out}\n`
        );
      return 0;
    }
    const result = await inspect(args);
    out(json ? JSON.stringify(result) + '\n' : formatInspect(result, args.lang));
    return 0;
  } catch (raw) {
    const e = isAppError(raw) ? raw : toAppError(raw);
    if (json) {
      out(JSON.stringify({ ok: false, error: { code: e.code, message: e.text(lang) } }) + '\n');
    } else {
      process.stderr.write(`${lang === 'pl' ? 'Błąd' : 'Error'} [${e.code}]: ${e.text(lang)}\n`);
    }
    return exitCodeFor(e);
  }
}
