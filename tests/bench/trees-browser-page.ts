/**
 * Page script of the Chromium side of `npm run bench:trees`: fetches the data file and both WASM
 * kernels from the local bench server, starts trees-browser-worker.ts and transfers the buffers to
 * it (no copies, no row objects), forwards the worker's log lines to the console (trees.mjs prints
 * them), and publishes the outcome as `window.__treesResult` = { ok: true, result, crossOriginIsolated }
 * or { ok: false, error }. trees.mjs sets `window.__treesConfig` (urls + measurement settings).
 */
import type { TreesJob } from './trees-browser-worker';

interface TreesConfig extends Omit<TreesJob, 'data' | 'hist' | 'predict' | 'nodeForests'> {
  urls: {
    data: string;
    hist: string;
    predict: string;
    worker: string;
    /** Node's forest (forest-codec JSON) by variant, where the Node side wrote one. */
    nodeForests: Record<string, string>;
  };
}
type Outcome =
  { ok: true; result: unknown; crossOriginIsolated: boolean } | { ok: false; error: string };

const w = window as unknown as { __treesConfig: TreesConfig; __treesResult?: Outcome };

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

async function run(): Promise<void> {
  const { urls, ...settings } = w.__treesConfig;
  const [data, hist, predict] = await Promise.all(
    [urls.data, urls.hist, urls.predict].map(fetchBytes)
  );
  const nodeForests: TreesJob['nodeForests'] = {};
  for (const [variant, url] of Object.entries(urls.nodeForests)) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    nodeForests[variant as keyof TreesJob['nodeForests']] = await res.json();
  }
  console.log(`fetched ${data.byteLength} data bytes; starting the worker`);
  const worker = new Worker(urls.worker, { type: 'module' });
  const outcome = await new Promise<Outcome>((resolve) => {
    worker.onmessage = (e: MessageEvent) => {
      const m = e.data as
        | { type: 'log'; line: string }
        | { type: 'result'; result: unknown }
        | { type: 'error'; message: string };
      if (m.type === 'log') console.log(m.line);
      else if (m.type === 'result')
        resolve({ ok: true, result: m.result, crossOriginIsolated: self.crossOriginIsolated });
      else resolve({ ok: false, error: m.message });
    };
    worker.onerror = (e) => resolve({ ok: false, error: `worker error: ${e.message}` });
    const job: TreesJob = { ...settings, data, hist, predict, nodeForests };
    worker.postMessage(job, [data, hist, predict]);
  });
  worker.terminate();
  w.__treesResult = outcome;
}

run().catch((e) => {
  w.__treesResult = { ok: false, error: e instanceof Error ? e.message : String(e) };
});
