// Guards the GBDT kernels' invariants: histogram sums conserved, subtraction = direct build,
// binning monotone and reproduced by raw thresholds, flat-format predictions = the grower's own
// training predictions, NaN sent to the learned side, and parameters validated up front.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binColumns,
  fitBinMapper,
  MISSING_BIN,
  rawThreshold,
  HIST_BINS
} from '../../workers/engine/gbdt/binning';
import {
  buildHistogram,
  createHistogram,
  subtractHistogram
} from '../../workers/engine/gbdt/histogram';
import { TreeGrower } from '../../workers/engine/gbdt/grower';
import { HistogramPool } from '../../workers/engine/gbdt/histogram';
import { packForest } from '../../workers/engine/gbdt/pack';
import { fitGbdt } from '../../workers/engine/gbdt/gbdt';
import { predictRaw } from '../../workers/engine/gbdt/predict';
import { createRng } from '../../workers/engine/rng';
import { rowMajor } from './gbdt-data';
import type { FeatureKind } from '../../workers/engine/gbdt/params';

/** Random columns: numeric with ties and NaN, plus one categorical. */
function randomData(seed: number, n: number, nNum: number) {
  const rng = createRng(seed);
  const X: Float64Array[] = [];
  for (let f = 0; f < nNum; f++) {
    const distinct = 1 + rng.int(f % 2 ? 400 : 12);
    X.push(
      Float64Array.from({ length: n }, () =>
        rng.next() < 0.1 ? NaN : Math.round(rng.next() * distinct) / 7 - 3
      )
    );
  }
  X.push(Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : rng.int(6))));
  const kinds: FeatureKind[] = [...X.slice(0, nNum).map(() => 'numeric' as const), 'categorical'];
  const g = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  const h = Float64Array.from({ length: n }, () => rng.next() + 0.01);
  return { X, kinds, g, h };
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('buildHistogram() / subtractHistogram()', () => {
  it('buildHistogram() conserves the node total of gradients, hessians and counts in every feature', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 300 }), (seed, n) => {
        const { X, kinds, g, h } = randomData(seed, n, 3);
        const binned = binColumns(fitBinMapper(X, kinds, { maxBins: 255, seed }), X);
        const rows = Uint32Array.from({ length: n }, (_, i) => i);
        const hist = createHistogram(X.length);
        buildHistogram(binned, rows, 0, n, g, h, null, hist);
        const G = g.reduce((a, b) => a + b, 0);
        const H = h.reduce((a, b) => a + b, 0);
        for (let f = 0; f < X.length; f++) {
          let sg = 0,
            sh = 0,
            c = 0;
          for (let b = 0; b < HIST_BINS; b++) {
            sg += hist.sums[2 * (f * HIST_BINS + b)];
            sh += hist.sums[2 * (f * HIST_BINS + b) + 1];
            c += hist.counts[f * HIST_BINS + b];
          }
          expect(sg).toBeCloseTo(G, 9);
          expect(sh).toBeCloseTo(H, 9);
          expect(c).toBe(n);
        }
      }),
      { numRuns: 40 }
    );
  });

  it('subtractHistogram() of parent and one child equals the other child built directly', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 2, max: 300 }), (seed, n) => {
        const { X, kinds, g, h } = randomData(seed, n, 3);
        const binned = binColumns(fitBinMapper(X, kinds, { maxBins: 64, seed }), X);
        const rows = Uint32Array.from({ length: n }, (_, i) => i);
        const cut = 1 + createRng(seed).int(n - 1);
        const [parent, left, right, diff] = [0, 1, 2, 3].map(() => createHistogram(X.length));
        buildHistogram(binned, rows, 0, n, g, h, null, parent);
        buildHistogram(binned, rows, 0, cut, g, h, null, left);
        buildHistogram(binned, rows, cut, n, g, h, null, right);
        subtractHistogram(parent, left, diff);
        expect(Array.from(diff.counts)).toEqual(Array.from(right.counts));
        let worst = 0;
        diff.sums.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - right.sums[i]))));
        expect(worst).toBeLessThan(1e-9);
      }),
      { numRuns: 40 }
    );
  });
});

describe('binColumns() / rawThreshold()', () => {
  it('binning is monotone and "x < rawThreshold(b)" reproduces "bin ≤ b" for every training value', () => {
    fc.assert(
      fc.property(
        seeds,
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 2, max: 255 }),
        (seed, n, maxBins) => {
          const { X, kinds } = randomData(seed, n, 2);
          const mapper = fitBinMapper(X.slice(0, 2), kinds.slice(0, 2), { maxBins, seed });
          const binned = binColumns(mapper, X.slice(0, 2));
          for (let f = 0; f < 2; f++) {
            const order = Array.from({ length: n }, (_, i) => i)
              .filter((i) => X[f][i] === X[f][i])
              .sort((a, b) => X[f][a] - X[f][b]);
            let bad = 0;
            for (let i = 1; i < order.length; i++)
              if (binned[f][order[i]] < binned[f][order[i - 1]]) bad++;
            for (let b = 0; b < mapper.nBins[f] - 1; b++) {
              const t = rawThreshold(mapper, f, b);
              for (const i of order) if (X[f][i] < t !== binned[f][i] <= b) bad++;
            }
            for (let i = 0; i < n; i++)
              if (X[f][i] !== X[f][i] && binned[f][i] !== MISSING_BIN) bad++;
            expect(bad).toBe(0);
            expect(mapper.nBins[f]).toBeLessThanOrEqual(maxBins);
          }
        }
      ),
      { numRuns: 25 }
    );
  });
});

