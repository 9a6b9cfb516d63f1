// Guards the report feature without a worker: the ReportInput assembled from a session (EDA-only
// without a model; the holdout confusion matrix and ROC AUC equal hand-counted / pairwise-computed
// values; SHAP mean |SHAP| and local rows mapped to table rows; an evaluation of another model is
// not used), and ReportState's generation (options → worker call, download with a safe file
// name, timing), failures shown as REPORT_FAILED with the state usable again, and a dead worker
// replaced.
import { describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, EdaResults, ModelBundle } from '$engine';
import { AppError } from '$engine/errors';
import type { ShapValues } from '$engine/explain/types';
import type { ReportInput, ReportOptions } from '$engine/report/types';
import type { Evaluation } from '$workers/api/ml-api';
import type { RenderedReport, ReportFormat } from '$workers/api/report-api';
import {
  assembleReportInput,
  availableSections,
  MAX_ROC_POINTS,
  reportEvaluation,
  reportShap
} from './input';
import { PDF_FONT_FILES } from '$engine/report/pdf';
import {
  PDF_FONT_PATHS,
  ReportState,
  reportFileName,
  type ReportWorkerHandle
} from './report.svelte';

const info = { tableName: 'data', rows: 9, columns: [], warnings: [] } as unknown as DatasetInfo;
const eda = { alerts: [] } as unknown as EdaResults;
const bundle = { id: 'm1', target: 'y', family: 'gbdt', classes: ['no', 'yes'] } as ModelBundle;

/** Hand-picked binary holdout: P(yes) per row, true codes; row 8 has no usable target. */
const P1 = [0.9, 0.8, 0.7, 0.4, 0.4, 0.2, 0.6, 0.1, 0.99];
const Y = [1, 0, 1, 1, 0, 0, 1, 0, NaN];

function shap(
  nOutputs: number,
  rows: number[][],
  outputs: string[]
): ShapValues & { members: number[][] } {
  const n = rows.length / nOutputs;
  const p = rows[0].length;
  const baseValue = Float64Array.from({ length: nOutputs }, (_, o) => -0.4 + o);
  const margin = new Float64Array(nOutputs * n);
  rows.forEach((r, i) => (margin[i] = baseValue[Math.floor(i / n)] + r.reduce((a, b) => a + b, 0)));
  return {
    method: 'tree',
    nRows: n,
    nFeatures: p,
    nOutputs,
    outputNames: outputs,
    featureNames: ['age', 'city'],
    baseValue,
    values: Float64Array.from(rows.flat()),
    margin,
    members: [[0], [1, 2]]
  };
}

function binaryEvaluation(modelId = 'm1'): Evaluation {
  const grouped = shap(
    1,
    [
      [0.5, -0.2],
      [-0.1, 0.3],
      [0.3, 0.1]
    ],
    ['yes']
  );
  return {
    modelId,
    task: 'binary',
    classes: ['no', 'yes'],
    holdoutRows: Uint32Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18]),
    y: Float64Array.from(Y),
    predictions: Float64Array.from(P1.flatMap((p) => [1 - p, p])),
    metrics: {},
    shap: {
      holdoutIndex: Uint32Array.from([2, 0, 5]),
      encoded: grouped,
      grouped,
      encodedValues: new Float64Array(0),
      groupedValues: new Float64Array(0),
      groupedCategories: [null, null]
    },
    permutation: null,
    learning: null,
    seconds: {}
  };
}

/** AUC as the Mann–Whitney statistic by brute force over (positive, negative) pairs. */
function pairwiseAuc(scores: number[], y: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
  return wins / pairs;
}

