/**
 * `datagenius train`: load a file, encode the target, run the engine's AutoML in-process (the
 * same orchestrator, families, folds and seed as the browser; the MLP on TensorFlow.js's WASM
 * backend) and optionally write the winner's model bundle. Progress goes to `log` (stderr), the
 * result is DESIGN.md's --json object.
 */
import { writeFile } from 'node:fs/promises';
import {
  AppError,
  ModelTrainingError,
  createLocalExecutor,
  inferTarget,
  runAutoML
} from '../engine/index';
import type { Lang, MetricName, ProblemType, PublicError } from '../engine/index';
import type { AutoMLEvent, AutoMLResult, LeaderboardRow } from '../engine/automl/types';
import type { ModelFamily } from '../engine/models/types';
import { ALL_FAMILIES, CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../engine/automl/options';
import { encodeBundle } from '../engine/bundle/codec';
import { usageError, type TrainArgs } from './args';
import { loadFrame, trainingData, type TrainingData } from './frame';
import { printable, textTable, withLoadedFile } from './load-file';
import { loadMlp } from './mlp';
import { useGbdtWasm } from '../node/gbdt-wasm';
import { jsonSafe } from './profile';

type Metrics = Partial<Record<MetricName, number>>;

export interface TrainRow {
  /** Leaderboard id, e.g. 'gbdt', 'gbdt#tune3', 'blend'. */
  model: string;
  family: ModelFamily;
  stage: LeaderboardRow['stage'];
  cv: Metrics;
  cvStd: Metrics;
  /** Mean fit seconds per fold. */
  fitSeconds: number;
  status: 'done' | 'failed';
  params: Record<string, unknown>;
  /** Failed rows: the error and the code of its cause (e.g. FAMILY_UNAVAILABLE). */
  error?: { code: string; message: string; cause?: string };
}

export interface TrainResult {
  ok: true;
  problemType: ProblemType;
  target: string;
  metric: MetricName;
  /** Rows trained on (after dropping rows without a target). */
  rows: number;
  /** Rows dropped because their target is missing. */
  dropped: number;
  leaderboard: TrainRow[];
  best: { model: string; family: ModelFamily; cv: Metrics; cvStd: Metrics };
  holdout: Metrics;
  /** The run stopped at the time budget with a usable best model. */
  truncated: boolean;
  /** The MLP's TensorFlow.js backend, or null (with the reason) when it could not start. */
  mlp: { backend: string | null; reason: string } | null;
  warnings: { code: string; message: string }[];
  /** Where the bundle was written, or null. */
  out: string | null;
  seconds: number;
}

/** Loads the file and the target, as the browser does before AutoML. */
async function prepare(args: TrainArgs, lang: Lang) {
  return withLoadedFile(args, async (db, info) => {
    const t = await inferTarget(db, info, args.target);
    const allowed = t.problemType === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
    if (args.metric !== undefined && !allowed.includes(args.metric))
      throw usageError(
        `--metric ${args.metric} does not fit ${t.problemType}; use one of ${allowed.join(', ')}`,
        `--metric ${args.metric} nie pasuje do problemu ${t.problemType}; użyj jednej z: ${allowed.join(', ')}`
      );
    const data: TrainingData = trainingData(await loadFrame(db, info), args.target, t.problemType);
    const warnings = t.warnings.map((w) => ({ code: w.code, message: w.message[lang] }));
    return { data, warnings };
  });
}

/** Runs train; throws AppErrors for the caller to print. */
export async function train(args: TrainArgs, log: (line: string) => void): Promise<TrainResult> {
  const t0 = Date.now();
  const lang = args.lang;
  const pl = lang === 'pl';
  // The DuckDB instance is closed before training: the frame holds everything AutoML needs.
  const { data, warnings } = await prepare(args, lang);
  const { frame, target, dropped } = data;
  let families = args.families;
  const wantsMlp = (families ?? ALL_FAMILIES).includes('mlp');
  const mlp = wantsMlp ? await loadMlp() : null;
  if (mlp && !mlp.trainer) {
    families = (families ?? [...ALL_FAMILIES]).filter((f) => f !== 'mlp');
    const message = pl
      ? `MLP pominięty: TensorFlow.js nie działa w tym środowisku (${mlp.reason})`
      : `MLP left out: TensorFlow.js does not run here (${mlp.reason})`;
    if (!families.length)
      throw new ModelTrainingError({
        code: 'MLP_UNAVAILABLE',
        message: {
          pl: `MLP nie może się uczyć: TensorFlow.js nie działa w tym środowisku (${mlp.reason})`,
          en: `the MLP cannot train: TensorFlow.js does not run here (${mlp.reason})`
        },
        hint: { pl: 'Wybierz inne modele (--families).', en: 'Choose other models (--families).' },
        details: { reason: mlp.reason }
      });
    warnings.push({ code: 'MLP_UNAVAILABLE', message });
    log(`! ${message}`);
  } else if (mlp) log(`MLP: TensorFlow.js, backend ${mlp.reason}`);
  if (dropped)
    warnings.push({
      code: 'TARGET_MISSING_ROWS_DROPPED',
      message: pl
        ? `pominięto ${dropped} wierszy bez wartości celu`
        : `${dropped} rows without a target value were left out`
    });

  useGbdtWasm();
  const executor = createLocalExecutor({ trainers: mlp?.trainer ? [mlp.trainer] : [] });
  const options = {
    targetName: args.target,
    metric: args.metric,
    folds: args.folds,
    seed: args.seed,
    timeBudgetSeconds: args.timeBudgetSeconds,
    families
  };
  let result: AutoMLResult;
  try {
    result = await runAutoML(frame, target, options, executor, eventLogger(lang, log));
  } finally {
    executor.dispose?.();
  }
  warnings.push(...result.plan.warnings.map((w) => ({ code: w.code, message: w.message[lang] })));
  if (args.out) await writeBundle(args.out, encodeBundle(result.bundle));
  const rows = result.leaderboard.map((r) => rowOf(r, lang));
  const best = rows.find((r) => r.model === result.bestId) as TrainRow;
  return jsonSafe({
    ok: true,
    problemType: target.task,
    target: args.target,
    metric: result.plan.metric,
    rows: frame.nRows,
    dropped,
    leaderboard: rows,
    best: { model: best.model, family: best.family, cv: best.cv, cvStd: best.cvStd },
    holdout: result.holdout,
    truncated: result.truncated,
    mlp: mlp ? { backend: mlp.backend, reason: mlp.reason } : null,
    warnings,
    out: args.out ?? null,
    seconds: (Date.now() - t0) / 1000
  });
}

function rowOf(r: LeaderboardRow, lang: Lang): TrainRow {
  return {
    model: r.id,
    family: r.family,
    stage: r.stage,
    cv: r.cv,
    cvStd: r.cvStd,
    fitSeconds: r.fitSeconds,
    status: r.status,
    params: r.params,
    ...(r.error ? { error: errorOf(r.error, lang) } : {})
  };
}

function errorOf(e: PublicError, lang: Lang): NonNullable<TrainRow['error']> {
  const cause = e.details?.cause;
  return {
    code: e.code,
    message: e.message[lang],
    ...(typeof cause === 'string' ? { cause } : {})
  };
}

async function writeBundle(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    throw new AppError({
      code: 'WRITE_FAILED',
      message: {
        pl: `Nie można zapisać pliku „${file}”.`,
        en: `Cannot write the file "${file}".`
      },
      hint: { pl: 'Sprawdź ścieżkę i uprawnienia.', en: 'Check the path and permissions.' },
      details: { file },
      cause: e
    });
  }
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(4));

