/**
 * Wires ReportState for the app: one report worker per session page (spawned on the first
 * report), downloads through an `<a download>` object URL, options saved with the session.
 */
import { asset } from '$app/paths';
import type { FontUrls } from '$workers/api/report-api';
import { appRepos } from '$lib/db';
import { downloadBlob } from '$lib/charts/export';
import { lang } from '$lib/i18n/i18n.svelte';
import { spawnReportWorker } from '$lib/workers/report-worker';
import { PDF_FONT_PATHS, REPORT_OPTIONS_KEY, ReportState } from './report.svelte';

/**
 * The PDF fonts as absolute URLs on the app's origin. Taken on the main thread because only it
 * knows the base path the app is served under (`asset()`); the files stay plain static files
 * (static/fonts, also precached for offline use) instead of a second hashed copy a `?url` import
 * of them would add to the build.
 */
export function pdfFontUrls(): FontUrls {
  return {
    regular: new URL(asset(PDF_FONT_PATHS.regular), location.href).href,
    bold: new URL(asset(PDF_FONT_PATHS.bold), location.href).href
  };
}

export function createReport(sessionId: string): ReportState {
  return new ReportState({
    worker: () => spawnReportWorker(pdfFontUrls()),
    download: downloadBlob,
    saveOptions: (opts) =>
      appRepos().sessions.patchState(sessionId, { [REPORT_OPTIONS_KEY]: opts }),
    uiLang: () => lang.current
  });
}
