// Guards batch predictions in Chromium (issue 7): a champion trained on iris scores a new file
// (the features without the target, plus an extra column holding formula-like text). The CSV
// downloaded from the UI has the input columns, Label, Score and Score_<class>, and equals
// predictBundle() run in Node on the downloaded bundle row by row; formula cells are neutralised;
// the Parquet download reads back with the same labels; the run is stored (history survives a
// reload). A file missing a model column is refused with SCHEMA_MISMATCH naming it. In a fresh
// profile, the downloaded bundle is loaded into the panel and predicts the same labels.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { datasetsDir, useApp } from './harness';
import {
  bannerText,
  chooseTarget,
  openApp,
  trainQuick,
  upload,
  waitReady,
  waitSession
} from './app';
import { parseCsv } from '../unit/eda-reference';
import { decodeBundle } from '../../workers/engine/bundle/codec';
import { predictBundle } from '../../workers/engine/bundle/predict';
import type { ModelBundle } from '../../workers/engine/bundle/types';
import { loadFrame } from '../unit/automl-data';

const app = useApp();

/** iris without `species`, with a `note` column of formula-like text (row r: '=1+r' or '@r'). */
function newFile(drop: string[] = []): { name: string; mimeType: string; buffer: Buffer } {
  const { header, rows } = parseCsv(readFileSync(path.join(datasetsDir, 'iris.csv'), 'utf8'));
  const keep = header
    .map((h, i) => i)
    .filter((i) => header[i] !== 'species' && !drop.includes(header[i]));
  const lines = [[...keep.map((i) => header[i]), 'note'].join(',')];
  rows
    .filter((r) => r.length === header.length)
    .forEach((r, k) =>
      lines.push([...keep.map((i) => r[i]), k % 2 ? `@${k}` : `=1+${k}`].join(','))
    );
  return { name: 'iris-new.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) };
}

async function waitPredicted(page: Page): Promise<string> {
  await page
    .locator(
      '[data-testid="predict-panel"][data-phase="done"], [data-testid="predict-panel"][data-phase="error"]'
    )
    .waitFor({ timeout: 120_000 });
  return (await page.getByTestId('predict-panel').getAttribute('data-phase')) ?? '';
}

async function downloadFile(page: Page, testId: string): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).click()
  ]);
  return { file: await dl.path(), name: dl.suggestedFilename() };
}

/** Node's expectation: predictBundle on iris (same rows, the target column is ignored). */
async function expected(bundle: ModelBundle) {
  const d = await loadFrame('iris');
  return predictBundle(bundle, d.frame);
}

function checkCsv(text: string, bundle: ModelBundle, want: Awaited<ReturnType<typeof expected>>) {
  const { header, rows } = parseCsv(text.replace(/\r\n$/, ''));
  const K = bundle.classes.length;
  expect(header).toEqual([
    'sepal_length',
    'sepal_width',
    'petal_length',
    'petal_width',
    'note',
    'Label',
    'Score',
    ...bundle.classes.map((c) => `Score_${c}`)
  ]);
  expect(rows.length).toBe(150);
  rows.forEach((r, i) => {
    expect(r[5], `row ${i} label`).toBe(want.label[i]);
    expect(Number(r[6])).toBeCloseTo(want.score![i], 9);
    for (let k = 0; k < K; k++) expect(Number(r[7 + k])).toBeCloseTo(want.values[i * K + k], 9);
    // Formula-like text is neutralised with a leading apostrophe.
    expect(r[4]).toBe(i % 2 ? `'@${i}` : `'=1+${i}`);
  });
}

