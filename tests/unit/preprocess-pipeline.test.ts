// Guards fitPipeline / FittedPipeline.transform: imputation and scalers against hand-computed
// values (scikit-learn's definitions), one-hot / rare / unknown handling, tree codes, datetime
// parts, dropping rules, `source`, fitting on training rows only, the input schema checks, and the
// JSON round trip with its validation.
import { describe, expect, test } from 'vitest';
import { frameFromColumns } from '../../workers/engine/frame/index';
import type { EncodedTarget, Frame } from '../../workers/engine/frame/index';
import { decodePipeline, encodePipeline, fitPipeline } from '../../workers/engine/preprocess/index';
import type { PipelineOptions } from '../../workers/engine/preprocess/index';
import type { DesignMatrix } from '../../workers/engine/models/types';

const rows = (...r: number[]) => Uint32Array.from(r);
const col = (X: DesignMatrix, name: string) => {
  const j = X.names.indexOf(name);
  if (j < 0) throw new Error(`no design column ${name} in ${X.names.join(', ')}`);
  return Array.from(X.columns[j]);
};
const binary = (y: number[]): EncodedTarget => ({
  task: 'binary',
  y: Float64Array.from(y),
  classes: ['0', '1']
});
const noRare = { rareMinCount: 0, rareMinFraction: 0 };

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

// Rows 0–4 train; row 5 is a "new" row with an unseen category and an outlier.
const small = (): Frame =>
  frameFromColumns(
    ['x', 'c'],
    [
      [1, NaN, 3, 10, 4, 100],
      ['a', 'b', 'a', null, 'c', 'zzz']
    ]
  );
const TRAIN = rows(0, 1, 2, 3, 4);
const y6 = binary([0, 1, 0, 1, 1, 0]);

describe('dense numeric: imputation, indicators, scalers', () => {
  test('median imputation = np.median of the training values ((3 + 4) / 2), indicator marks the gap', () => {
    const { train, pipeline } = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', ...noRare });
    expect(col(train, 'x')).toEqual([1, 3.5, 3, 10, 4]);
    expect(col(train, 'x_missing')).toEqual([0, 1, 0, 0, 0]);
    expect(col(pipeline.transform(small(), rows(5, 1)), 'x')).toEqual([100, 3.5]);
  });

  test('mean and constant imputation', () => {
    const m = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', impute: 'mean' }).train;
    expect(col(m, 'x')[1]).toBe(18 / 4);
    const c = fitPipeline(small(), TRAIN, y6, {
      flavour: 'dense',
      impute: 'constant',
      fillValue: -1
    }).train;
    expect(col(c, 'x')[1]).toBe(-1);
  });

  test('standard scaler = (x − mean) / population std of the imputed training column (StandardScaler)', () => {
    const { train, pipeline } = fitPipeline(small(), TRAIN, y6, {
      flavour: 'dense',
      scale: true,
      ...noRare
    });
    // Imputed training column [1, 3.5, 3, 10, 4]: mean 4.3, Σ(x − mean)² = 45.8, variance 45.8 / 5.
    const z = (x: number) => (x - 4.3) / Math.sqrt(45.8 / 5);
    col(train, 'x').forEach((v, i) => expect(v).toBeCloseTo(z([1, 3.5, 3, 10, 4][i]), 12));
    expect(col(pipeline.transform(small(), rows(5)), 'x')[0]).toBeCloseTo(z(100), 12);
    // Indicators and one-hot columns stay 0 / 1.
    expect(col(train, 'x_missing')).toEqual([0, 1, 0, 0, 0]);
    expect(col(train, 'c=a')).toEqual([1, 0, 1, 0, 0]);
  });

  test('robust scaler = (x − median) / IQR (np.percentile linear); min-max = (x − min) / range', () => {
    // Imputed sorted [1, 3, 3.5, 4, 10]: median 3.5, q25 = 3, q75 = 4.
    const r = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', scale: 'robust' }).train;
    expect(col(r, 'x')).toEqual([1, 3.5, 3, 10, 4].map((x) => (x - 3.5) / 1));
    const m = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', scale: 'minmax' }).train;
    col(m, 'x').forEach((v, i) => expect(v).toBeCloseTo(([1, 3.5, 3, 10, 4][i] - 1) / 9, 15));
  });
});

