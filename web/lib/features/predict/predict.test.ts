// Guards batch predictions without workers: PredictState loads the new file with minRows 1 and
// the bundle's categorical inputs, leaves the extra columns out (and reports them), builds the
// preview (file cells + Label / Score / Score_<class>) and the summary from the worker's output,
// stores the CSV; a SCHEMA_MISMATCH keeps the previous result and stores nothing; cancel()
// terminates both workers; Parquet after a failed run reloads the right file; loadModel() saves a
// valid bundle as a non-champion and rejects bad files with typed codes. The pure helpers are
// checked in output.test.ts.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo, LoadOptions, ModelBundle, RowPage } from '$engine';
import type { Frame } from '$engine/frame/types';
import type { PredictionOutput } from '$engine/bundle/output';
import { DataValidationError } from '$engine/errors';
import type { FrameOptions, PredictionFormat } from '$workers/api/data-api';
import type { PredictionKey, PredictionPayload, StoredPrediction } from '$lib/db/predictions';
import { PredictState, type PredictDeps } from './predict.svelte';
import { schemaProblems } from './output';

// A binary model on x (numeric) and city (categorical); classes ['no', 'yes'].
const bundle = {
  format: 'datagenius-model/1',
  id: 'model-1',
  version: 3,
  createdAt: '2026-11-25T00:00:00.000Z',
  parentId: null,
  problemType: 'binary',
  target: 'y',
  classes: ['no', 'yes'],
  feature_names: ['x', 'city=a'],
  inputSchema: [
    { name: 'x', kind: 'numeric' },
    { name: 'city', kind: 'categorical', categories: ['a', 'b'] }
  ],
  pipeline: { steps: [] },
  model: { family: 'gbdt', format: 'f/1', params: {}, state: 'AAAA' },
  family: 'gbdt',
  params: {},
  stage: 'refit',
  metric: 'accuracy',
  metrics: { cv: {}, holdout: {} },
  leaderboard: [],
  referenceProfile: [],
  meta: {}
} as unknown as ModelBundle;

/** The "file": 25 rows of x, city, note (note is not a model input). */
const N = 25;
const fileColumns = ['x', 'city', 'note'];
const cells = (r: number) => [r * 1.5, r % 3 === 0 ? 'a' : 'b', `n${r}`];

/** Output: P(yes) = r / 25 → yes when r ≥ 13 (P(yes) > 0.5): 12 × no, 13 × yes. */
function outputFor(nRows: number): PredictionOutput {
  const values = new Float64Array(nRows * 2);
  const classIndex = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    values[r * 2 + 1] = r / nRows;
    values[r * 2] = 1 - r / nRows;
    classIndex[r] = r / nRows > 0.5 ? 1 : 0;
  }
  return { problemType: 'binary', classes: ['no', 'yes'], classIndex, values, nRows };
}

