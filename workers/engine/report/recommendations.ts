/**
 * Rule-based recommendations: each rule looks at one fact of the session (data size, missing
 * cells, duplicates, EDA alerts, the model's CV vs holdout gap, its margin over the baseline, how
 * concentrated the SHAP importance is) and, when it fires, says what to do next in both languages.
 * Thresholds are stated next to each rule; they are rules of thumb, shown as advice, not verdicts.
 */
import type { MetricName } from '../automl/types';
import type { Bilingual } from '../errors';
import { METRIC_INFO } from '../metrics/info';
import { fmtMetric, fmtPercent } from './format';
import type { ReportInput, Severity } from './types';

export interface Recommendation {
  code: string;
  severity: Severity;
  message: Bilingual;
}

/** Fewer rows than this: CV estimates are noisy (a fold holds < 100 rows at 5 folds). */
const SMALL_DATA_ROWS = 500;
/** Share of missing cells above which imputation choices change results noticeably. */
const MISSING_CELLS = 0.05;
const DUPLICATE_SHARE = 0.01;
/** CV − holdout drop of the ranking metric (absolute) that suggests overfitting or a lucky CV. */
const OVERFIT_GAP = 0.05;
/** Best model within this of the baseline row: it learned little. */
const BASELINE_MARGIN = 0.01;
/** One feature carrying more than this share of the total mean |SHAP|. */
const DOMINANT_SHARE = 0.5;

function names(cols: (string | undefined)[]): string {
  const list = [...new Set(cols.filter((c): c is string => !!c))];
  return list.length > 5 ? `${list.slice(0, 5).join(', ')}, …` : list.join(', ');
}