/** Progress lines: the plan, each finished model, logged failures (never the progress ticks). */
function eventLogger(lang: Lang, log: (line: string) => void): (e: AutoMLEvent) => void {
  const pl = lang === 'pl';
  let metric: MetricName | null = null;
  return (e) => {
    if (e.type === 'plan') {
      const p = e.plan;
      metric = p.metric;
      const used = p.families.filter((f) => !f.skipped).map((f) => f.family);
      log(
        pl
          ? `Plan: ${p.task}, ${p.rows} wierszy, ${p.features} cech, ${p.folds} foldów, metryka ${p.metric}, szacunkowo ${p.seconds.toFixed(1)} s; modele: ${used.join(', ')}`
          : `Plan: ${p.task}, ${p.rows} rows, ${p.features} features, ${p.folds} folds, metric ${p.metric}, about ${p.seconds.toFixed(1)} s; models: ${used.join(', ')}`
      );
      for (const w of p.warnings) log(`! [${w.code}] ${w.message[lang]}`);
    } else if (e.type === 'row') {
      const r = e.row;
      const m = metric ?? (Object.keys(r.cv)[0] as MetricName);
      log(
        r.status === 'failed'
          ? `  ${printable(r.id)}: ${pl ? 'błąd' : 'failed'} [${r.error?.code}${r.error?.details?.cause ? ` ← ${String(r.error.details.cause)}` : ''}]`
          : `  ${printable(r.id).padEnd(20)} ${m} ${fmt(r.cv[m])} ± ${fmt(r.cvStd[m])}  (${r.fitSeconds.toFixed(2)} s/fold)`
      );
    } else if (e.type === 'log') log(`! [${e.error.code}] ${printable(e.error.message[lang])}`);
  };
}

