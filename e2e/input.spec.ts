import { expect, type Locator, type Page, test } from '@playwright/test';
import type { FigureId } from '../src/lib/figure-data';
import { FIGURES } from '../src/lib/figures';
import { LIMITS } from '../src/lib/run-options';
import { collectErrors } from './console';
import {
  downloadRerun,
  figureOf,
  fillRerunForm,
  onlyIn,
  openReport,
  rerun,
  watchEngineRequests,
} from './report';

/**
 * What a reader (or a mangled permalink) can type into a rerun: every bad value is refused with a
 * message naming the field, and nothing starts (the figure stays `published`, no worker, no TF.js,
 * no data fetched). A double click starts one run; a second figure's rerun waits in the queue and
 * each figure gets its own result. Validation does not depend on the backend: `no-webgpu` only.
 */

onlyIn('no-webgpu', 'input handling does not depend on the backend');

const wholeNumber = (field: 'Seeds' | 'Epochs', got: string) =>
  `${field} must be a whole number from 1 to ${LIMITS[field === 'Seeds' ? 'seeds' : 'epochs']} (got “${got}”).`;

/** Form values a reader can type, and the message each must get. */
const TYPED: { field: 'seeds' | 'epochs'; value: string }[] = [
  ...['1e9', '-1', '0', '21', 'NaN', '2.5', '99999999999999999999', 'abc', '<img src=x>'].map(
    (value) => ({ field: 'seeds' as const, value }),
  ),
  ...['-1', '0', '51', '1e9', 'Infinity', '0x10', '٣'].map((value) => ({
    field: 'epochs' as const,
    value,
  })),
];

/** Values no select offers, put there by editing the page (or an old cached form). */
const TAMPERED: { field: string; value: string; message: string }[] = [
  { field: 'preset', value: 'huge', message: 'Preset must be one of smoke, quick, paper' },
  {
    field: 'backend',
    value: 'quantum',
    message: 'Backend must be one of auto, webgpu, wasm, cpu',
  },
  { field: 'networks', value: 'cloud', message: 'Networks must be published or retrain' },
  { field: 'activation', value: 'tanh', message: 'Activation must be sigmoid or relu' },
];

/** Permalinks with bad options: the named figure says why they were not used. */
const BAD_LINKS: { query: string; figure: FigureId; messages: string[] }[] = [
  { query: '?fig=fig1&seeds=1e9', figure: 'fig1', messages: [wholeNumber('Seeds', '1e9')] },
  { query: '?fig=fig1&epochs=-1', figure: 'fig1', messages: [wholeNumber('Epochs', '-1')] },
  {
    // the published networks have the paper's epochs: a count with them would be ignored silently
    query: '?fig=fig1&epochs=50',
    figure: 'fig1',
    messages: [
      'Epochs changes how the networks are trained: choose Networks “train anew”, or leave it empty.',
    ],
  },
  {
    query: '?fig=fig1&preset=huge',
    figure: 'fig1',
    messages: ['Preset must be one of smoke, quick, paper (got “huge”).'],
  },
  {
    query: '?fig=fig1&backend=quantum',
    figure: 'fig1',
    messages: ['Backend must be one of auto, webgpu, wasm, cpu (got “quantum”).'],
  },
  {
    query: '?fig=fig1&activation=tanh',
    figure: 'fig1',
    messages: ['Activation must be sigmoid or relu (got “tanh”).'],
  },
  {
    query: '?fig=fig8&activation=relu',
    figure: 'fig8',
    messages: ['Figure 8 fixes the activation; remove “activation”.'],
  },
  {
    query: '?fig=fig1&networks=cloud',
    figure: 'fig1',
    messages: ['Networks must be published or retrain (got “cloud”).'],
  },
  {
    query: '?fig=fig4&seeds=NaN&epochs=99999&backend=',
    figure: 'fig4',
    messages: [wholeNumber('Seeds', 'NaN'), wholeNumber('Epochs', '99999')],
  },
];

/** Links that name no figure of the report: ignored by every figure, nothing started. */
const FOREIGN_LINKS = ['?fig=fig99&seeds=2', '?fig=FIG1&seeds=2', '?fig=&preset=paper', '?garbage'];

function statusOf(fig: Locator): Locator {
  return fig.locator('[data-role=status]');
}

