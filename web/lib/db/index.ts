/** Persistence: the dexie schema and one repository per table the UI uses. */
import { appDb } from './schema';
import { DatasetsRepo } from './datasets';
import { SessionsRepo } from './sessions';
import { SettingsRepo } from './settings';
import { EdaResultsRepo } from './eda-results';
import { ModelsRepo } from './models';
import { PredictionsRepo } from './predictions';

export { AppDb, appDb, DB_NAME } from './schema';
export { DatasetsRepo } from './datasets';
export { SessionsRepo } from './sessions';
export { SettingsRepo } from './settings';
export { ModelsRepo } from './models';
export type { SavedModel, SaveModelOptions } from './models';
export { PREDICTIONS_TTL_MS, PredictionsRepo, predictionId } from './predictions';
export type {
  PredictionKey,
  PredictionPayload,
  PredictionSummary,
  StoredPrediction
} from './predictions';
export {
  EDA_TTL_MS,
  EdaResultsRepo,
  canonicalJson,
  edaCacheId,
  edaOptionsKey
} from './eda-results';
export type { EdaCacheEntry, EdaCacheKey, EdaResultsRef } from './eda-results';
export { guardQuota, isQuotaError, storageQuotaError } from './quota';
export { newId, sha256Hex } from './ids';
export type { DatasetRecord, SessionRecord, SessionState, SessionStatus } from './types';

export interface Repos {
  sessions: SessionsRepo;
  datasets: DatasetsRepo;
  settings: SettingsRepo;
  edaResults: EdaResultsRepo;
  models: ModelsRepo;
  predictions: PredictionsRepo;
}

let repos: Repos | undefined;

/** Repositories over the app-wide database. */
export function appRepos(): Repos {
  if (!repos) {
    const db = appDb();
    repos = {
      sessions: new SessionsRepo(db),
      datasets: new DatasetsRepo(db),
      settings: new SettingsRepo(db),
      edaResults: new EdaResultsRepo(db),
      models: new ModelsRepo(db),
      predictions: new PredictionsRepo(db)
    };
  }
  return repos;
}
