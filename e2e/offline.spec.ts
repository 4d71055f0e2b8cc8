/**
 * Offline after a first visit (scripts/service-worker.mjs, src/components/offline.ts): the report
 * reloads with the network off, and a rerun whose assets were fetched once runs again offline;
 * back online, a new deploy (another service worker) takes over and the page says so. The only
 * suite that lets the service worker run: the others block it, since it would answer requests
 * before their routes see them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectErrors } from './console';
import { figureOf, onlyIn, openReport, rerun } from './report';

onlyIn('no-webgpu', 'the service worker does not depend on the backend');

/** The service worker of the site the tests are served (npm run build writes it into dist/). */
const SW = 'dist/sw.js';

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit the report reads and reruns offline; online, a new version is said', async ({
    page,
    context,
  }) => {
    test.setTimeout(240_000);
    const errors = collectErrors(page);
    await openReport(page);
    // the worker takes over and keeps the page itself for offline reading
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect
      .poll(() =>
        page.evaluate(async () => (await (await caches.open('report-pages')).keys()).length),
      )
      .toBeGreaterThan(0);

    // online: Fig. 5 on the quick preset fetches its MNIST images and published networks once
    const online = figureOf(page, 'fig5');
    await rerun(online, { preset: 'quick', networks: 'published', backend: 'wasm' });
    await expect(online).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

    // offline: the page reloads from the cache and the same rerun runs again
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('form[data-role=rerun-form]').first()).toBeVisible();
    await expect(
      figureOf(page, 'fig1').locator('[data-role=published-plot] svg').first(),
    ).toBeVisible();
    const offline = figureOf(page, 'fig5');
    await rerun(offline, { preset: 'quick', networks: 'published', backend: 'wasm' });
    await expect(offline).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

    // online again, after a new deploy: the served build gets another service worker (one line more),
    // which installs, takes over, and the page says that the report was updated
    await context.setOffline(false);
    const deployed = readFileSync(SW, 'utf8');
    try {
      writeFileSync(SW, `${deployed}\n// a new deploy\n`);
      await page.reload();
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      await expect(page.locator('[data-role=update-notice]')).toContainText(
        'The report was updated since your last visit',
        { timeout: 30_000 },
      );
    } finally {
      writeFileSync(SW, deployed);
    }
    expect(errors).toEqual([]);
  });
});

test('without a kept copy, a rerun offline says the browser is offline, not out of memory', async ({
  page,
  context,
}) => {
  // service workers blocked (the default of the other suites): nothing was kept
  await openReport(page);
  await context.setOffline(true);
  const fig = figureOf(page, 'fig1');
  await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
  await expect(fig).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(fig.locator('[data-role=status]')).toContainText('offline');
  await expect(fig.locator('[data-role=status]')).not.toContainText('out of memory');
});
