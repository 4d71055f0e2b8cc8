/**
 * What the published-run generators (generate.figures.ts, robustness.figures.ts) share: the engine
 * page src/pages/engine.astro opens, with its API on window.
 */
import { expect, type Page } from '@playwright/test';
import type { EngineApi } from '../../workers/api';

/** What src/pages/engine.astro puts on window. */
export interface EngineWindow {
  engine: EngineApi;
  comlinkProxy: <T>(f: T) => T;
}

/** Opens the engine page, passing the browser's errors and warnings (its progress) to the log. */
export async function openEngine(page: Page): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[browser] ${m.text()}`);
  });
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
}
