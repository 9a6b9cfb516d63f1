// Guards the pure batch-prediction helpers against hand-computed values: the prediction column
// names (and their de-duplication), the cells and summary of regression and multiclass outputs,
// the ignored columns, safe download names, the exported CSV's header (quotes, BOM, wide
// headers) and the SCHEMA_MISMATCH details.
import { describe, expect, it } from 'vitest';
import type { ModelBundle } from '$engine';
import type { PredictionOutput } from '$engine/bundle/output';
import {
  categoricalInputs,
  extraColumns,
  predictionCells,
  predictionColumnNames,
  predictionsFileName,
  readCsvHeader,
  schemaProblems,
  summarize
} from './output';

const bundle = {
  inputSchema: [
    { name: 'x', kind: 'numeric' },
    { name: 'city', kind: 'categorical', categories: ['a', 'b'] }
  ]
} as unknown as ModelBundle;

describe('output helpers', () => {
  it('predictionColumnNames(): Label, Score, Score_<class>; taken names get _2', () => {
    expect(predictionColumnNames({ problemType: 'regression', classes: [] })).toEqual(['Label']);
    expect(
      predictionColumnNames({ problemType: 'multiclass', classes: ['a', 'b', 'c'] }, [
        'Label',
        'Score_b',
        'Score_b_2'
      ])
    ).toEqual(['Label_2', 'Score', 'Score_a', 'Score_b_3', 'Score_c']);
  });

  it('predictionCells() and summarize(): regression values, multiclass argmax without an index', () => {
    const reg: PredictionOutput = {
      problemType: 'regression',
      classes: [],
      classIndex: null,
      values: Float64Array.from([2, -1, NaN, 5]),
      nRows: 4
    };
    expect(predictionCells(reg, 1)).toEqual([-1]);
    expect(predictionCells(reg, 2)).toEqual([null]);
    // Finite: 2, −1, 5 → min −1, mean 2, max 5.
    expect(summarize(reg)).toEqual({ kind: 'values', count: 3, min: -1, mean: 2, max: 5 });
    const multi: PredictionOutput = {
      problemType: 'multiclass',
      classes: ['a', 'b', 'c'],
      classIndex: null,
      values: Float64Array.from([0.2, 0.5, 0.3, 0.7, 0.2, 0.1]),
      nRows: 2
    };
    expect(predictionCells(multi, 0)).toEqual(['b', 0.5, 0.2, 0.5, 0.3]);
    expect(summarize(multi)).toEqual({
      kind: 'classes',
      counts: [
        { label: 'a', count: 1 },
        { label: 'b', count: 1 },
        { label: 'c', count: 0 }
      ]
    });
  });

  it('extraColumns(), predictionsFileName() and readCsvHeader()', async () => {
    expect(extraColumns(['note', 'x', 'y', 'city'], bundle)).toEqual(['note', 'y']);
    expect(categoricalInputs(bundle)).toEqual(['city']);
    expect(predictionsFileName('../../Łódź dane.v2.xlsx', 'parquet')).toBe(
      'lodz-dane.v2-predictions.parquet'
    );
    expect(predictionsFileName('.csv', 'csv')).toBe('data-predictions.csv');
    const header = '\uFEFF"a,b","say ""hi""","multi\nline",Label\r\n1,2,3,4\n';
    expect(await readCsvHeader(new Blob([header]))).toEqual([
      'a,b',
      'say "hi"',
      'multi\nline',
      'Label'
    ]);
    // A header wider than one 64 KiB chunk is read whole.
    const wide = Array.from({ length: 20_000 }, (_, i) => `col${i}`);
    expect(await readCsvHeader(new Blob([`${wide.join(',')}\n1\n`]))).toEqual(wide);
    expect(await readCsvHeader(new Blob(['"never closed']))).toBeNull();
  });

  it('schemaProblems() reads only SCHEMA_MISMATCH details, field by field', () => {
    const base = { name: 'DataValidationError', message: { pl: '', en: '' } } as const;
    expect(schemaProblems(null)).toBeNull();
    expect(
      schemaProblems({ ...base, code: 'INVALID_MODEL', details: { missing: ['a'] } })
    ).toBeNull();
    expect(
      schemaProblems({
        ...base,
        code: 'SCHEMA_MISMATCH',
        details: { missing: ['a', 7], mismatched: [null, { column: 'x', expected: 'numeric' }] }
      })
    ).toEqual({
      missing: ['a', '7'],
      mismatched: [{ column: 'x', expected: 'numeric', actual: '' }]
    });
  });
});
