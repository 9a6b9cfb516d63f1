/**
 * Model sections of the report: leaderboard, best model metrics and parameters, evaluation plots
 * (confusion matrix, ROC) and SHAP (global importance, a few local explanations). Each returns
 * null when its data is absent, so an EDA-only report simply has no such section.
 */
import type { MetricName } from '../automl/types';
import type { ModelBundle } from '../bundle/types';
import type { Lang } from '../errors';
import { METRIC_INFO } from '../metrics/info';
import { fmtCount, fmtMetric, fmtNumber, fmtParam } from './format';
import { word } from './labels';
import type { EvaluationData, ReportBlock, ShapSummary } from './types';

const MAX_LEADERBOARD = 30;
const MAX_FEATURES = 15;
const MAX_LOCAL = 3;
const MAX_CONTRIBUTIONS = 8;

function metricLabel(m: string): string {
  return METRIC_INFO[m as MetricName]?.label ?? m;
}

/** Metrics present in any done row, the ranking metric first. */
function leaderboardMetrics(bundle: ModelBundle): MetricName[] {
  const seen = new Set<MetricName>([bundle.metric]);
  for (const r of bundle.leaderboard)
    for (const k of Object.keys(r.cv) as MetricName[]) if (r.cv[k] !== undefined) seen.add(k);
  return [...seen];
}

export function leaderboardBlocks(bundle: ModelBundle, lang: Lang): ReportBlock[] | null {
  if (!bundle.leaderboard.length) return null;
  const metrics = leaderboardMetrics(bundle);
  const rows = bundle.leaderboard.slice(0, MAX_LEADERBOARD);
  return [
    {
      kind: 'paragraph',
      text: `${word(lang, 'rankingMetric')}: ${metricLabel(bundle.metric)} (${word(lang, 'cv')})`
    },
    {
      kind: 'table',
      head: [
        word(lang, 'rank'),
        word(lang, 'model'),
        word(lang, 'family'),
        ...metrics.map(metricLabel),
        word(lang, 'fitSeconds')
      ],
      numeric: [true, false, false, ...metrics.map(() => true), true],
      rows: rows.map((r, i) => [
        String(i + 1),
        r.status === 'failed' ? `${r.id} (${word(lang, 'failed')})` : r.id,
        r.family,
        ...metrics.map((m) => fmtMetric(r.cv[m])),
        r.fitSeconds.toFixed(2)
      ]),
      note:
        bundle.leaderboard.length > rows.length
          ? word(lang, 'truncated', { shown: rows.length, total: bundle.leaderboard.length })
          : undefined
    }
  ];
}

export function metricsBlocks(bundle: ModelBundle, lang: Lang): ReportBlock[] {
  const names = [
    ...new Set([...Object.keys(bundle.metrics.cv), ...Object.keys(bundle.metrics.holdout)])
  ] as MetricName[];
  const params = Object.entries(bundle.params);
  const blocks: ReportBlock[] = [
    {
      kind: 'keyValues',
      rows: [
        [word(lang, 'bestModel'), `${bundle.family} (${bundle.stage})`],
        [word(lang, 'target'), bundle.target],
        [word(lang, 'problemType'), word(lang, bundle.problemType)],
        [word(lang, 'rankingMetric'), metricLabel(bundle.metric)],
        [word(lang, 'version'), String(bundle.version)],
        [word(lang, 'created'), bundle.createdAt]
      ]
    },
    {
      kind: 'table',
      head: [word(lang, 'metric'), word(lang, 'cv'), word(lang, 'holdout')],
      numeric: [false, true, true],
      rows: names.map((m) => [
        metricLabel(m),
        fmtMetric(bundle.metrics.cv[m]),
        fmtMetric(bundle.metrics.holdout[m])
      ])
    }
  ];
  if (params.length) {
    blocks.push({ kind: 'heading', text: word(lang, 'params') });
    blocks.push({
      kind: 'table',
      head: [word(lang, 'parameter'), word(lang, 'value')],
      numeric: [false, false],
      rows: params.map(([k, v]) => [k, fmtParam(v)])
    });
  }
  return blocks;
}

