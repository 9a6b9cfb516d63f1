// Guards the Frame builders: Arrow (hand-built and real DuckDB results) → Frame with the documented
// type mapping, frameFromColumns, frameSubset, and encodeTarget's LabelEncoder-style class codes.
import { describe, expect, test } from 'vitest';
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  TimestampMillisecond,
  Utf8,
  tableFromArrays,
  Table,
  vectorFromArray
} from 'apache-arrow';
import {
  encodeTarget,
  frameFromArrow,
  frameFromColumns,
  frameSubset
} from '../../workers/engine/frame/index';
import type {
  Frame,
  FrameCategoricalColumn,
  FrameNumericColumn
} from '../../workers/engine/frame/index';
import { runner } from './helpers';

const num = (f: Frame, name: string) =>
  f.columns.find((c) => c.name === name) as FrameNumericColumn;
const cat = (f: Frame, name: string) =>
  f.columns.find((c) => c.name === name) as FrameCategoricalColumn;
/** Decoded text values of a categorical column (null = missing). */
const texts = (c: FrameCategoricalColumn) =>
  Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]));
const DAY = 86_400_000;

async function errorOf(
  fn: () => unknown
): Promise<{ name: string; code: string; details: Record<string, unknown> }> {
  try {
    await fn();
  } catch (e) {
    return e as never;
  }
  throw new Error('expected an error');
}

