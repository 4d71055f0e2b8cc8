/**
 * The built site as any static host gets it (scripts/compress.mjs) and as scripts/serve.mjs serves
 * it: brotli and gzip copies sent only to browsers that accept them and equal to the file, the
 * compressed MNIST assets sent as their bytes, the hashed bundles cached for good, and a `_headers`
 * file that carries every header the server sends.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressTree, headersFile } from '../../scripts/compress.mjs';
import { SECURITY_HEADERS, startServer } from '../../scripts/serve.mjs';

const page = `<!doctype html><title>report</title>${'<p>a figure</p>'.repeat(500)}`;
let root: string;
let server: { close(): void };
let base: string;

/** One GET of `url` with the given Accept-Encoding: status, headers and the raw body bytes. */
function fetchRaw(url: string, acceptEncoding?: string) {
  return new Promise<{ status?: number; headers: Record<string, unknown>; body: Buffer }>(
    (done, fail) => {
      const req = request(
        url,
        { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', fail);
      req.end();
    },
  );
}
/** A path of the test site. */
const get = (path: string, acceptEncoding?: string) =>
  fetchRaw(`${base}${path.slice(1)}`, acceptEncoding);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'site-'));
  mkdirSync(join(root, 'data'));
  mkdirSync(join(root, '_astro'));
  writeFileSync(join(root, 'index.html'), page);
  writeFileSync(join(root, '_astro', 'page.abc123.js'), `export const x = '${'y'.repeat(4000)}';`);
  writeFileSync(join(root, 'data', 'test-images.gz'), gzipSync(Buffer.alloc(5000, 7)));
  compressTree(root);
  const started = await startServer({ root, port: 0 });
  server = started.server;
  base = started.url;
});
afterAll(() => server.close());

describe('precompressed site', () => {
  it('sends brotli to a browser that accepts it, equal to the page', async () => {
    const { headers, body } = await get('/', 'gzip, deflate, br');
    expect(headers['content-encoding']).toBe('br');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(body.length).toBeLessThan(page.length / 5);
    expect(brotliDecompressSync(body).toString()).toBe(page);
  });

  it('sends gzip where brotli is not accepted, and the file itself where nothing is', async () => {
    const gz = await get('/index.html', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(page);
    const plain = await get('/index.html');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
  });

  it('sends a compressed asset as its bytes, never encoded twice', async () => {
    const { headers, body } = await get('/data/test-images.gz', 'br, gzip');
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.equals(readFileSync(join(root, 'data', 'test-images.gz')))).toBe(true);
  });

  it('caches hashed bundles for good and revalidates the rest, with every security header', async () => {
    const bundle = await get('/_astro/page.abc123.js', 'br');
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const html = await get('/');
    expect(html.headers['cache-control']).toBe('no-cache');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(html.headers[name.toLowerCase()]).toBe(value);
    }
  });

  it('writes a _headers file with the headers the server sends', () => {
    const text = headersFile();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(text).toContain(`  ${name}: ${value}\n`);
    }
    expect(text).toMatch(/^\/_astro\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m);
  });
});

describe('as other hosts serve it', () => {
  it('under a base path: the site below it, the base without its slash redirected, nothing outside', async () => {
    const under = await startServer({ root, port: 0, base: '/report/' });
    try {
      expect(under.url.endsWith('/report/')).toBe(true);
      const origin = under.url.replace(/\/report\/$/, '');
      const status = async (path: string) => {
        const { status, headers } = await fetchRaw(`${origin}${path}`);
        return { status, location: headers.location };
      };
      expect(await status('/report/')).toMatchObject({ status: 200 });
      expect(await status('/report/data/test-images.gz')).toMatchObject({ status: 200 });
      expect(await status('/report')).toMatchObject({ status: 301, location: '/report/' });
      expect(await status('/index.html')).toMatchObject({ status: 404 });
    } finally {
      under.server.close();
    }
  });

  it('without custom headers, as a plain host would', async () => {
    const plain = await startServer({ root, port: 0, headers: false });
    try {
      const { headers } = await fetchRaw(plain.url);
      for (const name of Object.keys(SECURITY_HEADERS)) {
        expect(headers[name.toLowerCase()]).toBeUndefined();
      }
      expect(headers['content-type']).toBe('text/html; charset=utf-8');
    } finally {
      plain.server.close();
    }
  });
});
