import { expect, test } from '@playwright/test';
import type { BackendSelection, EnvironmentInfo } from '../workers/api';
import { collectErrors } from './console';

/**
 * The `webgpu` project launches Chromium with --enable-unsafe-webgpu (SwiftShader on a machine
 * without a GPU); `no-webgpu` launches it without, so requestAdapter() returns null.
 */
test.describe('environment reported by the worker', () => {
  test('matches the browser project, cross-origin isolated, without errors', async ({
    page,
  }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto('/diagnostics/');
    const info = JSON.parse(
      (await page.locator('#environment[data-ready]').textContent()) ?? '',
    ) as EnvironmentInfo;

    expect(info.crossOriginIsolated, 'COOP/COEP headers make the page isolated').toBe(true);
    if (testInfo.project.name === 'webgpu') {
      expect(info.webgpu, 'a WebGPU adapter under --enable-unsafe-webgpu').toBe(true);
      expect(info.adapter).toMatch(/^\S*\s\/\s\S+/);
    } else {
      expect(info.webgpu).toBe(false);
      expect(info.adapter).toBe('');
    }
    expect(errors).toEqual([]);
  });

  test("'auto' picks a backend and says why", async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto('/diagnostics/');
    const environment = JSON.parse(
      (await page.locator('#environment[data-ready]').textContent()) ?? '',
    ) as EnvironmentInfo;
    await page.locator('#select-backend').click();
    const selection = JSON.parse(
      (await page.locator('#backend[data-ready]').textContent()) ?? '',
    ) as BackendSelection;

    if (testInfo.project.name === 'webgpu') {
      expect(['webgpu', 'wasm']).toContain(selection.backend);
      if (environment.isFallbackAdapter) {
        // Only a software adapter: the choice is measured, and both timings are in the note.
        expect(selection.note).toMatch(/WebGPU [\d.]+ ms vs WASM [\d.]+ ms/);
      }
    } else {
      expect(selection).toEqual({
        backend: 'wasm',
        adapter: '',
        note: 'WebGPU unavailable (no adapter); running on WASM',
      });
    }
    expect(errors).toEqual([]);
  });
});
