// Guards edge-api/static-server.mjs: MIME types, isolation + cache headers, SPA fallback,
// traversal refusal, sub-folder base and extra mounts — against the real CLI on a free port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverScript = path.join(repoRoot, 'edge-api/static-server.mjs');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw GET: `http.request` sends the path as written (no `..` normalisation, unlike fetch). */
function get(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: rawPath, method: 'GET', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }
    );
    req.on('error', reject);
    req.end();
  });
}

/** Starts the CLI with `args` and resolves with the URL from its single output line. */
function startServer(
  args: string[]
): Promise<{ url: string; child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [serverScript, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^DataGenius PRO: (http:\/\/\S+)\n/.exec(out);
      if (m) resolve({ url: m[1], child, out: () => out });
    });
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

let tmp: string;
let outside: string;

beforeAll(() => {
  // A fake build/ so the test does not depend on `npm run build`.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dg-static-'));
  const root = path.join(tmp, 'build');
  mkdirSync(path.join(root, '_app/immutable/chunks'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>DataGenius PRO</title>');
  writeFileSync(path.join(root, '_app/immutable/chunks/app.abc123.js'), 'export {};');
  writeFileSync(path.join(root, 'duckdb-eh.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(path.join(root, 'manifest.webmanifest'), '{}');
  writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'data.parquet'), 'PAR1');
  writeFileSync(path.join(root, 'app.css'), 'body{}');
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  outside = path.join(tmp, 'secret.txt');
  symlinkSync(outside, path.join(root, 'link-out.txt'));
  mkdirSync(path.join(tmp, 'bench'));
  writeFileSync(path.join(tmp, 'bench/t.csv'), 'a,b\n1,2\n');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('static-server at /', () => {
  let url: string;
  let child: ChildProcess;
  let out: () => string;
  beforeAll(async () => {
    ({ url, child, out } = await startServer([
      '--root',
      path.join(tmp, 'build'),
      '--mount',
      `/bench-data=${path.join(tmp, 'bench')}`
    ]));
  });
  afterAll(() => void child.kill());

  it('prints exactly one line: the URL', () => {
    expect(out().trimEnd().split('\n')).toEqual([`DataGenius PRO: ${url}`]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves .wasm as application/wasm with COOP/COEP/CORP headers', async () => {
    const r = await get(url, '/duckdb-eh.wasm');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/wasm');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('sets the MIME type of js, css, webmanifest, svg, parquet', async () => {
    const types: Record<string, RegExp> = {
      '/_app/immutable/chunks/app.abc123.js': /^text\/javascript/,
      '/app.css': /^text\/css/,
      '/manifest.webmanifest': /^application\/manifest\+json/,
      '/icon.svg': /^image\/svg\+xml/,
      '/data.parquet': /^application\/vnd\.apache\.parquet/,
      '/': /^text\/html/
    };
    for (const [p, re] of Object.entries(types)) {
      expect((await get(url, p)).headers['content-type'], p).toMatch(re);
    }
  });

  it('caches /_app/immutable/ for a year and revalidates the rest', async () => {
    const imm = await get(url, '/_app/immutable/chunks/app.abc123.js');
    expect(imm.headers['cache-control']).toContain('immutable');
    expect(imm.headers['cache-control']).toContain('max-age=31536000');
    expect((await get(url, '/index.html')).headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for extension-less routes, 404 for missing assets', async () => {
    const r = await get(url, '/s/abc?x=1');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>DataGenius PRO</title>');
    expect((await get(url, '/missing.js')).status).toBe(404);
  });

  it('refuses directory traversal (raw, encoded, backslash, symlink)', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/_app/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/bench-data/../secret.txt',
      '/link-out.txt',
      '/%E0%A4%A'
    ]) {
      const r = await get(url, p);
      expect([403, 404], p).toContain(r.status);
      expect(r.body, p).not.toContain('TOP SECRET');
    }
  });

  it('serves an extra mount and supports Range', async () => {
    const r = await get(url, '/bench-data/t.csv');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.body).toBe('a,b\n1,2\n');
    const part = await get(url, '/bench-data/t.csv', { Range: 'bytes=0-2' });
    expect(part.status).toBe(206);
    expect(part.body).toBe('a,b');
  });

  it('keeps a seam for the edge API under /api (404 JSON for now)', async () => {
    const r = await get(url, '/api/v1/health');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('static-server --base /sub/', () => {
  let url: string;
  let child: ChildProcess;
  beforeAll(async () => {
    ({ url, child } = await startServer(['--root', path.join(tmp, 'build'), '--base', '/sub/']));
  });
  afterAll(() => void child.kill());

  it('serves the app under the sub-folder only', async () => {
    expect(url).toMatch(/\/sub\/$/);
    expect((await get(url, '/sub/')).body).toContain('DataGenius PRO');
    expect((await get(url, '/sub/duckdb-eh.wasm')).headers['content-type']).toBe(
      'application/wasm'
    );
    expect(
      (await get(url, '/sub/_app/immutable/chunks/app.abc123.js')).headers['cache-control']
    ).toContain('immutable');
    expect((await get(url, '/duckdb-eh.wasm')).status).toBe(404);
    expect((await get(url, '/sub')).status).toBe(308);
    expect((await get(url, '/sub/../secret.txt')).status).toBe(403);
  });
});

describe('static-server CLI errors', () => {
  it('exits with a clear message when the build folder is missing', async () => {
    const child = spawn(process.execPath, [serverScript, '--root', path.join(tmp, 'nope')], {
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('npm run build');
  });
});