describe('assembleReportInput / reportEvaluation / reportShap', () => {
  it('assembleReportInput() without a model is an EDA-only input (no bundle, evaluation, SHAP)', () => {
    const input = assembleReportInput({
      info,
      name: ' Sesja ',
      eda,
      bundle: null,
      evaluation: binaryEvaluation()
    });
    expect(input).toEqual({ dataset: info, datasetName: 'Sesja', eda });
    expect(availableSections(input)).toEqual([
      'overview',
      'warnings',
      'eda',
      'charts',
      'recommendations'
    ]);
    expect(availableSections({ dataset: info })).toEqual([
      'overview',
      'warnings',
      'recommendations'
    ]);
  });

  it('reportEvaluation() counts the confusion matrix by hand and its AUC equals the pairwise AUC', () => {
    const ev = reportEvaluation(binaryEvaluation())!;
    // Argmax of [1 − p, p] per row (row 8 left out: NaN target):
    // y=0: p .8 → yes, .4 .2 .1 → no  ⇒ [3, 1];  y=1: p .9 .7 .6 → yes, .4 → no  ⇒ [1, 3].
    expect(ev.confusion).toEqual([
      [3, 1],
      [1, 3]
    ]);
    expect(ev.rows).toBe(8);
    expect(ev.labels).toEqual(['no', 'yes']);
    expect(ev.source).toBe('holdout');
    // 12.5 of 16 (positive, negative) pairs ordered right, the .4/.4 tie counted half.
    expect(ev.roc!.auc).toBeCloseTo(12.5 / 16, 12);
    expect(ev.roc!.auc).toBeCloseTo(pairwiseAuc(P1.slice(0, 8), Y.slice(0, 8)), 12);
    expect(ev.roc!.positive).toBe('yes');
    expect(ev.roc!.fpr[0]).toBe(0);
    expect(ev.roc!.tpr.at(-1)).toBe(1);
  });

  it('reportEvaluation() thins a long ROC to MAX_ROC_POINTS but keeps the AUC of every point', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const y = scores.map((s, i) => (s + ((i * 31) % 17) / 40 > 0.6 ? 1 : 0));
    const e = {
      ...binaryEvaluation(),
      y: Float64Array.from(y),
      predictions: Float64Array.from(scores.flatMap((p) => [1 - p, p])),
      shap: null
    };
    const ev = reportEvaluation(e)!;
    expect(ev.roc!.fpr.length).toBe(MAX_ROC_POINTS);
    expect(ev.roc!.fpr[0]).toBe(0);
    expect(ev.roc!.fpr.at(-1)).toBe(1);
    expect(ev.roc!.auc).toBeCloseTo(pairwiseAuc(scores, y), 10);
  });

  it('reportEvaluation() of a 3-class holdout: confusion of argmax counted by hand, no ROC', () => {
    const proba = [
      [0.7, 0.2, 0.1], // y 0 → 0
      [0.1, 0.6, 0.3], // y 0 → 1
      [0.2, 0.5, 0.3], // y 1 → 1
      [0.1, 0.1, 0.8], // y 2 → 2
      [0.5, 0.2, 0.3] //  y 2 → 0
    ];
    const e: Evaluation = {
      ...binaryEvaluation(),
      task: 'multiclass',
      classes: ['a', 'b', 'c'],
      y: Float64Array.from([0, 0, 1, 2, 2]),
      predictions: Float64Array.from(proba.flat()),
      shap: null
    };
    const ev = reportEvaluation(e)!;
    expect(ev.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1]
    ]);
    expect(ev.roc).toBeUndefined();
  });

  it('reportEvaluation() of a regression evaluation is null', () => {
    expect(reportEvaluation({ ...binaryEvaluation(), task: 'regression', classes: [] })).toBeNull();
  });

  it('reportShap() gives mean |SHAP| per raw column and local rows numbered by table row', () => {
    const s = reportShap(binaryEvaluation())!;
    // age: (0.5 + 0.1 + 0.3) / 3 = 0.3; city: (0.2 + 0.3 + 0.1) / 3 = 0.2.
    expect(s.importance.map((f) => f.feature)).toEqual(['age', 'city']);
    expect(s.importance[0].value).toBeCloseTo(0.3, 12);
    expect(s.importance[1].value).toBeCloseTo(0.2, 12);
    expect(s.outputName).toBe('yes');
    expect(s.rows).toBe(3);
    // holdoutRows[holdoutIndex[r]] = holdoutRows[2, 0, 5] = 12, 10, 15.
    expect(s.local!.map((l) => l.row)).toEqual([12, 10, 15]);
    expect(s.local![0].baseValue).toBeCloseTo(-0.4, 12);
    expect(s.local![0].prediction).toBeCloseTo(-0.4 + 0.5 - 0.2, 12);
    expect(s.local![1].contributions).toEqual([
      { feature: 'age', value: -0.1 },
      { feature: 'city', value: 0.3 }
    ]);
  });

  it('reportShap() of a multiclass model sums mean |SHAP| over classes and explains the predicted class', () => {
    // 2 outputs × 2 rows (output-major), classes a, b.
    const grouped = shap(
      2,
      [
        [0.2, -0.4],
        [0.6, 0.0],
        [-0.1, 0.1],
        [0.3, -0.5]
      ],
      ['a', 'b']
    );
    const e: Evaluation = {
      ...binaryEvaluation(),
      task: 'multiclass',
      classes: ['a', 'b'],
      holdoutRows: Uint32Array.from([7, 8]),
      y: Float64Array.from([0, 1]),
      predictions: Float64Array.from([0.9, 0.1, 0.2, 0.8]),
      shap: { ...binaryEvaluation().shap!, holdoutIndex: Uint32Array.from([0, 1]), grouped }
    };
    const s = reportShap(e)!;
    // age: a (0.2 + 0.6)/2 + b (0.1 + 0.3)/2 = 0.6; city: a (0.4 + 0)/2 + b (0.1 + 0.5)/2 = 0.5.
    expect(s.importance[0].value).toBeCloseTo(0.6, 12);
    expect(s.importance[1].value).toBeCloseTo(0.5, 12);
    // Row 0 predicts a (output 0: 0.2, −0.4), row 1 predicts b (output 1 row 1: 0.3, −0.5).
    expect(s.local!.map((l) => l.contributions.map((c) => c.value))).toEqual([
      [0.2, -0.4],
      [0.3, -0.5]
    ]);
    expect(s.local!.map((l) => l.row)).toEqual([7, 8]);
    expect(s.local![1].baseValue).toBeCloseTo(0.6, 12);
  });

  it('assembleReportInput() uses the evaluation only when it evaluated the shown model', () => {
    const full = assembleReportInput({ info, eda, bundle, evaluation: binaryEvaluation('m1') });
    expect(full.bundle).toBe(bundle);
    expect(full.evaluation?.confusion).toEqual([
      [3, 1],
      [1, 3]
    ]);
    expect(full.shap?.importance).toHaveLength(2);
    expect(availableSections(full)).toEqual([
      'overview',
      'warnings',
      'eda',
      'charts',
      'leaderboard',
      'metrics',
      'evaluation',
      'shap',
      'recommendations'
    ]);
    const other = assembleReportInput({ info, eda, bundle, evaluation: binaryEvaluation('m0') });
    expect(other.evaluation).toBeUndefined();
    expect(other.shap).toBeUndefined();
  });
});