/** Every figure still in its published state, and nothing of the engine loaded. */
async function expectNothingStarted(page: Page, seen: ReturnType<typeof watchEngineRequests>) {
  const states = await page
    .locator('figure[data-figure]')
    .evaluateAll((figs) => figs.map((f) => `${f.id}:${f.getAttribute('data-state')}`));
  expect(states.filter((s) => !s.endsWith(':published'))).toEqual([]);
  expect(seen.workers, 'no worker was created').toEqual([]);
  expect(seen.helpers, 'no helper worker either').toEqual([]);
  expect(seen.requests, 'no worker, TF.js, data or network was fetched').toEqual([]);
}

/** The sequence of `data-state` values a figure goes through from now on. */
async function recordStates(fig: Locator): Promise<() => Promise<string[]>> {
  await fig.evaluate((el) => {
    const states: string[] = [];
    (el as HTMLElement & { e2eStates?: string[] }).e2eStates = states;
    // queued -> running can happen in one task: each record's new value is the next one's old
    new MutationObserver((records) => {
      records.forEach((_, i) => {
        const next = records[i + 1];
        states.push((next ? next.oldValue : el.getAttribute('data-state')) ?? '');
      });
    }).observe(el, { attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
  });
  return () =>
    fig.evaluate((el) => [...((el as HTMLElement & { e2eStates?: string[] }).e2eStates ?? [])]);
}

test.describe('the rerun form', () => {
  test('refuses every out-of-range, negative, non-numeric or enormous number, starting nothing', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    const seen = watchEngineRequests(page);
    await openReport(page);
    const fig = figureOf(page, 'fig1');
    const form = fig.locator('form[data-role=rerun-form]');
    for (const { field, value } of TYPED) {
      await form.evaluate((f: HTMLFormElement) => f.reset());
      // epochs count only for networks trained anew (the published ones have the paper's)
      await rerun(
        fig,
        field === 'epochs' ? { networks: 'retrain', epochs: value } : { seeds: value },
      );
      const message = wholeNumber(field === 'seeds' ? 'Seeds' : 'Epochs', value);
      await expect.soft(statusOf(fig), `${field}=${value}`).toHaveText(`Not started: ${message}`);
      await expect.soft(form.locator(`[name=${field}]`)).toHaveAttribute('aria-invalid', 'true');
      await expect.soft(fig).toHaveAttribute('data-state', 'published');
    }
    // the status line is text: markup typed into a field is not rendered
    await expect(statusOf(fig).locator('img')).toHaveCount(0);
    await expectNothingStarted(page, seen);
    expect(errors).toEqual([]);
  });

  test('refuses names no select offers (preset, backend, networks, activation)', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const seen = watchEngineRequests(page);
    await openReport(page);
    const fig = figureOf(page, 'fig1');
    const form = fig.locator('form[data-role=rerun-form]');
    for (const { field, value, message } of TAMPERED) {
      await form.evaluate((f: HTMLFormElement) => f.reset());
      await form.locator(`select[name=${field}]`).evaluate((select: HTMLSelectElement, value) => {
        select.add(new Option(value, value));
        select.value = value;
      }, value);
      await fig.locator('[data-action=rerun]').click();
      await expect
        .soft(statusOf(fig), `${field}=${value}`)
        .toHaveText(`Not started: ${message} (got “${value}”).`);
      await expect.soft(form.locator(`[name=${field}]`)).toHaveAttribute('aria-invalid', 'true');
    }
    // two bad fields: both named, in one message
    await form.evaluate((f: HTMLFormElement) => f.reset());
    await rerun(fig, { seeds: '-3', backend: 'quantum' });
    await expect(statusOf(fig)).toHaveText(
      `Not started: ${wholeNumber('Seeds', '-3')} Backend must be one of auto, webgpu, wasm, cpu (got “quantum”).`,
    );
    await expectNothingStarted(page, seen);
  });
});