describe('frameFromArrow on hand-built Arrow tables', () => {
  test('typed arrays from tableFromArrays become numeric columns, BigInt64 included', () => {
    const t = tableFromArrays({
      f: Float64Array.from([1.5, -2, 3]),
      i: Int32Array.from([7, 8, -9]),
      b: BigInt64Array.from([1n, -2n, 9007199254740991n])
    });
    const f = frameFromArrow(t);
    expect(f.nRows).toBe(3);
    expect(Array.from(num(f, 'f').values)).toEqual([1.5, -2, 3]);
    expect(Array.from(num(f, 'i').values)).toEqual([7, 8, -9]);
    expect(Array.from(num(f, 'b').values)).toEqual([1, -2, 9007199254740991]);
    expect(f.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric']);
  });

  test('nulls, booleans, dates, timestamps, strings and dictionaries map to NaN / −1 and the right kinds', () => {
    const t = new Table({
      x: vectorFromArray([1, null, 3], new Float64()),
      n: vectorFromArray([null, 5, 6], new Int32()),
      big: vectorFromArray([null, 10n, -3n], new Int64()),
      ok: vectorFromArray([true, null, false], new Bool()),
      d: vectorFromArray(
        [new Date(Date.UTC(2020, 2, 4)), null, new Date(Date.UTC(1969, 11, 31))],
        new DateDay()
      ),
      ts: vectorFromArray([Date.UTC(2021, 0, 2, 3, 4, 5, 6), null, 0], new TimestampMillisecond()),
      s: vectorFromArray(['b', null, 'a'], new Utf8()),
      e: vectorFromArray(['red', 'blue', null], new Dictionary(new Utf8(), new Int32()))
    });
    const f = frameFromArrow(t);
    expect(Array.from(num(f, 'x').values)).toEqual([1, NaN, 3]);
    expect(Array.from(num(f, 'n').values)).toEqual([NaN, 5, 6]);
    expect(Array.from(num(f, 'big').values)).toEqual([NaN, 10, -3]);
    expect(num(f, 'ok').kind).toBe('boolean');
    expect(Array.from(num(f, 'ok').values)).toEqual([1, NaN, 0]);
    expect(num(f, 'd').kind).toBe('datetime');
    expect(Array.from(num(f, 'd').values)).toEqual([Date.UTC(2020, 2, 4), NaN, -DAY]);
    expect(Array.from(num(f, 'ts').values)).toEqual([Date.UTC(2021, 0, 2, 3, 4, 5, 6), NaN, 0]);
    expect(cat(f, 's').dictionary).toEqual(['a', 'b']);
    expect(Array.from(cat(f, 's').codes)).toEqual([1, -1, 0]);
    expect(cat(f, 'e').kind).toBe('categorical');
    expect(texts(cat(f, 'e'))).toEqual(['red', 'blue', null]);
    expect(cat(f, 'e').dictionary).toEqual(['blue', 'red']);
  });

  test('Utf8 text: empty, short, long, non-ASCII (Polish), NUL-padded and > 256-byte values decode exactly', () => {
    const long = 'x'.repeat(300);
    const vals = [
      '',
      'a',
      'a\u0000',
      'ż',
      'Łódź',
      'Kraków',
      'abcdef',
      'abcdefg',
      long,
      null,
      'ż',
      ''
    ];
    const f = frameFromArrow(new Table({ s: vectorFromArray(vals, new Utf8()) }));
    expect(texts(cat(f, 's'))).toEqual(vals);
    expect(cat(f, 's').dictionary.length).toBe(9);
  });

  test('multi-chunk tables read every chunk at the right offset', () => {
    const a = tableFromArrays({ v: Float64Array.from([1, 2]) });
    const b = new Table({ v: vectorFromArray([null, 4], new Float64()) });
    const f = frameFromArrow(a.concat(b));
    expect(Array.from(num(f, 'v').values)).toEqual([1, 2, NaN, 4]);
  });

  test('options: column subset and order, forced categorical, unknown names → MISSING_COLUMNS', async () => {
    const t = tableFromArrays({ a: Int32Array.from([2, 10, 2]), b: Float64Array.from([1, 2, 3]) });
    const f = frameFromArrow(t, { columns: ['b', 'a'], categorical: ['a'] });
    expect(f.columns.map((c) => c.name)).toEqual(['b', 'a']);
    expect(cat(f, 'a').dictionary).toEqual(['10', '2']);
    const e = await errorOf(() => frameFromArrow(t, { columns: ['a', 'zz'] }));
    expect(e.code).toBe('MISSING_COLUMNS');
    expect(e.details.columns).toEqual(['zz']);
  });
});

describe('frameFromArrow on DuckDB results (Node runner)', () => {
  test('integers, BIGINT, DECIMAL, HUGEINT, floats, BOOLEAN, DATE, TIMESTAMP (µs, ms, s, tz), VARCHAR, ENUM with NULLs', async () => {
    const db = await runner();
    const t = await db.query(`
      SELECT * FROM (VALUES
        (1::TINYINT, 10::BIGINT, 12.345::DECIMAL(10,3), -1.5::DECIMAL(4,1), 123456789012::HUGEINT, 2.5::FLOAT, true,
         DATE '2020-03-04', TIMESTAMP '2020-03-04 05:06:07.123456', TIMESTAMP_MS '2020-03-04 05:06:07.123',
         TIMESTAMP_S '1999-12-31 23:59:59', TIMESTAMPTZ '2020-03-04 05:06:07+00', 'x', 'a'::ENUM('a','b')),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (-3::TINYINT, -9007199254740991::BIGINT, -0.001::DECIMAL(10,3), 0.0::DECIMAL(4,1), -5::HUGEINT, -0.25::FLOAT, false,
         DATE '1960-01-01', TIMESTAMP '1970-01-01 00:00:00', TIMESTAMP_MS '1970-01-01 00:00:00.001',
         TIMESTAMP_S '2000-01-01 00:00:00', TIMESTAMPTZ '1970-01-01 00:00:00+00', 'w', 'b'::ENUM('a','b'))
      ) t(ti, bi, dec, dec1, hi, fl, bo, da, ts_us, ts_ms, ts_s, tstz, vc, en)`);
    const f = frameFromArrow(t);
    const v = (n: string) => Array.from(num(f, n).values);
    expect(v('ti')).toEqual([1, NaN, -3]);
    expect(v('bi')).toEqual([10, NaN, -9007199254740991]);
    expect(v('dec')).toEqual([12.345, NaN, -0.001]);
    expect(v('dec1')).toEqual([-1.5, NaN, 0]);
    expect(v('hi')).toEqual([123456789012, NaN, -5]);
    expect(v('fl')).toEqual([2.5, NaN, -0.25]);
    expect(num(f, 'bo').kind).toBe('boolean');
    expect(v('bo')).toEqual([1, NaN, 0]);
    for (const n of ['da', 'ts_us', 'ts_ms', 'ts_s', 'tstz'])
      expect(num(f, n).kind).toBe('datetime');
    expect(v('da')).toEqual([Date.UTC(2020, 2, 4), NaN, Date.UTC(1960, 0, 1)]);
    expect(v('ts_us')[0]).toBeCloseTo(Date.UTC(2020, 2, 4, 5, 6, 7, 123) + 0.456, 6);
    expect(v('ts_us').slice(1)).toEqual([NaN, 0]);
    expect(v('ts_ms')).toEqual([Date.UTC(2020, 2, 4, 5, 6, 7, 123), NaN, 1]);
    expect(v('ts_s')).toEqual([Date.UTC(1999, 11, 31, 23, 59, 59), NaN, Date.UTC(2000, 0, 1)]);
    expect(v('tstz')).toEqual([Date.UTC(2020, 2, 4, 5, 6, 7), NaN, 0]);
    expect(texts(cat(f, 'vc'))).toEqual(['x', null, 'w']);
    expect(cat(f, 'vc').dictionary).toEqual(['w', 'x']);
    expect(texts(cat(f, 'en'))).toEqual(['a', null, 'b']);
  });

  test('TIME → ms since midnight; INTERVAL → its text, or UNSUPPORTED_COLUMN_TYPE when asked', async () => {
    const db = await runner();
    const t = await db.query(`SELECT TIME '01:02:03.5' AS tm, INTERVAL 2 DAY AS iv`);
    const f = frameFromArrow(t);
    expect(Array.from(num(f, 'tm').values)).toEqual([3_723_500]);
    expect(cat(f, 'iv').kind).toBe('categorical');
    expect(cat(f, 'iv').dictionary.length).toBe(1);
    const e = await errorOf(() => frameFromArrow(t, { unsupported: 'error' }));
    expect(e.code).toBe('UNSUPPORTED_COLUMN_TYPE');
    expect(e.details.column).toBe('iv');
  });

  test('a loaded dataset (penguins.csv through loadTable) keeps its missing cells', async () => {
    const { loadTable } = await import('../../workers/engine/index');
    const { readBytes, datasetsDir } = await import('./helpers');
    const db = await runner();
    await loadTable(db, readBytes(`${datasetsDir}/penguins.csv`), {
      fileName: 'penguins.csv',
      tableName: 'peng'
    });
    const f = frameFromArrow(await db.query('SELECT * FROM peng'));
    expect(f.nRows).toBe(344);
    const missing = f.columns.reduce(
      (s, c) =>
        s +
        (c.kind === 'categorical'
          ? c.codes.filter((k) => k < 0).length
          : c.values.filter(Number.isNaN).length),
      0
    );
    expect(missing).toBe(19); // datasets README: 19 missing cells
    expect(cat(f, 'species').dictionary).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(num(f, 'bill_length_mm').values[0]).toBe(39.1);
  });
});

describe('frameFromColumns / frameSubset', () => {
  test('kinds inferred; mixed columns become text; NaN / null / undefined are missing', () => {
    const f = frameFromColumns(
      ['n', 'b', 'd', 't', 'mix'],
      [
        [1, null, NaN],
        [true, false, undefined],
        [new Date(0), null, new Date(DAY)],
        ['x', 'y', null],
        [1, 'a', null]
      ]
    );
    expect(f.columns.map((c) => c.kind)).toEqual([
      'numeric',
      'boolean',
      'datetime',
      'categorical',
      'categorical'
    ]);
    expect(Array.from(num(f, 'n').values)).toEqual([1, NaN, NaN]);
    expect(Array.from(num(f, 'b').values)).toEqual([1, 0, NaN]);
    expect(Array.from(num(f, 'd').values)).toEqual([0, NaN, DAY]);
    expect(texts(cat(f, 'mix'))).toEqual(['1', 'a', null]);
  });

  test('ragged columns → INVALID_INPUT', async () => {
    expect((await errorOf(() => frameFromColumns(['a', 'b'], [[1, 2], [1]]))).code).toBe(
      'INVALID_INPUT'
    );
  });

  test('frameSubset takes rows in the given order and rejects indices ≥ nRows', async () => {
    const f = frameFromColumns(
      ['n', 't'],
      [
        [10, 20, 30],
        ['a', 'b', null]
      ]
    );
    const s = frameSubset(f, Uint32Array.from([2, 0, 0]));
    expect(s.nRows).toBe(3);
    expect(Array.from(num(s, 'n').values)).toEqual([30, 10, 10]);
    expect(texts(cat(s, 't'))).toEqual([null, 'a', 'a']);
    expect((await errorOf(() => frameSubset(f, Uint32Array.from([3])))).code).toBe('INVALID_INPUT');
  });
});

describe('encodeTarget', () => {
  test('text classes sorted by code unit (LabelEncoder), codes 0 … K − 1, missing rows reported', () => {
    const f = frameFromColumns(['y'], [['b', 'a', null, 'c', 'a', 'B']]);
    const t = encodeTarget(f, 'y', 'multiclass');
    expect(t.classes).toEqual(['B', 'a', 'b', 'c']);
    expect(Array.from(t.y)).toEqual([2, 1, NaN, 3, 1, 0]);
    expect(Array.from(t.missingRows)).toEqual([2]);
    expect(t.task).toBe('multiclass');
    expect(t.column).toBe('y');
  });

  test('numeric classes sorted numerically (2 < 9 < 10); two classes → binary', () => {
    const t = encodeTarget(frameFromColumns(['y'], [[10, 2, 9, 2]]), 'y', 'multiclass');
    expect(t.classes).toEqual(['2', '9', '10']);
    expect(Array.from(t.y)).toEqual([2, 0, 1, 0]);
    const b = encodeTarget(frameFromColumns(['y'], [[true, false, true]]), 'y', 'multiclass');
    expect(b.task).toBe('binary');
    expect(b.classes).toEqual(['false', 'true']);
    expect(Array.from(b.y)).toEqual([1, 0, 1]);
  });

  test('regression keeps values (text of numbers parsed), NaN where missing', () => {
    const t = encodeTarget(frameFromColumns(['y'], [['1.5', null, '-2']]), 'y', 'regression');
    expect(Array.from(t.y)).toEqual([1.5, NaN, -2]);
    expect(t.classes).toEqual([]);
    expect(Array.from(t.missingRows)).toEqual([1]);
  });

  test('errors: one class, no values, unknown column, text regression, 3 classes as binary', async () => {
    const code = async (fn: () => unknown) => {
      const e = await errorOf(fn);
      expect(e.name).toBe('InvalidTargetError');
      return e.code;
    };
    expect(
      await code(() => encodeTarget(frameFromColumns(['y'], [['a', 'a', null]]), 'y', 'binary'))
    ).toBe('TARGET_SINGLE_CLASS');
    expect(
      await code(() => encodeTarget(frameFromColumns(['y'], [[null, null]]), 'y', 'binary'))
    ).toBe('TARGET_ALL_MISSING');
    expect(await code(() => encodeTarget(frameFromColumns(['y'], [[1, 2]]), 'z', 'binary'))).toBe(
      'TARGET_NOT_FOUND'
    );
    expect(
      await code(() => encodeTarget(frameFromColumns(['y'], [['a', '1']]), 'y', 'regression'))
    ).toBe('TARGET_TYPE_MISMATCH');
    expect(
      await code(() => encodeTarget(frameFromColumns(['y'], [[1, 2, 3]]), 'y', 'binary'))
    ).toBe('TARGET_TYPE_MISMATCH');
    expect(
      await code(() => encodeTarget(frameFromColumns(['y'], [[4, 4]]), 'y', 'regression'))
    ).toBe('TARGET_CONSTANT');
  });
});