export function evaluationBlocks(ev: EvaluationData, lang: Lang): ReportBlock[] | null {
  const blocks: ReportBlock[] = [];
  if (ev.source || ev.rows !== undefined)
    blocks.push({
      kind: 'paragraph',
      text: `${word(lang, 'evaluatedOn')}: ${ev.source ?? ''}${ev.rows !== undefined ? ` (${fmtCount(ev.rows)} ${word(lang, 'rows').toLowerCase()})` : ''}`
    });
  if (ev.confusion?.length && ev.labels?.length === ev.confusion.length) {
    const labels = ev.labels;
    blocks.push({ kind: 'heading', text: word(lang, 'confusion') });
    blocks.push({
      kind: 'table',
      head: [`${word(lang, 'actual')} \\ ${word(lang, 'predicted')}`, ...labels],
      numeric: [false, ...labels.map(() => true)],
      rows: ev.confusion.map((row, i) => [labels[i], ...row.map((v) => fmtCount(v))])
    });
    blocks.push({
      kind: 'chart',
      chart: {
        type: 'heatmap',
        title: word(lang, 'confusion'),
        rowLabels: labels,
        colLabels: labels,
        values: ev.confusion,
        xLabel: word(lang, 'predicted'),
        yLabel: word(lang, 'actual')
      }
    });
  }
  if (ev.roc && ev.roc.fpr.length >= 2 && ev.roc.fpr.length === ev.roc.tpr.length) {
    const auc = ev.roc.auc !== undefined ? ` (AUC ${fmtMetric(ev.roc.auc)})` : '';
    const pos = ev.roc.positive !== undefined ? `: ${ev.roc.positive}` : '';
    blocks.push({
      kind: 'chart',
      chart: {
        type: 'line',
        title: `${word(lang, 'roc')}${pos}${auc}`,
        xLabel: word(lang, 'fpr'),
        yLabel: word(lang, 'tpr'),
        x: ev.roc.fpr,
        y: ev.roc.tpr,
        diagonal: true
      }
    });
  }
  return blocks.length ? blocks : null;
}

export function shapBlocks(shap: ShapSummary, lang: Lang): ReportBlock[] | null {
  if (!shap.importance.length) return null;
  const top = [...shap.importance].sort((a, b) => b.value - a.value).slice(0, MAX_FEATURES);
  const kv: [string, string][] = [];
  if (shap.method) kv.push([word(lang, 'method'), shap.method]);
  if (shap.outputName) kv.push([word(lang, 'output'), shap.outputName]);
  if (shap.rows !== undefined) kv.push([word(lang, 'rows'), fmtCount(shap.rows)]);
  const blocks: ReportBlock[] = kv.length ? [{ kind: 'keyValues', rows: kv }] : [];
  blocks.push({
    kind: 'chart',
    chart: {
      type: 'bar',
      title: word(lang, 'importance'),
      labels: top.map((f) => f.feature),
      values: top.map((f) => f.value),
      valueLabel: word(lang, 'meanAbs')
    }
  });
  blocks.push({
    kind: 'table',
    head: [word(lang, 'feature'), word(lang, 'meanAbs')],
    numeric: [false, true],
    rows: top.map((f) => [f.feature, fmtMetric(f.value)])
  });
  for (const loc of (shap.local ?? []).slice(0, MAX_LOCAL)) {
    const contrib = [...loc.contributions]
      .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
      .slice(0, MAX_CONTRIBUTIONS);
    blocks.push({ kind: 'heading', text: `${word(lang, 'localTitle')} ${loc.row + 1}` });
    blocks.push({
      kind: 'keyValues',
      rows: [
        [word(lang, 'baseValue'), fmtNumber(loc.baseValue)],
        [word(lang, 'prediction'), fmtNumber(loc.prediction)]
      ]
    });
    blocks.push({
      kind: 'table',
      head: [word(lang, 'feature'), word(lang, 'contribution')],
      numeric: [false, true],
      rows: contrib.map((c) => [c.feature, `${c.value >= 0 ? '+' : ''}${fmtMetric(c.value)}`])
    });
  }
  return blocks;
}