test.describe('the time a run will take', () => {
  test('the form states it before a run over a minute, and follows the options', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const seen = watchEngineRequests(page);
    await openReport(page);
    // Fig. 4 from the published networks on the smoke preset: seconds, nothing said
    const fig4 = figureOf(page, 'fig4');
    const estimate4 = fig4.locator('[data-role=estimate]');
    await expect(estimate4).toBeHidden();
    // training 20 networks anew for ten epochs takes far over a minute
    await fillRerunForm(fig4, { preset: 'paper', networks: 'retrain' });
    await expect(estimate4).toBeVisible();
    await expect(estimate4).toContainText(/Expected to take about \d+(\.\d)? (min|h)/);
    await fillRerunForm(fig4, { preset: 'smoke', networks: 'published' });
    await expect(estimate4).toBeHidden();
    // an invalid value gives no estimate (the status line says what is wrong when Rerun is pressed)
    await fillRerunForm(fig4, { preset: 'paper', networks: 'retrain', seeds: 'abc' });
    await expect(estimate4).toBeHidden();
    await expectNothingStarted(page, seen);
    expect(errors).toEqual([]);
  });

  test('a run of hours starts only on a second press, the estimate said first', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const seen = watchEngineRequests(page);
    await openReport(page);
    const fig4 = figureOf(page, 'fig4');
    await fillRerunForm(fig4, { preset: 'paper', networks: 'retrain', backend: 'wasm' });
    await fig4.locator('[data-action=rerun]').click();
    await expect(statusOf(fig4)).toHaveText(
      /^This run is expected to take about \d+(\.\d)? (min|h) here\. Press “Rerun figure” again to start it, or change the options\.$/,
    );
    await expectNothingStarted(page, seen);
    // a second press starts it; cancelled at once
    await fig4.locator('[data-action=rerun]').click();
    await expect(fig4).toHaveAttribute('data-state', /queued|running/);
    await fig4.locator('[data-action=cancel]').click();
    await expect(fig4).toHaveAttribute('data-state', 'cancelled');
    expect(errors).toEqual([]);
  });
});

test.describe('permalinks', () => {
  test('bad options in a link are named on their figure and never used', async ({ page }) => {
    test.setTimeout(90_000);
    const errors = collectErrors(page);
    const seen = watchEngineRequests(page);
    for (const link of BAD_LINKS) {
      await openReport(page, link.query);
      const fig = figureOf(page, link.figure);
      await expect
        .soft(statusOf(fig), link.query)
        .toHaveText(`The link's options were not used: ${link.messages.join(' ')}`);
      // said at the top of the figure too, where the reader arrives (the status line is below it)
      await expect
        .soft(fig.locator('[data-role=link-notice]'), link.query)
        .toHaveText(`The link's options were not used: ${link.messages.join(' ')}`);
      await expect.soft(fig.locator('[data-role=link-notice]')).toBeInViewport();
      // nothing of the link was copied into the form
      for (const name of ['seeds', 'epochs']) {
        await expect.soft(fig.locator(`[name=${name}]`), link.query).toHaveValue('');
      }
      await expect.soft(fig.locator('select[name=preset]')).toHaveValue('smoke');
      await expectNothingStarted(page, seen);
    }
    expect(errors).toEqual([]);
  });

  test('links naming no figure of the report start nothing, and an unknown name is said', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const seen = watchEngineRequests(page);
    for (const query of FOREIGN_LINKS) {
      await openReport(page, query);
      const statuses = await page
        .locator('figure[data-figure] [data-role=status]')
        .evaluateAll((lines) => lines.map((l) => l.textContent ?? '').filter(Boolean));
      expect.soft(statuses, query).toEqual([]);
      // a figure name the report does not have is said once, at the top of the page
      const named = new URLSearchParams(query).get('fig');
      const notice = page.locator('.link-notice[role=status]');
      if (named) {
        await expect
          .soft(notice, query)
          .toHaveText(
            `This link names a figure “${named}” that the report does not have (${FIGURES[0].id} to ${FIGURES.at(-1)!.id}), so its options were not used.`,
          );
      } else await expect.soft(notice, query).toHaveCount(0);
      await expectNothingStarted(page, seen);
    }
  });

  test('a valid link fills the form but waits for the reader to press Rerun', async ({ page }) => {
    test.setTimeout(30_000);
    const seen = watchEngineRequests(page);
    await openReport(
      page,
      '?fig=fig3&preset=quick&seeds=3&epochs=2&networks=retrain&backend=wasm&unknown=1#fig3',
    );
    const fig = figureOf(page, 'fig3');
    await expect(statusOf(fig)).toHaveText(
      'Options restored from the link. Press “Rerun figure” to run them.',
    );
    await expect(fig.locator('select[name=preset]')).toHaveValue('quick');
    await expect(fig.locator('[name=seeds]')).toHaveValue('3');
    await expect(fig.locator('[name=epochs]')).toHaveValue('2');
    await expect(fig.locator('select[name=networks]')).toHaveValue('retrain');
    await expect(fig.locator('select[name=backend]')).toHaveValue('wasm');
    await expectNothingStarted(page, seen);
  });
});

