// Guards loadTable/inferTarget on the shared datasets: exact shapes, missing counts, column types,
// problem types and class counts from the sidecars, and penguins identical in all four formats.
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { inferTarget, loadTable } from '../../workers/engine/index';
import type { DatasetInfo } from '../../workers/engine/index';
import { datasetsDir, readBytes, runner } from './helpers';

interface Sidecar {
  name: string;
  target: string;
  task: 'binary' | 'multiclass' | 'regression';
  rows: number;
  cols: number;
  missing_cells: number;
  class_counts?: Record<string, number>;
}

const NAMES = [
  'iris',
  'wine',
  'breast_cancer',
  'diabetes',
  'penguins',
  'titanic_survival',
  'seattle_weather'
];

function sidecar(name: string): Sidecar {
  return JSON.parse(readFileSync(path.join(datasetsDir, `${name}.json`), 'utf8')) as Sidecar;
}

async function load(rel: string): Promise<DatasetInfo> {
  return loadTable(await runner(), readBytes(path.join(datasetsDir, rel)), { fileName: rel });
}

const missingCells = (info: DatasetInfo) => info.columns.reduce((s, c) => s + c.missing, 0);
const typeOf = (info: DatasetInfo, name: string) => info.columns.find((c) => c.name === name)?.type;

describe('loadTable() on every shared CSV', () => {
  for (const name of NAMES) {
    test(`${name}.csv loads with the sidecar's rows, cols and missing cells, and its target infers the sidecar task`, async () => {
      const s = sidecar(name);
      const info = await load(`${name}.csv`);
      expect(info.format).toBe('csv');
      expect(info.rows).toBe(s.rows);
      expect(info.columns).toHaveLength(s.cols);
      expect(missingCells(info)).toBe(s.missing_cells);
      expect(info.dialect).toMatchObject({
        delimiter: ',',
        decimal: '.',
        encoding: 'utf-8',
        header: true
      });

      const target = await inferTarget(await runner(), info, s.target);
      expect(target.problemType).toBe(s.task);
      expect(target.inferred).toBe(true);
      if (s.class_counts) {
        expect(Object.fromEntries(target.classes!.map((c) => [c.label, c.count]))).toEqual(
          s.class_counts
        );
        expect(target.classes!.map((c) => c.label)).toEqual(Object.keys(s.class_counts).sort());
      } else {
        expect(target.classes).toBeUndefined();
      }
    });
  }

  test('loadTable() types penguins as text-ish species/island/sex, numeric bills, integer year', async () => {
    const info = await load('penguins.csv');
    for (const c of ['species', 'island', 'sex']) expect(typeOf(info, c)).toBe('categorical');
    expect(typeOf(info, 'bill_length_mm')).toBe('numeric');
    expect(typeOf(info, 'year')).toBe('integer');
  });

  test('loadTable() reads diabetes.sex (1.0/2.0) as numeric and seattle date as date', async () => {
    expect(typeOf(await load('diabetes.csv'), 'sex')).toBe('numeric');
    expect(typeOf(await load('seattle_weather.csv'), 'date')).toBe('date');
  });

  test('loadTable() flags titanic name as ID_LIKE_COLUMN and keeps yes/no labels', async () => {
    const info = await load('titanic_survival.csv');
    expect(info.warnings.map((w) => [w.code, w.column])).toContainEqual(['ID_LIKE_COLUMN', 'name']);
    const t = await inferTarget(await runner(), info, 'survived');
    expect(t.reason.en).toContain('2 distinct values (no, yes)');
    expect(t.reason.pl).toContain('klasyfikacja binarna');
  });

  test('inferTarget() reports TARGET_IMBALANCED for seattle weather (snow is 1.8 %)', async () => {
    const t = await inferTarget(await runner(), await load('seattle_weather.csv'), 'weather');
    const w = t.warnings.find((x) => x.code === 'TARGET_IMBALANCED');
    expect(w?.value).toBeCloseTo(26 / 1461, 6);
  });
});

describe('loadTable() on penguins in every format', () => {
  const files: [string, string][] = [
    ['penguins.csv', 'csv'],
    ['formats/penguins.xlsx', 'xlsx'],
    ['formats/penguins.parquet', 'parquet'],
    ['formats/penguins.json', 'json']
  ];
  for (const [file, format] of files) {
    test(`${file} gives 344 × 8, 19 missing cells, the same names, types and missing per column`, async () => {
      const info = await load(file);
      const csv = await load('penguins.csv');
      expect(info.format).toBe(format);
      expect(info.rows).toBe(344);
      expect(info.columns.map((c) => c.name)).toEqual(csv.columns.map((c) => c.name));
      expect(info.columns.map((c) => c.type)).toEqual(csv.columns.map((c) => c.type));
      expect(info.columns.map((c) => c.missing)).toEqual(csv.columns.map((c) => c.missing));
      expect(info.columns.map((c) => c.distinct)).toEqual(csv.columns.map((c) => c.distinct));
      expect(missingCells(info)).toBe(19);
      const t = await inferTarget(await runner(), info, 'species');
      expect(t.classes).toEqual([
        { label: 'Adelie', count: 152 },
        { label: 'Chinstrap', count: 68 },
        { label: 'Gentoo', count: 124 }
      ]);
    });
  }

  test('loadTable() lists the xlsx sheets and the one it read', async () => {
    const info = await load('formats/penguins.xlsx');
    expect(info.sheets).toEqual(['penguins']);
    expect(info.sheet).toBe('penguins');
  });
});
