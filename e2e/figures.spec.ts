import { expect, type Page, test } from '@playwright/test';
import { claimsForFigure, evaluateClaims } from '../src/lib/claims';
import type { FigureId } from '../src/lib/figure-data';
import { FIGURES } from '../src/lib/figures';
import { describeDeviation, deviation, withinTolerance } from '../src/lib/regression';
import { collectErrors } from './console';
import {
  downloadRerun,
  expectBuiltFrom,
  expectPublishedShown,
  figureOf,
  fillRerunForm,
  openReport,
  publishedMarkup,
  publishedOnDisk,
  rerun,
} from './report';

/**
 * The report's figures: drawn from the published run (content/figures/<id>.json) without a
 * console error, rerun in the browser with the `smoke` preset on the published networks (no
 * training), within the tolerance band of src/lib/regression.ts, cancellable, and with the claim
 * verdicts the page shows equal to evaluateClaims in Node. Figures without published data are
 * skipped, saying so.
 *
 * Backends: `no-webgpu` reruns everything with 'auto' (WASM there). On `webgpu` SwiftShader is
 * 10-30x slower than WASM, so WebGPU is forced only for Fig. 2 (distributions: activations and
 * every measure), Fig. 7 (histograms) and Fig. 5 (curves through the fused WGSL program, [22]'s
 * merges included); the others run with 'auto', which times both backends on the software
 * adapter and picks WASM, the path the no-webgpu project already reruns every figure on, so on a
 * software adapter only Fig. 1 keeps its 'auto' rerun here (the decision's own path). On a
 * hardware adapter 'auto' picks WebGPU, and every figure reruns.
 */

const published = publishedOnDisk();
const FORCED_WEBGPU: FigureId[] = ['fig2', 'fig5', 'fig7'];
/** The figure whose 'auto' rerun stays in the webgpu project on a software adapter. */
const AUTO_ON_SOFTWARE: FigureId = 'fig1';

/** Whether the browser's WebGPU adapter is a software one, as workers/engine/backend.ts tells. */
async function softwareAdapter(page: Page): Promise<boolean> {
  await page.goto('/diagnostics/');
  return page.evaluate(async () => {
    type Info = Record<string, unknown>;
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = (await gpu?.requestAdapter({ powerPreference: 'high-performance' })) as
      | (GPUAdapter & { info?: Info; isFallbackAdapter?: boolean })
      | null
      | undefined;
    if (!adapter) return false;
    const info = adapter.info ?? {};
    const text = `${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`;
    return (
      info.isFallbackAdapter === true ||
      adapter.isFallbackAdapter === true ||
      text.toLowerCase().includes('swiftshader')
    );
  });
}

function rerunBackend(project: string, id: FigureId): 'auto' | 'webgpu' {
  return project === 'webgpu' && FORCED_WEBGPU.includes(id) ? 'webgpu' : 'auto';
}

const noPublishedRun = (id: FigureId) =>
  `${id} has no published run in content/figures/ yet (npm run figures)`;

test.describe('published figures', () => {
  // Drawing the published runs is the page's own work, whatever the backend: once, in one page
  // load (sixteen loads of the 2 MB page, twice over, took about 2.5 minutes of CI)
  test('every figure renders its published run without console errors', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'no-webgpu', 'does not depend on the backend: runs once');
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    await openReport(page);
    await expectBuiltFrom(
      page,
      published,
      FIGURES.map((f) => f.id).filter((id) => published[id]),
    );
    for (const spec of FIGURES) {
      const data = published[spec.id];
      if (!data) {
        testInfo.annotations.push({ type: 'skipped', description: noPublishedRun(spec.id) });
        continue;
      }
      const fig = figureOf(page, spec.id);
      await expect(fig).toHaveAttribute('data-state', 'published');
      await expect(fig).toHaveAttribute('data-published', 'true');
      for (const panel of spec.panels) {
        const slot = fig.locator(`[data-panel="${panel.id}"]`);
        await expect(
          slot.locator('[data-role=published-plot] :is(svg, table)').first(),
        ).toBeVisible();
        await expect(slot.locator('[data-role=rerun-plot]')).toBeHidden();
      }
      await expect(fig.locator('[data-role=published-meta]')).toContainText(
        `preset ${data!.meta.preset}`,
      );
      for (const kind of ['csv', 'json', 'svg']) {
        await expect(fig.locator(`a[data-role=download-${kind}]`)).toHaveAttribute(
          'href',
          `/figures/${spec.id}.${kind}`,
        );
      }
      await expect(fig.locator('form[data-role=rerun-form]')).toBeVisible();
    }
    expect(errors).toEqual([]);
  });

  test('the claim verdicts on the page equal evaluateClaims over content/figures', async ({
    page,
  }) => {
    test.setTimeout(30_000);
    await openReport(page);
    await expectBuiltFrom(
      page,
      published,
      FIGURES.map((f) => f.id),
    );
    for (const spec of FIGURES) {
      const ids = claimsForFigure(spec.id).map((c) => c.id);
      const expected = Object.fromEntries(
        evaluateClaims(published, ids).map((r) => [r.id, r.verdict]),
      );
      const shown = await figureOf(page, spec.id)
        .locator('[data-role=claims] li[data-claim]')
        .evaluateAll((items) =>
          items.map((li) => [li.getAttribute('data-claim'), li.getAttribute('data-verdict')]),
        );
      expect(Object.fromEntries(shown), `claims under Figure ${spec.number}`).toEqual(expected);
    }
  });
});

