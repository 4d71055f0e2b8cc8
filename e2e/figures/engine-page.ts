/**
 * What the published-run generators (generate.figures.ts, robustness.figures.ts) share: the engine
 * page src/pages/engine.astro opens, with its API on window.
 */
import { expect, type Page } from '@playwright/test';
import type { Activation, FigureData } from '../../src/lib/figure-data';
import type { Dataset } from '../../src/lib/presets';
import type { BackendChoice, PresetName } from '../../src/lib/run-options';
import type { EngineApi, NetworkManifest, Progress, RunOptions } from '../../workers/api';

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

/**
 * Trains a preset's ensemble of one activation in the engine page (engine.trainNetworks, which also
 * keeps it in the page's cache) and returns its manifest and files. Progress goes to the log every
 * `every` of the run (a share).
 */
export async function trainInPage(
  page: Page,
  how: { activation: Activation; preset: PresetName; backend: BackendChoice; dataset?: Dataset },
  every = 0.02,
): Promise<{ manifest: NetworkManifest; files: Buffer[] }> {
  const { manifest, files } = await page.evaluate(
    async ({ how, every }) => {
      const w = window as unknown as EngineWindow;
      const on = how.dataset && how.dataset !== 'mnist' ? ` on ${how.dataset}` : '';
      const result = await w.engine.trainNetworks(
        how.activation,
        how.preset,
        how.backend,
        w.comlinkProxy((p: Progress) => {
          if (Math.round(p.fraction * 1000) % Math.round(every * 1000) === 0)
            console.warn(`training ${how.activation}${on}: ${p.message}`);
        }),
        how.dataset,
      );
      // ArrayBuffers do not cross page.evaluate: send base64
      const toBase64 = (b: ArrayBuffer) => {
        let s = '';
        const bytes = new Uint8Array(b);
        for (let i = 0; i < bytes.length; i += 0x8000) {
          s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        }
        return btoa(s);
      };
      return { manifest: result.manifest, files: result.files.map(toBase64) };
    },
    { how, every },
  );
  return { manifest, files: files.map((f: string) => Buffer.from(f, 'base64')) };
}
