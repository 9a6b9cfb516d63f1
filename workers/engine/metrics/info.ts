/**
 * What the UI needs to show a metric: PyCaret's column label, its direction (for ranking), the
 * task it applies to, and a one-sentence plain-language explanation for a business user (tooltip,
 * Polish and English).
 */
import type { Bilingual } from '../errors';
import type { MetricName } from '../automl/types';

export interface MetricInfo {
  /** Column label as PyCaret prints it. */
  label: string;
  higherIsBetter: boolean;
  task: 'classification' | 'regression';
  explanation: Bilingual;
}

export const METRIC_INFO: Readonly<Record<MetricName, Readonly<MetricInfo>>> = Object.freeze({
  accuracy: {
    label: 'Accuracy',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Jaki odsetek wszystkich przypadków model zaklasyfikował poprawnie; przy rzadkiej klasie może wyglądać dobrze, nawet gdy model jej nie wykrywa.',
      en: 'The share of all cases the model classifies correctly; with a rare class it can look good even when the model never finds that class.'
    }
  },
  auc: {
    label: 'AUC',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Prawdopodobieństwo, że model oceni losowy przypadek pozytywny wyżej niż losowy negatywny: 0,5 to zgadywanie, 1 to idealne rozdzielenie klas.',
      en: 'The chance that the model scores a random positive case above a random negative one: 0.5 is guessing, 1 is perfect separation.'
    }
  },
  recall: {
    label: 'Recall',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Jaką część rzeczywistych przypadków danej klasy model wychwytuje — ważne, gdy przeoczenie (np. oszustwa czy choroby) dużo kosztuje.',
      en: 'How many of the real cases of a class the model catches — what matters when missing one (a fraud, a disease) is costly.'
    }
  },
  precision: {
    label: 'Prec.',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Jaka część przypadków wskazanych przez model jako dana klasa naprawdę do niej należy — ważne, gdy fałszywy alarm dużo kosztuje.',
      en: 'How many of the cases the model flags as a class really belong to it — what matters when a false alarm is costly.'
    }
  },
  f1: {
    label: 'F1',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Kompromis między precyzją a czułością w jednej liczbie: wysoki tylko wtedy, gdy model zarówno wychwytuje przypadki, jak i rzadko się myli.',
      en: 'Precision and recall in one number: high only when the model both catches the cases and rarely raises false alarms.'
    }
  },
  kappa: {
    label: 'Kappa',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Zgodność przewidywań z rzeczywistością ponad to, co dałoby przypadkowe zgadywanie w tych samych proporcjach: 0 to poziom przypadku, 1 to pełna zgodność.',
      en: 'Agreement between predictions and reality beyond what guessing in the same proportions would give: 0 is chance level, 1 is perfect agreement.'
    }
  },
  mcc: {
    label: 'MCC',
    higherIsBetter: true,
    task: 'classification',
    explanation: {
      pl: 'Korelacja przewidywań z prawdziwymi klasami od −1 do 1, uczciwa także przy niezrównoważonych klasach: 0 oznacza model nie lepszy od losowego.',
      en: 'The correlation between predicted and true classes, from −1 to 1, fair even with imbalanced classes: 0 means no better than random.'
    }
  },
  logloss: {
    label: 'Log Loss',
    higherIsBetter: false,
    task: 'classification',
    explanation: {
      pl: 'Kara za pewność siebie przy błędach: im niższa, tym lepiej podawane przez model prawdopodobieństwa odpowiadają rzeczywistości.',
      en: 'A penalty for being confidently wrong: the lower it is, the better the probabilities the model gives match reality.'
    }
  },
  mae: {
    label: 'MAE',
    higherIsBetter: false,
    task: 'regression',
    explanation: {
      pl: 'O ile średnio prognoza różni się od prawdziwej wartości, w jednostkach przewidywanej wielkości.',
      en: 'How far off the prediction is on average, in the units of the predicted value.'
    }
  },
  mse: {
    label: 'MSE',
    higherIsBetter: false,
    task: 'regression',
    explanation: {
      pl: 'Średni kwadrat błędu prognozy: mocno karze pojedyncze duże pomyłki; jednostka to kwadrat jednostki przewidywanej wielkości.',
      en: 'The average squared prediction error: punishes single large misses hard; its unit is the square of the predicted value’s unit.'
    }
  },
  rmse: {
    label: 'RMSE',
    higherIsBetter: false,
    task: 'regression',
    explanation: {
      pl: 'Typowa wielkość błędu prognozy w jednostkach przewidywanej wielkości, przy czym duże pomyłki ważą więcej niż w MAE.',
      en: 'The typical size of a prediction error in the units of the predicted value, with large misses weighing more than in MAE.'
    }
  },
  r2: {
    label: 'R2',
    higherIsBetter: true,
    task: 'regression',
    explanation: {
      pl: 'Jaką część zmienności wyniku model wyjaśnia: 1 to prognoza idealna, 0 to nie lepiej niż zawsze podawać średnią, wartość ujemna — gorzej.',
      en: 'How much of the variation in the outcome the model explains: 1 is perfect, 0 is no better than always predicting the average, below 0 is worse.'
    }
  },
  rmsle: {
    label: 'RMSLE',
    higherIsBetter: false,
    task: 'regression',
    explanation: {
      pl: 'Błąd liczony na skali względnej (logarytmicznej): pomyłka o 10 % waży tyle samo przy małych i dużych wartościach; dla wartości ≤ −1 nie jest określony.',
      en: 'The error on a relative (logarithmic) scale: a 10 % miss counts the same for small and large values; undefined for values ≤ −1.'
    }
  },
  mape: {
    label: 'MAPE',
    higherIsBetter: false,
    task: 'regression',
    explanation: {
      pl: 'Średni błąd prognozy jako ułamek prawdziwej wartości (0,1 = 10 %); zawodzi, gdy prawdziwe wartości są bliskie zera.',
      en: 'The average prediction error as a fraction of the true value (0.1 = 10 %); misleading when true values are close to zero.'
    }
  }
});

/** Metric names of a task, in PyCaret's column order. */
export function metricsFor(task: 'binary' | 'multiclass' | 'regression'): MetricName[] {
  const kind = task === 'regression' ? 'regression' : 'classification';
  return (Object.keys(METRIC_INFO) as MetricName[]).filter((m) => METRIC_INFO[m].task === kind);
}
