// Chromium side of the issue-7 report benchmark (bundled by report.mjs with the app's own report
// worker, workers/report.worker.ts): the page fetches the full ReportInput Node built (EDA + model
// + evaluation + SHAP), hands the worker the PDF font URLs on this origin exactly as the app does
// (absolute, from the page's location), and times `render` per format through comlink from the
// main thread — the first call of each format separately (cold: jsPDF import, font fetch and
// subsetting caches), then `runs` calls (median). Wall = the page's view (clone in, render,
// transfer back); build / render = the worker's own figures. Sets window.__reportResult.
import { wrap } from 'comlink';
import type { ReportInput } from '../../workers/engine/report/types';
import type { ReportApi, ReportFormat } from '../../workers/api/report-api';
import { installTransferHandlers } from '../../workers/protocol/index';

interface Sample {
  wall: number;
  build: number;
  render: number;
  bytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const params = new URLSearchParams(location.search);
  const runs = Number(params.get('runs') ?? '5');
  const input = (await (await fetch('./cache/report-input.json')).json()) as ReportInput;
  installTransferHandlers();
  const worker = new Worker('./report-worker.js', { type: 'module', name: 'report' });
  const api = wrap<ReportApi>(worker);
  await api.setFontUrls({
    regular: new URL('./fonts/DejaVuSans.ttf', location.href).href,
    bold: new URL('./fonts/DejaVuSans-Bold.ttf', location.href).href
  });
  const once = async (format: ReportFormat): Promise<Sample> => {
    const t0 = performance.now();
    const r = await api.render(input, { lang: 'pl' }, format);
    const wall = performance.now() - t0;
    if (format === 'pdf' && new TextDecoder('latin1').decode(r.bytes.subarray(0, 5)) !== '%PDF-')
      throw new Error('the PDF does not start with %PDF-');
    return { wall, build: r.ms.build, render: r.ms.render, bytes: r.bytes.byteLength };
  };
  const out: Record<string, unknown> = {};
  for (const format of ['html', 'md', 'pdf'] as const) {
    const cold = await once(format);
    const warm: Sample[] = [];
    for (let i = 0; i < runs; i++) warm.push(await once(format));
    out[format] = {
      coldWallMs: r1(cold.wall),
      wallMs: r1(median(warm.map((s) => s.wall))),
      buildMs: r1(median(warm.map((s) => s.build))),
      renderMs: r1(median(warm.map((s) => s.render))),
      wallRunsMs: warm.map((s) => r1(s.wall)),
      bytes: cold.bytes
    };
  }
  worker.terminate();
  return out;
}

main().then(
  (result) =>
    ((window as unknown as { __reportResult: unknown }).__reportResult = { ok: true, result }),
  (e: unknown) =>
    ((window as unknown as { __reportResult: unknown }).__reportResult = {
      ok: false,
      error: e instanceof Error ? `${e.name}: ${e.message} ${JSON.stringify(e)}` : String(e)
    })
);
