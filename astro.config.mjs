// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig, passthroughImageService } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { shortCommit } from './scripts/commit.mjs';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer), and
// the CSP keeps every request on our own origin (issue 7). The same headers are set by
// scripts/serve.mjs for the built site.
export const securityHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The commit a build comes from, stamped on every rerun's metadata (workers/engine.worker.ts);
// 'unknown' outside a git checkout (a tarball deploy).
const commit = shortCommit();

export default defineConfig({
  output: 'static',
  srcDir: 'src',
  publicDir: 'public',
  image: { service: passthroughImageService() },
  integrations: [mdx()],
  markdown: { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] },
  server: { headers: securityHeaders },
  vite: {
    define: { __COMMIT__: JSON.stringify(commit) },
    worker: { format: 'es' },
    server: { headers: securityHeaders },
    preview: { headers: securityHeaders },
    build: { assetsInlineLimit: 0 },
  },
});
