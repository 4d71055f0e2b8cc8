#!/usr/bin/env node
/**
 * After `astro build`: precompresses the built site for any static host, and writes its headers.
 * - Every text or WebAssembly file over 1 kB gets a brotli (`.br`; quality 11 for what a visit loads,
 *   6 for the downloads, which would otherwise take a minute) and a gzip (`.gz`) copy beside it,
 *   kept only where it is smaller; scripts/serve.mjs (and hosts that look for them) send the copy the
 *   browser accepts, with Content-Encoding. Files that are compressed already (the MNIST `.gz`
 *   assets, the networks' float32 `.bin`) are left alone.
 * - `_headers` (Netlify, Cloudflare Pages and hosts that read the same format) carries the headers
 *   scripts/serve.mjs sends: cross-origin isolation and the Content-Security-Policy.
 *
 *   node scripts/compress.mjs [dir]     # default dist/
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CACHE_CONTROL, SECURITY_HEADERS } from './serve.mjs';

export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.csv',
  '.txt',
  '.xml',
  '.map',
  '.wasm',
]);

/** What a visit loads (the page, its scripts, styles and WebAssembly), as against downloads. */
const LOADED = new Set(['.html', '.js', '.mjs', '.css', '.wasm']);

/** The `_headers` file: every path gets the headers scripts/serve.mjs sends, and the hashed
 * bundles the same long cache. */
export function headersFile() {
  const lines = Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  return [
    '/*',
    ...lines,
    // hosts merge the headers of every matching rule, so the long cache is the only one given
    '/_astro/*',
    `  Cache-Control: ${CACHE_CONTROL.immutable}`,
    '',
  ].join('\n');
}

/** Compresses every eligible file under `dir`; returns the bytes before and after, for the log. */
export function compressTree(dir) {
  let before = 0;
  let after = 0;
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const info = statSync(path);
      if (info.isDirectory()) {
        walk(path);
        continue;
      }
      // the service worker is left as it is: small, and a host must serve its current bytes
      if (name === 'sw.js') continue;
      if (!COMPRESSIBLE.has(extname(name).toLowerCase()) || info.size < 1024) continue;
      const bytes = readFileSync(path);
      // the files a visit loads get brotli's best (slow) setting; downloads a faster one
      const loaded = LOADED.has(extname(name).toLowerCase());
      const br = brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: loaded ? 11 : 6,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      });
      const gz = gzipSync(bytes, { level: 9 });
      if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
      if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
      before += bytes.length;
      after += Math.min(br.length, bytes.length);
    }
  };
  walk(dir);
  return { before, after };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'dist');
  const { before, after } = compressTree(dir);
  writeFileSync(join(dir, '_headers'), headersFile());
  const mb = (n) => (n / 1e6).toFixed(2);
  console.log(
    `compress: ${mb(before)} MB of text and WebAssembly -> ${mb(after)} MB brotli; _headers written`,
  );
}