interface Call {
  input: ReportInput;
  opts: ReportOptions;
  format: ReportFormat;
}

function fakeWorker(
  render: (c: Call) => Promise<RenderedReport>,
  crashed?: Promise<never>
): ReportWorkerHandle & { calls: Call[]; terminated: number } {
  const h = {
    calls: [] as Call[],
    terminated: 0,
    api: {
      render: (input: ReportInput, opts: ReportOptions, format: ReportFormat) => {
        const c = { input, opts, format };
        h.calls.push(c);
        return render(c);
      }
    },
    terminate: () => void h.terminated++,
    crashed
  };
  return h;
}

const ok = async (c: Call): Promise<RenderedReport> => ({
  bytes: new TextEncoder().encode(`report ${c.format}`),
  mime: c.format === 'pdf' ? 'application/pdf' : 'text/plain',
  fileExtension: c.format,
  ms: { build: 1, render: 2 }
});

function stateWith(worker: () => ReportWorkerHandle) {
  let clock = 1000;
  const downloads: { blob: Blob; name: string }[] = [];
  const saved: unknown[] = [];
  const state = new ReportState({
    worker,
    download: (blob, name) => downloads.push({ blob, name }),
    saveOptions: async (o) => void saved.push(o),
    uiLang: () => 'en',
    now: () => (clock += 125)
  });
  return { state, downloads, saved };
}

