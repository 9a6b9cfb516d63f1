/**
 * Alert thresholds (README.md explains each choice) and the bilingual texts of every alert code.
 * Texts take the column name(s) and the figure; actions say what to do about it.
 */
import type { Bilingual } from '../errors';
import type { AlertCode, AlertSeverity } from './types';

export const ALERT_THRESHOLDS = {
  /** HIGH_CARDINALITY: categorical/text columns with more distinct values (ydata's default). */
  highCardinality: 50,
  /** SKEWED: |G1| above this (a rule of thumb: > 1 is highly skewed; 2 keeps the list short). */
  skewness: 2,
  /** MISSING: missing share above this. */
  missing: 0.2,
  /** ZEROS: share of zeros among non-missing values above this. */
  zeros: 0.5,
  /** IMBALANCE (feature): 1 − H / log(k) above this (ydata's definition). */
  imbalance: 0.5,
  /** IMBALANCE (classification target): minority class share below this. */
  targetMinority: 0.1,
  /** MIXED_TYPES: text columns whose numeric share lies in (this, 1). */
  mixedTypes: 0.1,
  /** DATE_AS_TEXT: text columns with at least this share of date-shaped values. */
  dateAsText: 0.9,
  /** TARGET_LEAKAGE: |r|, V or η with the target above this… */
  leakage: 0.98,
  /** …or a categorical feature whose category decides the class in at least this share of rows. */
  leakagePurity: 0.995,
  /** UNIQUE: at least this many rows. */
  uniqueMinRows: 20
} as const;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
/** Polish writes a decimal comma: 20.1% → 20,1%. */
const pl = (text: string) => text.replace(/(\d)\.(\d)/g, '$1,$2');
const vif = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '∞');

type Texts = (
  name: string,
  value: number,
  other?: string
) => {
  message: Bilingual;
  action: Bilingual;
};

export const SEVERITY: Record<AlertCode, AlertSeverity> = {
  CONSTANT: 'warning',
  HIGH_CARDINALITY: 'info',
  HIGH_CORRELATION: 'warning',
  IMBALANCE: 'info',
  SKEWED: 'info',
  MISSING: 'warning',
  ZEROS: 'info',
  UNIQUE: 'warning',
  DUPLICATE_ROWS: 'warning',
  MIXED_TYPES: 'warning',
  DATE_AS_TEXT: 'info',
  TARGET_LEAKAGE: 'critical',
  HIGH_VIF: 'info'
};

