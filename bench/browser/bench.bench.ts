/**
 * The measurements of `npm run bench` in headless Chromium (docs/bench.md), one test per backend
 * and item, each writing a part to bench-results/parts/ that bench/main.ts assembles into
 * bench-results/bench.json. Benchmarks print numbers and assert nothing: a test fails only when a
 * measurement cannot run. The options come from bench/main.ts as one variable (bench/options.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { FigureData } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';
import type { BackendName, PresetName } from '../../src/lib/run-options';
import type { EnvironmentInfo, RunOptions } from '../../workers/api';
import { browserPlan, ENSEMBLE, FINE_TUNE_STARTS, optionsFromEnv, PARTS } from '../options';
import {
  type BenchPart,
  type FigureRun,
  TRAINING_METHODS,
  type TrainingMethod,
  type TrainingRow,
} from '../results';
import { type BenchWindow, log, openBench, openEngine } from './pages';
import { activationsOf, networksFor } from './stand-in';

const options = optionsFromEnv();
const { backends, quick, quickRetrain, paper } = options;
const figures = FIGURES.filter(
  (f) => options.figures.length === 0 || options.figures.includes(f.id),
);
const { budget, cpuBudget, repeats, fineTuneSteps } = browserPlan(options);

function writePart(name: string, part: BenchPart): void {
  mkdirSync(PARTS, { recursive: true });
  writeFileSync(join(PARTS, `${name}.json`), `${JSON.stringify(part, null, 2)}\n`);
}

/** Switches the benchmark worker to `backend`; skips the test when it is not available here. */
async function useBackend(page: Page, backend: BackendName, what: string) {
  const stamp = await page.evaluate(
    (b) => (window as unknown as BenchWindow).bench.useBackend(b),
    backend,
  );
  if (stamp.backend !== backend) {
    writePart(`skipped-${what}-${backend}`, {
      kind: 'skipped',
      what,
      backend,
      reason: stamp.note,
    });
  }
  test.skip(stamp.backend !== backend, stamp.note);
  const environment = await page.evaluate(() =>
    (window as unknown as BenchWindow).bench.environment(),
  );
  return { stamp, environment };
}

for (const backend of backends) {
  test(`training ${backend}`, async ({ page }) => {
    await openBench(page);
    const { stamp, environment } = await useBackend(page, backend, 'training');
    // one untimed network first, so the first row does not pay for the backend's start-up
    await page.evaluate(() =>
      (window as unknown as BenchWindow).bench.engineTraining(1, 'per-seed', {
        budgetMs: 0,
        minSteps: 25,
        maxSteps: 25,
        limitMs: 600_000,
      }),
    );
    const rows: TrainingRow[] = [];
    const methods: TrainingMethod[] = [
      // the WebAssembly SIMD engine trains off WebGPU (workers/engine/simd/)
      ...(backend === 'webgpu' ? [] : (['engine-simd-one', 'engine-simd'] as const)),
      'engine-one',
      'engine-per-seed',
      'engine-batched',
      // the fused WGSL step exists on WebGPU only (workers/engine/kernels/train-step.ts)
      ...(backend === 'webgpu' ? (['engine-fused'] as const) : []),
      'layers-fit',
    ];
    for (const method of methods) {
      if (backend === 'cpu' && method === 'engine-batched') {
        rows.push({
          method,
          skipped: 'batched products on the CPU backend take minutes for 20 networks',
        });
        log(`${backend} ${method}: skipped`);
        continue;
      }
      const b = backend === 'cpu' ? cpuBudget : budget;
      const { ensemble, layout } = TRAINING_METHODS[method];
      const timing = await page.evaluate(
        ({ layout, b, seeds }) => {
          const bench = (window as unknown as BenchWindow).bench;
          return layout === 'layers-fit'
            ? bench.layersFit(b)
            : bench.engineTraining(seeds, layout, b);
        },
        { layout, b, seeds: ensemble ? ENSEMBLE : 1 },
      );
      if (timing.estimate) {
        const minutes = (timing.msPerStep * (b.minSteps + 25)) / 60_000;
        rows.push({
          method,
          timing,
          skipped: `about ${timing.msPerStep.toFixed(0)} ms per step (warm-up estimate), so at least ${minutes.toFixed(1)} min, over the ${b.limitMs / 60_000} min limit${quick ? ' of --quick' : ''}`,
        });
        log(`${backend} ${method}: skipped, ${rows[rows.length - 1].skipped}`);
        continue;
      }
      rows.push({ method, timing });
      log(
        `${backend} ${method}: ${timing.msPerStep.toFixed(2)} ms/step, ` +
          `${timing.msPerNetworkStep.toFixed(2)} ms/network/step over ${timing.steps} steps`,
      );
    }
    writePart(`training-${backend}`, {
      kind: 'training',
      stamp,
      environment,
      ensembleSeeds: ENSEMBLE,
      rows,
    });
  });

  test(`ablation ${backend}`, async ({ page }) => {
    await openBench(page);
    const { stamp, environment } = await useBackend(page, backend, 'ablation');
    const timing = await page.evaluate(
      ({ fast, naive, limit }) =>
        (window as unknown as BenchWindow).bench.ablation(fast, naive, limit),
      { fast: repeats.fast, naive: repeats.naive, limit: repeats.naiveLimitMs },
    );
    log(
      `${backend} ablation curve: fast ${timing.fastMs.toFixed(0)} ms, naive ${
        timing.naiveMs?.toFixed(0) ?? 'skipped'
      } ms, context ${timing.contextMs.toFixed(0)} ms`,
    );
    writePart(`ablation-${backend}`, { kind: 'ablation', stamp, environment, timing });
  });
}

