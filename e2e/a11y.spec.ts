import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page, test } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';
import type { ClaimResult } from '../src/lib/claims';
import { onlyIn, openReport } from './report';

/**
 * Accessibility of the built report page: an axe-core audit against the WCAG 2.1 A and AA rules in
 * light and in dark mode, with every <details> under the claims opened so that their text is
 * checked too; and, at a phone's width (390 px), the rerun forms fit their box and the page does
 * not scroll sideways. Neither depends on the backend: runs once, in `no-webgpu`.
 */

onlyIn('no-webgpu', 'accessibility does not depend on the backend');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const VERDICTS: ClaimResult['verdict'][] = ['reproduced', 'not reproduced', 'inconclusive'];

/**
 * axe-core's browser bundle. The site's CSP (`script-src 'self'`, scripts/serve.mjs) refuses inline
 * scripts, and `page.addScriptTag({ path })` injects the file's text as an inline <script>, so it
 * is blocked. Instead the text is evaluated through the DevTools protocol (`page.evaluate` of a
 * string), which CSP does not govern: the page is audited under its real policy, without
 * `bypassCSP`, which would also change what the page itself may do.
 */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  await page.evaluate(AXE_SOURCE);
  expect(await page.evaluate(() => 'axe' in window), 'axe-core loaded into the page').toBe(true);
}

async function audit(page: Page): Promise<Result[]> {
  await injectAxe(page);
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations;
}

/** One line per rule: id, number of elements, help, and the first few target selectors. */
function explain(violations: Result[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 4).map((n) => n.target.join(' '));
      const more = v.nodes.length > 4 ? `, … (${v.nodes.length - 4} more)` : '';
      return `${v.id} ×${v.nodes.length} [${v.impact}]: ${v.help}\n    at ${targets.join(' | ')}${more}`;
    })
    .join('\n');
}

test('the report passes axe-core (WCAG 2.1 A and AA) in light and dark mode', async ({ page }) => {
  test.setTimeout(120_000);
  await openReport(page);
  // The claims' <details> (how each verdict was reached) are closed by default: open them all, so
  // that their text is in the audit (colour contrast skips what is not rendered).
  const opened = await page.evaluate(() => {
    const all = [...document.querySelectorAll('details')];
    for (const d of all) d.open = true;
    return all.length;
  });
  expect(opened, 'the report has <details> to audit').toBeGreaterThan(0);
  // The published run may give every claim the same verdict: put one badge of each kind beside the
  // first, so that all three colours (Claims.astro's classes) are held to the contrast rule.
  const badges = await page.evaluate((verdicts) => {
    const first = document.querySelector('[data-claim] .verdict');
    for (const verdict of verdicts) {
      const badge = document.createElement('span');
      badge.className = `verdict verdict-${verdict.replace(' ', '-')}`;
      badge.textContent = verdict;
      first?.after(badge);
    }
    return first ? verdicts.length : 0;
  }, VERDICTS);
  expect(badges, 'a claim with a verdict badge to sit beside').toBe(VERDICTS.length);

  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await audit(page);
    console.log(
      `axe ${colorScheme}: ${violations.length ? violations.map((v) => `${v.id} ×${v.nodes.length}`).join(', ') : 'no violations'}`,
    );
    if (violations.length) found.push(`${colorScheme} mode:\n${explain(violations)}`);
  }
  expect(found, `axe-core violations\n${found.join('\n')}`).toEqual([]);
});

test('at 390 px the rerun forms fit their box and the page does not scroll sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReport(page);
  const forms = page.locator('form[data-role=rerun-form]');
  expect(await forms.count()).toBeGreaterThan(0);
  const overflowing = await forms.evaluateAll((all) =>
    all.flatMap((form) => {
      const box = form.getBoundingClientRect();
      const name = form.getAttribute('aria-label') ?? 'a rerun form';
      return [...form.querySelectorAll('select, input, button, progress')]
        .filter((el) => (el as HTMLElement).offsetParent !== null) // rendered (not hidden)
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5)
        .map(
          ({ el, r }) =>
            `${name}: <${el.tagName.toLowerCase()} name=${el.getAttribute('name') ?? el.getAttribute('data-action')}> spans ${r.left.toFixed(1)}–${r.right.toFixed(1)} px, the form ${box.left.toFixed(1)}–${box.right.toFixed(1)} px`,
        );
    }),
  );
  expect(overflowing, 'form controls outside their form').toEqual([]);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'the page scrolls horizontally at 390 px').toBeLessThanOrEqual(
    clientWidth + 1,
  );
});

test('at 390 px every scoreboard verdict is on screen, its column named, nothing to scroll to', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReport(page);
  const board = page.locator('[data-role=scoreboard]');
  const cells = board.locator('tbody td');
  expect(await cells.count()).toBeGreaterThan(0);
  const { offScreen, unlabelled } = await cells.evaluateAll((cells) => {
    // the figure and strength cells give way, on a phone, to the same words beside the id
    const all = cells.filter((td) => (td as HTMLElement).offsetParent !== null);
    return {
      offScreen: all
        .filter((td) => td.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((td) => td.textContent),
      // each stacked cell says which column it is (its data-label, shown before it)
      unlabelled: all
        .filter((td) => getComputedStyle(td, '::before').content.replace(/"/g, '') === 'none')
        .map((td) => td.textContent),
    };
  });
  expect(offScreen, 'scoreboard cells beyond the screen').toEqual([]);
  expect(unlabelled, 'stacked cells without their column name').toEqual([]);
  // the claims are said in words beside their ids, with their figure and strength
  await expect(board.locator('tr[data-scoreboard="C12"] .claim-words')).not.toBeEmpty();
  await expect(board.locator('tr[data-scoreboard="C12"] .claim-where')).toBeVisible();
  await expect(board.locator('tr[data-scoreboard="C12"] .claim-where')).toContainText('Fig.');
  // and the whole stays a few screens long: 34 checks in at most six phone screens (two cells to a
  // line, it was 8.5)
  const height = (await board.boundingBox())!.height;
  test
    .info()
    .annotations.push({ type: 'scoreboard', description: `${Math.round(height)} px at 390 px` });
  expect(height).toBeLessThanOrEqual(6 * 844);
});

test('at 390 px Fig. 16 scrolls in a region of its own, keeps its row labels, and a focused cell shows its note', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReport(page);
  const fig = page.locator('figure#fig16');
  const scroller = fig.locator('[data-role=published-plot] .table-scroller');
  await expect(scroller).toHaveAttribute('role', 'region');
  await expect(scroller).toHaveAttribute('tabindex', '0');
  const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(clientWidth, 'the table fits the phone').toBeLessThanOrEqual(390);
  expect(scrollWidth, 'seventeen columns do not fit 390 px: the region scrolls').toBeGreaterThan(
    clientWidth,
  );
  // scrolled to the far right, each row's label is still in view (sticky)
  await scroller.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  const label = scroller.locator('tbody th[scope=row]').first();
  const box = (await label.boundingBox())!;
  const region = (await scroller.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(region.x - 1);
  expect(box.x + box.width).toBeLessThanOrEqual(region.x + region.width + 1);
  // a cell with a note: reached by keyboard, its note (the title) shown under its words while it
  // has the focus, so the cell grows by the note's lines
  const cell = scroller.locator('td[tabindex="0"]').first();
  expect(await cell.getAttribute('title')).toBeTruthy();
  const before = (await cell.boundingBox())!.height;
  await cell.focus();
  await expect.poll(async () => (await cell.boundingBox())!.height).toBeGreaterThan(before + 8);
});
