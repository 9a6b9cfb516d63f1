/**
 * Command-line parsing for `datagenius`: a command, positionals and `--flag value` options.
 * Small and strict on purpose: an unknown flag, or a flag the command does not take, is a usage
 * error (exit 2), never silently ignored; numbers are checked here, before any file is read.
 */
import { AppError } from '../engine/index';
import type { Lang } from '../engine/index';
import type { MetricName } from '../engine/automl/types';
import type { ModelFamily } from '../engine/models/types';
import { ALL_FAMILIES, CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../engine/automl/options';

/** Loading options every command that reads a data file takes. */
interface LoadFlags {
  sheet?: string;
  missing?: string[];
  minRows?: number;
  json: boolean;
  lang: Lang;
}

export interface InspectArgs extends LoadFlags {
  command: 'inspect';
  file: string;
  target?: string;
}

/** `datagenius profile`: the same loading options as inspect, plus the EDA. */
export interface ProfileArgs extends Omit<InspectArgs, 'command'> {
  command: 'profile';
}

/** `datagenius train`: AutoML on a file, optionally saving the winner's bundle. */
export interface TrainArgs extends LoadFlags {
  command: 'train';
  file: string;
  target: string;
  metric?: MetricName;
  timeBudgetSeconds?: number;
  folds?: number;
  seed?: number;
  /** Families to try (default: all that apply). */
  families?: ModelFamily[];
  /** Path of the model bundle to write. */
  out?: string;
}

/** `datagenius predict`: score a file with a saved bundle. */
export interface PredictArgs extends LoadFlags {
  command: 'predict';
  model: string;
  file: string;
  /** Path of the CSV to write; stdout when absent. */
  out?: string;
  /** Worker threads for large files (default: the machine's cores; 1 = this thread only). */
  threads?: number;
}

/** `datagenius explain`: SHAP values of a file's rows, from a bundle or an XGBoost JSON model. */
export interface ExplainArgs extends LoadFlags {
  command: 'explain';
  model: string;
  file: string;
  /** Sampling SHAP orderings per row (families without an exact explainer). */
  samples?: number;
  seed?: number;
}

/** `datagenius report`: an HTML / PDF / Markdown report of a file (EDA, optionally a model). */
export interface ReportArgs extends LoadFlags {
  command: 'report';
  file: string;
  target?: string;
  /** Model bundle to report on (leaderboard, metrics, evaluation, SHAP); absent → EDA only. */
  model?: string;
  format: 'html' | 'pdf' | 'md';
  out: string;
  title?: string;
  author?: string;
}

export type ParsedArgs =
  | ReportArgs
  | InspectArgs
  | ProfileArgs
  | TrainArgs
  | PredictArgs
  | ExplainArgs
  | { command: 'help'; lang: Lang };

/** Thrown for bad command lines; the CLI maps it to exit code 2. */
export function usageError(en: string, pl: string): AppError {
  return new AppError({
    code: 'USAGE',
    message: { pl, en },
    hint: { pl: 'Uruchom `datagenius --help`.', en: 'Run `datagenius --help`.' }
  });
}

const LOAD_FLAGS = ['--sheet', '--missing', '--min-rows', '--lang'];
/** Value flags each command accepts (booleans: --json, --help everywhere). */
const COMMAND_FLAGS: Record<string, ReadonlySet<string>> = {
  inspect: new Set([...LOAD_FLAGS, '--target']),
  profile: new Set([...LOAD_FLAGS, '--target']),
  train: new Set([
    ...LOAD_FLAGS,
    '--target',
    '--metric',
    '--time-budget',
    '--folds',
    '--seed',
    '--families',
    '--out'
  ]),
  predict: new Set([...LOAD_FLAGS, '--out', '--threads']),
  explain: new Set([...LOAD_FLAGS, '--samples', '--seed']),
  report: new Set([
    ...LOAD_FLAGS,
    '--target',
    '--model',
    '--format',
    '--out',
    '--title',
    '--author'
  ])
};
const VALUE_FLAGS = new Set(Object.values(COMMAND_FLAGS).flatMap((s) => [...s]));
const BOOL_FLAGS = new Set(['--json', '--help', '-h']);
/** Positionals after the command. */
const POSITIONALS: Record<string, string[]> = {
  inspect: ['file'],
  profile: ['file'],
  train: ['file'],
  predict: ['model', 'file'],
  explain: ['model', 'file'],
  report: ['file']
};

type Flags = Map<string, string | true>;

/** Parses `argv` (without node and the script path). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: Flags = new Map();
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
  const [command, ...rest] = positional;
  const allowed = COMMAND_FLAGS[command];
  if (!allowed) throw usageError(`unknown command ${command}`, `nieznane polecenie ${command}`);
  for (const f of flags.keys())
    if (!BOOL_FLAGS.has(f) && !allowed.has(f))
      throw usageError(`${command} does not take ${f}`, `${command} nie przyjmuje opcji ${f}`);
  const names = POSITIONALS[command];
  if (rest.length < names.length) {
    const what = names.map((n) => `<${n}>`).join(' ');
    throw usageError(`${command} needs ${what}`, `${command} wymaga ${what}`);
  }
  if (rest.length > names.length) {
    const extra = rest[names.length];
    throw usageError(`unexpected argument ${extra}`, `nieoczekiwany argument ${extra}`);
  }
  const load = loadFlags(flags, lang);
  if (command === 'predict')
    return {
      command,
      model: rest[0],
      file: rest[1],
      out: str(flags.get('--out')),
      threads: intFlag(flags, '--threads', 1, 256),
      ...load
    };
  if (command === 'explain')
    return {
      command,
      model: rest[0],
      file: rest[1],
      samples: intFlag(flags, '--samples', 2, 100_000),
      seed: intFlag(flags, '--seed', 0, 2 ** 31 - 1),
      ...load
    };
  if (command === 'train') return trainArgs(rest[0], flags, load);
  if (command === 'report') return reportArgs(rest[0], flags, load);
  return { command, file: rest[0], target: str(flags.get('--target')), ...load } as
    InspectArgs | ProfileArgs;
}

function loadFlags(flags: Flags, lang: Lang): LoadFlags {
  const missing = flags.get('--missing');
  return {
    sheet: str(flags.get('--sheet')),
    json: flags.has('--json'),
    missing: typeof missing === 'string' ? missing.split(',') : undefined,
    minRows: intFlag(flags, '--min-rows', 0, Number.MAX_SAFE_INTEGER),
    lang
  };
}

function reportArgs(file: string, flags: Flags, load: LoadFlags): ReportArgs {
  const format = str(flags.get('--format'));
  if (format !== 'html' && format !== 'pdf' && format !== 'md')
    throw usageError(
      `report needs --format html|pdf|md, not ${format ?? '(none)'}`,
      `report wymaga --format html|pdf|md, a nie ${format ?? '(brak)'}`
    );
  const out = str(flags.get('--out'));
  if (out === undefined) throw usageError('report needs --out FILE', 'report wymaga --out PLIK');
  return {
    command: 'report',
    file,
    target: str(flags.get('--target')),
    model: str(flags.get('--model')),
    format,
    out,
    title: str(flags.get('--title')),
    author: str(flags.get('--author')),
    ...load
  };
}

function trainArgs(file: string, flags: Flags, load: LoadFlags): TrainArgs {
  const target = str(flags.get('--target'));
  if (target === undefined)
    throw usageError('train needs --target COL', 'train wymaga --target KOLUMNA');
  const metric = str(flags.get('--metric'));
  const metrics = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];
  if (metric !== undefined && !metrics.includes(metric as MetricName))
    throw usageError(
      `--metric must be one of ${metrics.join(', ')}, not ${metric}`,
      `--metric musi być jedną z: ${metrics.join(', ')}, a nie ${metric}`
    );
  const budgetRaw = str(flags.get('--time-budget'));
  const budget = budgetRaw === undefined ? undefined : Number(budgetRaw);
  if (budget !== undefined && !(budget > 0 && budget <= 86_400))
    throw usageError(
      `--time-budget must be seconds in (0, 86400], not ${budgetRaw}`,
      `--time-budget musi być liczbą sekund z (0, 86400], a nie ${budgetRaw}`
    );
  const familiesRaw = str(flags.get('--families'));
  const families = familiesRaw?.split(',').map((f) => f.trim()) as ModelFamily[] | undefined;
  const unknown = families?.find((f) => !ALL_FAMILIES.includes(f));
  if (unknown !== undefined || families?.length === 0)
    throw usageError(
      `--families takes a comma-separated list of ${ALL_FAMILIES.join(', ')}; unknown: ${unknown}`,
      `--families przyjmuje listę (po przecinku) z: ${ALL_FAMILIES.join(', ')}; nieznana: ${unknown}`
    );
  return {
    command: 'train',
    file,
    target,
    metric: metric as MetricName | undefined,
    timeBudgetSeconds: budget,
    folds: intFlag(flags, '--folds', 2, 20),
    seed: intFlag(flags, '--seed', 0, 2 ** 31 - 1),
    families,
    out: str(flags.get('--out')),
    ...load
  };
}

/** An integer flag in [lo, hi], or undefined when absent. */
function intFlag(flags: Flags, name: string, lo: number, hi: number): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(v) || v < lo || v > hi)
    throw usageError(
      `${name} must be a whole number in [${lo}, ${hi}], not ${String(raw)}`,
      `${name} musi być liczbą całkowitą z [${lo}, ${hi}], a nie ${String(raw)}`
    );
  return v;
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
  datagenius train <file> --target COL [--metric M] [--time-budget S] [--folds K]
                            [--seed N] [--families LIST] [--out model.json] [--json]
                            [--sheet NAME] [--missing "NA,-"] [--min-rows N] [--lang pl|en]
  datagenius predict <model.json> <file> [--out preds.csv] [--json] [--threads N]
                            [--sheet NAME] [--missing "NA,-"] [--min-rows N] [--lang pl|en]
  datagenius explain <model.json | xgboost-model.json> <file> [--json] [--samples N]
                            [--seed N] [--sheet NAME] [--missing "NA,-"] [--min-rows N]
                            [--lang pl|en]
  datagenius report <file> --format html|pdf|md --out FILE [--target COL] [--model model.json]
                            [--title T] [--author A] [--sheet NAME] [--missing "NA,-"]
                            [--min-rows N] [--lang pl|en] [--json]

