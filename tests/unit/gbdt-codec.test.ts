// FlatForest ⇄ JSON (workers/engine/gbdt/forest-codec.ts): the round trip is bitwise exact and
// predicts the same; anything a predictor relies on is validated with a typed INVALID_MODEL error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../workers/engine/errors';
import type { FlatForest } from '../../workers/engine/gbdt/flat-forest';
import { decodeForest, encodeForest } from '../../workers/engine/gbdt/forest-codec';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { predictRaw } from '../../workers/engine/gbdt/predict';
import { importXGBoostJson } from '../../workers/engine/gbdt/xgboost-import';
import { createRng } from '../../workers/engine/rng';
import { repoRoot } from './helpers';
import { randomForest, randomRows } from './predict-forests';

const ARRAYS = [
  'baseScore',
  'treeStart',
  'treeOutput',
  'feature',
  'threshold',
  'left',
  'right',
  'defaultLeft',
  'value',
  'cover',
  'catOffset',
  'catWords'
] as const;

function trained(): FlatForest {
  const rng = createRng(3);
  const n = 400;
  const X = [0, 1, 2].map((f) =>
    Float64Array.from({ length: n }, () =>
      f === 2 ? rng.int(5) : rng.next() < 0.1 ? NaN : rng.next() * 4 - 2
    )
  );
  const y = Float64Array.from({ length: n }, (_, i) => (X[0][i] > 0 !== X[2][i] > 2 ? 1 : 0));
  return fitGbdt(X, ['numeric', 'numeric', 'categorical'], y, {
    loss: 'logLoss',
    maxIter: 8,
    earlyStopping: false,
    minSamplesLeaf: 5
  }).forest;
}

function golden(): FlatForest {
  const dir = path.resolve(repoRoot, '../shared/golden/xgboost-treeshap');
  return importXGBoostJson(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')));
}

const forests: [string, () => FlatForest][] = [
  ['trained GBDT (NaN, categorical)', trained],
  ['imported XGBoost (float32 splits)', golden],
  [
    'averaging, vector leaves, bitsets, NaN thresholds',
    () =>
      randomForest({
        ...{ nTrees: 6, depth: 4, nFeatures: 4, nOutputs: 3, kind: 'averaging' as const },
        ...{ vectorLeaves: true, nCatFeatures: 1, catShare: 0.5, seed: 9 }
      })
  ]
];

describe('encodeForest() / decodeForest()', () => {
  for (const [name, make] of forests) {
    test(`round trip through JSON text is bitwise exact: ${name}`, () => {
      const f = make();
      const back = decodeForest(JSON.parse(JSON.stringify(encodeForest(f))));
      for (const key of ARRAYS) {
        expect(back[key].constructor).toBe(f[key].constructor);
        expect(
          new Uint8Array(back[key].buffer, back[key].byteOffset, back[key].byteLength)
        ).toEqual(new Uint8Array(f[key].buffer, f[key].byteOffset, f[key].byteLength));
      }
      for (const key of [
        'kind',
        'link',
        'nFeatures',
        'nOutputs',
        'valueWidth',
        'float32Splits'
      ] as const)
        expect(back[key]).toBe(f[key]);
      const X = randomRows(f, 200, { nanShare: 0.1 });
      expect(predictRaw(back, X, 200)).toEqual(predictRaw(f, X, 200));
    });
  }

  test('the encoding is tagged and base64 (little-endian bytes)', () => {
    const f = randomForest({ nTrees: 1, depth: 1, nFeatures: 1, seed: 1 });
    f.threshold[0] = 1;
    const e = encodeForest(f);
    expect(e.format).toBe('dg-forest/1');
    // 1.0 as little-endian float64: 00 00 00 00 00 00 f0 3f.
    expect(e.arrays.threshold.startsWith('AAAAAAAA8D8')).toBe(true);
  });

  type Encoded = Record<string, unknown> & { arrays: Record<string, string> };
  const broken: [string, (e: Encoded) => void][] = [
    ['another format', (e) => (e.format = 'dg-forest/9')],
    ['an unknown kind', (e) => (e.kind = 'bagging')],
    ['a negative nFeatures', (e) => (e.nFeatures = -1)],
    ['a non-base64 array', (e) => (e.arrays.left = 'not base64!')],
    ['a truncated array', (e) => (e.arrays.threshold = e.arrays.threshold.slice(0, -4))],
    ['a missing array', (e) => delete e.arrays.cover],
    [
      'a child pointing back to its parent',
      (e) => {
        const left = new Int32Array(
          Uint8Array.from(atob(e.arrays.left), (c) => c.charCodeAt(0)).buffer
        );
        left[1] = 0;
        e.arrays.left = btoa(String.fromCharCode(...new Uint8Array(left.buffer)));
      }
    ],
    ['a feature out of range', (e) => (e.nFeatures = 0)]
  ];
  for (const [what, corrupt] of broken) {
    test(`decodeForest() rejects ${what} with INVALID_MODEL`, () => {
      const e = JSON.parse(
        JSON.stringify(encodeForest(randomForest({ nTrees: 2, depth: 3, nFeatures: 2, seed: 5 })))
      );
      corrupt(e);
      let err: unknown;
      try {
        decodeForest(e);
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_MODEL');
      expect((err as AppError).messages.pl).toMatch(/nieprawidłowy model/);
      expect((err as AppError).messages.en).toMatch(/invalid tree model/);
    });
  }

  test('decodeForest() rejects non-objects', () => {
    for (const v of [null, 3, 'x', []]) expect(() => decodeForest(v)).toThrow(AppError);
  });
});