/** Metrics shown in the text table: the ranking metric first, then the usual ones. */
function shownMetrics(r: TrainResult): MetricName[] {
  const usual: MetricName[] =
    r.problemType === 'regression' ? ['r2', 'rmse', 'mae'] : ['accuracy', 'auc', 'f1'];
  return [r.metric, ...usual.filter((m) => m !== r.metric)];
}

/** The human-readable report: a summary line, the leaderboard table, the best model. */
export function formatTrain(r: TrainResult, lang: Lang): string {
  const pl = lang === 'pl';
  const metrics = shownMetrics(r);
  const lines = [
    pl
      ? `Typ problemu: ${r.problemType}   cel: ${printable(r.target)}   wiersze: ${r.rows}   metryka: ${r.metric}`
      : `Problem type: ${r.problemType}   target: ${printable(r.target)}   rows: ${r.rows}   metric: ${r.metric}`
  ];
  const head = ['#', 'model', ...metrics, `± ${r.metric}`, 's/fold'];
  const done = r.leaderboard.filter((x) => x.status === 'done');
  const rows = done.map((x, i) => [
    String(i + 1),
    printable(x.model),
    ...metrics.map((m) => fmt(x.cv[m])),
    fmt(x.cvStd[r.metric]),
    x.fitSeconds.toFixed(3)
  ]);
  const right = new Set(head.map((_, i) => i).filter((i) => i !== 1));
  lines.push('', ...textTable(head, rows, right));
  const failed = r.leaderboard.filter((x) => x.status === 'failed');
  if (failed.length) {
    lines.push('', pl ? 'Nieudane:' : 'Failed:');
    for (const f of failed)
      lines.push(
        `  ${printable(f.model)}: [${f.error?.code}${f.error?.cause ? ` ← ${f.error.cause}` : ''}] ${printable(f.error?.message ?? '')}`
      );
  }
  const hold = r.holdout[r.metric];
  lines.push(
    '',
    pl
      ? `Najlepszy: ${r.best.model} (${r.metric} CV ${fmt(r.best.cv[r.metric])}, holdout ${fmt(hold)})`
      : `Best: ${r.best.model} (${r.metric} CV ${fmt(r.best.cv[r.metric])}, holdout ${fmt(hold)})`
  );
  if (r.truncated)
    lines.push(
      pl
        ? 'Przerwano po upływie budżetu czasu (wynik jest użyteczny).'
        : 'Stopped at the time budget (the result is usable).'
    );
  if (r.warnings.length) {
    lines.push('', pl ? 'Ostrzeżenia:' : 'Warnings:');
    for (const w of r.warnings) lines.push(`  [${w.code}] ${printable(w.message)}`);
  }
  if (r.out) lines.push('', `${pl ? 'Model zapisany' : 'Model saved'}: ${printable(r.out)}`);
  return lines.join('\n') + '\n';
}
