// Guards `datagenius train` end to end (build, spawn bin.mjs): one JSON object on stdout with
// DESIGN.md's shape, the baseline and tree families on the leaderboard, the best CV score in a
// sane band around ../shared/datasets/anchors.json's best model, a bundle written by --out, the
// MLP trained inside the bundled CLI, and usage errors → exit 2.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeBundle } from '../../workers/engine/bundle/codec';
import { datasetsDir, repoRoot } from './helpers';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-cli-train-'));
const TIMEOUT = 240_000;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 << 20
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Best mean of `metric` over anchors.json's non-dummy models for `dataset`. */
function anchorBest(dataset: string, metric: string): number {
  const a = JSON.parse(readFileSync(path.join(datasetsDir, 'anchors.json'), 'utf8'));
  const models = a.datasets[dataset].models as Record<
    string,
    { metrics: Record<string, { mean: number }> }
  >;
  return Math.max(
    ...Object.entries(models)
      .filter(([name]) => !name.startsWith('Dummy'))
      .map(([, m]) => m.metrics[metric]?.mean ?? -Infinity)
  );
}

interface Row {
  model: string;
  family: string;
  status: string;
  cv: Record<string, number>;
  fitSeconds: number;
}

/** Common checks of a successful --json train run; returns the parsed object. */
function checkRun(r: ReturnType<typeof run>, metric: string) {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  const out = JSON.parse(r.stdout);
  expect(out.ok).toBe(true);
  expect(out.metric).toBe(metric);
  const done = (out.leaderboard as Row[]).filter((x) => x.status === 'done');
  // Ranked best first by the metric; the best is the first row.
  for (let i = 1; i < done.length; i++)
    expect(done[i - 1].cv[metric]).toBeGreaterThanOrEqual(done[i].cv[metric]);
  expect(out.best.model).toBe(done[0].model);
  expect(out.best.cv[metric]).toBe(done[0].cv[metric]);
  for (const row of done) expect(row.fitSeconds).toBeGreaterThanOrEqual(0);
  expect(typeof out.truncated).toBe('boolean');
  // Progress went to stderr, never stdout.
  expect(r.stderr).toContain('Plan:');
  return { out, done };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
});

