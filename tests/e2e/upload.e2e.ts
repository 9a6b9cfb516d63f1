// Guards the upload path end to end: every shared dataset format through the real file input
// shows the shape its sidecar states, plus Arrow IPC and NDJSON files generated here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { datasetsDir, useApp } from './harness';
import { bannerText, openApp, shape, upload } from './app';

const app = useApp();

const CSV_DATASETS = [
  'iris',
  'wine',
  'breast_cancer',
  'diabetes',
  'penguins',
  'titanic_survival',
  'seattle_weather'
];

function sidecar(name: string): { rows: number; cols: number } {
  return JSON.parse(readFileSync(path.join(datasetsDir, `${name}.json`), 'utf8'));
}

async function expectLoaded(
  file: Parameters<typeof upload>[1],
  want: { rows: number; cols: number; format: string }
) {
  const page = app.page;
  await openApp(page, app.url);
  const { state } = await upload(page, file);
  expect(state, await bannerText(page)).toBe('ready');
  expect(await shape(page)).toEqual({ rows: want.rows, cols: want.cols });
  expect(await page.getByTestId('dataset-format').getAttribute('data-format')).toBe(want.format);
  await expect.poll(() => page.getByTestId('schema-row').count()).toBe(want.cols);
}

describe('upload through the file input shows the sidecar shape', () => {
  it.each(CSV_DATASETS)('%s.csv', async (name) => {
    const { rows, cols } = sidecar(name);
    await expectLoaded(path.join(datasetsDir, `${name}.csv`), { rows, cols, format: 'csv' });
  });

  it.each([
    ['penguins.xlsx', 'xlsx'],
    ['penguins.parquet', 'parquet'],
    ['penguins.json', 'json']
  ])('formats/%s is 344 × 8', async (file, format) => {
    await expectLoaded(path.join(datasetsDir, 'formats', file), { rows: 344, cols: 8, format });
  });

  it('an Arrow IPC file made with apache-arrow tableToIPC', async () => {
    const n = 50;
    const table = tableFromArrays({
      id: Int32Array.from({ length: n }, (_, i) => i),
      x: Float64Array.from({ length: n }, (_, i) => i / 3),
      label: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))
    });
    const buffer = Buffer.from(tableToIPC(table, 'file'));
    await expectLoaded(
      { name: 'generated.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer },
      { rows: n, cols: 3, format: 'arrow' }
    );
  });

  it('an NDJSON file', async () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        id: i,
        city: i % 2 ? 'Kraków' : 'Gdańsk',
        temp: 10 + i / 4,
        ok: i % 5 === 0
      })
    );
    const buffer = Buffer.from(lines.join('\n') + '\n');
    await expectLoaded(
      { name: 'generated.ndjson', mimeType: 'application/x-ndjson', buffer },
      { rows: 40, cols: 4, format: 'ndjson' }
    );
  });
});
