import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { FASHION_MISSING } from '../workers/engine/data';
import { collectErrors } from './console';
import { downloadRerun, figureOf, onlyIn, openReport, rerun } from './report';

/**
 * Fashion-MNIST as a run's data set (#24): a smoke rerun of Fig. 1 on it trains anew and is stamped
 * with it; on a site built without it, the rerun says how to get it and the published figure stays.
 * One rerun of each, in `no-webgpu`: the data set does not depend on the backend.
 */

onlyIn('no-webgpu', 'the data set does not depend on the backend');

const BUILT_WITH_FASHION = existsSync('public/data/fashion/manifest.json');

test('a smoke rerun of Fig. 1 on Fashion-MNIST trains anew on it and says so', async ({ page }) => {
  test.skip(!BUILT_WITH_FASHION, 'npm run data found no Fashion-MNIST on this machine');
  test.setTimeout(150_000);
  const errors = collectErrors(page);
  const fashion: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/data/fashion/')) fashion.push(r.url());
  });
  await openReport(page);
  const fig = figureOf(page, 'fig1');
  await rerun(fig, { preset: 'smoke', networks: 'retrain', dataset: 'fashion' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const data = await downloadRerun(page, fig);
  expect(data.meta).toMatchObject({ dataset: 'fashion', networks: 'trained', preset: 'smoke' });
  expect(fashion.some((u) => u.endsWith('/data/fashion/manifest.json'))).toBe(true);
  // the run's caption names the data set it ran on
  await expect(fig.locator('[data-role=rerun-meta]')).toContainText('Fashion-MNIST');
  expect(errors).toEqual([]);
});

test('on a site without Fashion-MNIST a rerun on it says how to get it, and the published figure stays', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page
    .context()
    .route('**/data/fashion/**', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await openReport(page);
  const fig = figureOf(page, 'fig1');
  await rerun(fig, { preset: 'smoke', networks: 'retrain', dataset: 'fashion' });
  await expect(fig).toHaveAttribute('data-state', 'failed', { timeout: 45_000 });
  await expect(fig.locator('[data-role=status]')).toContainText(FASHION_MISSING.slice(0, 60));
  await expect(fig.locator('[data-role=published-plot] svg').first()).toBeVisible();
});
