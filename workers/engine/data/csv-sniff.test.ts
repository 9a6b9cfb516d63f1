// Guards the CSV sniffer (pure JS, no DuckDB): delimiter, quotes, header and decimal-comma detection.
import { describe, expect, test } from 'vitest';
import { parseRecords, sniffCsv } from './csv-sniff';

describe('sniffCsv()', () => {
  test('sniffCsv() picks the delimiter whose field count is consistent, ignoring delimiters in quotes', () => {
    const text = 'a;b;c\n"1;2",x,y;3;4\n5;"6,7";8\n';
    expect(sniffCsv(text, true).delimiter).toBe(';');
  });

  test('sniffCsv() detects tab and pipe', () => {
    expect(sniffCsv('a\tb\n1\t2\n3\t4\n', true).delimiter).toBe('\t');
    expect(sniffCsv('a|b\n1|2\n3|4\n', true).delimiter).toBe('|');
  });

  test('sniffCsv() finds a decimal comma only with ; or tab and no dotted numbers', () => {
    expect(sniffCsv('x;y\n1,5;2\n3,25;4\n', true).decimal).toBe(',');
    expect(sniffCsv('x;y\n1,5;2.5\n', true).decimal).toBe('.');
    expect(sniffCsv('x,y\n1,5\n', true).decimal).toBe('.');
  });

  test('sniffCsv() says no header when the first row holds numbers like the rest', () => {
    expect(sniffCsv('1,2\n3,4\n', true).header).toBe(false);
    expect(sniffCsv('a,b\n3,4\n', true).header).toBe(true);
  });

  test('sniffCsv() counts ragged records against the usual width', () => {
    const r = sniffCsv('a,b,c\n1,2,3\n4,5\n6,7,8\n', true);
    expect([r.width, r.raggedRecords]).toEqual([3, 1]);
  });

  test('sniffCsv() lets forced options win', () => {
    const r = sniffCsv('a,b\n1,2\n', true, { delimiter: ';', header: false, decimal: ',' });
    expect([r.delimiter, r.header, r.decimal]).toEqual([';', false, ',']);
  });
});

describe('parseRecords()', () => {
  test('parseRecords() keeps quoted newlines and doubled quotes, and drops a cut last record', () => {
    expect(parseRecords('a,"x\ny ""q"""\n1,2\n3,', ',', '"', false)).toEqual([
      ['a', 'x\ny "q"'],
      ['1', '2']
    ]);
  });

  test('parseRecords() reads CRLF and skips blank lines', () => {
    expect(parseRecords('a,b\r\n\r\n1,2\r\n', ',', '"', true)).toEqual([
      ['a', 'b'],
      ['1', '2']
    ]);
  });
});
