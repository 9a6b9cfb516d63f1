// Guards `datagenius report` end to end (build, spawn bin.mjs): an EDA-only HTML report in Polish
// by default with hostile names escaped; with --model a PDF whose text holds the bundle's own
// leaderboard and holdout numbers plus the evaluation (confusion matrix, ROC) and SHAP sections;
// Markdown whose tables parse; usage and file errors exit 2 with their codes.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModelBundle } from '../../workers/engine/index';
import { ensurePoppler } from '../tools/ensure-poppler.mjs';
import { datasetsDir, repoRoot } from './helpers';
import { hostileCsv, XSS } from './report-fixtures';

const bin = path.join(repoRoot, 'workers/cli/bin.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'dg-cli-report-'));
const titanic = path.join(datasetsDir, 'titanic_survival.csv');
const hostile = path.join(tmp, 'hostile.csv');
const modelFile = path.join(tmp, 'titanic.json');
let bundle: ModelBundle;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensurePoppler();
  execFileSync(process.execPath, [path.join(repoRoot, 'workers/cli/build.mjs')], { cwd: repoRoot });
  writeFileSync(hostile, hostileCsv());
  const r = run(
    'train',
    titanic,
    '--target',
    'survived',
    '--families',
    'logistic,gbdt',
    '--time-budget',
    '8',
    '--json',
    '--out',
    modelFile
  );
  if (r.code !== 0) throw new Error(`train failed: ${r.stdout} ${r.stderr}`);
  bundle = JSON.parse(readFileSync(modelFile, 'utf8')) as ModelBundle;
}, 240_000);

describe('datagenius report', () => {
  test('EDA-only HTML, Polish by default: no model sections, hostile names escaped, no script / URL', () => {
    const out = path.join(tmp, 'eda.html');
    const r = run('report', hostile, '--format', 'html', '--out', out, '--target', 'target');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Zapisano raport HTML`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Przegląd danych');
    expect(html).toContain('Raport tylko z analizy danych');
    expect(html).not.toContain('Ranking modeli');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  }, 60_000);

  test('--model --format pdf --lang en: the bundle leaderboard, holdout metrics, ROC and SHAP in the text', () => {
    const out = path.join(tmp, 'full.pdf');
    const r = run(
      'report',
      titanic,
      '--model',
      modelFile,
      '--format',
      'pdf',
      '--out',
      out,
      '--lang',
      'en',
      '--json',
      '--title',
      'Titanic — łódź'
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.sections).toEqual([
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
    console.log(
      `cli-report: pdf analysis ${summary.timings.analysis} ms, render ${summary.timings.render} ms`
    );
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Titanic — łódź');
    expect(text).toContain('Leaderboard');
    for (const row of bundle.leaderboard.filter((x) => x.status === 'done'))
      expect(text).toContain((row.cv[bundle.metric] as number).toFixed(4));
    for (const v of Object.values(bundle.metrics.holdout))
      expect(text).toContain((v as number).toFixed(4));
    expect(text).toContain('Confusion matrix');
    expect(text).toMatch(/ROC curve: yes \(AUC 0\.\d{4}\)/);
    expect(text).toContain('Global feature importance');
  }, 120_000);

  test('--format md: tables parse, leaderboard numbers present', () => {
    const out = path.join(tmp, 'full.md');
    const r = run('report', titanic, '--model', modelFile, '--format', 'md', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## 5. Ranking modeli');
    const split = (l: string) =>
      l
        .trim()
        .replace(/^\|/, '')
        .replace(/(?<!\\)\|$/, '')
        .split(/(?<!\\)\|/);
    let inTable: string[] = [];
    const check = () => {
      if (!inTable.length) return;
      const n = split(inTable[0]).length;
      expect(split(inTable[1]).every((c) => /^\s*-{3,}:?\s*$/.test(c))).toBe(true);
      for (const l of inTable) expect(split(l).length, l).toBe(n);
      inTable = [];
    };
    for (const line of md.split('\n')) {
      if (line.startsWith('|')) inTable.push(line);
      else check();
    }
    check();
    expect(md).toContain((bundle.leaderboard[0].cv[bundle.metric] as number).toFixed(4));
  }, 120_000);

  test('usage errors exit 2: no --format, a bad --format, no --out; a missing model file exits 2', () => {
    const a = run('report', titanic, '--out', path.join(tmp, 'x.html'));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('[USAGE]');
    const b = run(
      'report',
      titanic,
      '--format',
      'docx',
      '--out',
      path.join(tmp, 'x.docx'),
      '--lang',
      'en'
    );
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--format html|pdf|md, not docx');
    const c = run('report', titanic, '--format', 'html');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--out');
    const d = run(
      'report',
      titanic,
      '--format',
      'html',
      '--out',
      path.join(tmp, 'x.html'),
      '--model',
      path.join(tmp, 'nope.json'),
      '--json'
    );
    expect(d.code).toBe(2);
    expect(JSON.parse(d.stdout).error.code).toBe('FILE_NOT_FOUND');
  }, 60_000);
});
