// Guards the batch-prediction views server-side rendered: names and cells from the user's file
// (a column named `<img src=x onerror=alert(1)>`, a class label with markup) come out as escaped
// text in the preview, the class bars and the schema-error lists — never as elements — and the
// summary numbers carry the test ids e2e reads. The panel shows without a model (to load one).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ModelBundle } from '$engine';
import { render } from 'svelte/server';
import PredictPanel from './PredictPanel.svelte';
import PredictResultView from './PredictResultView.svelte';
import SchemaProblems from './SchemaProblems.svelte';
import type { PredictResult } from './types';

const evil = '<img src=x onerror=alert(1)>';

const result: PredictResult = {
  fileName: `${evil}.csv`,
  rows: 2,
  ignoredColumns: [evil],
  preview: {
    columns: ['x', evil, 'Label', 'Score', 'Score_<b>', 'Score_ok'],
    predictionStart: 2,
    rows: [
      [1, '<script>alert(2)</script>', '<b>', 0.75, 0.75, 0.25],
      [2.5, null, 'ok', 0.6, 0.4, 0.6]
    ]
  },
  summary: {
    kind: 'classes',
    counts: [
      { label: '<b>', count: 1 },
      { label: 'ok', count: 1 }
    ]
  },
  model: { id: 'm', family: 'gbdt', version: 1, target: 'y', problemType: 'binary' },
  csv: new Blob(['x']),
  storedId: 'pred:s:h:m'
};

describe('PredictResultView (SSR)', () => {
  it('renders file names, columns, cells and labels as text only', () => {
    const { body } = render(PredictResultView, {
      props: { result, downloading: null, ondownload: () => undefined }
    });
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script');
    expect(body).not.toContain('<b>');
    expect(body).toContain('&lt;img src=x onerror=alert(1)>');
    expect(body).toContain('&lt;script>alert(2)&lt;/script>');
    expect(body).toMatch(/data-testid="predict-rows" data-value="2"/);
    expect(body).toMatch(/data-testid="predict-ignored" data-count="1"/);
    expect(body.match(/data-testid="predict-preview-row"/g)).toHaveLength(2);
    expect(body.match(/data-testid="predict-class"/g)).toHaveLength(2);
    expect(body).toContain('data-testid="predict-download-csv"');
    expect(body).toContain('data-testid="predict-download-parquet"');
    expect(body).toContain('data-testid="predict-stored"');
  });
});

describe('SchemaProblems (SSR)', () => {
  it('lists missing and mismatched columns as text', () => {
    const { body } = render(SchemaProblems, {
      props: {
        problems: {
          missing: [evil, 'age'],
          mismatched: [{ column: evil, expected: 'numeric', actual: 'categorical' }]
        }
      }
    });
    expect(body).not.toContain('<img');
    expect(body.match(/data-testid="predict-schema-missing-item"/g)).toHaveLength(2);
    expect(body.match(/data-testid="predict-schema-mismatched-item"/g)).toHaveLength(1);
    expect(body).toContain('numeric');
    expect(body).toContain('categorical');
  });
});

describe('PredictPanel (SSR)', () => {
  it('without a model: the explanation and "Load model", no file picker', () => {
    const { body } = render(PredictPanel, { props: { sessionId: 's1', champion: null } });
    expect(body).toContain('data-testid="predict-panel"');
    expect(body).toContain('data-testid="predict-no-model"');
    expect(body).toContain('data-testid="predict-model-input"');
    expect(body).not.toContain('data-testid="predict-file-input"');
    expect(body).toMatch(/data-testid="predict-status"[^>]*data-phase="idle"/);
  });

  it('with the champion: which model is used, and the file picker', () => {
    const champion = {
      id: 'champ',
      family: 'gbdt',
      version: 2,
      target: `${evil}`,
      inputSchema: []
    } as unknown as ModelBundle;
    const { body } = render(PredictPanel, { props: { sessionId: 's1', champion } });
    expect(body).toMatch(
      /data-testid="predict-model" data-model-id="champ" data-source="champion"/
    );
    expect(body).toContain('(wersja 2)');
    expect(body).not.toContain('<img');
    expect(body).toContain('data-testid="predict-file-input"');
    expect(body).not.toContain('data-testid="predict-model-select"');
  });
});
