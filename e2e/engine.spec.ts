import { expect, type Page, test } from '@playwright/test';
import type { FigureData } from '../src/lib/figure-data';
import type { EngineApi, Progress, RunOptions } from '../workers/api';
import { collectErrors } from './console';
import { watchEngineRequests } from './report';

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

// How fast a cancel takes effect is the benchmark's business (speed targets never live in timed
// tests); here the run must end cancelled where it was, not carry on: no stage beyond training
// reported and no partial result delivered once Cancel was asked, whatever the machine's speed.
test('cancel stops a training run before it goes any further', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
  const result = await page.evaluate(async () => {
    const w = window as unknown as EngineWindow;
    let training = 0;
    let asked = false;
    const stagesAfter: Progress['stage'][] = [];
    let partialsAfter = 0;
    const reached = new Promise<void>((resolve) => {
      const running = w.engine.runFigure(
        { figure: 'fig9', preset: 'quick', backend: 'wasm', networks: 'retrain' },
        w.comlinkProxy((p: Progress) => {
          if (asked) stagesAfter.push(p.stage);
          if (p.stage === 'training' && ++training === 2) resolve();
        }),
        w.comlinkProxy(() => {
          if (asked) partialsAfter++;
        }),
      );
      (window as unknown as { running: Promise<unknown> }).running = running;
    });
    await reached;
    asked = true;
    await w.engine.cancel();
    const outcome = await (window as unknown as { running: Promise<unknown> }).running.then(
      () => 'finished',
      (e: Error) => e.name,
    );
    return { outcome, stagesAfter, partialsAfter, tensors: await w.engine.numTensors() };
  });
  expect(result.outcome).toBe('AbortError');
  expect(
    result.stagesAfter.filter((s) => s !== 'training'),
    'no stage after training was reached once cancelled',
  ).toEqual([]);
  expect(result.partialsAfter, 'no partial result after the cancel').toBe(0);
  expect(result.tensors, 'a cancelled run frees its tensors').toBe(0);
});

test('helper workers share the seeds and give the same figure as one worker', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'webgpu', 'the backend does not matter here: runs once');
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const seen = watchEngineRequests(page);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
  const result = await page.evaluate(async () => {
    const w = window as unknown as EngineWindow;
    const run = async (workers: number) => {
      const started = performance.now();
      const data: FigureData = await w.engine.runFigure(
        { figure: 'fig5', preset: 'smoke', seeds: 4, backend: 'wasm', workers },
        w.comlinkProxy(() => {}),
      );
      return { panels: JSON.stringify(data.panels), seconds: (performance.now() - started) / 1000 };
    };
    const shared = await run(2);
    const alone = await run(1);
    return {
      same: shared.panels === alone.panels,
      seconds: [shared.seconds, alone.seconds],
      cores: navigator.hardwareConcurrency,
      tensors: await w.engine.numTensors(),
    };
  });
  info.annotations.push({
    type: 'timing',
    description: `fig5 smoke, 4 seeds: ${result.seconds.map((s) => s.toFixed(1)).join(' s with 2 workers, ')} s alone, ${result.cores} cores`,
  });
  test.skip(result.cores < 2, 'a single core: no helper starts, nothing to compare');
  expect(seen.helpers, 'the 2-worker run started a helper').toHaveLength(1);
  expect(result.same, 'identical panels, seed by seed').toBe(true);
  // every MNIST file and published network was downloaded once, by one worker: the helper and the
  // second run read them from the kept copy (workers/engine/kept.ts)
  const fetched = seen.requests.filter((url) => /\/(data\/.+\.gz|networks\/.+\.bin)$/.test(url));
  expect(fetched.length, 'MNIST files and networks were fetched').toBeGreaterThan(0);
  expect(fetched, 'each file once').toEqual([...new Set(fetched)]);
  expect(result.tensors).toBe(0);
  expect(errors).toEqual([]);
});

test('cancel stops the helper workers too', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'the backend does not matter here: runs once');
  test.setTimeout(120_000);
  const seen = watchEngineRequests(page);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
  const result = await page.evaluate(async () => {
    const w = window as unknown as EngineWindow;
    const options: RunOptions = {
      figure: 'fig4',
      preset: 'quick',
      backend: 'wasm',
      networks: 'published',
      workers: 2,
    };
    let running: Promise<unknown> = Promise.resolve();
    let asked = false;
    const stagesAfter: Progress['stage'][] = [];
    await new Promise<void>((resolve) => {
      running = w.engine.runFigure(
        options,
        w.comlinkProxy((p: Progress) => {
          if (asked) stagesAfter.push(p.stage);
          // a seed analysed: the helpers are at work ('sweeps' also opens with "Analysing …")
          if (p.stage === 'sweeps' && p.message.startsWith('Analysed')) resolve();
        }),
      );
    });
    asked = true;
    await w.engine.cancel();
    const outcome = await running.then(
      () => 'finished',
      (e: Error) => e.name,
    );
    // the next run starts new helpers and completes
    const again: FigureData = await w.engine.runFigure(
      { ...options, preset: 'smoke', figure: 'fig1' },
      w.comlinkProxy(() => {}),
    );
    return {
      outcome,
      stagesAfter,
      againSeeds: again.meta.seeds,
      tensors: await w.engine.numTensors(),
      cores: navigator.hardwareConcurrency,
    };
  });
  expect(result.outcome).toBe('AbortError');
  // a seed that was already ending may still report its sweep, but the run never reaches its end
  expect(result.stagesAfter, 'the cancelled run did not finish').not.toContain('done');
  expect(result.againSeeds).toBe(2);
  expect(result.tensors).toBe(0);
  // one helper cancelled with the run, a new one for the next run (none on a single core)
  if (result.cores >= 2) expect(seen.helpers).toHaveLength(2);
});
