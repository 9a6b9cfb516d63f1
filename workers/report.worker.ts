/**
 * The report worker: the engine's report builder and its HTML / Markdown / PDF renderers behind a
 * comlink interface (ReportApi), so jsPDF and the font subsetter never block the page. Transfer
 * handlers first, so REPORT_FAILED crosses the boundary as a typed AppError.
 */
import { expose } from 'comlink';
import { installTransferHandlers } from './protocol/index';
import { createReportApi } from './api/report-api-impl';

installTransferHandlers();
expose(createReportApi());
