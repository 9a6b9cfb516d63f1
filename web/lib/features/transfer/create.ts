/**
 * Wires session export / import for the app: the app-wide database, the UI language (for the
 * " (kopia)" / " (copy)" suffix of an imported copy), the app version for the manifest, and the
 * download link.
 */
import { appDb } from '$lib/db';
import { exportSession, importSession } from '$lib/db/session-file';
import { downloadBlob } from '$lib/charts/export';
import { lang } from '$lib/i18n/i18n.svelte';
import { version } from '../../../../package.json';
import { SessionExportState, SessionImportState } from './transfer.svelte';

export function createSessionExport(): SessionExportState {
  return new SessionExportState({
    exportSession: (id) => exportSession(appDb(), id, { appVersion: version }),
    download: downloadBlob
  });
}

export function createSessionImport(): SessionImportState {
  return new SessionImportState({
    importSession: (file) => importSession(appDb(), file, { lang: lang.current })
  });
}
