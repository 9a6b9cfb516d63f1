// Guards column-name repair: blanks → column_<position>, duplicates → name_2, name_3, warnings.
import { expect, test } from 'vitest';
import { fixColumnNames } from './names';

test('fixColumnNames() names blanks by 1-based position and numbers duplicates', () => {
  const r = fixColumnNames(['a', '', 'a', ' ', 'a', 'B', 'b']);
  expect(r.names).toEqual(['a', 'column_2', 'a_2', 'column_4', 'a_3', 'B', 'b_2']);
  expect(r.warnings.map((w) => w.code)).toEqual([
    'EMPTY_COLUMN_NAME',
    'DUPLICATE_COLUMN_NAME',
    'EMPTY_COLUMN_NAME',
    'DUPLICATE_COLUMN_NAME',
    'DUPLICATE_COLUMN_NAME'
  ]);
});

test('fixColumnNames() never generates a name the file already uses', () => {
  expect(fixColumnNames(['x', 'x', 'x_2']).names).toEqual(['x', 'x_3', 'x_2']);
  expect(fixColumnNames(['', 'column_1']).names).toEqual(['column_1_2', 'column_1']);
});

test('fixColumnNames() leaves good names alone with no warnings', () => {
  expect(fixColumnNames(['a"b', '<img>', 'ą'])).toEqual({
    names: ['a"b', '<img>', 'ą'],
    warnings: []
  });
});
