// Guards runEda's statistics on every dataset in ../shared/datasets against an independent JS
// reference computed here from the CSV text: means, stds (n − 1), type-7 quantiles, Pearson and
// Spearman (average ranks) to 1e-9, skewness/kurtosis (pandas G1/G2) to 1e-6, Cramér's V,
// exact histogram counts, missing counts and top-k counts.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadTable, runEda } from '../../workers/engine/index';
import type { EdaResults } from '../../workers/engine/index';
import { datasetsDir, readBytes, runner } from './helpers';
import * as ref from './eda-reference';

const files = readdirSync(datasetsDir).filter((f) => f.endsWith('.csv'));

describe.each(files)('runEda() on %s', (file) => {
  const text = readFileSync(path.join(datasetsDir, file), 'utf8');
  const csv = ref.parseCsv(text);
  const side = JSON.parse(
    readFileSync(path.join(datasetsDir, file.replace('.csv', '.json')), 'utf8')
  );
  const col = (name: string) => ref.column(csv.rows, csv.header.indexOf(name));
  let eda: EdaResults;
  const get = async () => {
    if (eda) return eda;
    const db = await runner();
    const info = await loadTable(db, readBytes(path.join(datasetsDir, file)), { fileName: file });
    eda = await runEda(db, info, { target: side.target });
    return eda;
  };

  test('runEda() matches the reference: rows, missing counts, numeric summaries, histograms', async () => {
    const r = await get();
    expect(r.overview.rows).toBe(csv.rows.length);
    const bad: string[] = [];
    for (const c of r.columns) {
      const values = col(c.name);
      const miss = values.filter((v) => v === null).length;
      if (c.missing !== miss) bad.push(`${c.name} missing ${c.missing} ≠ ${miss}`);
      if (!c.numeric) continue;
      const x = ref.numbers(values);
      const n = c.numeric;
      const checks: [string, number | null, number, number?][] = [
        ['mean', n.mean, ref.mean(x)],
        ['std', n.std, ref.std(x)],
        ['min', n.min, Math.min(...x)],
        ['max', n.max, Math.max(...x)],
        ['p5', n.quantiles!.p5, ref.quantile(x, 0.05)],
        ['p25', n.quantiles!.p25, ref.quantile(x, 0.25)],
        ['p50', n.quantiles!.p50, ref.quantile(x, 0.5)],
        ['p75', n.quantiles!.p75, ref.quantile(x, 0.75)],
        ['p95', n.quantiles!.p95, ref.quantile(x, 0.95)],
        ['skewness', n.skewness, ref.skew(x), 1e-6],
        ['kurtosis', n.kurtosis, ref.kurt(x), 1e-6],
        ['zeros', n.zeros, x.filter((v) => v === 0).length, 0]
      ];
      for (const [k, got, want, tol] of checks) {
        if (!ref.close(got, want, tol ?? 1e-9)) bad.push(`${c.name}.${k} ${got} ≠ ${want}`);
      }
      const h = ref.histogram(x, r.options.histogramBins);
      if (JSON.stringify(n.histogram.counts) !== JSON.stringify(h)) bad.push(`${c.name} histogram`);
      if (n.histogram.edges.length !== h.length + 1) bad.push(`${c.name} edges`);
    }
    expect(bad).toEqual([]);
  });

  test('runEda() top-k counts of categorical/text columns equal the reference value counts', async () => {
    const r = await get();
    for (const c of r.columns.filter((x) => x.categorical)) {
      expect(c.categorical!.topK, c.name).toEqual(ref.topK(col(c.name), r.options.topK));
    }
  });

  test("runEda() Pearson, Spearman and Cramér's V equal the reference to 1e-9", async () => {
    const r = await get();
    const bad: string[] = [];
    const { pearson, spearman, cramersV } = r.correlations;
    expect(r.correlations.sampled).toBe(false);
    pearson.columns.forEach((a, i) =>
      pearson.columns.forEach((b, j) => {
        if (i >= j) return;
        const p = ref.pearsonRef(col(a), col(b));
        const s = ref.spearmanRef(col(a), col(b));
        if (!ref.close(pearson.matrix[i][j], p)) bad.push(`pearson ${a}×${b}`);
        if (!ref.close(spearman.matrix[i][j], s)) bad.push(`spearman ${a}×${b}`);
      })
    );
    cramersV.columns.forEach((a, i) =>
      cramersV.columns.forEach((b, j) => {
        if (i < j && !ref.close(cramersV.matrix[i][j], ref.cramersVRef(col(a), col(b)))) {
          bad.push(`V ${a}×${b}`);
        }
      })
    );
    expect(bad).toEqual([]);
  });

  test('runEda() target section: classes match the sidecar task, MI ranks every feature', async () => {
    const r = await get();
    expect(r.target?.column).toBe(side.target);
    if (side.task === 'regression') expect(r.target?.problemType).toBe('regression');
    else {
      const counts = ref.topK(col(side.target), 1000);
      expect(Object.fromEntries(r.target!.classes!.map((c) => [c.label, c.count]))).toEqual(
        Object.fromEntries(counts.map((c) => [c.value, c.count]))
      );
    }
    const mi = r.target!.mutualInformation.map((m) => m.mi);
    expect(mi).toEqual([...mi].sort((a, b) => b - a));
  });
});
