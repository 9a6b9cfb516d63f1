/**
 * The app's IndexedDB schema (dexie). Every change is a new version with an upgrade function;
 * older versions stay declared so that dexie can migrate a database from any of them.
 *
 * v1 — all tables.
 * v2 — sessions get a `status` ('new' | 'loaded' | 'error') and an index on it; existing sessions
 *      are migrated: 'loaded' when they hold DATA_INFO, else 'new'.
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type {
  CachedResult,
  ChatMessageRecord,
  DatasetRecord,
  JobRecord,
  ModelRecord,
  MonitoringLogRecord,
  PipelineRecord,
  SessionRecord,
  SettingRecord
} from './types';

export const DB_NAME = 'datagenius';

/** Version 1 stores, kept verbatim: tests open a v1 database with exactly these. */
export const STORES_V1 = {
  sessions: 'id, updatedAt, createdAt',
  datasets: 'id, sessionId, hash',
  eda_results: 'id, sessionId, [datasetHash+optionsKey], expiresAt',
  pipelines: 'id, sessionId, createdAt',
  models: 'id, sessionId, name, [name+version], champion, createdAt',
  predictions: 'id, sessionId, [datasetHash+optionsKey], expiresAt',
  chat_messages: '++id, sessionId, createdAt',
  monitoring_logs: '++id, modelId, createdAt',
  jobs: 'id, kind, status, nextRunAt',
  settings: 'key'
} as const;

export const STORES_V2 = {
  ...STORES_V1,
  sessions: 'id, updatedAt, createdAt, status'
} as const;

/** v1 → v2: give every session a status. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  await tx
    .table('sessions')
    .toCollection()
    .modify((s: Partial<SessionRecord>) => {
      if (!s.status) s.status = s.state?.DATA_INFO ? 'loaded' : 'new';
      if (!s.state) s.state = {};
    });
}

export class AppDb extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  datasets!: EntityTable<DatasetRecord, 'id'>;
  eda_results!: EntityTable<CachedResult, 'id'>;
  pipelines!: EntityTable<PipelineRecord, 'id'>;
  models!: EntityTable<ModelRecord, 'id'>;
  predictions!: EntityTable<CachedResult, 'id'>;
  chat_messages!: EntityTable<ChatMessageRecord, 'id'>;
  monitoring_logs!: EntityTable<MonitoringLogRecord, 'id'>;
  jobs!: EntityTable<JobRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(STORES_V1);
    this.version(2).stores(STORES_V2).upgrade(upgradeToV2);
  }
}

/** The tables that hold a session's records (for transactions over a whole session). */
export function sessionTables(db: AppDb) {
  return [
    db.sessions,
    db.datasets,
    db.eda_results,
    db.pipelines,
    db.models,
    db.predictions,
    db.chat_messages,
    db.monitoring_logs
  ];
}

let shared: AppDb | undefined;

/** The app-wide database (opened lazily on first use). */
export function appDb(): AppDb {
  shared ??= new AppDb();
  return shared;
}