export const TEXTS: Record<AlertCode, Texts> = {
  CONSTANT: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” ma stałą wartość (${v} unikalnych).`,
      en: `Column "${n}" is constant (${v} distinct).`
    },
    action: { pl: 'Usuń ją — nie niesie informacji.', en: 'Drop it — it carries no information.' }
  }),
  HIGH_CARDINALITY: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” ma dużo kategorii (${v}).`,
      en: `Column "${n}" has high cardinality (${v} distinct values).`
    },
    action: {
      pl: 'Pogrupuj rzadkie kategorie lub użyj kodowania docelowego / haszowania.',
      en: 'Group rare categories or use target / hashing encoding.'
    }
  }),
  HIGH_CORRELATION: (n, v, o) => ({
    message: {
      pl: `Kolumny „${n}” i „${o}” są silnie skorelowane (${pl(f3(v))}).`,
      en: `Columns "${n}" and "${o}" are highly correlated (${f3(v)}).`
    },
    action: {
      pl: 'Rozważ usunięcie jednej z nich lub połączenie w jedną cechę.',
      en: 'Consider dropping one of them or combining them into one feature.'
    }
  }),
  IMBALANCE: (n, v) => ({
    message: {
      pl: `Rozkład kolumny „${n}” jest niezrównoważony (${pl(f3(v))}).`,
      en: `Column "${n}" is imbalanced (${f3(v)}).`
    },
    action: {
      pl: 'Dla celu: użyj wag klas, stratyfikacji i metryk jak F1/AUC; dla cech: pogrupuj rzadkie kategorie.',
      en: 'For a target: use class weights, stratification and metrics like F1/AUC; for features: group rare categories.'
    }
  }),
  SKEWED: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” jest silnie skośna (skośność ${pl(f3(v))}).`,
      en: `Column "${n}" is highly skewed (skewness ${f3(v)}).`
    },
    action: {
      pl: 'Rozważ transformację logarytmiczną lub Yeo-Johnsona.',
      en: 'Consider a log or Yeo-Johnson transform.'
    }
  }),
  MISSING: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” ma ${pl(pct(v))} braków.`,
      en: `Column "${n}" has ${pct(v)} missing values.`
    },
    action: {
      pl: 'Uzupełnij braki (mediana, moda, model) albo usuń kolumnę; dodaj wskaźnik braku.',
      en: 'Impute (median, mode, model) or drop the column; add a missing indicator.'
    }
  }),
  ZEROS: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” ma ${pl(pct(v))} zer.`,
      en: `Column "${n}" is ${pct(v)} zeros.`
    },
    action: {
      pl: 'Sprawdź, czy zero nie oznacza braku; rozważ cechę binarną „> 0”.',
      en: 'Check that zero does not mean "missing"; consider a binary "> 0" feature.'
    }
  }),
  UNIQUE: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” ma same unikalne wartości (${v}) — wygląda na identyfikator.`,
      en: `Column "${n}" has all values unique (${v}) — it looks like an identifier.`
    },
    action: { pl: 'Wyklucz ją z cech modelu.', en: 'Exclude it from the model features.' }
  }),
  DUPLICATE_ROWS: (_n, v) => ({
    message: {
      pl: `Tabela ma ${v} zduplikowanych wierszy.`,
      en: `The table has ${v} duplicate rows.`
    },
    action: {
      pl: 'Sprawdź, czy to błąd zbierania danych; usuń duplikaty przed walidacją krzyżową.',
      en: 'Check whether they are a collection error; remove them before cross-validation.'
    }
  }),
  MIXED_TYPES: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” miesza liczby (${pl(pct(v))}) z tekstem.`,
      en: `Column "${n}" mixes numbers (${pct(v)}) with text.`
    },
    action: {
      pl: 'Ujednolić format: zamień tekstowe znaczniki na braki albo rozdziel kolumnę.',
      en: 'Make it consistent: turn text markers into missing values or split the column.'
    }
  }),
  DATE_AS_TEXT: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” wygląda na daty zapisane jako tekst (${pl(pct(v))}).`,
      en: `Column "${n}" looks like dates stored as text (${pct(v)}).`
    },
    action: {
      pl: 'Przekonwertuj ją na datę i wyciągnij cechy (rok, miesiąc, dzień tygodnia).',
      en: 'Convert it to a date and derive features (year, month, weekday).'
    }
  }),
  TARGET_LEAKAGE: (n, v, o) => ({
    message: {
      pl: `Cecha „${n}” niemal wyznacza cel „${o}” (${pl(f3(v))}) — podejrzenie wycieku danych.`,
      en: `Feature "${n}" almost determines the target "${o}" (${f3(v)}) — suspected target leakage.`
    },
    action: {
      pl: 'Sprawdź, czy cecha jest znana w chwili predykcji; jeśli nie — usuń ją.',
      en: 'Check that the feature is known at prediction time; if not, drop it.'
    }
  }),
  HIGH_VIF: (n, v) => ({
    message: {
      pl: `Kolumna „${n}” jest współliniowa z innymi (VIF ${pl(vif(v))}).`,
      en: `Column "${n}" is collinear with others (VIF ${vif(v)}).`
    },
    action: {
      pl: 'Usuń lub połącz współliniowe cechy albo użyj regularyzacji.',
      en: 'Drop or combine collinear features, or use regularisation.'
    }
  })
};
