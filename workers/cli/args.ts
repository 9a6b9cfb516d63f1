/**
 * Command-line parsing for `datagenius`: a command, positionals and `--flag value` options.
 * Small and strict on purpose: an unknown flag is a usage error (exit 2), never silently ignored.
 */
import { AppError } from '../engine/index';
import type { Lang } from '../engine/index';

export interface InspectArgs {
  command: 'inspect';
  file: string;
  target?: string;
  sheet?: string;
  json: boolean;
  missing?: string[];
  minRows?: number;
  lang: Lang;
}

/** `datagenius profile`: the same loading options as inspect, plus the EDA. */
export interface ProfileArgs extends Omit<InspectArgs, 'command'> {
  command: 'profile';
}

export type ParsedArgs = InspectArgs | ProfileArgs | { command: 'help'; lang: Lang };

/** Thrown for bad command lines; the CLI maps it to exit code 2. */
export function usageError(en: string, pl: string): AppError {
  return new AppError({
    code: 'USAGE',
    message: { pl, en },
    hint: { pl: 'Uruchom `datagenius --help`.', en: 'Run `datagenius --help`.' }
  });
}

const VALUE_FLAGS = new Set(['--target', '--sheet', '--missing', '--min-rows', '--lang']);
const BOOL_FLAGS = new Set(['--json', '--help', '-h']);

/** Parses `argv` (without node and the script path). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw usageError(`${name} needs a value`, `${name} wymaga wartości`);
      flags.set(name, value);
    } else if (BOOL_FLAGS.has(name)) flags.set(name, true);
    else if (a.startsWith('-') && a !== '-') {
      throw usageError(`unknown option ${a}`, `nieznana opcja ${a}`);
    } else positional.push(a);
  }
  const langFlag = flags.get('--lang');
  if (langFlag !== undefined && langFlag !== 'pl' && langFlag !== 'en') {
    throw usageError(
      `--lang must be pl or en, not ${String(langFlag)}`,
      `--lang musi być pl lub en, a nie ${String(langFlag)}`
    );
  }
  const lang: Lang = langFlag === 'en' ? 'en' : 'pl';
  if (flags.has('--help') || flags.has('-h') || positional.length === 0)
    return { command: 'help', lang };
  const [command, file, ...rest] = positional;
  if (command !== 'inspect' && command !== 'profile') {
    throw usageError(`unknown command ${command}`, `nieznane polecenie ${command}`);
  }
  if (!file) throw usageError(`${command} needs a file`, `${command} wymaga pliku`);
  if (rest.length)
    throw usageError(`unexpected argument ${rest[0]}`, `nieoczekiwany argument ${rest[0]}`);
  const minRaw = flags.get('--min-rows');
  const minRows = minRaw === undefined ? undefined : Number(minRaw);
  if (minRows !== undefined && (!Number.isInteger(minRows) || minRows < 0)) {
    throw usageError(
      `--min-rows must be a whole number ≥ 0, not ${String(minRaw)}`,
      `--min-rows musi być liczbą całkowitą ≥ 0, a nie ${String(minRaw)}`
    );
  }
  const missing = flags.get('--missing');
  return {
    command,
    file,
    target: str(flags.get('--target')),
    sheet: str(flags.get('--sheet')),
    json: flags.has('--json'),
    missing: typeof missing === 'string' ? missing.split(',') : undefined,
    minRows,
    lang
  };
}

function str(v: string | true | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export const HELP = `datagenius — DataGenius PRO engine on the command line

Usage:
  datagenius inspect <file> [--target COL] [--sheet NAME] [--json]
                            [--missing "NA,-"] [--min-rows N] [--lang pl|en]
  datagenius profile <file> [--target COL] [--sheet NAME] [--json]
                            [--missing "NA,-"] [--min-rows N] [--lang pl|en]

Commands:
  inspect   load a CSV/TSV/XLSX/JSON/NDJSON/Parquet/Arrow file, report rows, columns,
            column types, missing values and warnings; with --target also the problem type
  profile   the full EDA: per-column statistics (std is the sample std, n−1; quantiles by
            linear interpolation), correlations, missing values, outliers and alerts;
            with --target also the target analysis

Options:
  --target COL     validate COL as the target and infer the problem type
  --sheet NAME     XLSX sheet to read (default: the first)
  --missing LIST   comma-separated text values that mean "missing" (default: ,NA,null,-,N/A)
  --min-rows N     minimum number of rows (default 10)
  --json           print exactly one JSON object on stdout
  --lang pl|en     language of messages (default pl)
  -h, --help       this help

Exit codes: 0 ok, 2 bad input (unreadable file, too few rows, bad target, bad usage), 1 other errors.
`;
