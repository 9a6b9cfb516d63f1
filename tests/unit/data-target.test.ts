// Guards inferTarget(): every InvalidTargetError code, the inference rules (0/1 integers are
// binary, few integers multiclass, many integers regression), overrides and target warnings.
import { describe, expect, test } from 'vitest';
import { inferTarget, loadTable } from '../../workers/engine/index';
import type { DatasetInfo, ProblemType } from '../../workers/engine/index';
import { errorOf, runner, utf8 } from './helpers';

/** 40 rows: id (1..40), const, empty, flag (0/1), level (4 ints), score (40 ints), txt, y (a/b/c). */
async function table(): Promise<DatasetInfo> {
  const rows = Array.from({ length: 40 }, (_, i) =>
    [
      i + 1,
      'k',
      '',
      i % 5 === 0 ? 1 : 0,
      i % 4,
      (i * 37) % 41,
      `name ${i}`,
      ['a', 'b', 'c'][i % 3],
      i < 3 ? '' : i % 2
    ].join(',')
  );
  const csv = ['id,const,empty,flag,level,score,txt,y,part', ...rows].join('\n') + '\n';
  return loadTable(await runner(), utf8(csv), { fileName: 't.csv' });
}

async function target(column: string, override?: ProblemType) {
  return inferTarget(await runner(), await table(), column, override);
}

describe('inferTarget() errors', () => {
  const cases: [string, string, ProblemType?][] = [
    ['nope', 'TARGET_NOT_FOUND'],
    ['empty', 'TARGET_ALL_MISSING'],
    ['const', 'TARGET_SINGLE_CLASS'],
    ['id', 'TARGET_ID_LIKE'],
    ['txt', 'TARGET_ID_LIKE'],
    ['y', 'TARGET_TYPE_MISMATCH', 'regression'],
    ['y', 'TARGET_TYPE_MISMATCH', 'binary']
  ];
  for (const [column, code, override] of cases) {
    test(`inferTarget(${column}${override ? `, ${override}` : ''}) throws InvalidTargetError ${code}`, async () => {
      const e = await errorOf(() => target(column, override));
      expect([e.name, e.code]).toEqual(['InvalidTargetError', code]);
      expect(e.messages.pl).toContain(column);
      expect(e.messages.en).toContain(column);
    });
  }
});

describe('inferTarget() inference', () => {
  test('inferTarget() calls a 0/1 integer column binary, with sorted classes and TARGET_IMBALANCED absent at 20 %', async () => {
    const t = await target('flag');
    expect(t.problemType).toBe('binary');
    expect(t.classes).toEqual([
      { label: '0', count: 32 },
      { label: '1', count: 8 }
    ]);
    expect(t.reason.pl).toBe('2 unikalne wartości (0, 1) → klasyfikacja binarna');
    expect(t.warnings).toEqual([]);
  });

  test('inferTarget() calls an integer column with 4 values multiclass', async () => {
    const t = await target('level');
    expect(t.problemType).toBe('multiclass');
    expect(t.classes).toHaveLength(4);
  });

  test('inferTarget() calls an integer column with 40 distinct of 40 rows (not a sequence) regression', async () => {
    const t = await target('score');
    expect(t.problemType).toBe('regression');
    expect(t.classes).toBeUndefined();
    expect(t.reason.en).toContain('40 distinct values');
  });

  test('inferTarget() accepts a multiclass override on integers with inferred=false', async () => {
    const t = await target('score', 'multiclass');
    expect(t.problemType).toBe('multiclass');
    expect(t.inferred).toBe(false);
    expect(t.classes).toHaveLength(40);
  });

  test('inferTarget() reports TARGET_HAS_MISSING with the count of empty targets', async () => {
    const t = await target('part');
    expect(t.problemType).toBe('binary');
    expect(t.missing).toBe(3);
    expect(t.warnings.map((w) => [w.code, w.value])).toContainEqual(['TARGET_HAS_MISSING', 3]);
  });
});
