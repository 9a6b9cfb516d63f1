// Guards format detection: magic bytes beat extensions; binary junk is refused.
import { expect, test } from 'vitest';
import { detectFormat } from './detect';

const b = (...xs: number[]) => new Uint8Array(xs);
const t = (s: string) => new TextEncoder().encode(s);

test('detectFormat() trusts magic bytes over the file name', () => {
  expect(detectFormat(b(0x50, 0x41, 0x52, 0x31, 0, 0), 'x.csv')).toBe('parquet');
  expect(detectFormat(t('ARROW1\0\0'), 'x.csv')).toBe('arrow');
  expect(detectFormat(b(0xff, 0xff, 0xff, 0xff, 0x10, 0), 'x.bin')).toBe('arrow');
});

test('detectFormat() reads JSON and NDJSON by their first character', () => {
  expect(detectFormat(t(' [{"a":1}]'), 'data')).toBe('json');
  expect(detectFormat(t('{"a":1}\n{"a":2}'), 'data.txt')).toBe('ndjson');
  expect(detectFormat(t('a,b\n1,2'), 'data')).toBe('csv');
  expect(detectFormat(t('a\tb\n1\t2'), 'data.tsv')).toBe('tsv');
});

test('detectFormat() refuses NUL-laden bytes and non-workbook zips with UNSUPPORTED_FORMAT', () => {
  expect(() => detectFormat(b(0x61, 0, 0x62), 'x.csv')).toThrow(
    expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' })
  );
  expect(() => detectFormat(b(0x50, 0x4b, 3, 4, 0x61), 'x.zip')).toThrow(
    expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' })
  );
});