describe('categoricals', () => {
  test("dense one-hot: sorted levels with '__missing__' (anchors' SimpleImputer + OneHotEncoder), unknown → all zeros", () => {
    const { train, pipeline } = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', ...noRare });
    expect(train.names).toEqual(['x', 'x_missing', 'c=__missing__', 'c=a', 'c=b', 'c=c']);
    expect(col(train, 'c=a')).toEqual([1, 0, 1, 0, 0]);
    expect(col(train, 'c=__missing__')).toEqual([0, 0, 0, 1, 0]);
    const t = pipeline.transform(small(), rows(5));
    expect(t.columns.slice(2).map((c) => c[0])).toEqual([0, 0, 0, 0]);
  });

  test('rare grouping: categories below the count go to __rare__, and so do unseen ones at transform', () => {
    const v = [...Array(10).fill('a'), ...Array(10).fill('b'), 'c', 'c', 'd'];
    const f = frameFromColumns(['v'], [[...v, 'new']]);
    const y = binary([...v.map((_, i) => i % 2), 0]);
    const tr = Uint32Array.from(v.keys());
    const { train, pipeline } = fitPipeline(f, tr, y, {
      flavour: 'dense',
      rareMinCount: 3,
      dropIdLike: false
    });
    expect(train.names).toEqual(['v=__rare__', 'v=a', 'v=b']);
    expect(col(train, 'v=__rare__').slice(19)).toEqual([0, 1, 1, 1]);
    expect(col(pipeline.transform(f, rows(23)), 'v=__rare__')).toEqual([1]);
    expect(pipeline.inputSchema[0].categories).toEqual(['a', 'b', 'c', 'd']);
    // When every category is rare, nothing is pooled (the column would vanish).
    const tiny = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', rareMinCount: 10 }).train;
    expect(tiny.names).toEqual(['x', 'x_missing', 'c=__missing__', 'c=a', 'c=b', 'c=c']);
  });

  test("tree flavour: codes 0 … L − 1 of sorted levels, kind 'categorical', missing and unseen → NaN; numerics keep NaN", () => {
    const { train, pipeline } = fitPipeline(small(), TRAIN, y6, { flavour: 'tree', ...noRare });
    expect(train.names).toEqual(['x', 'c']);
    expect(train.kinds).toEqual(['numeric', 'categorical']);
    expect(col(train, 'x')).toEqual([1, NaN, 3, 10, 4]);
    expect(col(train, 'c')).toEqual([0, 1, 0, NaN, 2]);
    expect(col(pipeline.transform(small(), rows(5)), 'c')).toEqual([NaN]);
  });

  test("tree flavour above maxTreeLevels: ordinal codes (kind 'numeric') when asked", () => {
    const { train } = fitPipeline(small(), TRAIN, y6, {
      flavour: 'tree',
      ...noRare,
      maxTreeLevels: 2,
      highCardinality: 'ordinal'
    });
    expect(train.kinds).toEqual(['numeric', 'numeric']);
    expect(col(train, 'c')).toEqual([0, 1, 0, NaN, 2]);
  });
});

