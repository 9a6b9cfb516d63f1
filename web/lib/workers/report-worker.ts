/**
 * The report worker's spawn helper (STYLE.md: `new Worker` only in web/lib/workers). Returns a
 * comlink proxy of ReportApi with the shared transfer handlers installed, so a failed render
 * rejects with a typed AppError REPORT_FAILED, and tells the worker where the PDF fonts are.
 */
import { wrap, type Remote } from 'comlink';
import type { FontUrls, ReportApi } from '$workers/api/report-api';
import { installTransferHandlers } from '$workers/protocol/index';
import { reportFailed } from '$engine/report/errors';

export interface ReportWorker {
  api: Remote<ReportApi>;
  terminate(): void;
  /** Rejects with REPORT_FAILED when the worker dies or fails to start (it never answers then). */
  crashed: Promise<never>;
}

/**
 * @param fontUrls absolute URLs of DejaVuSans.ttf / DejaVuSans-Bold.ttf on the app's origin
 *   (`pdfFontUrls()` in web/lib/features/report/create.ts: the static files under the base path).
 */
export function spawnReportWorker(fontUrls: FontUrls): ReportWorker {
  installTransferHandlers();
  // Relative path on purpose: Vite cannot bundle `new URL('$lib/…')` workers (NOTES-stack.md).
  const worker = new Worker(new URL('../../../workers/report.worker.ts', import.meta.url), {
    type: 'module',
    name: 'report'
  });
  const api = wrap<ReportApi>(worker);
  const crashed = new Promise<never>((_, reject) => {
    const fail = (reason: string) =>
      reject(reportFailed('report', `worker stopped (${reason}) / proces raportu przerwał pracę`));
    worker.addEventListener('error', (e) => fail(e.message || 'error'));
    worker.addEventListener('messageerror', () => fail('messageerror'));
  });
  crashed.catch(() => undefined);
  // Fire and forget: a rejection here (a URL off the origin) shows up again on the PDF render.
  api.setFontUrls(fontUrls).catch(() => undefined);
  return { api, terminate: () => worker.terminate(), crashed };
}
