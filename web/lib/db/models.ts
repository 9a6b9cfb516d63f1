/**
 * Repository of the `models` table: model bundles (DESIGN.md "Model bundle") saved per session,
 * versioned by name (v1, v2, … in the order they are saved) with one champion per session. The
 * bundle is stored as the plain JSON object it is (leaderboard included), so a reload shows the
 * last AutoML run without training again, and a download is exactly the bundle's JSON.
 */
import type { ModelBundle } from '$engine';
import { AppError } from '$engine/errors';
import type { AppDb } from './schema';
import type { ModelRecord } from './types';
import { guardQuota } from './quota';

/** A model record whose bundle is typed. */
export interface SavedModel extends Omit<ModelRecord, 'bundle'> {
  bundle: ModelBundle;
}

export interface SaveModelOptions {
  /** Lineage name; versions count up within it. Default: `<target> · <family>`. */
  name?: string;
  /** Make it the session's champion (the previous champion loses the flag). Default true. */
  champion?: boolean;
}

/** Default lineage name of a bundle. */
export function modelName(bundle: Pick<ModelBundle, 'target' | 'family'>): string {
  return `${bundle.target} · ${bundle.family}`;
}

/**
 * A safe download file name: ASCII letters, digits, '_' and '-' only (no dots: no '..') (column names come from a
 * file and may hold anything), e.g. `species-gbdt-v2.json`.
 */
export function modelFileName(record: Pick<ModelRecord, 'name' | 'version'>): string {
  const base =
    record.name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'model';
  return `${base}-v${record.version}.json`;
}

function invalidBundle(field: string): AppError {
  return new AppError({
    code: 'INVALID_MODEL',
    message: {
      pl: `Nie można zapisać modelu: brak pola „${field}” w pakiecie modelu.`,
      en: `The model cannot be saved: the model bundle has no "${field}".`
    },
    details: { field }
  });
}

export class ModelsRepo {
  constructor(
    private readonly db: AppDb,
    private readonly clock: () => number = Date.now
  ) {}

  /**
   * Saves `bundle` for `sessionId`. The record id is the bundle id, so saving the same bundle
   * again keeps its version and only updates the name / champion flag.
   * @throws AppError INVALID_MODEL (no id / target), STORAGE_QUOTA (disk full).
   */
  async save(
    sessionId: string,
    bundle: ModelBundle,
    opts: SaveModelOptions = {}
  ): Promise<SavedModel> {
    if (!bundle || typeof bundle.id !== 'string' || !bundle.id) throw invalidBundle('id');
    if (typeof bundle.target !== 'string') throw invalidBundle('target');
    const champion = opts.champion ?? true;
    const name = opts.name?.trim() || modelName(bundle);
    return guardQuota(() =>
      this.db.transaction('rw', this.db.models, async () => {
        const existing = await this.db.models.get(bundle.id);
        let version = existing?.name === name ? existing.version : 0;
        if (!version) {
          const last = await this.db.models
            .where('[name+version]')
            .between([name, -Infinity], [name, Infinity])
            .last();
          version = (last?.version ?? 0) + 1;
        }
        if (champion) {
          await this.db.models
            .where('sessionId')
            .equals(sessionId)
            .and((m) => m.champion === 1 && m.id !== bundle.id)
            .modify({ champion: 0 });
        }
        const record: ModelRecord = {
          id: bundle.id,
          sessionId,
          name,
          version,
          champion: champion ? 1 : (existing?.champion ?? 0),
          bundle,
          createdAt: existing?.createdAt ?? this.clock()
        };
        await this.db.models.put(record);
        return record as SavedModel;
      })
    );
  }

  get(id: string): Promise<SavedModel | undefined> {
    return this.db.models.get(id) as Promise<SavedModel | undefined>;
  }

  /** The session's models: champion first, then newest first. */
  async list(sessionId: string): Promise<SavedModel[]> {
    const all = (await this.db.models
      .where('sessionId')
      .equals(sessionId)
      .toArray()) as SavedModel[];
    return all.sort((a, b) => b.champion - a.champion || b.createdAt - a.createdAt);
  }

  /** The session's champion, if any. */
  async champion(sessionId: string): Promise<SavedModel | undefined> {
    return (await this.list(sessionId)).find((m) => m.champion === 1);
  }

  async delete(id: string): Promise<void> {
    await this.db.models.delete(id);
  }

  /** Deletes every model of a session (when the session goes). */
  deleteForSession(sessionId: string): Promise<number> {
    return this.db.models.where('sessionId').equals(sessionId).delete();
  }

  /** The bundle as a downloadable `.json` file (exactly the bundle's JSON). */
  static toFile(record: Pick<SavedModel, 'name' | 'version' | 'bundle'>): {
    blob: Blob;
    fileName: string;
  } {
    return {
      blob: new Blob([JSON.stringify(record.bundle)], { type: 'application/json' }),
      fileName: modelFileName(record)
    };
  }
}