test.describe('smoke reruns', () => {
  for (const spec of FIGURES) {
    test(`Figure ${spec.number}: a smoke rerun on the published networks stays within tolerance`, async ({
      page,
    }, testInfo) => {
      const backend = rerunBackend(testInfo.project.name, spec.id);
      // WASM: 0.5-2.5 s per figure here; SwiftShader WebGPU: about 10-20 s for Figs. 2, 5 and 7
      test.setTimeout(backend === 'webgpu' ? 240_000 : 150_000);
      const data = published[spec.id];
      test.skip(!data, noPublishedRun(spec.id));
      if (
        testInfo.project.name === 'webgpu' &&
        backend === 'auto' &&
        spec.id !== AUTO_ON_SOFTWARE
      ) {
        test.skip(
          await softwareAdapter(page),
          `'auto' picks WASM on this software adapter: the no-webgpu project's rerun of ${spec.id} is the same path (Fig. 1 keeps the decision's path here)`,
        );
      }
      const errors = collectErrors(page);
      await openReport(page);
      await expectBuiltFrom(page, published, [spec.id]);
      const fig = figureOf(page, spec.id);
      const before = await publishedMarkup(fig);

      const started = Date.now();
      await rerun(fig, { preset: 'smoke', networks: 'published', backend });
      await expect(fig).toHaveAttribute('data-state', 'done', {
        timeout: testInfo.timeout - 30_000,
      });
      const seconds = (Date.now() - started) / 1000;

      for (const panel of spec.panels) {
        const slot = fig.locator(`[data-panel="${panel.id}"]`);
        // the rerun drawn solid over the published run (dashed), which stays in the page; a
        // heatmap of the rerun's network 0 is drawn beside it, not over it; a table (Fig. 16)
        // gets the rerun's column beside the published ones
        if (panel.kind === 'table') {
          await expect(slot.locator('[data-role=rerun-plot] th.column-rerun')).toBeVisible();
          continue;
        }
        await expect(slot.locator('[data-role=rerun-plot] svg').first()).toBeVisible();
        if (panel.kind !== 'heatmap') {
          await expect(slot.locator('[data-role=rerun-plot] .plot-compare')).toBeVisible();
        }
      }
      expect(await publishedMarkup(fig)).toEqual(before);
      await expect(fig.locator('[data-role=status]')).toContainText('Dashed: published run');

      const rerunData = await downloadRerun(page, fig);
      expect(rerunData.figure).toBe(spec.id);
      expect(rerunData.meta).toMatchObject({ preset: 'smoke', networks: 'published' });
      if (backend === 'webgpu') expect(rerunData.meta.backend).toBe('webgpu');
      if (testInfo.project.name === 'no-webgpu') expect(rerunData.meta.backend).toBe('wasm');
      const d = deviation(rerunData, data!);
      const { ok, band } = withinTolerance(rerunData, data!, d);
      expect(ok, `deviation ${JSON.stringify(d)} is outside the band ${JSON.stringify(band)}`).toBe(
        true,
      );
      testInfo.annotations.push({
        type: 'rerun',
        description: `${spec.id} on ${rerunData.meta.backend} (${backend}): ${seconds.toFixed(1)} s, ${describeDeviation(d, band)}`,
      });
      expect(errors).toEqual([]);
    });
  }

  test('Cancel during a rerun leaves the published figure intact', async ({ page }) => {
    test.setTimeout(90_000);
    const id = FIGURES.map((f) => f.id).find((f) => published[f]);
    test.skip(!id, 'no figure has a published run yet');
    const errors = collectErrors(page);
    await openReport(page);
    const fig = figureOf(page, id!);
    const before = await publishedMarkup(fig);

    // Training anew for 50 smoke epochs keeps the run busy for several seconds, long enough to
    // cancel it midway (one epoch takes a fraction of a second on the WebAssembly SIMD engine).
    // by keyboard: Enter on Rerun, then Enter on Cancel; the focus follows the button that takes
    // over instead of falling to the page body when the focused one is disabled
    await fillRerunForm(fig, {
      preset: 'smoke',
      epochs: '50',
      networks: 'retrain',
      backend: 'wasm',
    });
    await fig.locator('[data-action=rerun]').focus();
    await page.keyboard.press('Enter');
    await expect(fig.locator('[data-action=cancel]')).toBeFocused();
    await expect(fig.locator('[data-role=stage]')).toContainText('Training', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await expect(fig).toHaveAttribute('data-state', 'cancelled');
    await expect(fig.locator('[data-action=rerun]')).toBeFocused();
    await expect(fig.locator('[data-role=status]')).toHaveText(
      'Rerun cancelled. The published figure is shown.',
    );
    await expectPublishedShown(fig, before);
    await expect(fig.locator('[data-role=rerun-downloads]')).toBeHidden();
    await expect(fig.locator('[data-action=rerun]')).toBeEnabled();
    expect(errors).toEqual([]);
  });
});
