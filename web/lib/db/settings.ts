/** Repository of the `settings` table: small key → value pairs (language, preferences). */
import type { AppDb } from './schema';
import { guardQuota } from './quota';

export class SettingsRepo {
  constructor(private readonly db: AppDb) {}

  async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.db.settings.get(key);
    return row === undefined ? fallback : (row.value as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    await guardQuota(() => this.db.settings.put({ key, value }));
  }
}
