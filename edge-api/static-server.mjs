#!/usr/bin/env node
/**
 * Dependency-free production server for the built SPA (`build/`, SvelteKit static output).
 *
 *   node edge-api/static-server.mjs [--port 4173] [--host 127.0.0.1] [--base /sub/]
 *                                   [--root build] [--mount /bench-data=tests/bench/data]…
 *
 * Prints exactly one line, `DataGenius PRO: <url>`, once listening (port 0 = a free port).
 *
 * Why each header: COOP `same-origin` + COEP `require-corp` make the page cross-origin isolated
 * (SharedArrayBuffer, precise timers for DuckDB-WASM); CORP `same-origin` lets our own resources
 * load under COEP while nobody else can embed them. `/_app/immutable/` files carry a content hash
 * in their name, so they are cached for a year; everything else is revalidated (`no-cache`).
 *
 * The app uses a hash router, so every route is `index.html` + `#/…`; the SPA fallback still
 * serves index.html for extension-less paths (old links, `/sub/` without the trailing file).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Content types by lower-case extension; anything else is application/octet-stream. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.parquet': 'application/vnd.apache.parquet',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.feather': 'application/vnd.apache.arrow.file',
  '.ipc': 'application/vnd.apache.arrow.file',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml'
};

/** @param {string} file */
export function mimeType(file) {
  /** @type {Record<string, string>} */
  const table = MIME_TYPES;
  return table[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const SECURITY_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer'
};

/**
 * @typedef {(req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>} Handler
 * @typedef {object} StaticServerOptions
 * @property {string} [root] folder to serve (default: build/ of the repo)
 * @property {string} [base] URL prefix the app lives under, e.g. '/sub/' (default '/')
 * @property {Record<string, string>} [mounts] extra static folders: URL prefix → folder
 * @property {Handler} [api] handler for `/api/*` (the edge API seam, see apiHandler below)
 */

/** Normalises a URL prefix to `/x/y/` form ('/' stays '/'). @param {string} p */
export function normaliseBase(p) {
  const parts = p.split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

/**
 * Resolves a URL path below `dir`, or returns null when it would escape it (`..`, NUL, backslash,
 * bad escapes). Symlinks are resolved too, so a link pointing out of `dir` is refused.
 * @param {string} dir absolute folder
 * @param {string} rel URL path relative to the mount, still percent-encoded
 * @returns {string | null}
 */
export function safeJoin(dir, rel) {
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..')) return null;
  const full = path.resolve(dir, '.' + path.posix.normalize('/' + decoded));
  const rootReal = realOrSelf(dir);
  const fullReal = realOrSelf(full);
  if (fullReal !== rootReal && !fullReal.startsWith(rootReal + path.sep)) return null;
  return full;
}

/** @param {string} p */
function realOrSelf(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The edge API seam. Today there is no API: `/api/*` answers 404 JSON. When the Hono app exists,
 * pass `api: getRequestListener(app.fetch)` (from `@hono/node-server`) to createStaticServer —
 * or replace this default — and every `/api/*` request goes there before any static lookup.
 * @type {Handler}
 */
export function apiHandler(_req, res) {
  sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'no edge API yet' } });
}

/**
 * Creates (does not start) the server.
 * @param {StaticServerOptions} [opts]
 * @returns {http.Server}
 */