Commands:
  inspect   load a CSV/TSV/XLSX/JSON/NDJSON/Parquet/Arrow file, report rows, columns,
            column types, missing values and warnings; with --target also the problem type
  profile   the full EDA: per-column statistics (std is the sample std, n−1; quantiles by
            linear interpolation), correlations, missing values, outliers and alerts;
            with --target also the target analysis
  train     AutoML, the same as the browser runs: every model family cross-validated on the
            same folds, the best few tuned, a blend tried, the winner refitted and scored on a
            holdout; prints the leaderboard (progress goes to stderr); --out saves the model
  predict   score a file with a saved model: CSV of the input columns plus Label and, for
            classifiers, Score (probability of the predicted class) and Score_<class> per class;
            cells that could start a spreadsheet formula get a leading ' (numbers excepted)
  explain   SHAP values of every row of the file: {baseValue, shap: [[…]], margin: […]} (one
            set per class for multiclass); our bundles summed back to the raw columns (exact
            TreeSHAP / linear SHAP, else sampling SHAP with the file's rows as background),
            XGBoost JSON models (Booster.save_model) by exact TreeSHAP on the margin
  report    a report to send: data overview, validation warnings, EDA highlights and alerts,
            charts; with --model also the leaderboard, the best model's metrics, evaluation
            plots on the file's labelled rows and SHAP explanations; HTML (one self-contained
            file), PDF (embedded DejaVu Sans, table of contents) or Markdown

