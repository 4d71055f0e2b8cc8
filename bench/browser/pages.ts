/**
 * The two pages the headless bench drives (bench.bench.ts, stand-in.ts): /bench/, whose
 * benchmark worker times the engine's pieces, and /engine/, which reruns figures as the report
 * does; with the browser's errors forwarded to the run's log.
 */
import { expect, type Page } from '@playwright/test';
import type { EngineApi } from '../../workers/api';
import type { BenchApi } from './api';

/** What /bench/ and /engine/ put on window. */
export interface BenchWindow {
  startBench(): void;
  bench: BenchApi;
  engine: EngineApi;
}

export function log(message: string): void {
  console.log(`  ${message}`);
}

const forwarding = new WeakSet<Page>();

function forwardErrors(page: Page): void {
  if (forwarding.has(page)) return;
  forwarding.add(page);
  const report = (text: string) => console.log(`  [browser] ${text}`);
  page.on('pageerror', (error) => report(error.message));
  // a failed request is reported by its URL below, not by the console's bare "Failed to load"
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) report(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
      report(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (m) => {
      if (m.type() === 'error') report(`worker: ${m.text()}`);
    }),
  );
}

export async function openBench(page: Page): Promise<void> {
  forwardErrors(page);
  await page.goto('/bench/');
  await expect(page.locator('#bench-status[data-ready]')).toBeAttached();
  await page.evaluate(() => (window as unknown as BenchWindow).startBench());
}

export async function openEngine(page: Page): Promise<void> {
  forwardErrors(page);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
}