describe('Batch predictions', () => {
  it(
    'iris: predict a new file, CSV = predictBundle row by row, Parquet, schema error, history, bundle in a fresh profile',
    { timeout: 420_000 },
    async () => {
      const page = app.page;
      await openApp(page, app.url);
      await upload(page, path.join(datasetsDir, 'iris.csv'));
      expect(await chooseTarget(page, 'species')).toBe('multiclass');
      const modelId = await trainQuick(page, 10);
      const bundleFile = await downloadFile(page, 'automl-download');
      const bundle = decodeBundle(readFileSync(bundleFile.file, 'utf8'));
      expect(bundle.id).toBe(modelId);
      const want = await expected(bundle);

      // A file without one of the model's columns: refused, naming it.
      const missing = bundle.inputSchema[0].name;
      await page.getByTestId('predict-panel').waitFor();
      expect(await page.getByTestId('predict-model').getAttribute('data-model-id')).toBe(modelId);
      await page.getByTestId('predict-file-input').setInputFiles(newFile([missing]));
      expect(await waitPredicted(page)).toBe('error');
      expect(await page.getByTestId('predict-error').getAttribute('data-code')).toBe(
        'SCHEMA_MISMATCH'
      );
      expect(await page.getByTestId('predict-schema-missing-item').allInnerTexts()).toContain(
        missing
      );

      // The real file.
      await page.getByTestId('predict-file-input').setInputFiles(newFile());
      expect(await waitPredicted(page), await bannerText(page)).toBe('done');
      expect(await page.getByTestId('predict-rows').getAttribute('data-value')).toBe('150');
      expect(await page.getByTestId('predict-ignored').getAttribute('data-count')).toBe('1');
      const counts = new Map<string, number>();
      for (const l of want.label) counts.set(String(l), (counts.get(String(l)) ?? 0) + 1);
      for (const [label, n] of counts)
        expect(
          await page
            .locator(`[data-testid="predict-class"][data-label="${label}"]`)
            .getAttribute('data-count')
        ).toBe(String(n));
      expect(await page.getByTestId('predict-preview-row').count()).toBe(20);

      const csv = await downloadFile(page, 'predict-download-csv');
      expect(csv.name).toBe('iris-new-predictions.csv');
      checkCsv(readFileSync(csv.file, 'utf8'), bundle, want);

      const pq = await downloadFile(page, 'predict-download-parquet');
      expect(pq.name).toBe('iris-new-predictions.parquet');
      const table = tableFromIPC(
        readParquet(new Uint8Array(readFileSync(pq.file))).intoIPCStream()
      );
      expect(table.numRows).toBe(150);
      expect([...(table.getChild('Label') ?? [])].map(String)).toEqual(want.label.map(String));
      const score = table.getChild('Score')!.toArray() as Float64Array;
      want.score!.forEach((s, i) => expect(score[i]).toBeCloseTo(s, 9));

      // Stored: the history survives a reload.
      await expect.poll(() => page.getByTestId('predict-history-item').count()).toBe(1);
      await page.reload();
      await waitReady(page);
      expect(await waitSession(page)).toBe('ready');
      await page.getByTestId('predict-history-item').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('predict-history-item').first().getAttribute('data-rows')).toBe(
        '150'
      );

      // Another browser profile: load the bundle into the panel and predict the same file.
      const fresh = await page
        .context()
        .browser()!
        .newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const p2 = await fresh.newPage();
        await openApp(p2, app.url);
        expect((await upload(p2, newFile())).state).toBe('ready');
        await p2.getByTestId('predict-panel').waitFor();
        await p2.getByTestId('predict-model-input').setInputFiles(bundleFile.file);
        await p2
          .locator(`[data-testid="predict-model"][data-model-id="${modelId}"]`)
          .waitFor({ timeout: 30_000 });
        await p2.getByTestId('predict-file-input').setInputFiles(newFile());
        expect(await waitPredicted(p2), await bannerText(p2)).toBe('done');
        const csv2 = await downloadFile(p2, 'predict-download-csv');
        checkCsv(readFileSync(csv2.file, 'utf8'), bundle, want);
      } finally {
        await fresh.close();
      }
    }
  );
});