test.describe('starting runs', () => {
  test('a double click, or two submits in one task, start one run', async ({ page }) => {
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    const manifests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/networks/sigmoid/manifest.json')) manifests.push(r.url());
    });
    const seen = watchEngineRequests(page);
    await openReport(page);
    const fig = figureOf(page, 'fig2');
    await fig.locator('select[name=networks]').selectOption('published');
    await fig.locator('select[name=backend]').selectOption('wasm');

    let states = await recordStates(fig);
    await fig.locator('[data-action=rerun]').dblclick();
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    expect(await states()).toEqual(['queued', 'running', 'done']);
    expect(manifests, 'one run fetched the published networks once').toHaveLength(1);

    states = await recordStates(fig);
    await fig.locator('form[data-role=rerun-form]').evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await expect.poll(states, { timeout: 45_000 }).toContain('done');
    expect(await states()).toEqual(['queued', 'running', 'done']);
    expect(manifests).toHaveLength(2);
    expect(seen.workers, 'one experiment worker for the page').toHaveLength(1);
    // helpers start once per worker and are kept for later runs (fig2 smoke: 2 seeds, so at
    // most 1 helper, none on a single core)
    expect(seen.helpers.length, 'helpers kept across runs').toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  test('a second figure waits in the queue, a third is cancelled there, and results do not mix', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    await openReport(page);
    const first = figureOf(page, 'fig2');
    const second = figureOf(page, 'fig7');
    const third = figureOf(page, 'fig8');

    // Fig. 2 trains its networks (50 smoke epochs: several seconds), so the others are asked for while
    // it runs; their forms are filled beforehand to leave only the clicks in that window.
    await fillRerunForm(second, { preset: 'smoke', networks: 'published', backend: 'wasm' });
    await fillRerunForm(third, { preset: 'smoke', networks: 'published', backend: 'wasm' });
    await rerun(first, { preset: 'smoke', epochs: '50', networks: 'retrain', backend: 'wasm' });
    await expect(first).toHaveAttribute('data-state', 'running');
    await second.locator('[data-action=rerun]').click();
    await third.locator('[data-action=rerun]').click();
    await expect(second).toHaveAttribute('data-state', 'queued');
    await expect(statusOf(second)).toHaveText(
      'Queued: waiting for 1 other rerun on this page to finish.',
    );
    await expect(third).toHaveAttribute('data-state', 'queued');
    await expect(statusOf(third)).toHaveText(
      'Queued: waiting for 2 other reruns on this page to finish.',
    );
    await third.locator('[data-action=cancel]').click();
    await expect(third).toHaveAttribute('data-state', 'cancelled');
    await expect(first).toHaveAttribute('data-state', 'running');

    await expect(first).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(second).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(third).toHaveAttribute('data-state', 'cancelled');
    await expect(third.locator('[data-role=rerun-plot]').first()).toBeHidden();

    const a = await downloadRerun(page, first);
    const b = await downloadRerun(page, second);
    expect([a.figure, a.meta.networks]).toEqual(['fig2', 'trained']);
    expect([b.figure, b.meta.networks]).toEqual(['fig7', 'published']);
    await expect(first.locator('[data-role=rerun-meta]')).toContainText('networks trained');
    await expect(second.locator('[data-role=rerun-meta]')).toContainText('networks published');
    // each figure drew its own panels: distributions in Fig. 2, histograms in Fig. 7
    await expect(first.locator('[data-panel=a] [data-role=rerun-plot] svg').first()).toBeVisible();
    await expect(
      second.locator('[data-panel=a-h] [data-role=rerun-plot] svg').first(),
    ).toBeVisible();
    expect(errors).toEqual([]);
  });
});
