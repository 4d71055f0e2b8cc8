import { expect, type Locator, type Page, test } from '@playwright/test';
import { evaluateClaims } from '../src/lib/claims';
import type { FigureData } from '../src/lib/figure-data';
import { collectErrors } from './console';
import {
  downloadRerun,
  figureOf,
  onlyIn,
  openReport,
  publishedOnDisk,
  rerun,
  watchEngineRequests,
} from './report';

/**
 * The sceptic's report: after a rerun the claims, hypotheses, the scoreboard and the numbers of
 * the text show the reader's run beside the published one (src/components/sceptic.ts), and the
 * paper's open choices are rerun options (src/lib/run-options.ts).
 */
onlyIn('no-webgpu', 'the page logic does not depend on the backend');

const published = publishedOnDisk();

/** Fig. 1 with ablation to zero made better than bias balancing in panel (a): C1 must fail. */
function flippedFig1(): FigureData {
  const data = structuredClone(published.fig1!);
  const panel = data.panels.find((p) => p.id === 'a');
  if (panel?.kind !== 'curves') throw new Error('fig1(a) is not a curve panel');
  for (const [zero, bb] of [
    ['random-zero', 'random-bb'],
    ['low-mi-zero', 'low-mi-bb'],
  ]) {
    const z = panel.series.find((s) => s.key === zero)!;
    const b = panel.series.find((s) => s.key === bb)!;
    z.perSeed = b.perSeed.map((row) => row.map((v) => v + 4));
    z.mean = b.mean.map((v) => v + 4);
  }
  data.meta = { ...data.meta, preset: 'smoke', seeds: data.meta.seeds };
  return data;
}

const announce = (page: Page, data: FigureData | null, partial = false) =>
  page.evaluate(
    ([detail, reset]) =>
      document.dispatchEvent(
        reset
          ? new CustomEvent('rerun:reset', { detail: { figure: 'fig1' } })
          : new CustomEvent('rerun:data', { detail }),
      ),
    [{ figure: 'fig1', data, partial }, data === null] as const,
  );

const entry = (page: Page, id: string) => page.locator(`li[data-claim="${id}"]`);
const row = (page: Page, id: string) => page.locator(`tr[data-scoreboard="${id}"]`);
const fig1Numbers = (page: Page) => page.locator('[data-number*=\'"figure":"fig1"\']');

async function expectPublishedState(page: Page) {
  await expect(entry(page, 'C1')).not.toHaveAttribute('data-rerun-verdict', /.*/);
  await expect(row(page, 'C1').locator('[data-role=rerun-verdict]')).toHaveText('not rerun');
  await expect(page.locator('[data-role=rerun-number]')).toHaveCount(0);
  await expect(page.locator('[data-rerun-verdict-of="C1"]')).toBeHidden();
}

test('a rerun that flips a claim: its verdict, values, numbers and scoreboard row follow, and a reset restores the published state', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openReport(page);
  const c1 = entry(page, 'C1');
  const publishedVerdict = evaluateClaims(published, ['C1'])[0].verdict;
  await expect(c1).toHaveAttribute('data-verdict', publishedVerdict);
  await expectPublishedState(page);
  const before = await fig1Numbers(page).allTextContents();

  // a partial result first: marked as such
  const flipped = flippedFig1();
  expect(evaluateClaims({ ...published, fig1: flipped }, ['C1'])[0].verdict).toBe('not reproduced');
  await announce(page, flipped, true);
  await expect(c1).toHaveAttribute('data-rerun-verdict', 'not reproduced');
  await expect(c1.locator('[data-role=rerun-verdict]')).toHaveText(
    /^your run so far: not reproduced( \([+−]\d+\.\d SE\))?$/,
  );

  await announce(page, flipped);
  await expect(c1).toHaveAttribute('data-verdict', publishedVerdict);
  await expect(c1).toHaveAttribute('data-rerun-verdict', 'not reproduced');
  await expect(c1.locator('[data-role=rerun-verdict]')).toHaveText(
    /^your run: not reproduced( \([+−]\d+\.\d SE\))?$/,
  );
  // the reader's values and thresholds beside the published ones
  await c1.locator('summary').click();
  const measured = c1.locator('[data-role=rerun-measured]');
  await expect(measured).toContainText('Your run (read from your run of Fig. 1)');
  await expect(measured).toContainText('fails');
  await expect(measured).toContainText('threshold >= 3');
  // the inline verdict in the text and the scoreboard row
  await expect(page.locator('[data-rerun-verdict-of="C1"]').first()).toHaveText(
    /^your run: not reproduced( \([+−]\d+\.\d SE\))?$/,
  );
  await expect(row(page, 'C1')).toHaveAttribute('data-rerun-verdict', 'not reproduced');
  await expect(row(page, 'C1').locator('[data-role=rerun-verdict]')).toHaveText(
    /^not reproduced( \([+−]\d+\.\d SE\))?$/,
  );
  // C2 reads Fig. 1 too and is evaluated on the rerun (panel b unchanged)
  await expect(entry(page, 'C2')).toHaveAttribute('data-rerun-verdict', /.+/);
  // a claim about another figure is untouched
  await expect(entry(page, 'C4')).not.toHaveAttribute('data-rerun-verdict', /.*/);

  // every number of the text read from Fig. 1 shows the reader's value in the same format
  const numbers = await fig1Numbers(page).evaluateAll((els) =>
    els.map((el) => [el.textContent, el.nextElementSibling?.textContent ?? '']),
  );
  expect(numbers.length).toBeGreaterThan(3);
  for (const [published, mine] of numbers) {
    const unit = /points/.test(published ?? '') ? 'points' : /%/.test(published ?? '') ? '%' : '';
    expect(mine).toMatch(new RegExp(`^ \\(your run: .+${unit}\\)$`));
  }
  // the zero curves are now the BB curves + 4 points: the first "BB - zero" AUC gap reads -4
  const gap = numbers.find(([p]) => /points/.test(p ?? ''));
  expect(gap).toBeDefined();
  const value = (text: string) => Number(text.replace('−', '-').match(/[+-]?[\d.]+/)![0]);
  expect(value(gap![1])).toBeCloseTo(-4, 1);
  expect(gap![1]).toBe(' (your run: −4.0 points)');

  await announce(page, null);
  await expectPublishedState(page);
  expect(await fig1Numbers(page).allTextContents()).toEqual(before);
  expect(errors).toEqual([]);
});

