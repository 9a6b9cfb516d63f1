/**
 * E2E harness: the production build served by edge-api/static-server.mjs on a free port, Debian
 * Chromium through playwright-core, a fresh browser context (= fresh profile, fresh IndexedDB) per
 * test, and three guards on every test:
 * - a request recorder that fails the test when any request leaves the origin (DESIGN.md: data
 *   stays on the device);
 * - uncaught page errors fail the test; console errors are collected and printed;
 * - a screenshot of each failed test goes to tests/e2e/artifacts/.
 *
 * Usage in a spec file:
 *   const app = useApp();                 // or useApp({ base: '/sub/' })
 *   it('…', async () => { const page = app.page; await page.goto(app.url); … });
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from '../../edge-api/static-server.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../tools/ensure-chromium.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const datasetsDir = path.resolve(repoRoot, '../shared/datasets');
export const artifactsDir = path.join(repoRoot, 'tests/e2e/artifacts');

export { CHROMIUM_ARGS };

/** Serves build/ on 127.0.0.1:<free port>; resolves with the app URL (ending in `base`). */
export async function serveBuild(
  opts: { base?: string; mounts?: Record<string, string> } = {}
): Promise<{ url: string; origin: string; close: () => Promise<void> }> {
  const server: Server = createStaticServer({
    root: path.join(repoRoot, 'build'),
    base: opts.base ?? '/',
    mounts: opts.mounts
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${opts.base ?? '/'}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || ensureChromium(),
    args: [...CHROMIUM_ARGS, ...extraArgs]
  });
}

/** What a test sees: the page plus the guards' records. */
export interface AppHandle {
  /** The app URL, e.g. http://127.0.0.1:PORT/ (or …/sub/). */
  readonly url: string;
  readonly origin: string;
  readonly page: Page;
  readonly context: BrowserContext;
  /** Requests whose origin is not the app's (should stay empty). */
  readonly foreignRequests: string[];
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Same-origin responses with status ≥ 400. */
  readonly failedResponses: string[];
  /** A new tab in the same context (same IndexedDB), guarded like the first. */
  newPage(): Promise<Page>;
}

/** Schemes that never leave the device. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:']);

/**
 * Registers the hooks for one spec file: one server + one Chromium per file, a fresh context per
 * test. Call at the top level of the file (or of a describe).
 */
export function useApp(opts: { base?: string } = {}): AppHandle {
  let server: Awaited<ReturnType<typeof serveBuild>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedResponses: string[] = [];

  const guard = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    p.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  };

  beforeAll(async () => {
    server = await serveBuild({ base: opts.base });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    foreignRequests.length = 0;
    consoleErrors.length = 0;
    pageErrors.length = 0;
    failedResponses.length = 0;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Recorded on the context, so workers' and service workers' requests are caught too.
    context.on('request', (r) => {
      const u = new URL(r.url());
      if (!LOCAL_SCHEMES.has(u.protocol) && u.origin !== server.origin)
        foreignRequests.push(r.url());
    });
    context.on('response', (r) => {
      if (r.status() >= 400 && r.url().startsWith(server.origin)) {
        failedResponses.push(`${r.status()} ${r.url()}`);
      }
    });
    // Belt and braces: anything off-origin is aborted, so it cannot succeed silently either.
    await context.route(
      (u) => !LOCAL_SCHEMES.has(u.protocol) && u.origin !== server.origin,
      (route) => route.abort('blockedbyclient')
    );
    page = await context.newPage();
    guard(page);
  });

  afterEach(async (ctx) => {
    try {
      if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) {
        mkdirSync(artifactsDir, { recursive: true });
        const name = `${path.basename(ctx.task.file?.name ?? 'e2e')}--${ctx.task.name}`
          .replace(/[^a-z0-9._-]+/gi, '_')
          .slice(0, 150);
        await page
          .screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })
          .catch(() => undefined);
      }
      if (consoleErrors.length)
        console.warn(`[${ctx.task.name}] console errors:\n  ${consoleErrors.join('\n  ')}`);
      if (failedResponses.length)
        console.warn(`[${ctx.task.name}] failed responses:\n  ${failedResponses.join('\n  ')}`);
    } finally {
      await context?.close();
    }
    expect(foreignRequests, 'requests that left the origin').toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  return {
    get url() {
      return server.url;
    },
    get origin() {
      return server.origin;
    },
    get page() {
      return page;
    },
    get context() {
      return context;
    },
    foreignRequests,
    consoleErrors,
    pageErrors,
    failedResponses,
    async newPage() {
      const p = await context.newPage();
      guard(p);
      return p;
    }
  };
}
