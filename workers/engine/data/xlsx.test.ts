// Guards the XLSX helpers that need no workbook: date-format recognition and XML text decoding.
import { expect, test } from 'vitest';
import { isDateFormat } from './xlsx';
import { decodeEntities, textRuns } from './xml-scan';

test('isDateFormat() accepts d/m/y/h formats and ignores letters inside quotes or brackets', () => {
  expect(isDateFormat('yyyy-mm-dd')).toBe(true);
  expect(isDateFormat('[$-415]d mmmm yyyy')).toBe(true);
  expect(isDateFormat('0.0" d"')).toBe(false);
  expect(isDateFormat('[Red]0.00')).toBe(false);
  expect(isDateFormat('#,##0')).toBe(false);
});

test('textRuns() joins rich-text runs, skips phonetic runs and decodes entities', () => {
  expect(
    textRuns('<r><t>a &amp;</t></r><r><t xml:space="preserve"> b</t></r><rPh><t>x</t></rPh>')
  ).toBe('a & b');
  expect(decodeEntities('&lt;&#65;&#x42;&quot;')).toBe('<AB"');
});
