/**
 * buildReport: the session's data, EDA, model, evaluation and SHAP → one language-resolved
 * ReportModel (types.ts) that every renderer draws. Sections without data are left out (an
 * EDA-only report has no model sections); `options.sections` narrows the set further.
 */
import type { Lang } from '../errors';
import { reportOption } from './errors';
import { word } from './labels';
import { recommend } from './recommendations';
import { chartBlocks, edaBlocks, overviewBlocks, warningBlocks } from './sections-data';
import { evaluationBlocks, leaderboardBlocks, metricsBlocks, shapBlocks } from './sections-model';
import { REPORT_SECTIONS } from './types';
import type {
  ReportBlock,
  ReportInput,
  ReportModel,
  ReportOptions,
  ReportSectionId,
  ReportSectionModel
} from './types';

function checkOptions(opts: ReportOptions): { lang: Lang; sections: Set<ReportSectionId> } {
  const lang = opts.lang ?? 'pl';
  if (lang !== 'pl' && lang !== 'en') throw reportOption('lang', lang, 'pl, en');
  for (const s of opts.sections ?? [])
    if (!REPORT_SECTIONS.includes(s)) throw reportOption('sections', s, REPORT_SECTIONS.join(', '));
  return { lang, sections: new Set(opts.sections ?? REPORT_SECTIONS) };
}

/**
 * @throws AppError REPORT_OPTION for an unknown section or language.
 */
export function buildReport(input: ReportInput, opts: ReportOptions = {}): ReportModel {
  const { lang, sections: wanted } = checkOptions(opts);
  const name = input.datasetName ?? input.dataset.tableName;
  const b = input.bundle;
  const blocksOf: Record<ReportSectionId, () => ReportBlock[] | null> = {
    overview: () => overviewBlocks(input, lang),
    warnings: () => warningBlocks(input, lang),
    eda: () => edaBlocks(input, lang),
    charts: () => (input.eda ? chartBlocks(input, lang) : null),
    leaderboard: () => (b ? leaderboardBlocks(b, lang) : null),
    metrics: () => (b ? metricsBlocks(b, lang) : null),
    evaluation: () => (input.evaluation ? evaluationBlocks(input.evaluation, lang) : null),
    shap: () => (input.shap ? shapBlocks(input.shap, lang) : null),
    recommendations: () => [
      {
        kind: 'list',
        items: recommend(input).map((r) => ({ text: r.message[lang], severity: r.severity }))
      }
    ]
  };
  const sections: ReportSectionModel[] = [];
  for (const id of REPORT_SECTIONS) {
    if (!wanted.has(id)) continue;
    const blocks = blocksOf[id]();
    if (blocks?.length) sections.push({ id, title: word(lang, id), blocks });
  }
  const shape = `${input.dataset.rows} × ${input.dataset.columns.length}`;
  const subtitle = b
    ? `${name} · ${shape} · ${word(lang, 'model')}: ${b.family} · ${word(lang, 'target')}: ${b.target}`
    : `${name} · ${shape} · ${word(lang, 'edaOnly')}`;
  return {
    lang,
    title: opts.title ?? `${word(lang, 'reportTitle')} — ${name}`,
    ...(opts.author !== undefined ? { author: opts.author } : {}),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    subtitle,
    hasModel: !!b,
    sections,
    words: {
      toc: word(lang, 'toc'),
      page: word(lang, 'page'),
      of: word(lang, 'of'),
      author: word(lang, 'author'),
      generated: word(lang, 'generated'),
      severity: {
        info: word(lang, 'info'),
        warning: word(lang, 'warning'),
        critical: word(lang, 'critical')
      }
    }
  };
}
