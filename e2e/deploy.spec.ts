/**
 * The report on other static hosts (docs/deploy.md): built under a base path and served from it,
 * and served without any custom header. In both, the figures are drawn and a rerun completes;
 * without the headers the page is not cross-origin isolated, which is what degrades.
 */
import { execSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { startServer } from '../scripts/serve.mjs';
import { collectErrors } from './console';
import { figureOf, onlyIn, rerun } from './report';

onlyIn('no-webgpu', 'the host does not depend on the backend');

/** Fig. 1 drawn from its published run, and a smoke rerun on the published networks done. */
async function readsAndReruns(page: Page) {
  const fig = figureOf(page, 'fig1');
  await expect(fig.locator('[data-role=published-plot] svg').first()).toBeVisible();
  await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

test('built under /report/ and served from there, every link and fetch stays under it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const out = '.cache/site-report';
  execSync(`npx astro build --base /report/ --outDir ${out}`, { stdio: 'ignore' });
  const { server, url } = await startServer({ root: out, port: 0, base: '/report/' });
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/report/')) outside.push(r.url());
  });
  page.on('worker', (w) => {
    if (!new URL(w.url()).pathname.startsWith('/report/')) outside.push(w.url());
  });
  try {
    const errors = collectErrors(page);
    await page.goto(url);
    await expect(page.locator('[data-role=download-csv]').first()).toHaveAttribute(
      'href',
      /^\/report\/figures\/fig\d+\.csv$/,
    );
    await readsAndReruns(page);
    expect(outside, 'requests outside the base path').toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});

test('served without custom headers, the report reads and reruns, not cross-origin isolated', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // dist/ as the test server built it (npm run build), served as a host without custom headers
  const { server, url } = await startServer({ root: 'dist', port: 0, headers: false });
  try {
    const errors = collectErrors(page);
    await page.goto(url);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    await readsAndReruns(page);
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});

test('a first visit transfers at most 700 kB before the first figure is visible', async ({
  page,
}, testInfo) => {
  // the served build is precompressed (npm run build): what a reader's browser really receives
  const sizes: Promise<number>[] = [];
  page.on('requestfinished', (r) =>
    sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)),
  );
  await page.goto('/');
  await expect(
    figureOf(page, 'fig1').locator('[data-role=published-plot] svg').first(),
  ).toBeVisible();
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  testInfo.annotations.push({
    type: 'first visit',
    description: `${(bytes / 1000).toFixed(0)} kB over ${sizes.length} responses before Fig. 1 was visible`,
  });
  expect(bytes).toBeLessThanOrEqual(700_000);
});