describe('TreeGrower.toPredictor()', () => {
  it("the flat tree predicts exactly the grower's training-time leaf values (raw margins)", () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 40, max: 600 }), fc.boolean(), (seed, n, leafWise) => {
        const { X, kinds, g, h } = randomData(seed, n, 4);
        const mapper = fitBinMapper(X, kinds, { maxBins: 255, seed });
        const binned = binColumns(mapper, X);
        const rows = Uint32Array.from({ length: n }, (_, i) => i);
        const params = {
          maxLeafNodes: leafWise ? 15 : null,
          maxDepth: leafWise ? null : 4,
          minSamplesLeaf: 5,
          l2Regularization: 0.5,
          minHessianToSplit: 1e-3,
          learningRate: 0.3
        };
        // The grower partitions its row array in place: hand it a copy.
        const grower = new TreeGrower(
          binned,
          mapper,
          g,
          h,
          rows.slice(),
          params,
          null,
          new HistogramPool(X.length)
        );
        grower.grow();
        const own = new Float64Array(n);
        grower.addTrainingPredictions(own, 1, 0);
        const forest = packForest([grower.toPredictor()], [0], {
          kind: 'boosting',
          link: 'identity',
          nFeatures: X.length,
          nOutputs: 1,
          baseScore: new Float64Array(1),
          valueWidth: 1
        });
        const flat = predictRaw(forest, rowMajor(X, rows), n);
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(flat[i] - own[i]));
        expect(worst).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 30 }
    );
  });
});

describe('fitGbdt()', () => {
  it('fitGbdt() sends NaN to the learned side when missingness predicts the label', () => {
    const rng = createRng(7);
    const n = 400;
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    // Feature 0: missing exactly when y = 1, otherwise noise; so NaN must lead to class 1.
    const x0 = Float64Array.from(y, (v) => (v === 1 ? NaN : rng.next()));
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const { forest } = fitGbdt([x0, x1], ['numeric', 'numeric'], y, {
      loss: 'logLoss',
      maxIter: 10
    });
    const raw = predictRaw(forest, Float64Array.of(NaN, 0.5, 0.5, 0.5), 2);
    expect(raw[0]).toBeGreaterThan(1);
    expect(raw[1]).toBeLessThan(-1);
  });

  it('fitGbdt() predictions of the flat forest equal its training margins (training loss agrees)', () => {
    const { X, kinds } = randomData(3, 500, 3);
    const y = Float64Array.from(
      X[0],
      (v, i) => (v === v ? v : 1) + (X[3][i] === X[3][i] ? X[3][i] * 0.1 : 0)
    );
    const res = fitGbdt(
      X,
      kinds,
      y,
      { maxIter: 20, subsample: 0.7, colsampleByTree: 0.8 },
      undefined,
      undefined,
      { trainLoss: true }
    );
    // Not asked for, the training loss is not computed (it costs a log and an exp per row).
    expect(fitGbdt(X, kinds, y, { maxIter: 2 }).trainLoss).toEqual([]);
    const pred = predictRaw(
      res.forest,
      rowMajor(
        X,
        Uint32Array.from({ length: 500 }, (_, i) => i)
      ),
      500
    );
    let loss = 0;
    for (let i = 0; i < 500; i++) loss += 0.5 * (y[i] - pred[i]) ** 2;
    expect(loss / 500).toBeCloseTo(res.trainLoss[res.trainLoss.length - 1], 9);
    expect(res.trainLoss[19]).toBeLessThan(res.trainLoss[0]);
  });

  it('fitGbdt() stops early when the validation loss stops improving', () => {
    const rng = createRng(11);
    const x = Float64Array.from({ length: 600 }, () => rng.next());
    const y = Float64Array.from({ length: 600 }, () => rng.next()); // pure noise
    const res = fitGbdt([x], ['numeric'], y, { maxIter: 200, earlyStopping: true, seed: 1 });
    expect(res.nIter).toBeLessThan(200);
    expect(res.validLoss).toHaveLength(res.nIter);
  });

  it('fitGbdt() rejects a bad parameter with INVALID_PARAM naming it, before any compute', () => {
    const run = (p: object) => () =>
      fitGbdt([new Float64Array(3)], ['numeric'], new Float64Array(3), p);
    expect(run({ learningRate: -1 })).toThrow(/invalid learningRate: -1/);
    expect(run({ maxBins: 300 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAM',
        details: expect.objectContaining({ param: 'maxBins', value: 300 })
      })
    );
    expect(run({ maxLeafNodes: null })).toThrow(/maxDepth/);
    expect(run({ bogus: 1 })).toThrow(/bogus/);
  });

  it('fitGbdt() throws CancelledError when the signal is aborted', () => {
    expect(() =>
      fitGbdt([new Float64Array(30)], ['numeric'], new Float64Array(30), {}, undefined, {
        aborted: true
      })
    ).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });
});
