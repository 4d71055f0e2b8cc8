#!/usr/bin/env node
/**
 * A tiny static server for the built site (dist/), with the headers the site needs:
 * cross-origin isolation (COOP + COEP, so WASM can use threads) and a Content-Security-Policy
 * that keeps every request on our own origin. It sends the brotli or gzip copy that
 * scripts/compress.mjs wrote beside a file when the browser accepts it, and lets the hashed bundles
 * under /_astro/ be cached for good. No dependencies.
 *
 *   node scripts/serve.mjs            # PORT env or 4321; a free port if 4321 is taken
 *   import { startServer } from './scripts/serve.mjs'
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4321;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' allows WebAssembly compilation only, not eval().
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  // Served as the bytes on disk, without Content-Encoding: the worker decompresses them itself.
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

/**
 * Serves `root` on 127.0.0.1. With `strictPort` false, a taken port falls back to a free one.
 * Resolves once listening, with the server, its port and URL.
 */
export async function startServer({
  root = fileURLToPath(new URL('../dist/', import.meta.url)),
  port = DEFAULT_PORT,
  strictPort = false,
  // the path the site lives under, as a host serves a build made with `astro build --base`
  base = '/',
  // false: none of SECURITY_HEADERS, as a host without custom headers serves the site
  headers = true,
} = {}) {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  /** What every request of this server shares: its folder, base path and headers. */
  const site = { rootDir: resolve(root), prefix, headers: headers ? SECURITY_HEADERS : {} };
  const server = createServer((request, response) => {
    handle(site, request, response).catch((error) => {
      if (!response.headersSent)
        send(site, response, 500, 'text/plain; charset=utf-8', 'Server error\n');
      else response.destroy(error);
    });
  });
  const actualPort = await listen(server, port).catch((error) => {
    if (error.code !== 'EADDRINUSE' || strictPort) throw error;
    return listen(server, 0);
  });
  return { server, port: actualPort, url: `http://${HOST}:${actualPort}${prefix}` };
}

async function handle(site, request, response) {
  const { rootDir, prefix } = site;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(site, response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
  }
  const url = new URL(request.url ?? '/', `http://${HOST}`);
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(site, response, 400, 'text/plain; charset=utf-8', 'Bad request\n');
  }
  // under a base path, only what lies below it exists (the base itself without its slash redirects)
  if (prefix !== '/') {
    if (`${pathname}/` === prefix) {
      response.writeHead(301, { ...site.headers, Location: `${prefix}${url.search}` });
      return response.end();
    }
    if (!pathname.startsWith(prefix)) return notFound(site, request, response);
    pathname = pathname.slice(prefix.length - 1);
  }
  const file = resolveInside(rootDir, pathname);
  if (!file) return notFound(site, request, response);

  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      // Redirect so that relative links inside the page resolve against the directory.
      response.writeHead(301, { ...site.headers, Location: `${url.pathname}/${url.search}` });
      return response.end();
    }
    return serveFile(site, join(file, 'index.html'), 200, request, response);
  }
  if (info?.isFile()) return serveFile(site, file, 200, request, response);
  return notFound(site, request, response);
}

/** The file under rootDir that `pathname` names, or null when it would escape rootDir. */
function resolveInside(rootDir, pathname) {
  if (pathname.includes('\0')) return null;
  const file = resolve(rootDir, `.${sep}${pathname}`);
  return file === rootDir || file.startsWith(rootDir + sep) ? file : null;
}

/** Files whose names carry their content's hash (Astro's bundles): cacheable for good. */
const IMMUTABLE = /\/_astro\//;
export const CACHE_CONTROL = {
  immutable: 'public, max-age=31536000, immutable',
  other: 'no-cache',
};

/** The precompressed copy (scripts/compress.mjs) the request accepts, brotli first, or null. */
async function encoded(file, request) {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  for (const [encoding, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ]) {
    if (!new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
    const info = await stat(`${file}${suffix}`).catch(() => null);
    if (info?.isFile()) return { encoding, path: `${file}${suffix}`, size: info.size };
  }
  return null;
}

async function serveFile(site, file, status, request, response) {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return notFound(site, request, response);
  const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // a .gz asset is served as its bytes; other files may have a precompressed copy beside them
  const copy = extname(file) === '.gz' ? null : await encoded(file, request);
  response.writeHead(status, {
    ...site.headers,
    'Content-Type': type,
    'Content-Length': copy ? copy.size : info.size,
    ...(copy ? { 'Content-Encoding': copy.encoding } : {}),
    Vary: 'Accept-Encoding',
    'Cache-Control': IMMUTABLE.test(file) ? CACHE_CONTROL.immutable : CACHE_CONTROL.other,
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(copy ? copy.path : file).pipe(response);
}

async function notFound(site, request, response) {
  const page = join(site.rootDir, '404.html');
  const info = await stat(page).catch(() => null);
  if (info?.isFile()) return serveFile(site, page, 404, request, response);
  send(site, response, 404, 'text/plain; charset=utf-8', 'Not found\n');
}

function send(site, response, status, type, body) {
  response.writeHead(status, {
    ...site.headers,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

function listen(server, port) {
  return new Promise((resolvePort, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePort(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // An explicit PORT is a promise to whoever set it (Playwright waits on it): never move it.
  const explicitPort = process.env.PORT !== undefined && process.env.PORT !== '';
  const port = explicitPort ? Number(process.env.PORT) : DEFAULT_PORT;
  try {
    // SERVE_ROOT: another build folder (npm run figures builds its own, away from dist/);
    // SERVE_BASE: the path a build made with `astro build --base` lives under
    const root = process.env.SERVE_ROOT ? resolve(process.env.SERVE_ROOT) : undefined;
    const base = process.env.SERVE_BASE || '/';
    const { url } = await startServer({
      port,
      strictPort: explicitPort,
      base,
      ...(root ? { root } : {}),
    });
    console.log(`Serving ${root ?? 'dist/'} at ${url}`);
  } catch (error) {
    console.error(`serve: cannot listen on ${HOST}:${port}: ${error.message}`);
    process.exit(1);
  }
}
