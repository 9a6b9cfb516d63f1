// Guards the MLP's tfjs-free inference (workers/engine/models/mlp.ts) and its bundle codec: the
// forward pass against hand-computed networks, the output links, the dg-mlp/1 round trip, and
// INVALID_MODEL / INVALID_INPUT on damaged models and mismatched inputs.
import { describe, expect, it } from 'vitest';
import { decodeMlp, MlpModel, type MlpState } from '../../workers/engine/models/mlp';
import { MLP_FORMAT } from '../../workers/engine/models/mlp-codec';
import type { DesignMatrix, ModelTask } from '../../workers/engine/models/types';
import { AppError } from '../../workers/engine/errors';

/** Column-major design matrix from row-major rows. */
function design(rows: number[][]): DesignMatrix {
  const d = rows[0].length;
  const columns = Array.from({ length: d }, (_, f) => Float64Array.from(rows, (r) => r[f]));
  return {
    nRows: rows.length,
    columns,
    names: columns.map((_, f) => `x${f}`),
    kinds: columns.map(() => 'numeric' as const),
    source: Int32Array.from(columns, (_, f) => f)
  };
}

const layer = (nIn: number, nOut: number, kernel: number[], bias: number[]) => ({
  nIn,
  nOut,
  kernel: Float64Array.from(kernel),
  bias: Float64Array.from(bias)
});

