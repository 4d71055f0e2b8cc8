import { existsSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { fashionFigures } from '../src/figures/fashion';
import { carryOver } from '../src/lib/carry-over';
import { evaluateClaims, evaluateHypotheses } from '../src/lib/claims';
import type { FigureId } from '../src/lib/figure-data';
import { FASHION_MISSING } from '../workers/engine/data';
import { collectErrors } from './console';
import { downloadRerun, figureOf, onlyIn, openReport, publishedOnDisk, rerun } from './report';

/**
 * Fashion-MNIST as a run's data set (#24): a smoke rerun of Fig. 1 on it trains anew and is stamped
 * with it; on a site built without it, the rerun says how to get it and the published figure stays.
 * Fashion-MNIST's published run (content/fashion/): each figure's switch draws it with its own
 * verdicts, a permalink opens a figure switched, the scoreboard has its column, and its downloads
 * are its own. One rerun of each, in `no-webgpu`: the data set does not depend on the backend.
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
  // a figure showing Fashion-MNIST's published run goes back to MNIST's when a rerun starts: the
  // rerun is drawn over MNIST's published run
  if (fashionFigures.fig1) {
    await fig.locator('[data-role=dataset-switch] input[value=fashion]').check();
    await expect(fig).toHaveAttribute('data-dataset', 'fashion');
  }
  await rerun(fig, { preset: 'smoke', networks: 'retrain', dataset: 'fashion' });
  await expect(fig).toHaveAttribute('data-dataset', 'mnist');
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const data = await downloadRerun(page, fig);
  expect(data.meta).toMatchObject({ dataset: 'fashion', networks: 'trained', preset: 'smoke' });
  expect(fashion.some((u) => u.endsWith('/data/fashion/manifest.json'))).toBe(true);
  // the run's caption names the data set it ran on
  await expect(fig.locator('[data-role=rerun-meta]')).toContainText('Fashion-MNIST');
  if (fashionFigures.fig1) {
    // drawn over Fashion-MNIST's published run, not MNIST's, and its verdicts read Fashion-MNIST's
    // published figures where they read a figure not rerun: one data set per verdict
    await expect(fig.locator('[data-role=rerun-plot] .compare-key').first()).toContainText(
      'Fashion-MNIST’s published run',
    );
    const measured = fig.locator('[data-role=rerun-measured]').first();
    await expect(measured).toContainText('on Fashion-MNIST');
    await expect(measured).not.toContainText(/the published Fig\. \d+(?! on Fashion-MNIST)[,:)]/);
  }
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

/** A Fashion-MNIST figure kept for the published run, the smallest one a claim reads if it can. */
const shown: FigureId | undefined = (['fig2', 'fig7', 'fig1'] as FigureId[]).find(
  (id) => fashionFigures[id],
);

async function switchTo(page: Page, id: FigureId, dataset: 'mnist' | 'fashion') {
  const fig = figureOf(page, id);
  await fig.locator(`[data-role=dataset-switch] input[value=${dataset}]`).check();
  await expect(fig).toHaveAttribute('data-dataset', dataset);
  return fig;
}

test('a figure switched to Fashion-MNIST draws its run over MNIST’s, with its own caption, verdicts and downloads', async ({
  page,
}) => {
  test.skip(!shown, 'no Fashion-MNIST figure is published (npm run figures -- --dataset=fashion)');
  const id = shown!;
  const errors = collectErrors(page);
  await openReport(page);
  const fig = figureOf(page, id);
  await expect(fig.locator('[data-role=fashion-plot]').first()).toBeHidden();
  await switchTo(page, id, 'fashion');
  await expect(page).toHaveURL(new RegExp(`#${id}-fashion$`));
  // drawn the way a rerun is: Fashion-MNIST's solid over MNIST's dashed, MNIST's own plot hidden
  await expect(fig.locator('[data-role=fashion-plot] svg').first()).toBeVisible();
  await expect(fig.locator('[data-role=published-plot]').first()).toBeHidden();
  await expect(fig.locator('[data-role=fashion-meta]')).toContainText('Fashion-MNIST');
  await expect(fig.locator('[data-role=published-meta]')).toBeHidden();
  // its verdicts, each the build's evaluation on Fashion-MNIST's figures alone
  const expected = [
    ...evaluateClaims(fashionFigures).filter((c) => c.figures.includes(id)),
    ...evaluateHypotheses(fashionFigures).filter((c) => c.figures.includes(id)),
  ];
  expect(expected.length).toBeGreaterThan(0);
  for (const c of expected) {
    const entry = fig.locator(`#claim-${c.id}`);
    await expect(entry.locator('[data-role=fashion-verdict]')).toBeVisible();
    await expect(entry.locator('[data-role=fashion-verdict]')).toHaveAttribute(
      'data-fashion-verdict',
      c.verdict,
    );
    await expect(entry.locator('[data-role=published-verdict]')).toBeHidden();
  }
  // its downloads are its own run's, named after the data set
  const json = fig.locator('[data-role=fashion-downloads] a[download$=".json"]');
  await expect(json).toBeVisible();
  await expect(json).toHaveAttribute('download', `${id}-fashion.json`);
  const response = await page.request.get((await json.getAttribute('href'))!);
  const data = await response.json();
  expect(data.meta.dataset).toBe('fashion');
  expect(data.figure).toBe(id);
  await expect(fig.locator('[data-role=downloads]')).toBeHidden();
  // and back
  await switchTo(page, id, 'mnist');
  await expect(fig.locator('[data-role=published-plot]').first()).toBeVisible();
  await expect(fig.locator('[data-role=fashion-plot]').first()).toBeHidden();
  await expect(fig.locator(`#claim-${expected[0].id} [data-role=published-verdict]`)).toBeVisible();
  expect(errors).toEqual([]);
});

test('a permalink to #figN-fashion opens that figure switched to Fashion-MNIST', async ({
  page,
}) => {
  test.skip(!shown, 'no Fashion-MNIST figure is published');
  const id = shown!;
  await page.goto(`/#${id}-fashion`);
  const fig = figureOf(page, id);
  await expect(fig).toHaveAttribute('data-dataset', 'fashion');
  await expect(fig.locator('[data-role=dataset-switch] input[value=fashion]')).toBeChecked();
  await expect(fig.locator('[data-role=fashion-plot] svg').first()).toBeVisible();
  // the other figures stay on MNIST
  const other = (['fig1', 'fig2', 'fig7'] as FigureId[]).find((f) => f !== id)!;
  await expect(figureOf(page, other)).toHaveAttribute('data-dataset', 'mnist');
});

test('when Fashion-MNIST’s run cannot be fetched, the figure stays on MNIST and says why', async ({
  page,
}) => {
  test.skip(!shown, 'no Fashion-MNIST figure is published');
  const id = shown!;
  await page.route('**/figures/fashion/**', (route) =>
    route.fulfill({ status: 404, body: 'not found' }),
  );
  await openReport(page);
  const fig = figureOf(page, id);
  // click, not check(): the switch goes back to MNIST at once, which check() takes for a failure
  await fig.locator('[data-role=dataset-switch] input[value=fashion]').click();
  await expect(fig.locator('[data-role=dataset-status]')).toContainText('could not be loaded');
  await expect(fig).toHaveAttribute('data-dataset', 'mnist');
  await expect(fig.locator('[data-role=dataset-switch] input[value=mnist]')).toBeChecked();
  await expect(fig.locator('[data-role=published-plot]').first()).toBeVisible();
});

test('the scoreboard gives every check’s verdict on Fashion-MNIST’s run', async ({ page }) => {
  test.skip(!shown, 'no Fashion-MNIST figure is published');
  await openReport(page);
  const board = page.locator('[data-role=scoreboard]');
  await expect(board.locator('thead th', { hasText: 'Fashion-MNIST' })).toBeVisible();
  const all = [...evaluateClaims(fashionFigures), ...evaluateHypotheses(fashionFigures)];
  for (const c of all) {
    await expect(
      board.locator(`tr[data-scoreboard="${c.id}"] [data-role=fashion-verdict]`),
    ).toHaveAttribute('data-fashion-verdict', c.verdict);
  }
  // the section on what carries over names every check whose verdict differs
  const section = page.locator('div[data-role=carry-over]');
  await expect(section).toBeVisible();
  const differing = await section
    .locator('[data-carry-over]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-carry-over')));
  const { checks } = carryOver(publishedOnDisk(), fashionFigures);
  expect(differing).toEqual(checks.filter((c) => !c.carries).map((c) => c.id));
});