Options:
  --target COL     the target column (train: required); inspect/profile: validate it and
                   infer the problem type
  --metric M       ranking metric: accuracy auc recall precision f1 kappa mcc logloss
                   (classification, default accuracy) or mae mse rmse r2 rmsle mape
                   (regression, default r2); auc is one-vs-rest macro for multiclass
  --time-budget S  seconds for the whole AutoML run (default 60)
  --folds K        cross-validation folds, 2 … 20 (default 5)
  --seed N         random seed (default 42): same data, options and seed → same leaderboard
                   (explain: same sampling SHAP estimate)
  --samples N      explain: orderings per row for sampling SHAP (default 64)
  --families LIST  model families to try, comma-separated: baseline naiveBayes linear
                   logistic decisionTree knn gbdt randomForest extraTrees mlp (default all)
  --out FILE       train: write the model bundle (JSON); predict: write the CSV (default stdout);
                   report: the report file (required)
  --threads N      predict: worker threads for files of 100,000 rows or more (default: the
                   machine's cores; 1 = no workers)
  --model FILE     report: the model bundle to describe (default: an EDA-only report)
  --format F       report: html, pdf or md
  --title T        report: title (default "Raport DataGenius PRO — <file>")
  --author A       report: author shown under the title
  --sheet NAME     XLSX sheet to read (default: the first)
  --missing LIST   comma-separated text values that mean "missing" (default: ,NA,null,-,N/A)
  --min-rows N     minimum number of rows (default 10)
  --json           print exactly one JSON object on stdout
  --lang pl|en     language of messages (default pl)
  -h, --help       this help

Exit codes: 0 ok, 2 bad input (unreadable file, too few rows, bad target, bad usage, invalid
model file, a file that does not match the model), 1 other errors.
`;
