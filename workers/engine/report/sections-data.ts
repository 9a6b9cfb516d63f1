/**
 * Data sections of the report: overview (DatasetInfo), validation warnings, EDA highlights and
 * alerts, and the EDA charts. Long lists are cut (the report is a summary; the app has the rest)
 * and the cut is stated under the table.
 */
import type { Lang } from '../errors';
import type { EdaResults } from '../eda/types';
import { fmtBytes, fmtCount, fmtMetric, fmtNumber, fmtPercent } from './format';
import { word } from './labels';
import type { ChartSpec, ReportBlock, ReportInput } from './types';

/** Most rows of a table listing columns. */
export const MAX_COLUMN_ROWS = 50;
const MAX_CORRELATIONS = 10;
const MAX_HISTOGRAMS = 4;
const MAX_BARS = 15;

function cutNote(lang: Lang, shown: number, total: number): string | undefined {
  return total > shown ? word(lang, 'truncated', { shown, total }) : undefined;
}

export function overviewBlocks(input: ReportInput, lang: Lang): ReportBlock[] {
  const d = input.dataset;
  const kv: [string, string][] = [];
  if (input.datasetName) kv.push([word(lang, 'file'), input.datasetName]);
  kv.push([word(lang, 'format'), d.format.toUpperCase()]);
  kv.push([word(lang, 'rows'), fmtCount(d.rows)]);
  kv.push([word(lang, 'columns'), fmtCount(d.columns.length)]);
  kv.push([word(lang, 'size'), fmtBytes(d.bytes)]);
  if (d.dialect)
    kv.push([
      word(lang, 'delimiter'),
      `${JSON.stringify(d.dialect.delimiter)} / ${d.dialect.encoding}`
    ]);
  if (d.sheet) kv.push([word(lang, 'sheet'), d.sheet]);
  const cols = d.columns.slice(0, MAX_COLUMN_ROWS);
  return [
    { kind: 'keyValues', rows: kv },
    {
      kind: 'table',
      head: [
        word(lang, 'column'),
        word(lang, 'type'),
        word(lang, 'missing'),
        word(lang, 'distinct'),
        word(lang, 'samples')
      ],
      numeric: [false, false, true, true, false],
      rows: cols.map((c) => [
        c.name,
        c.type,
        fmtPercent(c.missingShare),
        fmtCount(c.distinct),
        c.samples.slice(0, 3).join(', ')
      ]),
      note: cutNote(lang, cols.length, d.columns.length)
    }
  ];
}

export function warningBlocks(input: ReportInput, lang: Lang): ReportBlock[] {
  const warnings = input.warnings ?? input.dataset.warnings;
  if (!warnings.length) return [{ kind: 'paragraph', text: word(lang, 'noWarnings') }];
  return [
    {
      kind: 'list',
      items: warnings.map((w) => ({ text: w.message[lang], severity: 'warning' as const }))
    }
  ];
}

