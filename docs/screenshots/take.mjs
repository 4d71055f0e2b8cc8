#!/usr/bin/env node
/**
 * Phone-width (390x844, device scale factor 1) element screenshots of the scoreboard and of
 * Figure 14, before and after issue #22, from two served builds of the site.
 *
 *   node docs/screenshots/take.mjs http://127.0.0.1:4501/ http://127.0.0.1:4502/
 *
 * The first URL is the "before" build (commit d973c2b), the second the "after" build.
 * Writes 390-scoreboard-{before,after}.png and 390-fig14-{before,after}.png beside this file.
 * Uses Playwright's library API with the system Chromium (CHROMIUM env to override the path).
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const [beforeUrl, afterUrl] = process.argv.slice(2);
if (!beforeUrl || !afterUrl) {
  console.error('usage: node docs/screenshots/take.mjs <before-base-url> <after-base-url>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const MAX_HEIGHT = 2500; // a screenshot over MAX_BYTES is cropped to its first 2,500 px
const MAX_BYTES = 1024 * 1024;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Element screenshot of `selector`; if the PNG is over 1 MB, retaken cropped to its first MAX_HEIGHT px. */
async function shoot(page, selector, file) {
  const element = page.locator(selector).first();
  await element.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const box = await element.boundingBox();
  const path = join(here, file);
  await element.screenshot({ path, type: 'png' });
  let { size } = await stat(path);
  let cropped = false;
  if (size > MAX_BYTES && box && box.height > MAX_HEIGHT) {
    // clip is in page coordinates with fullPage
    const { top, left } = await element.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, left: r.left + window.scrollX };
    });
    await page.screenshot({
      path,
      type: 'png',
      fullPage: true,
      clip: { x: left, y: top, width: box.width, height: MAX_HEIGHT },
    });
    ({ size } = await stat(path));
    cropped = true;
  }
  console.log(
    `${file}: ${Math.round(box?.width ?? 0)}x${Math.round(box?.height ?? 0)} CSS px` +
      `${cropped ? ` (over 1 MB whole, so cropped to the first ${MAX_HEIGHT} px)` : ''}, ${size} bytes` +
      `${size > MAX_BYTES ? ' (still over 1 MB)' : ''}`,
  );
}

try {
  for (const [label, url] of [
    ['before', beforeUrl],
    ['after', afterUrl],
  ]) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      serviceWorkers: 'block',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.warn(`[${label}] page error: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);

    await shoot(page, '[data-role="scoreboard"]', `390-scoreboard-${label}.png`);

    const fig = page.locator('figure#fig14');
    await fig.scrollIntoViewIfNeeded();
    await fig.locator('svg').first().waitFor({ state: 'visible', timeout: 30_000 });
    await shoot(page, 'figure#fig14', `390-fig14-${label}.png`);
    await context.close();
  }
} finally {
  await browser.close();
}
