/** Repository of the `datasets` table: the original file as a Blob, its hash and load options. */
import type { DatasetInfo, LoadOptions } from '$engine';
import type { AppDb } from './schema';
import type { DatasetRecord } from './types';
import { guardQuota } from './quota';
import { newId, sha256Hex } from './ids';

export class DatasetsRepo {
  constructor(
    private readonly db: AppDb,
    private readonly clock: () => number = Date.now
  ) {}

  /** Stores `file` for `sessionId` (hashing it first) and links it to the session. */
  async add(
    sessionId: string,
    file: Blob,
    fileName: string,
    loadOptions: LoadOptions
  ): Promise<DatasetRecord> {
    const record: DatasetRecord = {
      id: newId(),
      sessionId,
      fileName,
      mimeType: file.type,
      size: file.size,
      blob: file,
      hash: await sha256Hex(file),
      loadOptions,
      createdAt: this.clock()
    };
    await guardQuota(() =>
      this.db.transaction('rw', this.db.datasets, this.db.sessions, async () => {
        await this.db.datasets.add(record);
        await this.db.sessions.update(sessionId, { datasetId: record.id, updatedAt: this.clock() });
      })
    );
    return record;
  }

  get(id: string): Promise<DatasetRecord | undefined> {
    return this.db.datasets.get(id);
  }

  async forSession(sessionId: string): Promise<DatasetRecord | undefined> {
    const all = await this.db.datasets.where('sessionId').equals(sessionId).sortBy('createdAt');
    return all.at(-1);
  }

  async saveInfo(id: string, info: DatasetInfo): Promise<void> {
    await guardQuota(() => this.db.datasets.update(id, { info }));
  }

  async updateOptions(id: string, loadOptions: LoadOptions): Promise<void> {
    await guardQuota(() => this.db.datasets.update(id, { loadOptions }));
  }
}
