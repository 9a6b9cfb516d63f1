// Guards encoding detection: UTF-8 (BOM stripped, no copy), Windows-1250 vs ISO-8859-2.
import { expect, test } from 'vitest';
import { guessSingleByte, toUtf8 } from './encoding';

test('toUtf8() strips a BOM and returns the same bytes for valid UTF-8', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc4, 0x85]);
  const r = toUtf8(bytes);
  expect([r.encoding, r.hasBom]).toEqual(['utf-8', true]);
  expect(r.utf8.buffer).toBe(bytes.buffer);
  expect(new TextDecoder().decode(r.utf8)).toBe('aą');
});

test('guessSingleByte() tells cp1250 (ś = 0x9C) from ISO-8859-2 (ś = 0xB6)', () => {
  expect(guessSingleByte(new Uint8Array([0x9c, 0xb9, 0x61]))).toBe('windows-1250');
  expect(guessSingleByte(new Uint8Array([0xb6, 0xb1, 0x61]))).toBe('iso-8859-2');
});

test('toUtf8() re-encodes ISO-8859-2 text to UTF-8', () => {
  const r = toUtf8(new Uint8Array([0xa3, 0xf3, 0x64, 0xbc]));
  expect(r.encoding).toBe('iso-8859-2');
  expect(new TextDecoder().decode(r.utf8)).toBe('Łódź');
});
