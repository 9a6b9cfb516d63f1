// Guards loadTable() against hostile and odd inputs: each case asserts the exact shape or the
// exact error code (encodings, dialects, ragged rows, broken files, names, sheets, JSON, quoting).
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { fetchRows, listSheets, loadTable } from '../../workers/engine/index';
import type { LoadOptions } from '../../workers/engine/index';
import { errorOf, fixturesDir, readBytes, runner, utf8 } from './helpers';
import { buildXlsx } from './xlsx-builder';

const POLISH = 'ąęłńóśźżĄĘŁŃÓŚŹŻ';

async function load(bytes: Uint8Array, opts: Partial<LoadOptions> & { fileName: string }) {
  return loadTable(await runner(), bytes, opts);
}

/** n data rows of `a,b` numbers under a header. */
function rowsCsv(header: string, n: number, row: (i: number) => string, eol = '\n'): string {
  return [header, ...Array.from({ length: n }, (_, i) => row(i))].join(eol) + eol;
}

async function page(info: Awaited<ReturnType<typeof load>>) {
  return fetchRows(await runner(), info, 0, info.rows);
}

describe('loadTable() edge files', () => {
  test('loadTable() rejects a 0-byte file with DataLoadError EMPTY_FILE', async () => {
    const e = await errorOf(() => load(new Uint8Array(), { fileName: 'empty.csv' }));
    expect([e.name, e.code]).toEqual(['DataLoadError', 'EMPTY_FILE']);
  });

  test('loadTable() rejects a whitespace-only file with EMPTY_FILE', async () => {
    const e = await errorOf(() => load(utf8('\n\r\n  \n'), { fileName: 'blank.csv' }));
    expect(e.code).toBe('EMPTY_FILE');
  });

  test('loadTable() on a header-only CSV throws InsufficientDataError TOO_FEW_ROWS with rows 0', async () => {
    const e = await errorOf(() => load(utf8('a,b,c\n'), { fileName: 'header.csv' }));
    expect([e.name, e.code]).toEqual(['InsufficientDataError', 'TOO_FEW_ROWS']);
    expect(e.details).toEqual({ rows: 0, minRows: 10 });
  });

  test('loadTable() honours opts.minRows: 5 rows pass with minRows 5 and fail with 6', async () => {
    const csv = utf8(rowsCsv('a,b', 5, (i) => `${i},${i * 2}`));
    expect((await load(csv, { fileName: 'f.csv', minRows: 5 })).rows).toBe(5);
    const e = await errorOf(() => load(csv, { fileName: 'f.csv', minRows: 6 }));
    expect(e.code).toBe('TOO_FEW_ROWS');
    expect(e.details).toEqual({ rows: 5, minRows: 6 });
    expect(e.messages.pl).toContain('6');
  });

  test('loadTable() strips a UTF-8 BOM and reads CRLF line ends', async () => {
    const text = '\ufeff' + rowsCsv('id,name', 12, (i) => `${i},zażółć ${i}`, '\r\n');
    const info = await load(utf8(text), { fileName: 'bom.csv' });
    expect(info.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(info.rows).toBe(12);
    expect(info.dialect).toMatchObject({ encoding: 'utf-8', hasBom: true, delimiter: ',' });
    expect((await page(info)).columns[1][0]).toBe('zażółć 0');
  });

  for (const [file, encoding] of [
    ['cp1250.csv', 'windows-1250'],
    ['iso-8859-2.csv', 'iso-8859-2']
  ] as const) {
    test(`loadTable() detects ${encoding} and round-trips ${POLISH}, with ; and decimal comma`, async () => {
      const info = await load(readBytes(path.join(fixturesDir, file)), { fileName: file });
      expect(info.dialect).toMatchObject({ encoding, delimiter: ';', decimal: ',' });
      expect(info.columns.map((c) => c.name)).toEqual(['miasto', 'litery', 'wartość']);
      expect(info.rows).toBe(12);
      const p = await page(info);
      expect(p.columns[0][0]).toBe('Łódź');
      expect(p.columns[1].every((v) => v === POLISH)).toBe(true);
      expect(p.columns[2].slice(0, 3)).toEqual([0.5, 1.5, 2.5]);
      expect(info.columns[2].type).toBe('numeric');
    });
  }

  test('loadTable() reads semicolons with decimal commas as numbers (1,5 → 1.5)', async () => {
    const info = await load(utf8(rowsCsv('x;y;label', 10, (i) => `${i},5;-${i},25;k${i % 2}`)), {
      fileName: 's.csv'
    });
    expect(info.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(info.columns.map((c) => c.sqlType)).toEqual(['DOUBLE', 'DOUBLE', 'VARCHAR']);
    const p = await page(info);
    expect(p.columns[0].slice(0, 2)).toEqual([0.5, 1.5]);
    expect(p.columns[1][1]).toBe(-1.25);
  });

  test('loadTable() reads a tab-separated file as tsv', async () => {
    const info = await load(utf8(rowsCsv('a\tb', 10, (i) => `${i}\tx${i}`)), {
      fileName: 'data.txt'
    });
    expect(info.format).toBe('tsv');
    expect(info.columns).toHaveLength(2);
  });

  test('loadTable() pads ragged rows with nulls, names the extra field column_4 and warns RAGGED_ROWS', async () => {
    const lines = [
      'a,b,c',
      ...Array.from({ length: 10 }, (_, i) => `${i},${i},${i}`),
      '1,2',
      '7,8,9,10'
    ];
    const info = await load(utf8(lines.join('\n') + '\n'), { fileName: 'ragged.csv' });
    expect(info.rows).toBe(12);
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'column_4']);
    expect(info.warnings.map((w) => w.code)).toContain('RAGGED_ROWS');
    const p = await page(info);
    expect(p.columns[2][10]).toBeNull();
    expect(p.columns[3][11]).toBe(10);
  });

  test('loadTable() keeps newlines inside quoted fields', async () => {
    const text = rowsCsv('id,comment', 10, (i) => `${i},"line one\nline two, ""quoted"" ${i}"`);
    const info = await load(utf8(text), { fileName: 'q.csv' });
    expect(info.rows).toBe(10);
    expect((await page(info)).columns[1][3]).toBe('line one\nline two, "quoted" 3');
  });

  test('loadTable() renames duplicate and blank headers with a warning each', async () => {
    const info = await load(utf8(rowsCsv('x,,x,y,', 10, (i) => `${i},${i},${i},${i},${i}`)), {
      fileName: 'd.csv'
    });
    expect(info.columns.map((c) => c.name)).toEqual(['x', 'column_2', 'x_2', 'y', 'column_5']);
    expect(info.columns.map((c) => c.originalName)).toEqual(['x', '', 'x', 'y', '']);
    const codes = info.warnings.map((w) => `${w.code}:${w.column}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'EMPTY_COLUMN_NAME:column_2',
        'DUPLICATE_COLUMN_NAME:x_2',
        'EMPTY_COLUMN_NAME:column_5'
      ])
    );
  });

  test('loadTable() refuses binary junk named .csv with DataLoadError UNSUPPORTED_FORMAT listing the formats', async () => {
    const e = await errorOf(() =>
      load(readBytes(path.join(fixturesDir, 'binary-junk.csv')), { fileName: 'junk.csv' })
    );
    expect([e.name, e.code]).toEqual(['DataLoadError', 'UNSUPPORTED_FORMAT']);
    expect(e.messages.en).toContain('CSV, TSV, XLSX, JSON, NDJSON, Parquet');
    expect(e.messages.pl).toContain('Obsługiwane formaty');
  });

  test('loadTable() on a truncated Parquet throws DataLoadError BROKEN_FILE', async () => {
    const e = await errorOf(() =>
      load(readBytes(path.join(fixturesDir, 'truncated.parquet')), { fileName: 't.parquet' })
    );
    expect([e.name, e.code]).toEqual(['DataLoadError', 'BROKEN_FILE']);
  });

  test('loadTable() on invalid JSON throws INVALID_JSON with the line', async () => {
    const text = '[\n{"a": 1},\n{"a": 2,,}\n]';
    const e = await errorOf(() => load(utf8(text), { fileName: 'bad.json' }));
    expect([e.name, e.code]).toEqual(['DataLoadError', 'INVALID_JSON']);
    expect(e.details.line).toBe(3);
  });

  test('loadTable() on invalid NDJSON names the bad line', async () => {
    const text = Array.from({ length: 12 }, (_, i) => (i === 6 ? '{"a": 6' : `{"a": ${i}}`)).join(
      '\n'
    );
    const e = await errorOf(() => load(utf8(text), { fileName: 'bad.ndjson' }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.details.line).toBe(7);
  });

  test('loadTable() reads NDJSON: union of keys in first-seen order, nested values as JSON text', async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify(i === 3 ? { b: 'NA', a: i, extra: { k: [1, 2] } } : { a: i, b: `t${i}` })
    );
    const info = await load(utf8(lines.join('\n') + '\n'), { fileName: 'rows.jsonl' });
    expect(info.format).toBe('ndjson');
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'b', 'extra']);
    // 12 rows: ≤ 20 distinct texts count as categorical (profile.ts categoricalLimit).
    expect(info.columns.map((c) => c.type)).toEqual(['integer', 'categorical', 'categorical']);
    expect(info.columns[1].missing).toBe(1); // "NA" is a default missing token
    const p = await page(info);
    expect(p.columns[2][3]).toBe('{"k":[1,2]}');
    expect(p.columns[2][0]).toBeNull();
  });

  test('loadTable() loads a 2,000-column CSV as 2,000 columns', async () => {
    const info = await load(readBytes(path.join(fixturesDir, 'wide-2000.csv')), {
      fileName: 'wide.csv'
    });
    expect(info.columns).toHaveLength(2000);
    expect(info.rows).toBe(25);
    expect(info.columns[1999]).toMatchObject({ name: 'c2000', type: 'integer', missing: 0 });
  });

  test('loadTable() applies custom missing tokens instead of the defaults', async () => {
    const text = rowsCsv('v,w', 10, (i) => (i < 3 ? `?,NA` : `${i},x`));
    const info = await load(utf8(text), { fileName: 'm.csv', missingTokens: ['?', ''] });
    expect(info.columns[0]).toMatchObject({ type: 'integer', missing: 3 });
    expect(info.columns[1].missing).toBe(0); // "NA" is data now
  });

  test('loadTable() warns CONSTANT_COLUMN, HIGH_MISSING, ALL_MISSING, MIXED_TYPES, DATE_AS_TEXT, ID_LIKE_COLUMN', async () => {
    const text = rowsCsv('k,mostly_empty,empty,mixed,when,id', 20, (i) =>
      [
        `same`,
        i < 15 ? '' : `${i}`,
        '',
        i === 0 ? 'abc' : `${i}.5`,
        i % 2 ? `2024-01-${10 + i}` : `${i + 1}.01.2024`,
        `u${i}`
      ].join(',')
    );
    const info = await load(utf8(text), { fileName: 'w.csv' });
    const got = Object.fromEntries(info.warnings.map((w) => [`${w.code}:${w.column}`, w.value]));
    expect(got['CONSTANT_COLUMN:k']).toBe(1);
    expect(got['HIGH_MISSING:mostly_empty']).toBe(0.75);
    expect(got['ALL_MISSING:empty']).toBe(1);
    expect(got['MIXED_TYPES:mixed']).toBe(0.95);
    expect(got['DATE_AS_TEXT:when']).toBe(1);
    expect(got['ID_LIKE_COLUMN:id']).toBe(20);
    for (const w of info.warnings) {
      expect(w.message.pl).toContain(w.column!);
      expect(w.message.en).toContain(w.column!);
    }
  });

  test('loadTable() quotes hostile column names: <img src=x onerror=alert(1)> and a"b load and read back', async () => {
    const text = rowsCsv(
      '"<img src=x onerror=alert(1)>","a""b","it\'s"',
      10,
      (i) => `${i},x${i},y`
    );
    const info = await load(utf8(text), { fileName: 'evil.csv' });
    expect(info.columns.map((c) => c.name)).toEqual([
      '<img src=x onerror=alert(1)>',
      'a"b',
      "it's"
    ]);
    const p = await page(info);
    expect(p.columns[1][9]).toBe('x9');
  });
});

describe('loadTable() on XLSX', () => {
  const shared = [
    '<t>name</t>',
    '<r><t>wh</t></r><r><rPr/><t>en</t></r>',
    '<t>a &amp; b</t>',
    '<t>Zażółć</t>'
  ];
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      { s: i % 2 ? 2 : 3 },
      { n: 45000 + i, style: 1 },
      i === 4 ? null : { b: i % 2 === 0 },
      i === 5 ? { e: '#N/A' } : { n: i + 0.5, style: 3 },
      { inline: `r${i}` }
    ]);
  const book = buildXlsx(
    [
      {
        name: 'Dane',
        rows: [
          [{ s: 0 }, { s: 1 }, { inline: 'flag' }, { inline: 'n' }, { inline: 'label' }],
          ...rows(12)
        ]
      },
      {
        name: 'Druga',
        rows: [
          [{ inline: 'x' }, { inline: 'x' }],
          ...Array.from({ length: 11 }, (_, i) => [{ n: i }, { n: 2 * i }])
        ]
      }
    ],
    shared
  );

  test('listSheets() returns the sheet names in workbook order', () => {
    expect(listSheets(book)).toEqual(['Dane', 'Druga']);
  });

  test('loadTable() reads the first sheet: rich text, entities, dates, booleans, errors and gaps', async () => {
    const info = await load(book, { fileName: 'book.xlsx' });
    expect(info.format).toBe('xlsx');
    expect(info.sheets).toEqual(['Dane', 'Druga']);
    expect(info.sheet).toBe('Dane');
    expect(info.rows).toBe(12);
    expect(info.columns.map((c) => [c.name, c.type])).toEqual([
      ['name', 'categorical'],
      ['when', 'date'],
      ['flag', 'boolean'],
      ['n', 'numeric'],
      ['label', 'categorical']
    ]);
    expect(info.columns[2].missing).toBe(1); // the gap
    expect(info.columns[3].missing).toBe(1); // #N/A
    const p = await page(info);
    expect(p.columns[0].slice(0, 2)).toEqual(['Zażółć', 'a & b']);
    expect(p.columns[1][0]).toBe('2023-03-15'); // serial 45000
    expect(p.columns[3][0]).toBe(0.5);
  });

  test('loadTable() reads the sheet named in opts.sheet and renames its duplicate header', async () => {
    const info = await load(book, { fileName: 'book.xlsx', sheet: 'Druga' });
    expect(info.sheet).toBe('Druga');
    expect(info.rows).toBe(11);
    expect(info.columns.map((c) => c.name)).toEqual(['x', 'x_2']);
    expect(info.warnings.map((w) => w.code)).toContain('DUPLICATE_COLUMN_NAME');
  });

  test('loadTable() with an unknown sheet throws SHEET_NOT_FOUND listing the sheets', async () => {
    const e = await errorOf(() => load(book, { fileName: 'book.xlsx', sheet: 'Nope' }));
    expect([e.name, e.code]).toEqual(['DataLoadError', 'SHEET_NOT_FOUND']);
    expect(e.details.sheets).toEqual(['Dane', 'Druga']);
    expect(e.messages.en).toContain('"Dane", "Druga"');
  });
});

describe('loadTable() progress and cancellation', () => {
  test('loadTable() reports every stage in order and times each', async () => {
    const stages: string[] = [];
    const info = await loadTable(
      await runner(),
      utf8(rowsCsv('a', 10, (i) => `${i}`)),
      { fileName: 'p.csv' },
      (p) => stages.push(p.stage)
    );
    expect(stages).toEqual(['detect', 'detect', 'decode', 'parse', 'profile', 'validate']);
    expect(Object.keys(info.timings)).toEqual(['detect', 'decode', 'parse', 'profile', 'validate']);
  });

  test('loadTable() throws CancelledError at the stage where the signal was aborted', async () => {
    const signal = { aborted: false };
    const e = await errorOf(() =>
      loadTable(
        runner0,
        utf8(rowsCsv('a', 10, (i) => `${i}`)),
        { fileName: 'p.csv' },
        (p) => {
          if (p.stage === 'parse') signal.aborted = true;
        },
        signal
      )
    );
    expect([e.name, e.code, e.details.stage]).toEqual(['CancelledError', 'CANCELLED', 'parse']);
  });
});
let runner0: Awaited<ReturnType<typeof runner>>;
runner().then((r) => (runner0 = r));
