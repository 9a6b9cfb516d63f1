// Measures issue 6's benchmark "Kernel SHAP for 100 rows of an MLP: report time and error"
// (breast_cancer, 30 features, default MLP shape, default sampling options unless
// EXPLAIN_BENCH_SAMPLES / EXPLAIN_BENCH_BACKGROUND say otherwise). Opt-in: EXPLAIN_BENCH=1.
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../workers/engine/automl/local-executor';
import { decodeAnyModel } from '../../workers/engine/bundle/models';
import { explainModel } from '../../workers/engine/explain/explain-model';
import type { SampledShap } from '../../workers/engine/explain/design-shap';
import type { EncodedModel, ModelTrainer } from '../../workers/engine/models/types';
import { decodePipeline } from '../../workers/engine/preprocess/index';
import { createMlpTrainer } from '../../workers/tfjs/mlp-trainer';
import { initTfNode } from '../../workers/tfjs/node';
import { loadFrame } from './automl-data';

describe.skipIf(!process.env.EXPLAIN_BENCH)('sampling SHAP benchmark', () => {
  it('100 rows of an MLP on breast_cancer', async () => {
    const { tf } = await initTfNode();
    const data = await loadFrame('breast_cancer');
    const ex = createLocalExecutor({ trainers: [createMlpTrainer(tf) as unknown as ModelTrainer] });
    await ex.prepare(data.frame, data.target);
    const n = data.frame.nRows;
    const train = Uint32Array.from({ length: n - 100 }, (_, i) => i);
    const test = Uint32Array.from({ length: 100 }, (_, i) => n - 100 + i);
    const res = await ex.run({
      family: 'mlp',
      // Training length does not matter for the benchmark; the network's shape does (default).
      params: { maxEpochs: 30 },
      trainRows: train,
      testRows: new Uint32Array(0),
      seed: 1,
      classWeights: null,
      keepModel: true
    });
    const pipeline = decodePipeline(res.model!.pipeline);
    const model = decodeAnyModel(res.model!.model as EncodedModel);
    const X = pipeline.transform(data.frame, test);
    const background = pipeline.transform(data.frame, train);
    console.log('trained');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = explainModel(model, X, {
      background,
      seed: 1,
      samples: Number(process.env.EXPLAIN_BENCH_SAMPLES ?? 64),
      backgroundSize: Number(process.env.EXPLAIN_BENCH_BACKGROUND ?? 32)
    }) as SampledShap;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log('explained', ms);
    // Reference for the first 5 rows: 16× the orderings.
    const X10 = { ...X, nRows: 5, columns: X.columns.map((c) => c.slice(0, 5)) };
    const ref = explainModel(model, X10, {
      background,
      seed: 2,
      samples: 1024,
      backgroundSize: Number(process.env.EXPLAIN_BENCH_BACKGROUND ?? 32)
    }) as SampledShap;
    let se2 = 0;
    let err2 = 0;
    let within = 0;
    const p = X.columns.length;
    for (let r = 0; r < 5; r++)
      for (let f = 0; f < p; f++) {
        const e = s.values[r * p + f] - ref.values[r * p + f];
        err2 += e * e;
        se2 += s.stdError[r * p + f] ** 2;
        if (Math.abs(e) <= 3 * Math.hypot(s.stdError[r * p + f], ref.stdError[r * p + f])) within++;
      }
    let meanAbs = 0;
    for (let i = 0; i < 5 * p; i++) meanAbs += Math.abs(ref.values[i]);
    console.log(
      JSON.stringify({
        rows: 100,
        features: p,
        samples: s.estimate!.samples,
        background: s.estimate!.background,
        ms: Math.round(ms),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        maxStdError: s.estimate!.maxStdError,
        rmsStdError: Math.sqrt(se2 / (5 * p)),
        rmsErrorVsRef: Math.sqrt(err2 / (5 * p)),
        meanAbsShap: meanAbs / (5 * p),
        within3se: `${within}/${5 * p}`
      })
    );
    expect(within).toBeGreaterThan(0.95 * 5 * p);
  }, 600_000);
});
