/**
 * The home page's session list: newest first, rename, delete, and creating a session from a
 * dropped file (session + stored Blob + hash + load options in one go).
 */
import type { LoadOptions, PublicError } from '$engine';
import { appRepos, type Repos, type SessionRecord } from '$lib/db';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';

export class SessionListState {
  items = $state.raw<SessionRecord[]>([]);
  loaded = $state(false);
  busy = $state(false);
  error = $state.raw<PublicError | null>(null);
  #repos: Repos;

  constructor(repos: Repos = appRepos()) {
    this.#repos = repos;
  }

  async refresh(): Promise<void> {
    try {
      this.items = await this.#repos.sessions.list();
    } catch (e) {
      this.error = toPublicError(e);
    } finally {
      this.loaded = true;
    }
  }

  /** Creates a session holding `file`; resolves with its id, or null on failure (see `error`). */
  async createFromFile(file: Blob, name: string, opts: LoadOptions): Promise<string | null> {
    this.busy = true;
    this.error = null;
    let id: string | undefined;
    try {
      const session = await this.#repos.sessions.create({ name });
      id = session.id;
      await this.#repos.datasets.add(session.id, file, name, opts);
      return session.id;
    } catch (e) {
      this.error = toPublicError(e);
      // Do not leave an empty session behind (e.g. the Blob did not fit).
      if (id) await this.#repos.sessions.delete(id).catch(() => undefined);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async rename(id: string, name: string): Promise<void> {
    try {
      await this.#repos.sessions.rename(id, name);
      await this.refresh();
    } catch (e) {
      this.error = toPublicError(e);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#repos.sessions.delete(id);
      await this.refresh();
    } catch (e) {
      this.error = toPublicError(e);
    }
  }
}
