// Guards the CSV writer: RFC 4180 quoting, formula-injection neutralisation (numbers exempt),
// cell formatting, chunking, and a parse-back round trip on arbitrary text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, neutraliseCell, toCsv, toCsvChunks } from './csv';

/** A minimal RFC 4180 reader written for this test (quotes, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('neutraliseCell()', () => {
  it('prefixes cells starting with = + - @ tab CR with an apostrophe', () => {
    expect(neutraliseCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutraliseCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseCell('+A1')).toBe("'+A1");
    expect(neutraliseCell('-A1')).toBe("'-A1");
    expect(neutraliseCell('\t=1')).toBe("'\t=1");
    expect(neutraliseCell('\r=1')).toBe("'\r=1");
  });

  it('keeps plain numbers (-2, -1.5, +3, -2e-5, -.5) and ordinary text as they are', () => {
    for (const s of ['-2', '-1.5', '+3', '-2e-5', '-.5', '1e+21', '0', 'abc', 'a=b', ' =1', ''])
      expect(neutraliseCell(s)).toBe(s);
  });

  it('prefixes what only looks numeric after a sign: -2+3, -Infinity, "-1.5 ", --1', () => {
    for (const s of ['-2+3', '-Infinity', '-1.5 ', '--1', '-', '+'])
      expect(neutraliseCell(s)).toBe(`'${s}`);
  });
});

describe('csvField() / toCsv()', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles inner quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
    // Neutralised first, then quoted: the apostrophe sits inside the quotes.
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('\rx')).toBe(`"'\rx"`);
  });

  it('formats numbers in shortest form, NaN / null / undefined as empty, booleans as true/false', () => {
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('toCsv() writes the header then one CRLF-terminated line per row, headers neutralised too', () => {
    const csv = toCsv([
      { name: 'x', values: Float64Array.from([1, NaN, -2]) },
      { name: '=evil', values: ['a', '@SUM(1)', "=cmd|' /C calc'!A0"] }
    ]);
    expect(csv).toBe("x,'=evil\r\n1,a\r\n,'@SUM(1)\r\n-2,'=cmd|' /C calc'!A0\r\n");
    expect(toCsv([{ name: 'a', values: [1, 2] }], { eol: '\n' })).toBe('a\n1\n2\n');
  });

  it('toCsvChunks() yields the header and row chunks that join to toCsv()', () => {
    const cols = [{ name: 'i', values: Array.from({ length: 25 }, (_, i) => i) }];
    const chunks = [...toCsvChunks(cols, { rowsPerChunk: 10 })];
    expect(chunks).toHaveLength(1 + 3);
    expect(chunks.join('')).toBe(toCsv(cols));
  });

  it('rejects columns of different lengths with INVALID_INPUT naming the column', () => {
    expect(() =>
      toCsv([
        { name: 'a', values: [1, 2] },
        { name: 'b', values: [1] }
      ])
    ).toThrow(/"b" has 1 values, the first column has 2/);
  });

  it('round trip: any text parses back to itself, or to itself with the apostrophe when it could start a formula', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({
            unit: fc.constantFrom(
              'a',
              '=',
              '-',
              '+',
              '@',
              '1',
              '.',
              ',',
              '"',
              '\n',
              '\r',
              '\t',
              ' ',
              'ż'
            )
          }),
          {
            minLength: 1,
            maxLength: 6
          }
        ),
        (cells) => {
          const csv = toCsv([{ name: 'v', values: cells }]);
          const back = parseCsv(csv).map((r) => r[0]);
          const expected = cells.map((s) =>
            s !== '' && '=+-@\t\r'.includes(s[0]) && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)
              ? `'${s}`
              : s
          );
          // An empty single-column row is an empty line: it parses back as one empty field.
          expect(back).toEqual(['v', ...expected]);
        }
      )
    );
  });
});
