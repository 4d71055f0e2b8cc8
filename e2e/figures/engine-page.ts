/**
 * What the published-run generators (generate.figures.ts, robustness.figures.ts) share: the engine
 * page src/pages/engine.astro opens, with its API on window.
 */
import { expect, type Page } from '@playwright/test';
import type { FigureData } from '../../src/lib/figure-data';
import type { EngineApi, Progress, RunOptions } from '../../workers/api';

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

/**
 * Runs one figure in the engine page and returns its data. Progress goes to the log; training's
 * lines only every `trainingEvery` of the run (a share, e.g. 0.05), or none when null.
 */
export async function runFigureInPage(
  page: Page,
  options: RunOptions,
  trainingEvery: number | null = null,
): Promise<FigureData> {
  return (await page.evaluate(
    async ({ options, trainingEvery }) => {
      const w = window as unknown as EngineWindow;
      return w.engine.runFigure(
        options,
        w.comlinkProxy((p: Progress) => {
          if (p.stage === 'training') {
            const step = Math.round(p.fraction * 1000);
            if (trainingEvery === null || step % Math.round(trainingEvery * 1000) !== 0) return;
          }
          console.warn(`${options.figure}: ${p.message}`);
        }),
      );
    },
    { options, trainingEvery },
  )) as FigureData;
}