function fakes(opts: { failPredict?: 'schema' | 'hang'; failStore?: boolean } = {}) {
  const calls = {
    loads: [] as { text: string; opts: LoadOptions }[],
    frames: [] as (FrameOptions | undefined)[],
    predicted: [] as Frame[],
    exports: [] as PredictionFormat[],
    rows: [] as [number, number][],
    put: [] as { key: PredictionKey; payload: Omit<PredictionPayload, 'createdAt'> }[],
    saved: [] as { bundle: ModelBundle; champion?: boolean }[],
    dataTerminated: 0,
    mlTerminated: 0,
    dataSpawned: 0,
    mlSpawned: 0
  };
  let stored: StoredPrediction[] = [];
  let loaded = '';
  const mode = { ...opts };
  const deps: PredictDeps = {
    dataWorker: () => {
      calls.dataSpawned++;
      return {
        api: {
          init: async () => ({}),
          load: async (bytes: Uint8Array, o: LoadOptions) => {
            loaded = new TextDecoder().decode(bytes);
            calls.loads.push({ text: loaded, opts: o });
            return {
              rows: N,
              columns: fileColumns.map((name) => ({ name }))
            } as unknown as DatasetInfo;
          },
          frame: async (o?: FrameOptions) => {
            calls.frames.push(o);
            const names = fileColumns.filter((c) => !o?.exclude?.includes(c));
            return {
              nRows: N,
              columns: names.map((name) => ({ name, kind: 'numeric', values: new Float64Array(N) }))
            } as Frame;
          },
          rows: async (offset: number, limit: number): Promise<RowPage> => {
            calls.rows.push([offset, limit]);
            const n = Math.min(limit, N - offset);
            return {
              offset,
              rowCount: n,
              columns: fileColumns.map((_, c) =>
                Array.from({ length: n }, (_, i) => cells(offset + i)[c])
              )
            };
          },
          exportPredictions: async (out: PredictionOutput, format: PredictionFormat) => {
            calls.exports.push(format);
            expect(out.nRows).toBe(N);
            return new Blob([`x,city,note,Label,Score,Score_no,Score_yes\r\n${loaded}`], {
              type: format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet'
            });
          }
        },
        terminate: () => void calls.dataTerminated++
      };
    },
    mlWorker: () => {
      calls.mlSpawned++;
      return {
        api: {
          predictBatch: async (_b: ModelBundle, frame: Frame) => {
            calls.predicted.push(frame);
            if (mode.failPredict === 'hang') return new Promise<PredictionOutput>(() => undefined);
            if (mode.failPredict === 'schema')
              throw new DataValidationError({
                code: 'SCHEMA_MISMATCH',
                message: {
                  pl: 'Brak kolumn: city. Zły typ: x (oczekiwano numeric, jest categorical).',
                  en: 'Missing columns: city. Wrong type: x (expected numeric, got categorical).'
                },
                details: {
                  missing: ['city'],
                  mismatched: [{ column: 'x', expected: 'numeric', actual: 'categorical' }]
                }
              });
            return outputFor(frame.nRows);
          }
        },
        terminate: () => void calls.mlTerminated++
      };
    },
    store: {
      put: async (key, payload) => {
        if (mode.failStore) throw new Error('disk');
        calls.put.push({ key, payload });
        const entry: StoredPrediction = {
          ...key,
          id: `pred:${key.sessionId}:${key.datasetHash}:${key.modelId}`,
          createdAt: calls.put.length,
          expiresAt: 1e12,
          payload: { ...payload, createdAt: calls.put.length }
        };
        stored = [entry, ...stored.filter((s) => s.id !== entry.id)];
        return entry;
      },
      list: async (sessionId) => stored.filter((s) => s.sessionId === sessionId),
      delete: async (id) => void (stored = stored.filter((s) => s.id !== id))
    },
    models: {
      save: async (_sid, b, o) => void calls.saved.push({ bundle: b, champion: o?.champion })
    },
    loadOptions: (fileName) => ({ fileName, minRows: 100, missingTokens: ['NA'] }),
    hash: async (blob) => `hash-of-${(await blob.text()).length}`
  };
  return { state: new PredictState(deps), calls, mode, deps };
}

const file = (text = 'x,city,note\n1,a,n0\n') => new Blob([text]);