describe('datetime parts', () => {
  const f = () =>
    frameFromColumns(
      ['when', 'y'],
      [
        [Date.UTC(2024, 1, 29, 13), Date.UTC(2023, 0, 1), null],
        [0, 1, 1]
      ],
      { when: 'datetime' }
    );
  test('year, month, day, dayofweek (Monday = 0), dayofyear, hour in UTC; tree keeps NaN', () => {
    const y = binary([0, 1, 1]);
    const { train } = fitPipeline(f(), rows(0, 1, 2), { ...y, column: 'y' }, { flavour: 'tree' });
    // 2024-02-29 was a Thursday (3), day 31 + 29 = 60 of a leap year; 2023-01-01 a Sunday (6).
    expect(train.names).toEqual([
      'when_year',
      'when_month',
      'when_day',
      'when_dayofweek',
      'when_dayofyear',
      'when_hour'
    ]);
    expect(train.columns.map((c) => c[0])).toEqual([2024, 2, 29, 3, 60, 13]);
    expect(train.columns.map((c) => c[1])).toEqual([2023, 1, 1, 6, 1, 0]);
    expect(train.columns.every((c) => Number.isNaN(c[2]))).toBe(true);
    expect(Array.from(train.source)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('dense: parts imputed with their medians, one indicator per datetime column; constant parts dropped', () => {
    const y = binary([0, 1, 1]);
    const { train } = fitPipeline(
      f(),
      rows(0, 1, 2),
      { ...y, column: 'y' },
      {
        flavour: 'dense',
        datetimeParts: ['year', 'month']
      }
    );
    expect(train.names).toEqual(['when_year', 'when_month', 'when_missing']);
    expect(col(train, 'when_year')).toEqual([2024, 2023, 2023.5]);
    expect(col(train, 'when_month')).toEqual([2, 1, 1.5]);
    const same = fitPipeline(
      f(),
      rows(0, 1),
      { ...y, column: 'y' },
      { flavour: 'dense', datetimeParts: ['hour', 'year'] }
    );
    expect(same.train.names).toEqual(['when_hour', 'when_year']);
  });
});

describe('dropping and source', () => {
  const n = 30;
  const frame = () =>
    frameFromColumns(
      ['id', 'const', 'name', 'target', 'v', 'gappy', 'leak', 'city'],
      [
        Array.from({ length: n }, (_, i) => 1000 + i),
        Array(n).fill(7),
        Array.from({ length: n }, (_, i) => `person ${i}`),
        Array.from({ length: n }, (_, i) => (i % 3 ? 'no' : 'yes')),
        Array.from({ length: n }, (_, i) => (i * 7) % 11),
        Array.from({ length: n }, (_, i) => (i < 5 ? null : 7)),
        Array.from({ length: n }, (_, i) => i % 2),
        Array.from({ length: n }, (_, i) => ['K', 'W', 'G'][i % 3])
      ]
    );
  const y: EncodedTarget = {
    task: 'binary',
    y: Float64Array.from({ length: n }, (_, i) => (i % 3 ? 0 : 1)),
    classes: ['no', 'yes'],
    column: 'target'
  };
  test('constant, ID-like (row counter, unique names), target and excluded columns are dropped with a reason', () => {
    const { pipeline, train } = fitPipeline(
      frame(),
      Uint32Array.from({ length: n }, (_, i) => i),
      y,
      {
        flavour: 'dense',
        exclude: ['leak']
      }
    );
    expect(pipeline.dropped).toEqual([
      { name: 'id', reason: 'idLike' },
      { name: 'const', reason: 'constant' },
      { name: 'name', reason: 'idLike' },
      { name: 'target', reason: 'target' },
      { name: 'leak', reason: 'excluded' }
    ]);
    // 'gappy' = one value + missing: constant once imputed, so only its indicator remains.
    expect(train.names).toEqual(['v', 'gappy_missing', 'city=G', 'city=K', 'city=W']);
    expect(Array.from(train.source)).toEqual([4, 5, 7, 7, 7]);
    expect(pipeline.sourceNames[7]).toBe('city');
    expect(pipeline.inputSchema.map((c) => c.name)).toEqual(['v', 'gappy', 'city']);
    expect(pipeline.inputSchema[0]).toEqual({ name: 'v', kind: 'numeric', min: 0, max: 10 });
  });

  test('an ID column stays when dropIdLike is false; a training fold of a row counter is still ID-like', () => {
    const f = frame();
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    expect(fitPipeline(f, all, y, { flavour: 'tree', dropIdLike: false }).train.names).toContain(
      'id'
    );
    const fold = all.filter((i) => i % 5 !== 0);
    expect(fitPipeline(f, fold, y, { flavour: 'tree' }).pipeline.dropped[0]).toEqual({
      name: 'id',
      reason: 'idLike'
    });
  });
});

describe('fitting sees the training rows only', () => {
  test('changing every non-training row (values, categories, target) leaves the fitted pipeline identical', () => {
    const mk = (tail: [number, string, number]) =>
      frameFromColumns(
        ['x', 'c', 'h'],
        [
          [1, NaN, 3, 10, 4, tail[0]],
          ['a', 'b', 'a', null, 'c', tail[1]],
          ['p', 'q', 'r', 'p', 'q', 'r']
        ]
      );
    const opts: PipelineOptions = { flavour: 'dense', scale: true, ...noRare, maxOneHotLevels: 2 };
    const a = fitPipeline(mk([100, 'zzz', 0]), TRAIN, binary([0, 1, 0, 1, 1, 0]), opts);
    const b = fitPipeline(mk([-5e6, 'other', 1]), TRAIN, binary([0, 1, 0, 1, 1, 1]), opts);
    expect(JSON.stringify(encodePipeline(b.pipeline))).toBe(
      JSON.stringify(encodePipeline(a.pipeline))
    );
    expect(b.train.columns).toEqual(a.train.columns);
  });
});

describe('transform on new data', () => {
  test('columns matched by name (reordered, extra columns ignored), text numbers coerced', () => {
    const { pipeline } = fitPipeline(small(), TRAIN, y6, { flavour: 'dense', ...noRare });
    const expected = pipeline.transform(small(), rows(0, 2));
    const other = frameFromColumns(
      ['extra', 'c', 'x'],
      [
        [1, 2],
        ['a', 'a'],
        ['1', '3']
      ]
    );
    expect(pipeline.transform(other).columns).toEqual(expected.columns);
  });

  test('missing columns → MISSING_COLUMNS listing them; text in a numeric input → COLUMN_TYPE_MISMATCH', async () => {
    const { pipeline } = fitPipeline(small(), TRAIN, y6, { flavour: 'dense' });
    const e = await errorOf(() => pipeline.transform(frameFromColumns(['y'], [[1]])));
    expect(e.name).toBe('DataValidationError');
    expect(e.code).toBe('MISSING_COLUMNS');
    expect(e.details.columns).toEqual(['x', 'c']);
    const t = await errorOf(() =>
      pipeline.transform(frameFromColumns(['x', 'c'], [['abc'], ['a']]))
    );
    expect(t.code).toBe('COLUMN_TYPE_MISMATCH');
    expect(t.details.value).toBe('abc');
  });
});

describe('encodePipeline / decodePipeline', () => {
  const rich = () =>
    frameFromColumns(
      ['x', 'c', 'h', 'd', 'b'],
      [
        [1, NaN, 3, 10, 4, 100, 2, 2],
        ['a', 'b', 'a', null, 'c', 'zzz', 'a', 'b'],
        ['p', 'q', 'r', 'p', 's', 'r', 't', 'u'],
        [0, 86_400_000 * 40, null, 86_400_000 * 400, 5, 6, 7, 8].map((v) =>
          v === null ? null : new Date(v)
        ),
        [true, false, null, true, true, false, false, true]
      ]
    );
  const y = binary([0, 1, 0, 1, 1, 0, 1, 0]);
  for (const flavour of ['dense', 'tree'] as const) {
    test(`${flavour}: encode → JSON → decode → transform gives identical bits`, () => {
      const opts: PipelineOptions = {
        flavour,
        scale: 'standard',
        ...noRare,
        maxOneHotLevels: 3,
        maxTreeLevels: 3
      };
      const { pipeline } = fitPipeline(rich(), rows(0, 1, 2, 3, 4, 6), y, opts);
      const json = JSON.parse(JSON.stringify(encodePipeline(pipeline)));
      const back = decodePipeline(json);
      const a = pipeline.transform(rich());
      const b = back.transform(rich());
      expect(b.names).toEqual(a.names);
      expect(b.kinds).toEqual(a.kinds);
      expect(b.source).toEqual(a.source);
      expect(b.columns).toEqual(a.columns);
      expect(a.names.some((s) => s.startsWith('h_te'))).toBe(true);
      expect(encodePipeline(back)).toEqual(json);
    });
  }

  test('garbage → AppError INVALID_MODEL naming the field', async () => {
    const { pipeline } = fitPipeline(rich(), rows(0, 1, 2, 3, 4, 6), y, {
      flavour: 'dense',
      ...noRare,
      maxOneHotLevels: 3
    });
    const good = () => JSON.parse(JSON.stringify(encodePipeline(pipeline)));
    const te = (j: { blocks: { type: string }[] }) =>
      j.blocks.find((b) => b.type === 'target') as Record<string, unknown>;
    const cases: [string, (j: ReturnType<typeof good>) => unknown][] = [
      ['json', () => '{'],
      ['root', () => 42],
      ['format', (j) => ({ ...j, format: 'dg-pipeline/9' })],
      ['blocks[0].input', (j) => ((j.blocks[0].input = 99), j)],
      ['names.length', (j) => (j.names.pop(), j)],
      ['table', (j) => ((te(j).table = 'AAAA'), j)],
      ['scale', (j) => ((j.blocks[0].scale = 0), j)],
      ['inputs', (j) => ((j.inputs = null), j)],
      ['type', (j) => ((j.blocks[0].type = 'magic'), j)]
    ];
    for (const [field, corrupt] of cases) {
      const e = await errorOf(() => decodePipeline(corrupt(good())));
      expect(e.code, field).toBe('INVALID_MODEL');
      expect(String(e.details.field), field).toContain(field);
    }
  });
});

describe('options', () => {
  test('invalid options → INVALID_PARAM naming the option', async () => {
    const bad: PipelineOptions[] = [
      { flavour: 'wide' as never },
      { flavour: 'dense', scale: 'log' as never },
      { flavour: 'tree', maxTreeLevels: 300 },
      { flavour: 'dense', targetFolds: 1 },
      { flavour: 'dense', datetimeParts: ['minute' as never] }
    ];
    for (const o of bad) {
      const e = await errorOf(() => fitPipeline(small(), TRAIN, y6, o));
      expect(e.code).toBe('INVALID_PARAM');
    }
  });

  test('nothing left after dropping → NO_FEATURES listing the dropped columns', async () => {
    const f = frameFromColumns(
      ['k', 'y'],
      [
        [1, 1, 1],
        [0, 1, 0]
      ]
    );
    const y: EncodedTarget = { ...binary([0, 1, 0]), column: 'y' };
    const e = await errorOf(() => fitPipeline(f, rows(0, 1, 2), y, { flavour: 'tree' }));
    expect(e.code).toBe('NO_FEATURES');
    expect(e.details.dropped).toEqual([
      { name: 'k', reason: 'constant' },
      { name: 'y', reason: 'target' }
    ]);
  });

  test('bad rows or targets → INVALID_INPUT', async () => {
    expect((await errorOf(() => fitPipeline(small(), rows(), y6, { flavour: 'dense' }))).code).toBe(
      'INVALID_INPUT'
    );
    expect(
      (await errorOf(() => fitPipeline(small(), rows(9), y6, { flavour: 'dense' }))).code
    ).toBe('INVALID_INPUT');
    const nanY = binary([0, NaN, 0, 1, 1, 0]);
    expect(
      (await errorOf(() => fitPipeline(small(), TRAIN, nanY, { flavour: 'dense' }))).code
    ).toBe('INVALID_INPUT');
  });
});