export function createStaticServer(opts = {}) {
  const root = path.resolve(opts.root ?? path.join(repoRoot, 'build'));
  const base = normaliseBase(opts.base ?? '/');
  const api = opts.api ?? apiHandler;
  const mounts = Object.entries(opts.mounts ?? {})
    .map(([prefix, dir]) => ({ prefix: normaliseBase(prefix), dir: path.resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  return http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      // Never leak a stack trace to the client; log it on the server side only.
      console.error(err);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] || '/';

    if (pathname === '/api' || pathname.startsWith('/api/')) return api(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed');
    }

    for (const m of mounts) {
      if (pathname.startsWith(m.prefix)) {
        const file = safeJoin(m.dir, pathname.slice(m.prefix.length));
        if (file === null) return sendText(res, 403, 'Forbidden');
        if (!(await sendFile(req, res, file, 'no-cache'))) sendText(res, 404, 'Not Found');
        return;
      }
    }

    if (base !== '/' && pathname === base.slice(0, -1)) {
      res.setHeader('Location', base);
      return sendText(res, 308, 'Permanent Redirect');
    }
    if (!pathname.startsWith(base)) return sendText(res, 404, 'Not Found');
    const rel = pathname.slice(base.length);
    const file = safeJoin(root, rel);
    if (file === null) return sendText(res, 403, 'Forbidden');
    const cache = rel.startsWith('_app/immutable/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    if (await sendFile(req, res, file, cache)) return;
    // SPA fallback: paths without an extension are app routes; a missing asset stays a 404.
    if (!path.posix.extname(rel)) {
      if (await sendFile(req, res, path.join(root, 'index.html'), 'no-cache')) return;
    }
    sendText(res, 404, 'Not Found');
  }
}

/**
 * Streams `file` (or its index.html when it is a folder) with a single-range `Range` support;
 * returns false when there is no such file.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res
 * @param {string} file @param {string} cache
 * @returns {Promise<boolean>}
 */
async function sendFile(req, res, file, cache) {
  let st = await stat(file);
  if (st?.isDirectory()) {
    file = path.join(file, 'index.html');
    st = await stat(file);
  }
  if (!st || !st.isFile()) return false;

  res.setHeader('Content-Type', mimeType(file));
  res.setHeader('Cache-Control', cache);
  res.setHeader('Last-Modified', st.mtime.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  let start = 0;
  let end = st.size - 1;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), st.size - 1);
    } else {
      start = Math.max(0, st.size - Number(range[2]));
    }
    if (start > end || start >= st.size) {
      res.setHeader('Content-Range', `bytes */${st.size}`);
      sendText(res, 416, 'Range Not Satisfiable');
      return true;
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${st.size}`);
  } else {
    res.statusCode = 200;
  }
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || st.size === 0) {
    res.end();
    return true;
  }
  await new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { start, end });
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve(undefined);
    });
    stream.pipe(res);
  });
  return true;
}

/** @param {string} file */
async function stat(file) {
  try {
    return await fs.promises.stat(file);
  } catch {
    return null;
  }
}

/** @param {http.ServerResponse} res @param {number} status @param {string} text */
function sendText(res, status, text) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * Parses the command line (and PORT / HOST from the environment).
 * @param {string[]} argv
 * @returns {{ port: number, host: string, base: string, root: string, mounts: Record<string, string> }}
 */
export function parseArgs(argv) {
  const out = {
    port: Number(process.env.PORT ?? 4173),
    host: process.env.HOST ?? '127.0.0.1',
    base: '/',
    root: path.join(repoRoot, 'build'),
    /** @type {Record<string, string>} */
    mounts: {}
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`missing value for ${flag}`);
      return v;
    };
    if (flag === '--port') out.port = Number(value());
    else if (flag === '--host') out.host = value();
    else if (flag === '--base') out.base = value();
    else if (flag === '--root') out.root = path.resolve(value());
    else if (flag === '--mount') {
      const spec = value();
      const at = spec.indexOf('=');
      if (at <= 0) throw new Error(`invalid --mount: ${spec} (expected /prefix=folder)`);
      out.mounts[spec.slice(0, at)] = path.resolve(spec.slice(at + 1));
    } else throw new Error(`unknown option: ${arg}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) {
    throw new Error(`invalid port: ${out.port}`);
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`static-server: ${e instanceof Error ? e.message : e}`);
    console.error(
      'usage: node edge-api/static-server.mjs [--port N] [--host H] [--base /sub/] [--root DIR] [--mount /prefix=DIR]'
    );
    process.exit(2);
  }
  if (!fs.existsSync(path.join(args.root, 'index.html'))) {
    console.error(`static-server: ${args.root}/index.html not found — run \`npm run build\` first`);
    process.exit(1);
  }
  const server = createStaticServer(args);
  server.on('error', (e) => {
    console.error(`static-server: ${e.message}`);
    process.exit(1);
  });
  server.listen(args.port, args.host, () => {
    const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    console.log(`DataGenius PRO: http://${host}:${addr.port}${normaliseBase(args.base)}`);
  });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(sig, () => server.close(() => process.exit(0)).closeAllConnections());
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