describe('PredictState.run()', () => {
  it('predicts the file: preview with Label/Score columns, summary, stored CSV', async () => {
    const { state, calls } = fakes();
    const r = await state.run(file(), 'nowe dane.csv', bundle, 's1');
    expect(state.phase).toBe('done');
    expect(state.error).toBeNull();
    // Home page options, but one row is enough; categorical inputs as text; extras left out.
    expect(calls.loads[0].opts).toEqual({
      fileName: 'nowe dane.csv',
      minRows: 1,
      missingTokens: ['NA']
    });
    expect(calls.frames[0]).toEqual({ categorical: ['city'], exclude: ['note'] });
    expect(calls.predicted[0].columns.map((c) => c.name)).toEqual(['x', 'city']);
    expect(calls.rows).toEqual([[0, 20]]);
    expect(calls.exports).toEqual(['csv']);
    if (!r) throw new Error('no result');
    expect(r.rows).toBe(N);
    expect(r.ignoredColumns).toEqual(['note']);
    expect(r.preview.columns).toEqual([
      'x',
      'city',
      'note',
      'Label',
      'Score',
      'Score_no',
      'Score_yes'
    ]);
    expect(r.preview.predictionStart).toBe(3);
    expect(r.preview.rows).toHaveLength(20);
    // Row 0: P(yes) = 0 → no, Score = P(no) = 1. Row 19: P(yes) = 19/25 = 0.76 → yes.
    expect(r.preview.rows[0]).toEqual([0, 'a', 'n0', 'no', 1, 1, 0]);
    expect(r.preview.rows[19]).toEqual([28.5, 'b', 'n19', 'yes', 0.76, 1 - 0.76, 0.76]);
    // r > 12.5 → yes: rows 13 … 24 = 12; rows 0 … 12 = 13 × no.
    expect(r.summary).toEqual({
      kind: 'classes',
      counts: [
        { label: 'no', count: 13 },
        { label: 'yes', count: 12 }
      ]
    });
    expect(r.model).toEqual({
      id: 'model-1',
      family: 'gbdt',
      version: 3,
      target: 'y',
      problemType: 'binary'
    });
    // Stored under [hash of the file, bundle id] with the model's name and the CSV.
    expect(calls.put).toHaveLength(1);
    const { key, payload } = calls.put[0];
    expect(key).toEqual({ sessionId: 's1', datasetHash: 'hash-of-19', modelId: 'model-1' });
    expect(payload).toMatchObject({
      fileName: 'nowe dane.csv',
      rows: N,
      ignoredColumns: ['note'],
      modelName: 'y · gbdt',
      modelVersion: 3,
      problemType: 'binary',
      columns: r.preview.columns
    });
    expect(await payload.csv.text()).toMatch(/^x,city,note,Label,Score,Score_no,Score_yes\r\n/);
    expect(r.storedId).toBe('pred:s1:hash-of-19:model-1');
    expect(state.history.map((h) => h.id)).toEqual([r.storedId]);
    const csv = await state.download('csv');
    expect(csv?.fileName).toBe('nowe-dane-predictions.csv');
    expect(csv?.blob).toBe(r.csv);
    // The workers are reused by the next run.
    await state.run(file('a'), 'b.csv', bundle, 's1');
    expect([calls.dataSpawned, calls.mlSpawned]).toEqual([1, 1]);
  });

  it('SCHEMA_MISMATCH keeps the previous result and stores nothing', async () => {
    const { state, calls, mode } = fakes();
    const first = await state.run(file('first'), 'first.csv', bundle, 's1');
    mode.failPredict = 'schema';
    expect(await state.run(file('second'), 'second.csv', bundle, 's1')).toBeNull();
    expect(state.error?.code).toBe('SCHEMA_MISMATCH');
    expect(state.error?.message.en).toContain('city');
    expect(schemaProblems(state.error)).toEqual({
      missing: ['city'],
      mismatched: [{ column: 'x', expected: 'numeric', actual: 'categorical' }]
    });
    expect(state.phase).toBe('done');
    expect(state.result).toBe(first);
    expect(calls.put).toHaveLength(1);
    expect(state.history).toHaveLength(1);
    // Parquet of the shown result: the data worker now holds "second", so "first" is loaded again.
    const pq = await state.download('parquet');
    expect(pq?.fileName).toBe('first-predictions.parquet');
    expect(calls.loads.map((l) => l.text)).toEqual(['first', 'second', 'first']);
    expect(calls.exports).toEqual(['csv', 'parquet']);
    // Without a previous result the phase is 'error'.
    const fresh = fakes({ failPredict: 'schema' });
    await fresh.state.run(file(), 'a.csv', bundle, 's1');
    expect(fresh.state.phase).toBe('error');
    expect(fresh.calls.put).toHaveLength(0);
  });

  it('cancel() terminates both workers; the next run spawns new ones', async () => {
    const { state, calls, mode } = fakes({ failPredict: 'hang' });
    const p = state.run(file(), 'a.csv', bundle, 's1');
    await expect.poll(() => calls.predicted.length).toBe(1);
    expect(state.stage).toBe('predict');
    expect(state.fraction).toBeCloseTo(1 / 3, 12);
    state.cancel();
    expect(await p).toBeNull();
    expect([calls.dataTerminated, calls.mlTerminated]).toEqual([1, 1]);
    expect(state.error?.code).toBe('CANCELLED');
    expect(state.phase).toBe('error');
    expect(state.stage).toBeNull();
    expect(calls.put).toHaveLength(0);
    mode.failPredict = undefined;
    expect(await state.run(file(), 'a.csv', bundle, 's1')).not.toBeNull();
    expect([calls.dataSpawned, calls.mlSpawned]).toEqual([2, 2]);
  });

  it('a storage failure still shows the predictions, with the error', async () => {
    const { state } = fakes({ failStore: true });
    const r = await state.run(file(), 'a.csv', bundle, 's1');
    expect(r?.storedId).toBeNull();
    expect(state.phase).toBe('done');
    expect(state.error?.code).toBe('INTERNAL');
  });

  it('remove() deletes a stored entry and refreshes the history', async () => {
    const { state } = fakes();
    await state.open('s1');
    const r = await state.run(file(), 'a.csv', bundle, 's1');
    await state.remove(r?.storedId ?? '');
    expect(state.history).toEqual([]);
    expect(state.result?.storedId).toBeNull();
    expect(state.historyFile({ payload: { fileName: 'x.y.CSV', csv: r?.csv } } as never)).toEqual({
      blob: r?.csv,
      fileName: 'x.y-predictions.csv'
    });
  });
});