for (const backend of backends) {
  test(`fine-tuning ${backend}`, async ({ page }) => {
    await openBench(page);
    const { stamp, environment } = await useBackend(page, backend, 'fine-tuning');
    const rows: Extract<BenchPart, { kind: 'fine-tuning' }>['rows'] = [];
    const layouts = ['per-network', 'wide', ...(backend === 'webgpu' ? [] : ['simd'])] as const;
    for (const layout of layouts as readonly ('per-network' | 'wide' | 'simd')[]) {
      if (backend === 'cpu' && layout !== 'simd') {
        rows.push({ layout, skipped: 'the CPU backend takes seconds per step for 25 networks' });
        continue;
      }
      const timing = await page.evaluate(
        ({ layout, starts, steps }) =>
          (window as unknown as BenchWindow).bench.fineTuning(layout, starts, steps),
        { layout, starts: FINE_TUNE_STARTS, steps: fineTuneSteps },
      );
      log(
        `${backend} fine-tuning ${layout}: ${timing.msPerNetworkStep.toFixed(2)} ms/network/step over ${timing.steps} steps`,
      );
      rows.push(timing);
    }
    writePart(`fine-tuning-${backend}`, { kind: 'fine-tuning', stamp, environment, rows });
  });
}

test('importance measures', async ({ page }) => {
  // pure JavaScript (src/lib); the backend only computes the hidden outputs beforehand
  const backend = backends.includes('wasm') ? 'wasm' : backends[0];
  await openBench(page);
  const { stamp, environment } = await useBackend(page, backend, 'importance');
  const timing = await page.evaluate(
    (r) => (window as unknown as BenchWindow).bench.importance(r),
    repeats.importance,
  );
  log(
    `importance: all five ${timing.allFiveMs.toFixed(1)} ms (JSsep ${timing.jsSeparationMs.toFixed(
      1,
    )} ms), default three ${timing.defaultThreeMs.toFixed(1)} ms`,
  );
  writePart('importance', { kind: 'importance', stamp, environment, timing });
});

const presets: PresetName[] = paper ? ['smoke', 'quick', 'paper'] : ['smoke', 'quick'];