describe('ReportState', () => {
  it('generate(pdf) sends the assembled input and options, downloads a safe file name, records the time', async () => {
    const w = fakeWorker(ok);
    const { state, downloads, saved } = stateWith(() => w);
    state.title = '  Q3  ';
    state.setIncluded('charts', false);
    const done = await state.generate('pdf', { info, name: 'Moja sesja: Łódź', eda, bundle: null });
    expect(done).toBe(true);
    expect(w.calls).toHaveLength(1);
    expect(w.calls[0].format).toBe('pdf');
    expect(w.calls[0].input.bundle).toBeUndefined();
    expect(w.calls[0].opts).toEqual({
      sections: ['overview', 'warnings', 'eda', 'recommendations'],
      lang: 'en',
      title: 'Q3'
    });
    expect(downloads).toHaveLength(1);
    expect(downloads[0].name).toBe('moja-sesja-lodz-report.pdf');
    expect(downloads[0].blob.type).toBe('application/pdf');
    expect(await downloads[0].blob.text()).toBe('report pdf');
    expect(state.phase).toBe('done');
    expect(state.running).toBeNull();
    expect(state.last).toMatchObject({
      format: 'pdf',
      bytes: 10,
      ms: 125,
      worker: { build: 1, render: 2 }
    });
    expect(saved).toEqual([{ excluded: ['charts'], lang: null, title: '  Q3  ', author: '' }]);
  });

  it('generate() with a chosen language and author passes them; one worker serves many reports', async () => {
    let spawned = 0;
    const w = fakeWorker(ok);
    const { state } = stateWith(() => (spawned++, w));
    state.lang = 'pl';
    state.author = 'Łucja';
    await state.generate('html', {
      info,
      name: null,
      eda: null,
      bundle,
      evaluation: binaryEvaluation()
    });
    await state.generate('md', {
      info,
      name: null,
      eda: null,
      bundle,
      evaluation: binaryEvaluation()
    });
    expect(spawned).toBe(1);
    expect(w.calls[1].opts).toMatchObject({ lang: 'pl', author: 'Łucja' });
    expect(w.calls[1].opts.sections).toEqual([
      'overview',
      'warnings',
      'leaderboard',
      'metrics',
      'evaluation',
      'shap',
      'recommendations'
    ]);
    expect(w.calls[1].input.evaluation?.roc?.auc).toBeCloseTo(0.78125, 12);
    expect(state.last?.fileName).toBe('report-report.md');
  });

  it('a REPORT_FAILED rejection is shown and the next generation works (no other format produced)', async () => {
    let fail = true;
    const w = fakeWorker(async (c) => {
      if (fail)
        throw new AppError({
          code: 'REPORT_FAILED',
          message: { pl: 'x', en: 'x' },
          details: { format: 'PDF' }
        });
      return ok(c);
    });
    const { state, downloads } = stateWith(() => w);
    expect(await state.generate('pdf', { info })).toBe(false);
    expect(state.phase).toBe('error');
    expect(state.error?.code).toBe('REPORT_FAILED');
    expect(downloads).toHaveLength(0);
    expect(w.terminated).toBe(0);
    fail = false;
    expect(await state.generate('pdf', { info })).toBe(true);
    expect(state.error).toBeNull();
    expect(state.phase).toBe('done');
    expect(downloads.map((d) => d.name)).toEqual(['report-report.pdf']);
  });

  it('an untyped failure becomes REPORT_FAILED (no internal text shown)', async () => {
    const { state } = stateWith(() =>
      fakeWorker(async () => Promise.reject(new TypeError('boom')))
    );
    await state.generate('html', { info });
    expect(state.error?.code).toBe('REPORT_FAILED');
    expect(JSON.stringify(state.error)).not.toContain('boom');
  });

  it('a dead worker rejects the generation and is replaced by a new one next time', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const { state } = stateWith(() => {
      const first = workers.length === 0;
      const crashed = first
        ? Promise.reject(new AppError({ code: 'REPORT_FAILED', message: { pl: 'w', en: 'w' } }))
        : undefined;
      crashed?.catch(() => undefined);
      const w = fakeWorker(first ? () => new Promise(() => undefined) : ok, crashed);
      workers.push(w);
      return w;
    });
    expect(await state.generate('md', { info })).toBe(false);
    expect(state.error?.code).toBe('REPORT_FAILED');
    expect(workers[0].terminated).toBe(1);
    expect(await state.generate('md', { info })).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it('generate() with every section unchecked rejects REPORT_FAILED without calling the worker', async () => {
    const spawn = vi.fn(() => fakeWorker(ok));
    const { state } = stateWith(spawn);
    for (const s of ['overview', 'warnings', 'recommendations'] as const)
      state.setIncluded(s, false);
    expect(await state.generate('html', { info })).toBe(false);
    expect(state.error?.code).toBe('REPORT_FAILED');
    expect(spawn).not.toHaveBeenCalled();
    state.setIncluded('overview', true);
    expect(state.sectionsFor({ info })).toEqual(['overview']);
  });

  it('restore() takes valid stored options and ignores malformed fields', () => {
    const { state } = stateWith(() => fakeWorker(ok));
    state.restore({ excluded: ['shap', 'nope', 3], lang: 'de', title: 'T', author: 7 });
    expect(state.options).toEqual({ excluded: ['shap'], lang: null, title: 'T', author: '' });
    expect(state.reportLang).toBe('en');
    state.restore({ lang: 'pl' });
    expect(state.reportLang).toBe('pl');
    state.restore('garbage');
    expect(state.options.title).toBe('T');
  });

  it('PDF_FONT_PATHS are the engine PDF_FONT_FILES under the static root', () => {
    expect(PDF_FONT_PATHS).toEqual({
      regular: `/${PDF_FONT_FILES.regular}`,
      bold: `/${PDF_FONT_FILES.bold}`
    });
  });

  it('reportFileName() strips diacritics and unsafe characters', () => {
    expect(reportFileName('<img src=x onerror=alert(1)>', 'html')).toBe(
      'img-src-x-onerror-alert-1-report.html'
    );
    expect(reportFileName('', 'md')).toBe('report-report.md');
  });
});