describe('datagenius train', () => {
  test(
    'train iris.csv --target species --json --out: multiclass, baseline + trees on the leaderboard, best accuracy ≥ 0.93 and near the anchors, bundle written',
    () => {
      const model = path.join(tmp, 'iris.json');
      const r = run(
        'train',
        path.join(datasetsDir, 'iris.csv'),
        '--target',
        'species',
        '--time-budget',
        '20',
        '--json',
        '--out',
        model,
        '--lang',
        'en'
      );
      const { out, done } = checkRun(r, 'accuracy');
      expect(out).toMatchObject({ problemType: 'multiclass', target: 'species', rows: 150 });
      const families = new Set(done.map((x) => x.family));
      for (const f of ['baseline', 'decisionTree', 'gbdt', 'randomForest'])
        expect(families.has(f), `${f} on the leaderboard`).toBe(true);
      // The majority-class baseline on three balanced classes scores exactly 1/3 per fold.
      const base = done.find((x) => x.model === 'baseline') as Row;
      expect(base.cv.accuracy).toBeCloseTo(1 / 3, 1);
      const best = anchorBest('iris', 'accuracy'); // RandomForest 0.96
      expect(out.best.cv.accuracy).toBeGreaterThanOrEqual(Math.max(0.93, best - 0.04));
      expect(out.best.cv.accuracy).toBeLessThanOrEqual(1);
      expect(out.holdout.accuracy).toBeGreaterThanOrEqual(0.85);

      const bundle = decodeBundle(readFileSync(model, 'utf8'));
      expect(bundle.classes).toEqual(['setosa', 'versicolor', 'virginica']);
      expect(bundle.target).toBe('species');
      expect(bundle.problemType).toBe('multiclass');
      expect(bundle.metrics.cv.accuracy).toBe(out.best.cv.accuracy);
      expect(bundle.inputSchema.map((c) => c.name)).toEqual([
        'sepal_length',
        'sepal_width',
        'petal_length',
        'petal_width'
      ]);
    },
    TIMEOUT
  );

  test(
    'train diabetes.csv --target progression --json: regression, r2 ≥ 0.35 and not above the anchors by more than 0.05 (a leak would be)',
    () => {
      const r = run(
        'train',
        path.join(datasetsDir, 'diabetes.csv'),
        '--target',
        'progression',
        '--time-budget',
        '20',
        '--json'
      );
      const { out, done } = checkRun(r, 'r2');
      expect(out).toMatchObject({ problemType: 'regression', rows: 442 });
      const families = new Set(done.map((x) => x.family));
      for (const f of ['baseline', 'decisionTree', 'gbdt'])
        expect(families.has(f), `${f} on the leaderboard`).toBe(true);
      // The mean predictor's out-of-sample r2 is at or just below 0.
      const base = done.find((x) => x.model === 'baseline') as Row;
      expect(base.cv.r2).toBeLessThanOrEqual(0);
      expect(base.cv.r2).toBeGreaterThan(-0.1);
      const best = anchorBest('diabetes', 'r2'); // Ridge 0.479
      expect(out.best.cv.r2).toBeGreaterThanOrEqual(0.35);
      expect(out.best.cv.r2).toBeLessThanOrEqual(best + 0.05);
      for (const k of ['r2', 'rmse', 'mae']) expect(Number.isFinite(out.best.cv[k])).toBe(true);
    },
    TIMEOUT
  );

  test(
    'train --families baseline,mlp: the MLP trains on TensorFlow.js inside the bundled CLI (iris accuracy ≥ 0.85)',
    () => {
      const r = run(
        'train',
        path.join(datasetsDir, 'iris.csv'),
        '--target',
        'species',
        '--families',
        'baseline,mlp',
        '--time-budget',
        '60',
        '--json'
      );
      const { out } = checkRun(r, 'accuracy');
      expect(out.mlp.backend).toMatch(/^(wasm|cpu)$/);
      const mlp = (out.leaderboard as Row[]).find((x) => x.model === 'mlp') as Row;
      expect(mlp.status).toBe('done');
      expect(mlp.cv.accuracy).toBeGreaterThanOrEqual(0.85);
    },
    TIMEOUT
  );

  test(
    'train without --json prints the leaderboard table on stdout and the progress on stderr',
    () => {
      const r = run(
        'train',
        path.join(datasetsDir, 'iris.csv'),
        '--target',
        'species',
        '--families',
        'decisionTree',
        '--time-budget',
        '10',
        '--lang',
        'en'
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Problem type: multiclass');
      expect(r.stdout).toMatch(/#\s+model\s+accuracy\s+auc\s+f1/);
      expect(r.stdout).toMatch(/1\s+decisionTree/);
      expect(r.stdout).toContain('Best: ');
      expect(r.stderr).toMatch(/decisionTree\s+accuracy 0\.\d{4}/);
    },
    TIMEOUT
  );

  test(
    'train usage errors exit 2 with USAGE: no --target, a metric of the other task, --folds 1, an unknown family, a flag of another command',
    () => {
      const iris = path.join(datasetsDir, 'iris.csv');
      const cases: [string[], RegExp][] = [
        [['train', iris, '--json'], /--target/],
        [
          ['train', iris, '--target', 'species', '--metric', 'r2', '--json', '--lang', 'en'],
          /r2 does not fit multiclass/
        ],
        [
          ['train', iris, '--target', 'species', '--folds', '1', '--json', '--lang', 'en'],
          /--folds must be a whole number in \[2, 20\], not 1/
        ],
        [
          [
            'train',
            iris,
            '--target',
            'species',
            '--families',
            'gbdt,svm',
            '--json',
            '--lang',
            'en'
          ],
          /unknown: svm/
        ],
        [
          ['train', iris, '--target', 'species', '--time-budget', '0', '--json', '--lang', 'en'],
          /--time-budget/
        ],
        [
          ['inspect', iris, '--metric', 'r2', '--json', '--lang', 'en'],
          /inspect does not take --metric/
        ]
      ];
      for (const [args, message] of cases) {
        const r = run(...args);
        expect(r.code, args.join(' ')).toBe(2);
        const out = JSON.parse(r.stdout);
        expect(out).toMatchObject({ ok: false, error: { code: 'USAGE' } });
        expect(out.error.message).toMatch(message);
      }
      const t = run('train', iris, '--target', 'nope', '--json');
      expect([t.code, JSON.parse(t.stdout).error.code]).toEqual([2, 'TARGET_NOT_FOUND']);
    },
    TIMEOUT
  );
});
