/**
 * The first load of the report (docs/bench.md, item 5): JavaScript the built index page loads
 * before any interaction, from the bench's own build of the site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResults, FirstLoadFile } from '../results';

/**
 * JavaScript the built index page loads before any interaction: its script tags, modulepreload
 * links, inline scripts, and the static imports of those (dynamic imports and workers load later).
 * Sizes gzip'd by zlib at level 9.
 */
export function firstLoad(site: string): BenchResults['firstLoad'] {
  const page = join(site, 'index.html');
  if (!existsSync(page)) return null;
  const html = readFileSync(page, 'utf8');
  const files: FirstLoadFile[] = [];
  const seen = new Set<string>();
  const queue: { path: string; via: FirstLoadFile['via'] }[] = [];
  const add = (url: string, via: FirstLoadFile['via'], from = '/') => {
    if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return;
    const path = posix.normalize(url.startsWith('/') ? url : posix.join(posix.dirname(from), url));
    if (seen.has(path) || !/\.m?js$/.test(path)) return;
    seen.add(path);
    queue.push({ path, via });
  };
  const attribute = (attrs: string, name: string) =>
    attrs
      .match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
      ?.slice(1)
      .find((v) => v !== undefined);
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attribute(attrs, 'src');
    const type = attribute(attrs, 'type') ?? '';
    if (src) add(src, 'script');
    else if (body.trim() && ['', 'module', 'text/javascript'].includes(type)) {
      const bytes = Buffer.from(body);
      files.push({
        file: 'index.html (inline)',
        via: 'inline',
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
      });
      for (const spec of staticImports(body)) add(spec, 'import');
    }
  }
  for (const [, attrs] of html.matchAll(/<link\b([^>]*)>/gi)) {
    const href = attribute(attrs, 'href');
    if (href && attribute(attrs, 'rel') === 'modulepreload') add(href, 'modulepreload');
  }
  while (queue.length > 0) {
    const { path, via } = queue.shift()!;
    const file = join(site, path);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    files.push({
      file: path,
      via,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    });
    for (const spec of staticImports(bytes.toString())) add(spec, 'import', path);
  }
  return { page: 'index.html', files, gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

// Specifiers of `import ... from "x"`, `import "x"` and `export ... from "x"`, not `import("x")`.
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(
    /\b(?:import|export)(?![\w$])\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g,
  ))
    found.push(m[1]);
  return found;
}
