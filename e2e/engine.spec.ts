import { expect, type Page, test } from '@playwright/test';
import type { FigureData } from '../src/lib/figure-data';
import type { EngineApi, Progress, RunOptions } from '../workers/api';
import { collectErrors } from './console';

/**
 * The engine in the browser, training from scratch (no published networks): the WebGPU project
 * forces the WebGPU backend (SwiftShader here) so that training and every measure run
 * on WebGPU; the project without WebGPU must fall back to WASM when WebGPU is asked for.
 */
interface EngineWindow {
  engine: EngineApi;
  comlinkProxy: <T>(f: T) => T;
}

async function run(page: Page, options: RunOptions) {
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
  return page.evaluate(async (options) => {
    const w = window as unknown as EngineWindow;
    const stages: Progress['stage'][] = [];
    const before = await w.engine.numTensors();
    const data: FigureData = await w.engine.runFigure(
      options,
      w.comlinkProxy((p: Progress) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
      }),
    );
    return { data, stages, leaked: (await w.engine.numTensors()) - before };
  }, options);
}

test('trains networks from scratch and measures them on the requested backend', async ({
  page,
}, info) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  const started = Date.now();
  const { data, stages, leaked } = await run(page, {
    // Fig. 2 needs training, hidden outputs and every measure but no sweep: SwiftShader is slow,
    // and the sweeps on WebGPU are covered by the figure reruns (e2e/figures.spec.ts)
    figure: 'fig2',
    preset: 'smoke',
    backend: 'webgpu',
    networks: 'retrain',
  });
  if (info.project.name === 'webgpu') {
    expect(data.meta.backend).toBe('webgpu');
    expect(data.meta.adapter).toContain('swiftshader');
  } else {
    expect(data.meta.backend, 'no adapter: falls back').toBe('wasm');
    expect(data.meta.adapter).toBe('');
  }
  expect(data.meta.networks).not.toBe('published');
  expect(stages).toContain('training');
  expect(stages.at(-1)).toBe('done');
  expect(leaked, 'tf.memory().numTensors back to its start').toBe(0);
  for (const panel of data.panels) {
    if (panel.kind !== 'distribution') continue;
    for (const series of panel.series) {
      expect(series.values, `${panel.id}/${series.key}: 2 nets x 100 neurons`).toHaveLength(200);
      expect(series.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    }
  }
  const entropy = data.panels.find((p) => p.id === 'a');
  if (entropy?.kind === 'distribution') {
    // one-bit entropy of a trained sigmoid neuron: in bits, so at most 1, and mostly well above 0
    for (const s of entropy.series) expect(Math.max(...s.values)).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.max(...entropy.series[0].perSeedMedian)).toBeGreaterThan(0.3);
  }
  console.log(
    `${info.project.name}: fig2 smoke from scratch on ${data.meta.backend} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
});

test('cancel stops a training run within a second', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
  const result = await page.evaluate(async () => {
    const w = window as unknown as EngineWindow;
    let training = 0;
    const reached = new Promise<void>((resolve) => {
      const running = w.engine.runFigure(
        { figure: 'fig9', preset: 'quick', backend: 'wasm', networks: 'retrain' },
        w.comlinkProxy((p: Progress) => {
          if (p.stage === 'training' && ++training === 2) resolve();
        }),
      );
      (window as unknown as { running: Promise<unknown> }).running = running;
    });
    await reached;
    const asked = performance.now();
    await w.engine.cancel();
    const outcome = await (window as unknown as { running: Promise<unknown> }).running.then(
      () => 'finished',
      (e: Error) => e.name,
    );
    return { outcome, ms: performance.now() - asked, tensors: await w.engine.numTensors() };
  });
  expect(result.outcome).toBe('AbortError');
  expect(result.ms).toBeLessThan(1000);
  expect(result.tensors, 'a cancelled run frees its tensors').toBe(0);
});