export function recommend(input: ReportInput): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (code: string, severity: Severity, pl: string, en: string) =>
    out.push({ code, severity, message: { pl, en } });
  const rows = input.eda?.overview.rows ?? input.dataset.rows;
  const alerts = input.eda?.alerts ?? [];
  const alertCols = (code: string) =>
    names(alerts.filter((a) => a.code === code).map((a) => a.column ?? a.columns?.[0]));

  const leak = alerts.filter((a) => a.code === 'TARGET_LEAKAGE');
  if (leak.length) {
    const cols = names(leak.map((a) => a.columns?.[0] ?? a.column));
    add(
      'LEAKAGE',
      'critical',
      `Kolumny ${cols} niemal wyznaczają zmienną celu — sprawdź, czy nie są znane dopiero po fakcie, i usuń je przed uczeniem.`,
      `Columns ${cols} almost determine the target — check whether they are only known after the fact and drop them before training.`
    );
  }
  if (rows < SMALL_DATA_ROWS)
    add(
      'SMALL_DATA',
      'warning',
      `Zbiór ma tylko ${rows} wierszy: wyniki walidacji są niepewne; zbierz więcej danych lub użyj prostszych modeli.`,
      `The data has only ${rows} rows: validation scores are uncertain; collect more data or prefer simpler models.`
    );
  const miss = input.eda?.overview.cellsMissingShare;
  if (miss !== undefined && miss > MISSING_CELLS)
    add(
      'MISSING',
      'warning',
      `Brakuje ${fmtPercent(miss)} komórek: sprawdź, dlaczego, i porównaj strategie uzupełniania (mediana, osobna kategoria).`,
      `${fmtPercent(miss)} of the cells are missing: find out why and compare imputation strategies (median, a separate category).`
    );
  const dup = input.eda?.overview.duplicateShare;
  if (dup !== undefined && dup > DUPLICATE_SHARE)
    add(
      'DUPLICATES',
      'warning',
      `${fmtPercent(dup)} wierszy to duplikaty: usuń je, jeśli nie są prawdziwymi powtórzeniami — zawyżają wyniki walidacji.`,
      `${fmtPercent(dup)} of the rows are duplicates: remove them unless they are real repeats — they inflate validation scores.`
    );
  if (alerts.some((a) => a.code === 'IMBALANCE'))
    add(
      'IMBALANCE',
      'warning',
      'Klasy są niezrównoważone: oceniaj model metrykami F1, recall lub AUC zamiast accuracy i rozważ wagi klas.',
      'The classes are imbalanced: judge the model by F1, recall or AUC rather than accuracy and consider class weights.'
    );
  if (alerts.some((a) => a.code === 'HIGH_CORRELATION' || a.code === 'HIGH_VIF'))
    add(
      'REDUNDANT',
      'info',
      `Silnie skorelowane kolumny (${alertCols('HIGH_CORRELATION') || alertCols('HIGH_VIF')}): w modelach liniowych zostaw jedną z każdej pary, by współczynniki były stabilne.`,
      `Strongly correlated columns (${alertCols('HIGH_CORRELATION') || alertCols('HIGH_VIF')}): keep one of each pair for linear models so their coefficients stay stable.`
    );
  if (alerts.some((a) => a.code === 'HIGH_CARDINALITY'))
    add(
      'CARDINALITY',
      'info',
      `Kolumny o bardzo wielu kategoriach (${alertCols('HIGH_CARDINALITY')}): pogrupuj rzadkie wartości lub użyj kodowania docelowego.`,
      `Columns with very many categories (${alertCols('HIGH_CARDINALITY')}): group rare values or use target encoding.`
    );
  if (alerts.some((a) => a.code === 'SKEWED'))
    add(
      'SKEWED',
      'info',
      `Skośne rozkłady (${alertCols('SKEWED')}): dla modeli liniowych rozważ transformację logarytmiczną.`,
      `Skewed distributions (${alertCols('SKEWED')}): consider a log transform for linear models.`
    );

  const b = input.bundle;
  if (!b) {
    add(
      'TRAIN',
      'info',
      'Nie ma jeszcze modelu: wybierz zmienną celu i uruchom AutoML, aby porównać modele.',
      'There is no model yet: pick a target and run AutoML to compare models.'
    );
  } else {
    const m: MetricName = b.metric;
    const higher = METRIC_INFO[m]?.higherIsBetter ?? true;
    const cv = b.metrics.cv[m];
    const ho = b.metrics.holdout[m];
    if (cv !== undefined && ho !== undefined && (higher ? cv - ho : ho - cv) > OVERFIT_GAP)
      add(
        'OVERFIT',
        'warning',
        `Wynik na zbiorze testowym (${fmtMetric(ho)}) jest wyraźnie gorszy niż w walidacji krzyżowej (${fmtMetric(cv)}): model może być przeuczony — uprość go lub zbierz więcej danych.`,
        `The holdout score (${fmtMetric(ho)}) is clearly worse than cross-validation (${fmtMetric(cv)}): the model may overfit — simplify it or collect more data.`
      );
    const best = b.leaderboard.find((r) => r.status === 'done');
    const base = b.leaderboard.find((r) => r.family === 'baseline' && r.status === 'done');
    const bv = best?.cv[m];
    const basev = base?.cv[m];
    if (best && base && best !== base && bv !== undefined && basev !== undefined) {
      const margin = higher ? bv - basev : basev - bv;
      if (margin < BASELINE_MARGIN)
        add(
          'NEAR_BASELINE',
          'warning',
          `Najlepszy model (${fmtMetric(bv)}) ledwie przewyższa model bazowy (${fmtMetric(basev)}): cechy słabo przewidują cel — dodaj lepsze cechy.`,
          `The best model (${fmtMetric(bv)}) barely beats the baseline (${fmtMetric(basev)}): the features say little about the target — add better features.`
        );
    }
  }
  const imp = input.shap?.importance ?? [];
  const total = imp.reduce((s, f) => s + Math.max(0, f.value), 0);
  const top = [...imp].sort((x, y) => y.value - x.value)[0];
  if (top && total > 0 && top.value / total > DOMINANT_SHARE)
    add(
      'DOMINANT_FEATURE',
      'warning',
      `Cecha ${top.feature} odpowiada za ${fmtPercent(top.value / total)} wpływu na predykcje: upewnij się, że nie jest przeciekiem informacji o celu.`,
      `Feature ${top.feature} carries ${fmtPercent(top.value / total)} of the influence on predictions: make sure it does not leak the target.`
    );
  if (!out.length)
    add(
      'OK',
      'info',
      'Nie wykryto istotnych problemów: monitoruj dryf danych po wdrożeniu modelu.',
      'No significant problems found: monitor data drift once the model is deployed.'
    );
  const order = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((x, y) => order[x.severity] - order[y.severity]);
}
