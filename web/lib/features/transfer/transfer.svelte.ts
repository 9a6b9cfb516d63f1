/**
 * Session export / import as runes. SessionExportState writes the session to a `.dgsession` file
 * and hands it to a download; SessionImportState reads one and resolves with the id to open.
 * Both receive their work as functions (create.ts wires the database, the UI language and the
 * download link), so tests run them without IndexedDB or a DOM.
 */
import type { PublicError } from '$engine';
import { toPublicError } from '$lib/features/dataset/dataset.svelte';

export type TransferPhase = 'idle' | 'busy' | 'done' | 'error';

export interface ExportDeps {
  /** The session as a file (session-file.ts exportSession). */
  exportSession(sessionId: string): Promise<{ blob: Blob; fileName: string }>;
  /** Saves the file (an `<a download>` with an object URL, revoked afterwards). */
  download(blob: Blob, fileName: string): void;
}

export class SessionExportState {
  phase = $state<TransferPhase>('idle');
  error = $state.raw<PublicError | null>(null);
  /** Name of the last file saved. */
  fileName = $state<string | null>(null);
  #deps: ExportDeps;

  constructor(deps: ExportDeps) {
    this.#deps = deps;
  }

  get busy(): boolean {
    return this.phase === 'busy';
  }

  /** Exports and downloads `sessionId`; false on failure (see `error`) or while busy. */
  async run(sessionId: string): Promise<boolean> {
    if (this.busy) return false;
    this.phase = 'busy';
    this.error = null;
    try {
      const { blob, fileName } = await this.#deps.exportSession(sessionId);
      this.#deps.download(blob, fileName);
      this.fileName = fileName;
      this.phase = 'done';
      return true;
    } catch (e) {
      this.error = toPublicError(e);
      this.phase = 'error';
      return false;
    }
  }

  dismiss(): void {
    this.error = null;
    if (this.phase === 'error') this.phase = 'idle';
  }
}

/** What an import reports (session-file.ts SessionImport, the fields the UI uses). */
export interface ImportedSession {
  sessionId: string;
  name: string;
  copied: boolean;
}

export interface ImportDeps {
  /** Checks and stores the file (session-file.ts importSession). */
  importSession(file: Blob): Promise<ImportedSession>;
}

export class SessionImportState {
  phase = $state<TransferPhase>('idle');
  error = $state.raw<PublicError | null>(null);
  result = $state.raw<ImportedSession | null>(null);
  #deps: ImportDeps;

  constructor(deps: ImportDeps) {
    this.#deps = deps;
  }

  get busy(): boolean {
    return this.phase === 'busy';
  }

  /** Imports `file`; resolves with the session id to open, or null (see `error`) or while busy. */
  async run(file: Blob): Promise<string | null> {
    if (this.busy) return null;
    this.phase = 'busy';
    this.error = null;
    this.result = null;
    try {
      const result = await this.#deps.importSession(file);
      this.result = result;
      this.phase = 'done';
      return result.sessionId;
    } catch (e) {
      this.error = toPublicError(e);
      this.phase = 'error';
      return null;
    }
  }

  dismiss(): void {
    this.error = null;
    if (this.phase === 'error') this.phase = 'idle';
  }
}