test('a real rerun fills in the reader’s verdicts; a new rerun cancelled brings back the published state', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await openReport(page);
  const fig = figureOf(page, 'fig1');
  await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(entry(page, 'C1')).toHaveAttribute('data-rerun-verdict', /.+/);
  await expect(page.locator('[data-role=scoreboard]')).toHaveAttribute('data-rerun', 'fig1');
  await expect(fig1Numbers(page).first().locator('xpath=following-sibling::*[1]')).toContainText(
    'your run',
  );

  await rerun(fig, { preset: 'quick' });
  await fig.locator('[data-action=cancel]').click();
  await expect(fig).toHaveAttribute('data-state', 'cancelled', { timeout: 20_000 });
  await expectPublishedState(page);
  expect(errors).toEqual([]);
});

const OPTIONS = {
  networks: 'retrain',
  l2: '0',
  lr: '0.002',
  batch: '64',
  inputs: 'standard',
  validation: '500',
  threshold: '0.3',
};

test('a permalink with every open choice fills the form, and a run names its options', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const query = new URLSearchParams({ fig: 'fig2', ...OPTIONS }).toString();
  await openReport(page, `?${query}`);
  const fig = figureOf(page, 'fig2');
  await expect(fig.locator('[data-role=open-choices]')).toHaveAttribute('open', '');
  for (const [name, value] of Object.entries(OPTIONS)) {
    await expect(fig.locator(`[name=${name}]`), name).toHaveValue(value);
  }
  // the training choices are off, with the reason, while the published networks are chosen
  await fig.locator('select[name=networks]').selectOption('published');
  await expect(fig.locator('[name=l2]')).toBeDisabled();
  await expect(fig.locator('[data-role=training-note]')).toBeVisible();
  await expect(fig.locator('[name=threshold]')).toBeEnabled();

  // a run with the two choices the published networks allow: stamped in meta, caption, file names
  await rerun(fig, { backend: 'wasm' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const data = await downloadRerun(page, fig);
  expect(data.meta).toMatchObject({
    threshold: 0.3,
    validationSamples: 500,
    networks: 'published',
  });
  await expect(fig.locator('[data-role=rerun-meta]')).toContainText(
    'changed from the paper: Validation images 500, Quantiser threshold (sigmoid) 0.3',
  );
  await expect(fig.locator('a[data-role=rerun-csv]')).toHaveAttribute(
    'download',
    'fig2-rerun-validation=500-threshold=0.3.csv',
  );
  expect(new URL(page.url()).searchParams.get('threshold')).toBe('0.3');
  expect(errors).toEqual([]);
});

const statusOf = (fig: Locator) => fig.locator('[data-role=status]');

test('a bad value of each open choice gets a clear message and starts nothing', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const seen = watchEngineRequests(page);
  await openReport(page);
  const fig = figureOf(page, 'fig1');
  const form = fig.locator('form[data-role=rerun-form]');
  for (const [field, value, message] of [
    ['l2', '0.5', 'L2 penalty λ must be a number from 0 to 0.01 (got “0.5”).'],
    ['lr', 'fast', 'Learning rate must be a number from 0.00001 to 0.1 (got “fast”).'],
    ['batch', '0', 'Batch size must be a whole number from 1 to 1024 (got “0”).'],
    ['validation', '50', 'Validation images must be a whole number from 100 to 10000 (got “50”).'],
    [
      'threshold',
      '2',
      'Quantiser threshold (sigmoid) must be a number from 0.01 to 0.99 (got “2”).',
    ],
  ] as const) {
    await form.evaluate((f: HTMLFormElement) => f.reset());
    await rerun(fig, { networks: 'retrain', [field]: value });
    await expect.soft(statusOf(fig), `${field}=${value}`).toHaveText(`Not started: ${message}`);
    await expect.soft(form.locator(`[name=${field}]`)).toHaveAttribute('aria-invalid', 'true');
  }
  // a select that offers no such value, as a tampered form would send it
  await form.evaluate((f: HTMLFormElement) => f.reset());
  await form.locator('select[name=networks]').selectOption('retrain');
  await form.locator('select[name=inputs]').evaluate((select: HTMLSelectElement) => {
    select.add(new Option('zca', 'zca'));
    select.value = 'zca';
  });
  await fig.locator('[data-action=rerun]').click();
  await expect(statusOf(fig)).toHaveText(
    'Not started: Input scaling must be unit or standard (got “zca”).',
  );
  // a training choice with the published networks, as a link would ask for it
  await openReport(page, '?fig=fig1&l2=0#fig1');
  await expect(statusOf(figureOf(page, 'fig1'))).toHaveText(
    "The link's options were not used: L2 penalty λ changes how the networks are trained: choose Networks “train anew”, or leave it empty.",
  );
  const states = await page
    .locator('figure[data-figure]')
    .evaluateAll((figs) => figs.map((f) => f.getAttribute('data-state')));
  expect(states.every((s) => s === 'published')).toBe(true);
  expect(seen.workers, 'no worker was created').toEqual([]);
});
