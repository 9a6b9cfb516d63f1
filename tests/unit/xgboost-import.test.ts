// Guards importXGBoostJson + predictRaw/predictProba against XGBoost's own margins (issue 4 item 6:
// margins to 1e-5): the shared breast_cancer golden and tests/golden/xgboost/*.json (multiclass,
// regression with base_score, native categorical splits; made by tests/golden/make_xgb_goldens.py).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importXGBoostJson, parseXGBoostJson } from '../../workers/engine/gbdt/xgboost-import';
import { predictProba, predictRaw } from '../../workers/engine/gbdt/predict';
import { AppError } from '../../workers/engine/errors';
import { repoRoot } from './helpers';

const goldenDir = path.resolve(repoRoot, '../shared/golden/xgboost-treeshap');
const localDir = path.resolve(repoRoot, 'tests/golden/xgboost');
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

/** Row-major Float64Array from rows with null = missing. */
function matrix(rows: (number | null)[][]): Float64Array {
  return Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

interface RowSet {
  X: (number | null)[][];
  margin: number[];
  probability: number[];
}

describe('importXGBoostJson() on the shared breast_cancer golden (XGBoost 1.7.4)', () => {
  const forest = importXGBoostJson(readJson(path.join(goldenDir, 'model.json')));
  const ref = readJson(path.join(goldenDir, 'shap_reference.json')) as Record<string, RowSet>;

  test('imports 50 float32 trees with one logistic output and base margin 0', () => {
    expect(forest.treeStart.length).toBe(51);
    expect(forest.nFeatures).toBe(30);
    expect(forest.link).toBe('logistic');
    expect(forest.float32Splits).toBe(true);
    expect(Array.from(forest.baseScore)).toEqual([0]);
  });

  for (const set of ['rows', 'rows_with_missing']) {
    test(`predictRaw() matches XGBoost margins to 1e-5 (${set})`, () => {
      const { X, margin, probability } = ref[set];
      const raw = predictRaw(forest, matrix(X), X.length);
      expect(maxAbsDiff(raw, margin)).toBeLessThan(1e-5);
      const proba = predictProba(forest, matrix(X), X.length);
      expect(
        maxAbsDiff(
          proba.filter((_, i) => i % 2 === 1),
          probability
        )
      ).toBeLessThan(1e-6);
      for (let r = 0; r < X.length; r++) expect(proba[2 * r] + proba[2 * r + 1]).toBeCloseTo(1, 12);
    });
  }
});

interface LocalGolden {
  description: string;
  objective: string;
  model_file: string;
  X: (number | null)[][];
  margin: number[][];
  prediction: number[][];
}

describe('importXGBoostJson() on tests/golden/xgboost (XGBoost 1.7.4)', () => {
  const files = readdirSync(localDir).filter((f) => f.endsWith('.json') && !f.includes('.model.'));
  test('the goldens exist', () => expect(files.length).toBeGreaterThanOrEqual(3));

  for (const file of files) {
    test(`predictRaw()/predictProba() match XGBoost on ${file}`, () => {
      const g = readJson(path.join(localDir, file)) as LocalGolden;
      // The model file as XGBoost wrote it (bare NaN at categorical splits).
      const forest = parseXGBoostJson(readFileSync(path.join(localDir, g.model_file), 'utf8'));
      const n = g.X.length;
      const raw = predictRaw(forest, matrix(g.X), n);
      expect(forest.nOutputs).toBe(g.margin[0].length);
      // XGBoost sums in float32: at |margin| ≈ 150 one float32 ulp is 1.5e-5, so the 1e-5 bar is
      // relative to max(1, |margin|) (absolute for margins and probabilities of classifiers).
      const margin = g.margin.flat();
      for (let i = 0; i < margin.length; i++) {
        expect(Math.abs(raw[i] - margin[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(margin[i])));
      }
      const pred = predictProba(forest, matrix(g.X), n);
      const expected =
        forest.link === 'logistic'
          ? g.prediction.flatMap(([p]) => [1 - p, p])
          : g.prediction.flat();
      for (let i = 0; i < expected.length; i++) {
        expect(Math.abs(pred[i] - expected[i])).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(expected[i]))
        );
      }
    });
  }
});

describe('importXGBoostJson() rejects what it cannot import', () => {
  const model = readJson(path.join(goldenDir, 'model.json')) as {
    learner: { gradient_booster: Record<string, unknown>; objective: { name: string } };
  };

  function codeOf(fn: () => unknown): string | undefined {
    try {
      fn();
    } catch (e) {
      return e instanceof AppError ? e.code : 'NOT_APP_ERROR';
    }
    return undefined;
  }

  test('gblinear and dart → UNSUPPORTED_MODEL with a bilingual message', () => {
    for (const name of ['gblinear', 'dart']) {
      const m = structuredClone(model);
      m.learner.gradient_booster.name = name;
      expect(codeOf(() => importXGBoostJson(m))).toBe('UNSUPPORTED_MODEL');
      try {
        importXGBoostJson(m);
      } catch (e) {
        expect((e as AppError).messages.pl).toContain(name);
        expect((e as AppError).messages.en).toContain(name);
      }
    }
  });

  test('an unknown objective → UNSUPPORTED_MODEL', () => {
    const m = structuredClone(model);
    m.learner.objective.name = 'rank:pairwise';
    expect(codeOf(() => importXGBoostJson(m))).toBe('UNSUPPORTED_MODEL');
  });

  test('broken structure → INVALID_MODEL', () => {
    expect(codeOf(() => parseXGBoostJson('{"learner": '))).toBe('INVALID_MODEL');
    expect(codeOf(() => importXGBoostJson(null))).toBe('INVALID_MODEL');
    expect(codeOf(() => importXGBoostJson({ learner: {} }))).toBe('INVALID_MODEL');
    const m = structuredClone(model) as unknown as {
      learner: { gradient_booster: { model: { trees: { left_children: unknown }[] } } };
    };
    m.learner.gradient_booster.model.trees[3].left_children = 'x';
    expect(codeOf(() => importXGBoostJson(m))).toBe('INVALID_MODEL');
    const cyc = structuredClone(model) as unknown as {
      learner: { gradient_booster: { model: { trees: { left_children: number[] }[] } } };
    };
    cyc.learner.gradient_booster.model.trees[0].left_children[1] = 50;
    expect(codeOf(() => importXGBoostJson(cyc))).toBe('INVALID_MODEL');
  });
});