/** 2 → 2 (hidden) → 1 network: W1 = [[1, −1], [2, 0.5]], b1 = [0.5, −1], W2 = [0.2, 3], b2 = −1. */
function tiny(task: ModelTask, activation: 'relu' | 'tanh' = 'relu'): MlpState {
  return {
    task,
    nClasses: task === 'binary' ? 2 : 1,
    nFeatures: 2,
    activation,
    output: task === 'binary' ? 'sigmoid' : 'identity',
    layers: [layer(2, 2, [1, -1, 2, 0.5], [0.5, -1]), layer(2, 1, [0.2, 3], [-1])],
    yMean: task === 'regression' ? 100 : 0,
    yStd: task === 'regression' ? 20 : 1
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('MlpModel.predict()', () => {
  it('binary: hand-computed ReLU network gives [1 − p, p] per row', () => {
    // Row (1, 2): hidden pre-activations 1·1 + 2·2 + 0.5 = 5.5 and 1·(−1) + 2·0.5 − 1 = −1 → ReLU
    // (5.5, 0); output 5.5·0.2 + 0·3 − 1 = 0.1. Row (0, 0): hidden (0.5, 0); output −0.9.
    const out = new MlpModel(tiny('binary')).predict(
      design([
        [1, 2],
        [0, 0]
      ])
    );
    expect(out.length).toBe(4);
    expect(out[1]).toBeCloseTo(sigmoid(0.1), 15);
    expect(out[0]).toBeCloseTo(1 - sigmoid(0.1), 15);
    expect(out[3]).toBeCloseTo(sigmoid(-0.9), 15);
    expect(out[2] + out[3]).toBeCloseTo(1, 15);
  });

  it('tanh hidden layers: same network with tanh', () => {
    const out = new MlpModel(tiny('binary', 'tanh')).predict(design([[1, 2]]));
    expect(out[1]).toBeCloseTo(sigmoid(0.2 * Math.tanh(5.5) + 3 * Math.tanh(-1) - 1), 15);
  });

  it('regression: yMean + yStd · output', () => {
    const out = new MlpModel(tiny('regression')).predict(
      design([
        [1, 2],
        [0, 0]
      ])
    );
    expect(out[0]).toBeCloseTo(100 + 20 * 0.1, 12);
    expect(out[1]).toBeCloseTo(100 + 20 * -0.9, 12);
  });

  it('multiclass: softmax of the logits, stable for huge logits', () => {
    // No hidden layer: logits = x · W + b with W = [[1, 0, −1], [0, 2, 0]], b = [0, 0, 1].
    const s: MlpState = {
      task: 'multiclass',
      nClasses: 3,
      nFeatures: 2,
      activation: 'relu',
      output: 'softmax',
      layers: [layer(2, 3, [1, 0, -1, 0, 2, 0], [0, 0, 1])],
      yMean: 0,
      yStd: 1
    };
    const out = new MlpModel(s).predict(
      design([
        [1, 1],
        [1000, 0]
      ])
    );
    // Row 0 logits (1, 2, 0).
    const e = [Math.E, Math.E ** 2, 1];
    const sum = e[0] + e[1] + e[2];
    e.forEach((v, k) => expect(out[k]).toBeCloseTo(v / sum, 15));
    // Row 1 logits (1000, 0, −999): class 0 takes everything, no NaN from exp overflow.
    expect(out[3]).toBe(1);
    expect(out[4]).toBe(0);
    expect(out[5]).toBe(0);
  });

  it('binary: extreme logits give 0 / 1 without NaN', () => {
    const s = tiny('binary');
    s.layers[1].bias[0] = -800;
    const out = new MlpModel(s).predict(design([[0, 0]]));
    expect(out[1]).toBe(0);
    expect(out[0]).toBe(1);
  });

  it('throws INVALID_INPUT when the number of features differs', () => {
    const m = new MlpModel(tiny('binary'));
    try {
      m.predict(design([[1, 2, 3]]));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('INVALID_INPUT');
      expect((e as AppError).details).toMatchObject({ nFeatures: 3, expected: 2 });
    }
  });
});

describe('encode() / decodeMlp()', () => {
  it('round trip through JSON keeps weights and predictions bit for bit', () => {
    const m = new MlpModel(tiny('regression', 'tanh'), { hiddenLayers: [2], learningRate: 0.003 });
    const e = m.encode();
    expect(e.family).toBe('mlp');
    expect(e.format).toBe(MLP_FORMAT);
    const back = decodeMlp(JSON.parse(JSON.stringify(e)));
    expect(back.state).toEqual(m.state);
    expect(back.params).toEqual({ hiddenLayers: [2], learningRate: 0.003 });
    const X = design([
      [0.3, -1.7],
      [1e3, 2]
    ]);
    expect(back.predict(X)).toEqual(m.predict(X));
  });

  /** The code and details.field of decodeMlp's error on a damaged copy. */
  function damage(edit: (state: Record<string, unknown>, e: Record<string, unknown>) => void) {
    const e = JSON.parse(JSON.stringify(new MlpModel(tiny('binary')).encode()));
    edit(e.state, e);
    try {
      decodeMlp(e);
    } catch (err) {
      return { code: (err as AppError).code, field: (err as AppError).details.field };
    }
    return { code: 'none', field: undefined };
  }

  const layers = (s: Record<string, unknown>) => s.layers as Record<string, unknown>[];
  const cases: [
    string,
    (s: Record<string, unknown>, e: Record<string, unknown>) => void,
    string
  ][] = [
    ['wrong format', (_s, e) => (e.format = 'dg-mlp/9'), 'format'],
    ['wrong family', (_s, e) => (e.family = 'gbdt'), 'format'],
    ['missing state', (_s, e) => (e.state = null), 'state'],
    ['unknown task', (s) => (s.task = 'ranking'), 'task'],
    ['output not fitting the task', (s) => (s.output = 'softmax'), 'output'],
    ['unknown activation', (s) => (s.activation = 'gelu'), 'activation'],
    ['nClasses 3 for binary', (s) => (s.nClasses = 3), 'nClasses'],
    ['yStd 0', (s) => (s.yStd = 0), 'yStd'],
    ['no layers', (s) => (s.layers = []), 'layers'],
    ['layer input not chained', (s) => (layers(s)[1].nIn = 3), 'layers'],
    ['kernel not base64', (s) => (layers(s)[0].kernel = 'not base64!'), 'layers[0].kernel'],
    ['kernel too short', (s) => (layers(s)[0].kernel = layers(s)[1].kernel), 'layers[0].kernel'],
    ['bias NaN', (s) => (layers(s)[1].bias = 'AAAAAAAA+H8='), 'layers[1].bias'],
    ['nFeatures 0', (s) => (s.nFeatures = 0), 'nFeatures']
  ];
  for (const [what, edit, field] of cases) {
    it(`throws INVALID_MODEL on ${what}`, () => {
      expect(damage(edit)).toEqual({ code: 'INVALID_MODEL', field });
    });
  }

  it('throws INVALID_MODEL when the output layer is too wide for the task', () => {
    const s = tiny('binary');
    s.layers[1] = layer(2, 2, [1, 2, 3, 4], [0, 0]);
    expect(() => decodeMlp(new MlpModel(s).encode())).toThrow(/output layer has 2 units/);
  });

  it('throws INVALID_MODEL on non-objects', () => {
    for (const v of [null, 3, 'mlp', []])
      expect(() => decodeMlp(v)).toThrowError(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});