/** Pairs of distinct columns by |r| descending (upper triangle of the Pearson matrix). */
export function topCorrelations(eda: EdaResults, k: number): { a: string; b: string; r: number }[] {
  const { columns, matrix } = eda.correlations.pearson;
  const pairs: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const r = matrix[i]?.[j];
      if (r !== null && r !== undefined && Number.isFinite(r))
        pairs.push({ a: columns[i], b: columns[j], r });
    }
  pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r) || x.a.localeCompare(y.a));
  return pairs.slice(0, k);
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function edaBlocks(input: ReportInput, lang: Lang): ReportBlock[] {
  const eda = input.eda;
  if (!eda) return [{ kind: 'paragraph', text: word(lang, 'noEda') }];
  const o = eda.overview;
  const types = Object.entries(o.typeCounts)
    .map(([t, n]) => `${t}: ${n}`)
    .join(', ');
  const blocks: ReportBlock[] = [
    {
      kind: 'keyValues',
      rows: [
        [word(lang, 'rows'), fmtCount(o.rows)],
        [word(lang, 'columns'), fmtCount(o.columns)],
        [
          word(lang, 'duplicates'),
          `${fmtCount(o.duplicateRows)} (${fmtPercent(o.duplicateShare)})`
        ],
        [
          word(lang, 'cellsMissing'),
          `${fmtCount(o.cellsMissing)} (${fmtPercent(o.cellsMissingShare)})`
        ],
        [word(lang, 'memory'), fmtBytes(o.memoryBytes)],
        [word(lang, 'types'), types]
      ]
    },
    { kind: 'heading', text: word(lang, 'alerts') }
  ];
  const alerts = [...eda.alerts].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
  );
  blocks.push(
    alerts.length
      ? {
          kind: 'list',
          items: alerts.map((a) => ({
            text: `${a.message[lang]} ${a.action[lang]}`,
            severity: a.severity
          }))
        }
      : { kind: 'paragraph', text: word(lang, 'noAlerts') }
  );
  const numeric = eda.columns.filter((c) => c.numeric);
  if (numeric.length) {
    const shown = numeric.slice(0, MAX_COLUMN_ROWS);
    blocks.push({ kind: 'heading', text: word(lang, 'numericSummary') });
    blocks.push({
      kind: 'table',
      head: ['column', 'mean', 'std', 'min', 'median', 'max', 'missing'].map((k) =>
        word(lang, k as 'column')
      ),
      numeric: [false, true, true, true, true, true, true],
      rows: shown.map((c) => {
        const n = c.numeric!;
        return [
          c.name,
          fmtNumber(n.mean),
          fmtNumber(n.std),
          fmtNumber(n.min),
          fmtNumber(n.quantiles?.p50 ?? null),
          fmtNumber(n.max),
          fmtPercent(c.missingShare)
        ];
      }),
      note: cutNote(lang, shown.length, numeric.length)
    });
  }
  const corr = topCorrelations(eda, MAX_CORRELATIONS);
  if (corr.length) {
    blocks.push({ kind: 'heading', text: word(lang, 'topCorrelations') });
    blocks.push({
      kind: 'table',
      head: [word(lang, 'pair'), word(lang, 'coefficient')],
      numeric: [false, true],
      rows: corr.map((p) => [`${p.a} × ${p.b}`, fmtMetric(p.r)])
    });
  }
  if (eda.target) {
    const t = eda.target;
    blocks.push({ kind: 'heading', text: word(lang, 'target') });
    blocks.push({
      kind: 'keyValues',
      rows: [
        [word(lang, 'target'), t.column],
        [word(lang, 'problemType'), word(lang, t.problemType)],
        ...(t.classes ?? []).map((c): [string, string] => [
          c.label,
          `${fmtCount(c.count)} (${fmtPercent(c.share)})`
        ])
      ]
    });
  }
  return blocks;
}

export function chartBlocks(input: ReportInput, lang: Lang): ReportBlock[] {
  const eda = input.eda;
  if (!eda) return [{ kind: 'paragraph', text: word(lang, 'noEda') }];
  const charts: ChartSpec[] = [];
  const t = eda.target;
  if (t?.classes?.length)
    charts.push({
      type: 'bar',
      title: `${word(lang, 'classDistribution')}: ${t.column}`,
      labels: t.classes.slice(0, MAX_BARS).map((c) => c.label),
      values: t.classes.slice(0, MAX_BARS).map((c) => c.share),
      valueLabel: word(lang, 'share'),
      percent: true
    });
  else if (t?.histogram)
    charts.push({
      type: 'histogram',
      title: `${word(lang, 'targetHistogram')}: ${t.column}`,
      edges: t.histogram.edges,
      counts: t.histogram.counts
    });
  if (t?.mutualInformation.length) {
    const mi = t.mutualInformation.slice(0, MAX_BARS);
    charts.push({
      type: 'bar',
      title: word(lang, 'mutualInformation'),
      labels: mi.map((m) => m.feature),
      values: mi.map((m) => m.mi),
      valueLabel: 'MI [nats]'
    });
  }
  const missing = eda.missing.perColumn
    .filter((m) => m.missing > 0)
    .sort((a, b) => b.share - a.share)
    .slice(0, MAX_BARS);
  if (missing.length)
    charts.push({
      type: 'bar',
      title: word(lang, 'missingShare'),
      labels: missing.map((m) => m.column),
      values: missing.map((m) => m.share),
      valueLabel: word(lang, 'share'),
      percent: true
    });
  for (const c of eda.columns
    .filter((c) => c.numeric && c.name !== t?.column)
    .slice(0, MAX_HISTOGRAMS)) {
    const h = c.numeric!.histogram;
    if (h.counts.length)
      charts.push({
        type: 'histogram',
        title: `${word(lang, 'distribution')}: ${c.name}`,
        edges: h.edges,
        counts: h.counts
      });
  }
  return charts.map((chart) => ({ kind: 'chart', chart }));
}