for (const backend of backends) {
  for (const preset of presets) {
    for (const networks of ['published', 'retrain'] as const) {
      test(`figures ${backend} ${preset} ${networks}`, async ({ page }) => {
        await openEngine(page);
        const environment = await page.evaluate(() =>
          (window as unknown as BenchWindow).engine.environment(),
        );
        const why = figureSkip(backend, preset, networks, environment);
        if (why) {
          writePart(`skipped-figures-${backend}-${preset}-${networks}`, {
            kind: 'skipped',
            what: `figure reruns, ${preset}, ${networks === 'retrain' ? 'from scratch' : 'published networks'}`,
            backend,
            reason: why,
          });
        }
        test.skip(why !== null, why ?? '');
        const served = networks === 'published' ? await networksFor(page, preset, figures) : null;
        await openEngine(page);
        const runs: FigureRun[] = [];
        for (const spec of figures) {
          const run = await rerun(page, {
            figure: spec.id,
            preset,
            backend,
            networks,
            baseUrl: served?.baseUrl,
            ...(options.dataset === 'mnist' ? {} : { dataset: options.dataset }),
          });
          if (served) {
            const activations = activationsOf(spec.id);
            run.source = activations.some((a) => served.standIn.includes(a))
              ? 'stand-in'
              : 'published';
            run.trainedAs = served.trainedAs;
          }
          runs.push(run);
          log(
            `${spec.id} ${backend} ${preset} ${networks}: ${
              run.status === 'ok'
                ? `${((run.coldMs ?? 0) / 1000).toFixed(2)} s` +
                  (run.warmMs === undefined ? '' : `, again ${(run.warmMs / 1000).toFixed(2)} s`) +
                  ` (networks ${run.used})`
                : `${run.status}: ${run.reason}`
            }`,
          );
        }
        writePart(`figures-${backend}-${preset}-${networks}`, { kind: 'figures', runs });
      });
    }
  }
}

/** Why a group of figure reruns is left out, or null. */
function figureSkip(
  backend: BackendName,
  preset: PresetName,
  networks: 'published' | 'retrain',
  environment: EnvironmentInfo,
): string | null {
  if (backend === 'cpu') return 'a figure rerun takes minutes on the plain CPU kernels';
  if (backend === 'webgpu' && !environment.webgpu) return 'no WebGPU adapter in this browser';
  if (backend === 'webgpu' && environment.isFallbackAdapter) {
    return `software WebGPU adapter (${environment.adapter}): a curve about 20x slower than on WASM (item 3), and "auto" picks WASM here`;
  }
  if (networks === 'published' && options.dataset !== 'mnist') {
    return `the published networks are MNIST's; a rerun on ${options.dataset} trains its own`;
  }
  if (networks === 'retrain' && preset === 'paper') {
    return 'training 20 networks for 10 epochs takes hours in a browser';
  }
  if (networks === 'retrain' && preset === 'quick' && !quickRetrain) {
    return 'trains 4 networks x 2 epochs on 50,000 images (minutes); pass --quick-retrain';
  }
  return null;
}

/** One figure run in a fresh page (cold), then again in the same page (warm) unless --quick. */
async function rerun(page: Page, options: RunOptions): Promise<FigureRun> {
  const base = {
    figure: options.figure,
    preset: options.preset,
    backend: options.backend as BackendName,
    networks: options.networks ?? 'published',
  };
  try {
    await page.reload();
    await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
    const cold = await timedRun(page, options);
    if (cold.data.meta.backend !== options.backend) {
      return {
        ...base,
        status: 'skipped',
        reason: `ran on ${cold.data.meta.backend}, not ${options.backend}`,
      };
    }
    const warm = quick ? null : await timedRun(page, options);
    return {
      ...base,
      status: 'ok',
      coldMs: cold.ms,
      warmMs: warm?.ms,
      engineMs: cold.data.meta.durationMs,
      used: cold.data.meta.networks,
    };
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** runFigure as the page calls it, timed in the page, after emptying the trained-network cache. */
async function timedRun(page: Page, options: RunOptions) {
  return page.evaluate(async (given) => {
    const options = {
      ...given,
      baseUrl: given.baseUrl && new URL(given.baseUrl, location.href).href,
    };
    // "from scratch" must not find networks a previous run stored in IndexedDB (store.ts)
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase('neuron-importance');
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    const started = performance.now();
    const data: FigureData = await (window as unknown as BenchWindow).engine.runFigure(options);
    return { ms: performance.now() - started, data: { meta: data.meta } };
  }, options);
}
