/**
 * Repository of the `eda_results` table: EdaResults cached by dataset hash + options key, with a
 * TTL. The options key is a SHA-256 of the canonical JSON of everything that changes the result
 * (the EDA options with defaults applied, the load options that shape the table, the results
 * format version), so a different target, bin count or missing-value token is a different entry.
 */
import type { EdaOptions, EdaResults, LoadOptions } from '$engine';
import { EDA_DEFAULTS } from '$engine/eda/types';
import type { AppDb } from './schema';
import type { CachedResult } from './types';
import { guardQuota } from './quota';

/** How long a cached EDA stays fresh: 7 days. */
export const EDA_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Bump when the cached payload's meaning changes without EdaResults.version changing. */
const CACHE_FORMAT = 1;

/** What identifies one cached EDA. */
export interface EdaCacheKey {
  /** SHA-256 of the original file (DatasetRecord.hash). */
  datasetHash: string;
  /** SHA-256 hex of the canonical options JSON (`edaOptionsKey`). */
  optionsKey: string;
}

/** The session's EDA_RESULTS value: a reference to the cache entry, not the results. */
export interface EdaResultsRef extends EdaCacheKey {
  id: string;
  createdAt: number;
}

export interface EdaCacheEntry {
  id: string;
  results: EdaResults;
  createdAt: number;
  expiresAt: number;
}

/** JSON with object keys sorted at every level and undefined fields left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function sha256Text(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The options part of the cache key. EDA options get their defaults first (so `{}` and
 * `{ histogramBins: 30 }` share an entry); the table name is left out of the load options.
 */
export function edaOptionsKey(opts: EdaOptions, load?: LoadOptions): Promise<string> {
  const eda = { ...EDA_DEFAULTS, ...opts };
  const { tableName: _table, ...shape } = load ?? ({} as Partial<LoadOptions>);
  void _table;
  return sha256Text(canonicalJson({ format: CACHE_FORMAT, eda, load: shape }));
}

export function edaCacheId({ datasetHash, optionsKey }: EdaCacheKey): string {
  return `eda:${datasetHash}:${optionsKey}`;
}

export class EdaResultsRepo {
  constructor(
    private readonly db: AppDb,
    private readonly clock: () => number = Date.now,
    private readonly ttlMs: number = EDA_TTL_MS
  ) {}

  /** The fresh entry for `key`, or undefined (missing or expired; expired ones are deleted). */
  async get(key: EdaCacheKey): Promise<EdaCacheEntry | undefined> {
    const rec = await this.db.eda_results.get(edaCacheId(key));
    if (!rec || rec.datasetHash !== key.datasetHash || rec.optionsKey !== key.optionsKey)
      return undefined;
    if (rec.expiresAt <= this.clock()) {
      await this.db.eda_results.delete(rec.id).catch(() => undefined);
      return undefined;
    }
    return {
      id: rec.id,
      results: rec.payload as EdaResults,
      createdAt: rec.createdAt,
      expiresAt: rec.expiresAt
    };
  }

  /** Stores (or replaces) the results for `key`; returns the reference for the session state. */
  async put(key: EdaCacheKey, results: EdaResults, sessionId?: string): Promise<EdaResultsRef> {
    const now = this.clock();
    const rec: CachedResult = {
      id: edaCacheId(key),
      sessionId,
      datasetHash: key.datasetHash,
      optionsKey: key.optionsKey,
      payload: results,
      createdAt: now,
      expiresAt: now + this.ttlMs
    };
    await guardQuota(() => this.db.eda_results.put(rec));
    return { id: rec.id, ...key, createdAt: now };
  }

  /** Deletes every expired entry; returns how many. */
  purgeExpired(): Promise<number> {
    return this.db.eda_results.where('expiresAt').belowOrEqual(this.clock()).delete();
  }
}
