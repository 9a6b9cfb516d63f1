// Guards the in-app XGBoost import: the golden model of ../shared/golden/xgboost-treeshap (XGBoost
// 1.7.4, breast_cancer, binary:logistic) explained on its 20 rows gives XGBoost's own
// pred_contribs to 1e-6 and its margins; columns are matched by feature_names (a shuffled table
// gives the same values), a model without names uses the columns in order, and missing / text
// columns or the wrong task are typed errors that name the columns.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EncodedTarget, Frame } from '../engine/frame/types';
import { AppError } from '../engine/errors';
import { explainXGBoostText } from './ml-api-xgboost';

const dir = path.resolve(__dirname, '../../../shared/golden/xgboost-treeshap');
const modelText = readFileSync(path.join(dir, 'model.json'), 'utf8');

function csv(name: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(path.join(dir, name), 'utf8').trim().split('\n');
  return {
    header: lines[0].split(','),
    rows: lines.slice(1).map((l) => l.split(',').map(Number))
  };
}

const X = csv('rows.csv');
const contribs = csv('pred_contribs.csv');
const n = X.rows.length;
const frame: Frame = {
  nRows: n,
  columns: X.header.map((name, j) => ({
    name,
    kind: 'numeric' as const,
    values: Float64Array.from(X.rows, (r) => r[j])
  }))
};
const target: EncodedTarget = {
  task: 'binary',
  y: Float64Array.from({ length: n }, (_, i) => i % 2),
  classes: ['malignant', 'benign'],
  column: 'label'
};
const rows = Uint32Array.from({ length: n }, (_, i) => i);

function expectGolden(e: ReturnType<typeof explainXGBoostText>, order: string[]) {
  const s = e.shap?.encoded;
  if (!s) throw new Error('no shap');
  expect(s.nOutputs).toBe(1);
  expect(s.featureNames).toEqual(order);
  for (let r = 0; r < n; r++) {
    let margin = s.baseValue[0];
    order.forEach((name, f) => {
      const want = contribs.rows[r][contribs.header.indexOf(name)];
      expect(Math.abs(s.values[r * s.nFeatures + f] - want)).toBeLessThan(1e-6);
      margin += s.values[r * s.nFeatures + f];
    });
    expect(Math.abs(s.baseValue[0] - contribs.rows[r][30])).toBeLessThan(1e-6);
    const p = 1 / (1 + Math.exp(-margin));
    expect(e.predictions[r * 2 + 1]).toBeCloseTo(p, 6);
  }
}

describe('explainXGBoostText()', () => {
  it('a model without feature_names: the columns in order give XGBoost pred_contribs (1e-6)', () => {
    const e = explainXGBoostText(modelText, frame, target, rows, 'golden');
    expect(e.modelId).toBe('xgboost:golden');
    expectGolden(e, X.header);
    expect(e.permutation).toBeNull();
  });

  it('with feature_names, columns are matched by name whatever their order', () => {
    const json = JSON.parse(modelText);
    json.learner.feature_names = X.header;
    const shuffled: Frame = { nRows: n, columns: [...frame.columns].reverse() };
    expectGolden(explainXGBoostText(JSON.stringify(json), shuffled, target, rows), X.header);

    const missing: Frame = { nRows: n, columns: frame.columns.slice(2) };
    const err = (() => {
      try {
        explainXGBoostText(JSON.stringify(json), missing, target, rows);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.code).toBe('MISSING_COLUMNS');
    expect(err?.details.missing).toEqual(['mean radius', 'mean texture']);
  });

  it('text columns, a wrong task and an unnamed model on other columns are typed errors', () => {
    const json = JSON.parse(modelText);
    json.learner.feature_names = X.header;
    const text: Frame = {
      nRows: n,
      columns: frame.columns.map((c, j) =>
        j === 0
          ? {
              name: c.name,
              kind: 'categorical' as const,
              codes: new Int32Array(n),
              dictionary: ['a']
            }
          : c
      )
    };
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as AppError).code;
      }
      return 'none';
    };
    expect(code(() => explainXGBoostText(JSON.stringify(json), text, target, rows))).toBe(
      'NON_NUMERIC_COLUMNS'
    );
    const reg: EncodedTarget = { task: 'regression', y: new Float64Array(n), classes: [] };
    expect(code(() => explainXGBoostText(modelText, frame, reg, rows))).toBe('MODEL_TASK_MISMATCH');
    const fewer: Frame = { nRows: n, columns: frame.columns.slice(1) };
    expect(code(() => explainXGBoostText(modelText, fewer, target, rows))).toBe(
      'XGBOOST_NO_FEATURE_NAMES'
    );
    expect(code(() => explainXGBoostText('{"learner": 1}', frame, target, rows))).toBe(
      'INVALID_MODEL'
    );
  });
});