describe('PredictState.open()', () => {
  it('shows the session’s stored predictions; another session clears the shown result', async () => {
    const { state } = fakes();
    await state.run(file(), 'a.csv', bundle, 's1');
    await state.open('s1');
    expect(state.result).not.toBeNull();
    expect(state.history).toHaveLength(1);
    await state.open('s2');
    expect(state.result).toBeNull();
    expect(state.phase).toBe('idle');
    expect(state.history).toEqual([]);
    expect(await state.download('parquet')).toBeNull();
  });
});

describe('PredictState.open() after a reload', () => {
  it('offers the newest saved non-champion model of the session again as the loaded model', async () => {
    const { deps } = fakes();
    const champion = { ...bundle, id: 'm_champ' };
    const other = { ...bundle, id: 'm_loaded' };
    const older = { ...bundle, id: 'm_older' };
    const asked: string[] = [];
    deps.models.list = async (sid) => {
      asked.push(sid);
      return [
        { bundle: champion, champion: 1 },
        { bundle: other, champion: 0 },
        { bundle: older, champion: 0 }
      ];
    };
    const state = new PredictState(deps);
    await state.open('s1');
    expect(asked).toEqual(['s1']);
    expect(state.loaded?.id).toBe('m_loaded');
    // Only the champion saved: nothing is offered as loaded.
    deps.models.list = async () => [{ bundle: champion, champion: 1 }];
    const fresh = new PredictState(deps);
    await fresh.open('s1');
    expect(fresh.loaded).toBeNull();
  });
});

describe('PredictState.loadModel()', () => {
  it('a valid bundle is saved with the session, not as champion, and used', async () => {
    const { state, calls } = fakes();
    expect(await state.loadModel('s1', JSON.stringify(bundle))).toBe(true);
    expect(calls.saved).toHaveLength(1);
    expect(calls.saved[0].champion).toBe(false);
    expect(calls.saved[0].bundle.id).toBe('model-1');
    expect(state.loaded?.id).toBe('model-1');
  });

  it('bad files are typed errors and nothing is saved', async () => {
    const { state, calls } = fakes();
    expect(await state.loadModel('s1', '{nope')).toBe(false);
    expect(state.error?.code).toBe('INVALID_MODEL');
    expect(state.error?.details).toEqual({ field: 'json' });
    expect(await state.loadModel('s1', JSON.stringify({ format: 'other' }))).toBe(false);
    expect(state.error?.details).toEqual({ field: 'format' });
    expect(calls.saved).toHaveLength(0);
    expect(state.loaded).toBeNull();
  });
});
