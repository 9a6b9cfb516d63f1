// Guards the transfer states without IndexedDB: SessionExportState hands the exported file to the
// download and reports done; a failure becomes a PublicError with its code (no download); a second
// click while busy does nothing. SessionImportState resolves with the id to open, keeps the typed
// code of a bad file, and dismiss() clears the error.
import { describe, expect, it } from 'vitest';
import { AppError } from '$engine/errors';
import { SessionExportState, SessionImportState } from './transfer.svelte';

const bad = new AppError({
  code: 'SESSION_FILE_INVALID',
  message: {
    pl: 'Plik „x.csv” nie jest plikiem sesji.',
    en: 'The file "x.csv" is not a session file.'
  }
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SessionExportState', () => {
  it('run() downloads the exported file under its name and ends done', async () => {
    const blob = new Blob(['zip']);
    const downloads: [Blob, string][] = [];
    const s = new SessionExportState({
      exportSession: async (id) => ({ blob, fileName: `${id}.dgsession` }),
      download: (b, f) => downloads.push([b, f])
    });
    expect(await s.run('abc')).toBe(true);
    expect(downloads).toEqual([[blob, 'abc.dgsession']]);
    expect([s.phase, s.fileName, s.error]).toEqual(['done', 'abc.dgsession', null]);
  });

  it('run() turns a failure into a PublicError and downloads nothing', async () => {
    const downloads: unknown[] = [];
    const s = new SessionExportState({
      exportSession: async () => {
        throw bad;
      },
      download: (...a) => downloads.push(a)
    });
    expect(await s.run('abc')).toBe(false);
    expect(s.phase).toBe('error');
    expect(s.error).toMatchObject({ code: 'SESSION_FILE_INVALID', message: bad.messages });
    expect(downloads).toEqual([]);
    s.dismiss();
    expect([s.phase, s.error]).toEqual(['idle', null]);
  });

  it('run() while busy is ignored (one export at a time)', async () => {
    const d = deferred<{ blob: Blob; fileName: string }>();
    let calls = 0;
    const s = new SessionExportState({
      exportSession: () => {
        calls++;
        return d.promise;
      },
      download: () => undefined
    });
    const first = s.run('a');
    expect(s.busy).toBe(true);
    expect(await s.run('a')).toBe(false);
    d.resolve({ blob: new Blob([]), fileName: 'a.dgsession' });
    expect(await first).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('SessionImportState', () => {
  it('run() resolves with the imported session id and keeps the result', async () => {
    const s = new SessionImportState({
      importSession: async () => ({ sessionId: 'new1', name: 'A (kopia)', copied: true })
    });
    expect(await s.run(new Blob(['x']))).toBe('new1');
    expect(s.phase).toBe('done');
    expect(s.result).toEqual({ sessionId: 'new1', name: 'A (kopia)', copied: true });
  });

  it('run() keeps the typed code of a bad file; an unknown throw is INTERNAL', async () => {
    const s = new SessionImportState({
      importSession: async () => {
        throw bad;
      }
    });
    expect(await s.run(new Blob(['x']))).toBeNull();
    expect(s.error?.code).toBe('SESSION_FILE_INVALID');
    const t = new SessionImportState({
      importSession: async () => {
        throw new Error('/secret/path broke');
      }
    });
    await t.run(new Blob([]));
    expect(t.error?.code).toBe('INTERNAL');
    expect(t.error?.message.en).not.toContain('/secret/path');
  });
});
