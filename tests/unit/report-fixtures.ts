// Shared inputs of the report tests: a small CSV with hostile column names and values, loaded and
// profiled by the real engine (loadTable + runEda), and a hand-written model bundle whose
// leaderboard / metrics / params hold numbers chosen here (so the tests know the exact text).
import { loadTable, runEda } from '../../workers/engine/index';
import type { DatasetInfo, EdaResults, ModelBundle } from '../../workers/engine/index';
import type { ReportInput } from '../../workers/engine/report/index';
import { runner, utf8 } from './helpers';

export const XSS = '<img src=x onerror=alert(1)>';
export const MD_HOSTILE = 'a|b *c* _d_ [e](f) `g` #h';

/** 40 rows: XSS column (numeric), a markdown-hostile category column, x, and a binary target. */
export function hostileCsv(): string {
  const lines = [`"${XSS}","${MD_HOSTILE}",x,target`];
  for (let i = 0; i < 40; i++) {
    const cat = i % 3 === 0 ? '<b>bold</b>' : i % 3 === 1 ? 'Łódź' : '=SUM(A1)';
    lines.push(`${i % 7},"${cat}",${(i * 1.5).toFixed(1)},${i % 4 === 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

let cached: Promise<{ dataset: DatasetInfo; eda: EdaResults }> | undefined;
/** Loaded and profiled once per test file (the DuckDB runner is shared: never closed here). */
export function hostileSession(): Promise<{ dataset: DatasetInfo; eda: EdaResults }> {
  cached ??= (async () => {
    const db = await runner();
    const dataset = await loadTable(db, utf8(hostileCsv()), { fileName: 'hostile.csv' });
    const eda = await runEda(db, dataset, { target: 'target' });
    return { dataset, eda };
  })();
  return cached;
}

/** A bundle with the fields the report reads; numbers picked by hand. */
export function fakeBundle(): ModelBundle {
  return {
    format: 'datagenius-model/1',
    id: 'm1',
    version: 1,
    createdAt: '2026-01-02T03:04:05Z',
    parentId: null,
    problemType: 'binary',
    target: 'target',
    classes: ['no', 'yes'],
    feature_names: [],
    inputSchema: [],
    pipeline: null,
    model: { family: 'gbdt', version: 1, state: null } as unknown as ModelBundle['model'],
    family: 'gbdt',
    params: { learningRate: 0.1, [XSS]: '<script>alert(2)</script>' },
    stage: 'tune',
    metric: 'accuracy',
    metrics: {
      cv: { accuracy: 0.8125, auc: 0.9031 },
      holdout: { accuracy: 0.7777, auc: 0.8642 }
    },
    leaderboard: [
      {
        id: 'gbdt#tune1',
        family: 'gbdt',
        stage: 'tune',
        params: {},
        cv: { accuracy: 0.8125, auc: 0.9031 },
        cvStd: { accuracy: 0.01 },
        fitSeconds: 0.25,
        status: 'done'
      },
      {
        id: 'logistic',
        family: 'logistic',
        stage: 'compare',
        params: {},
        cv: { accuracy: 0.7419, auc: 0.8234 },
        cvStd: {},
        fitSeconds: 0.125,
        status: 'done'
      },
      {
        id: 'baseline',
        family: 'baseline',
        stage: 'compare',
        params: {},
        cv: { accuracy: 0.6006, auc: 0.5 },
        cvStd: {},
        fitSeconds: 0.01,
        status: 'done'
      }
    ],
    referenceProfile: [],
    meta: {}
  } as ModelBundle;
}

/** A full input: EDA + model + evaluation + SHAP (hand-made numbers). */
export function fullInput(s: { dataset: DatasetInfo; eda: EdaResults }): ReportInput {
  return {
    dataset: s.dataset,
    datasetName: `session ${XSS}`,
    eda: s.eda,
    bundle: fakeBundle(),
    evaluation: {
      source: 'holdout',
      rows: 10,
      labels: ['no', 'yes'],
      confusion: [
        [6, 1],
        [1, 2]
      ],
      roc: { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], auc: 0.875, positive: 'yes' }
    },
    shap: {
      method: 'tree',
      outputName: 'yes',
      rows: 10,
      importance: [
        { feature: XSS, value: 0.4321 },
        { feature: 'x', value: 0.1234 }
      ],
      local: [
        {
          row: 0,
          baseValue: -0.5,
          prediction: 0.25,
          contributions: [
            { feature: XSS, value: 0.6 },
            { feature: 'x', value: 0.15 }
          ]
        }
      ]
    },
    generatedAt: '2026-01-02T00:00:00Z'
  };
}
