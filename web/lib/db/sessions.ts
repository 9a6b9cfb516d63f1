/** Repository of the `sessions` table. Every write maps a full disk to AppError STORAGE_QUOTA. */
import type { AppDb } from './schema';
import type { SessionRecord, SessionState, SessionStatus } from './types';
import { guardQuota } from './quota';
import { newId } from './ids';

export interface NewSession {
  name: string;
  id?: string;
  now?: number;
}

export class SessionsRepo {
  constructor(
    private readonly db: AppDb,
    private readonly clock: () => number = Date.now
  ) {}

  async create({ name, id = newId(), now = this.clock() }: NewSession): Promise<SessionRecord> {
    const record: SessionRecord = {
      id,
      name,
      createdAt: now,
      updatedAt: now,
      status: 'new',
      state: {}
    };
    await guardQuota(() => this.db.sessions.add(record));
    return record;
  }

  get(id: string): Promise<SessionRecord | undefined> {
    return this.db.sessions.get(id);
  }

  /** Newest first. */
  list(): Promise<SessionRecord[]> {
    return this.db.sessions.orderBy('updatedAt').reverse().toArray();
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    await guardQuota(() => this.db.sessions.update(id, { name: trimmed, updatedAt: this.clock() }));
  }

  /** Merges `patch` into the session's state; undefined values delete keys. */
  async patchState(
    id: string,
    patch: Partial<SessionState>,
    extra: Partial<Pick<SessionRecord, 'rows' | 'cols' | 'target' | 'status' | 'datasetId'>> = {}
  ): Promise<void> {
    await guardQuota(() =>
      this.db.transaction('rw', this.db.sessions, async () => {
        const s = await this.db.sessions.get(id);
        if (!s) return;
        const state: SessionState = { ...s.state };
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined) delete state[k];
          else state[k] = v;
        }
        await this.db.sessions.put({ ...s, ...extra, state, updatedAt: this.clock() });
      })
    );
  }

  async setStatus(id: string, status: SessionStatus): Promise<void> {
    await guardQuota(() => this.db.sessions.update(id, { status, updatedAt: this.clock() }));
  }

  /** Deletes the session and everything that belongs to it. */
  async delete(id: string): Promise<void> {
    const db = this.db;
    await db.transaction(
      'rw',
      [
        db.sessions,
        db.datasets,
        db.eda_results,
        db.pipelines,
        db.models,
        db.predictions,
        db.chat_messages
      ],
      async () => {
        await Promise.all([
          db.datasets.where('sessionId').equals(id).delete(),
          db.eda_results.where('sessionId').equals(id).delete(),
          db.pipelines.where('sessionId').equals(id).delete(),
          db.models.where('sessionId').equals(id).delete(),
          db.predictions.where('sessionId').equals(id).delete(),
          db.chat_messages.where('sessionId').equals(id).delete()
        ]);
        await db.sessions.delete(id);
      }
    );
  }
}
