// Guards buildReport (sections present / absent, options, typed errors), the rule-based
// recommendations, evaluationFromProba (confusion counts and ROC/AUC checked by hand) and the
// escaping helpers every renderer relies on.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildReport,
  escapeHtml,
  escapeMarkdown,
  evaluationFromProba,
  recommend,
  shapSummary
} from '../../workers/engine/report/index';
import type { ShapValues } from '../../workers/engine/explain/types';
import { AppError } from '../../workers/engine/index';
import { fullInput, hostileSession, XSS } from './report-fixtures';

let session: Awaited<ReturnType<typeof hostileSession>>;
beforeAll(async () => {
  session = await hostileSession();
});

describe('buildReport', () => {
  test('a full input gives every section in report order, Polish by default', () => {
    const m = buildReport(fullInput(session));
    expect(m.sections.map((s) => s.id)).toEqual([
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
    expect(m.lang).toBe('pl');
    expect(m.sections[0].title).toBe('Przegląd danych');
    expect(m.hasModel).toBe(true);
  });

  test('without a model: EDA-only report, no model sections, a "train a model" recommendation', () => {
    const m = buildReport({ dataset: session.dataset, eda: session.eda }, { lang: 'en' });
    expect(m.sections.map((s) => s.id)).toEqual([
      'overview',
      'warnings',
      'eda',
      'charts',
      'recommendations'
    ]);
    expect(m.hasModel).toBe(false);
    expect(m.subtitle).toContain('no model has been trained yet');
    const recs = m.sections.at(-1)!.blocks[0];
    expect(recs.kind === 'list' && recs.items.some((i) => i.text.includes('run AutoML'))).toBe(
      true
    );
  });

  test('options: sections narrow the set (report order kept), title and author pass through', () => {
    const m = buildReport(fullInput(session), {
      sections: ['shap', 'leaderboard'],
      lang: 'en',
      title: 'T',
      author: 'A'
    });
    expect(m.sections.map((s) => s.id)).toEqual(['leaderboard', 'shap']);
    expect(m.title).toBe('T');
    expect(m.author).toBe('A');
  });

  test('an unknown section or language is AppError REPORT_OPTION naming the value', () => {
    const bad = () => buildReport(fullInput(session), { sections: ['nope' as 'shap'] });
    expect(bad).toThrow(AppError);
    try {
      bad();
    } catch (e) {
      expect((e as AppError).code).toBe('REPORT_OPTION');
      expect((e as AppError).messages.en).toContain('"nope"');
    }
    expect(() => buildReport(fullInput(session), { lang: 'de' as 'pl' })).toThrow(/lang/);
  });

  test('leaderboard rows keep the ranking and show each metric to 4 decimals', () => {
    const m = buildReport(fullInput(session), { lang: 'en' });
    const lb = m.sections.find((s) => s.id === 'leaderboard')!;
    const table = lb.blocks.find((b) => b.kind === 'table');
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.head).toEqual(['Rank', 'Model', 'Family', 'Accuracy', 'AUC', 'Fit time [s]']);
    expect(table.rows[0]).toEqual(['1', 'gbdt#tune1', 'gbdt', '0.8125', '0.9031', '0.25']);
    expect(table.rows[2]).toEqual(['3', 'baseline', 'baseline', '0.6006', '0.5000', '0.01']);
  });
});

describe('recommend', () => {
  test('CV − holdout gap above 0.05 of the ranking metric → OVERFIT; a dominant SHAP feature → DOMINANT_FEATURE', () => {
    const input = fullInput(session);
    input.bundle!.metrics.holdout.accuracy = 0.75; // 0.8125 − 0.75 = 0.0625 > 0.05
    const codes = recommend(input).map((r) => r.code);
    expect(codes).toContain('OVERFIT');
    // 0.4321 / (0.4321 + 0.1234) = 0.778 > 0.5
    expect(codes).toContain('DOMINANT_FEATURE');
    expect(codes).toContain('SMALL_DATA'); // 40 rows < 500
  });

  test('gap of 0.0348 (0.8125 vs 0.7777) does not fire OVERFIT; critical items come first', () => {
    const recs = recommend(fullInput(session));
    expect(recs.map((r) => r.code)).not.toContain('OVERFIT');
    const order = { critical: 0, warning: 1, info: 2 };
    for (let i = 1; i < recs.length; i++)
      expect(order[recs[i].severity]).toBeGreaterThanOrEqual(order[recs[i - 1].severity]);
  });
});

describe('evaluationFromProba', () => {
  test('confusion counts of argmax and the ROC/AUC of a hand-worked binary case', () => {
    // scores of class 1: 0.9 (y1), 0.8 (y0), 0.7 (y1), 0.3 (y0), 0.2 (y0)
    const s = [0.9, 0.8, 0.7, 0.3, 0.2];
    const y = [1, 0, 1, 0, 0];
    const proba = new Float64Array(s.flatMap((p) => [1 - p, p]));
    const ev = evaluationFromProba(proba, y, ['n', 'p']);
    // predicted p for 0.9, 0.8, 0.7: TP 2, FP 1; predicted n for 0.3, 0.2: TN 2, FN 0
    expect(ev.confusion).toEqual([
      [2, 1],
      [0, 2]
    ]);
    // thresholds descending: (0,1/2) (1/3,1/2) (1/3,1) (2/3,1) (1,1)
    expect(ev.roc!.fpr).toEqual([0, 0, 1 / 3, 1 / 3, 2 / 3, 1]);
    expect(ev.roc!.tpr).toEqual([0, 0.5, 0.5, 1, 1, 1]);
    // Mann–Whitney: of 2 × 3 positive/negative pairs, 5 ranked right → 5/6
    expect(ev.roc!.auc).toBeCloseTo(5 / 6, 12);
  });

  test('tied scores form one ROC step (AUC counts ties half)', () => {
    const proba = new Float64Array([0.5, 0.5, 0.5, 0.5]);
    const ev = evaluationFromProba(proba, [1, 0], ['a', 'b']);
    expect(ev.roc!.fpr).toEqual([0, 1]);
    expect(ev.roc!.auc).toBeCloseTo(0.5, 12);
  });
});

describe('shapSummary', () => {
  test('mean |SHAP| per feature of the chosen output and local rows with base + margin', () => {
    const shap: ShapValues = {
      method: 'tree',
      nRows: 2,
      nFeatures: 2,
      nOutputs: 1,
      outputNames: ['yes'],
      featureNames: ['a', 'b'],
      baseValue: new Float64Array([0.1]),
      values: new Float64Array([1, -2, -3, 4]),
      margin: new Float64Array([-0.9, 1.1])
    };
    const s = shapSummary(shap, 0, 1);
    expect(s.importance).toEqual([
      { feature: 'a', value: 2 },
      { feature: 'b', value: 3 }
    ]);
    expect(s.local).toEqual([
      {
        row: 0,
        baseValue: 0.1,
        prediction: -0.9,
        contributions: [
          { feature: 'a', value: 1 },
          { feature: 'b', value: -2 }
        ]
      }
    ]);
  });
});

describe('escaping', () => {
  test('escapeHtml replaces & < > " \' and drops control characters', () => {
    expect(escapeHtml(`${XSS}&"'\u0007`)).toBe(
      '&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;'
    );
  });

  test('escapeMarkdown backslash-escapes markup and flattens newlines', () => {
    expect(escapeMarkdown('a|b *c* _d_ [e](f) `g` <h>\n# i')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\<h\\> \\# i'
    );
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('-1.5', false)).toBe('-1.5');
  });
});
