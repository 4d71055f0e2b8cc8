/**
 * The measurements of `npm run bench` (docs/bench.md), one test per backend and item, each writing
 * a part to BENCH_PARTS that scripts/bench.mjs assembles into bench-results/bench.json. Benchmarks
 * print numbers and assert nothing: a test fails only when a measurement cannot run.
 *
 * Environment (set by scripts/bench.mjs): BENCH_BACKENDS (webgpu,wasm,cpu), BENCH_QUICK=1,
 * BENCH_FIGURES (fig1,fig4; default all), BENCH_QUICK_RETRAIN=1, BENCH_PAPER=1, BENCH_PARTS.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { Activation, FigureData } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';
import type { BackendName, PresetName } from '../../src/lib/run-options';
import { PRESETS } from '../../src/lib/run-options';
import type { EngineApi, EnvironmentInfo, NetworkManifest, RunOptions } from '../../workers/api';
import type {
  BenchApi,
  BenchPart,
  FigureRun,
  StepBudget,
  TrainingMethod,
  TrainingRow,
} from '../results';
import { SITE } from './playwright.config';

/** What /bench/ and /engine/ put on window. */
interface BenchWindow {
  startBench(): void;
  bench: BenchApi;
  engine: EngineApi;
}

const backends = (process.env.BENCH_BACKENDS ?? 'webgpu,wasm,cpu')
  .split(',')
  .filter(Boolean) as BackendName[];
const quick = process.env.BENCH_QUICK === '1';
const figureIds = process.env.BENCH_FIGURES?.split(',').filter(Boolean);
const figures = FIGURES.filter((f) => !figureIds || figureIds.includes(f.id));
const quickRetrain = process.env.BENCH_QUICK_RETRAIN === '1';
const paper = process.env.BENCH_PAPER === '1';
const parts = process.env.BENCH_PARTS ?? 'bench-results/parts';

/** Networks per ensemble: the paper's 20 seeds. */
const ENSEMBLE = 20;
const budget: StepBudget = quick
  ? { budgetMs: 2_000, minSteps: 25, maxSteps: 100, limitMs: 60_000 }
  : { budgetMs: 8_000, minSteps: 25, maxSteps: 300, limitMs: 240_000 };
/** The plain CPU kernels are 10-50x slower: fewer steps, and the slow ensemble layout left out. */
const cpuBudget: StepBudget = { ...budget, budgetMs: 4_000, maxSteps: 100 };
const repeats = quick
  ? { importance: 3, fast: 2, naive: 1, naiveLimitMs: 20_000 }
  : { importance: 10, fast: 5, naive: 2, naiveLimitMs: 60_000 };
/** Where stand-in networks are served when the published ones cover too few seeds. */
const STAND_IN = 'bench-networks';

function writePart(name: string, part: BenchPart): void {
  mkdirSync(parts, { recursive: true });
  writeFileSync(join(parts, `${name}.json`), `${JSON.stringify(part, null, 2)}\n`);
}

function log(message: string): void {
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

async function openBench(page: Page): Promise<void> {
  forwardErrors(page);
  await page.goto('/bench/');
  await expect(page.locator('#bench-status[data-ready]')).toBeAttached();
  await page.evaluate(() => (window as unknown as BenchWindow).startBench());
}

async function openEngine(page: Page): Promise<void> {
  forwardErrors(page);
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
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
      const timing = await page.evaluate(
        ({ method, b, seeds }) => {
          const bench = (window as unknown as BenchWindow).bench;
          if (method === 'layers-fit') return bench.layersFit(b);
          if (method === 'engine-one') return bench.engineTraining(1, 'per-seed', b);
          if (method === 'engine-simd-one') return bench.engineTraining(1, 'simd', b);
          if (method === 'engine-simd') return bench.engineTraining(seeds, 'simd', b);
          return bench.engineTraining(
            seeds,
            method === 'engine-batched'
              ? 'batched'
              : method === 'engine-fused'
                ? 'fused'
                : 'per-seed',
            b,
          );
        },
        { method, b, seeds: ENSEMBLE },
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
        ({ layout, steps }) =>
          (window as unknown as BenchWindow).bench.fineTuning(layout, 25, steps),
        { layout, steps: quick ? 5 : 20 },
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
        const served = networks === 'published' ? await networksFor(page, preset) : null;
        await openEngine(page);
        const runs: FigureRun[] = [];
        for (const spec of figures) {
          const run = await rerun(page, {
            figure: spec.id,
            preset,
            backend,
            networks,
            baseUrl: served?.baseUrl,
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

/** The activations a figure's run trains or loads networks for (workers/engine/figures.ts). */
function activationsOf(id: string): Activation[] {
  const spec = FIGURES.find((f) => f.id === id)!;
  if (id === 'fig10') return ['sigmoid', 'relu'];
  return [spec.activation === 'both' ? 'sigmoid' : spec.activation];
}

interface ServedNetworks {
  /** undefined: the site's own /networks/; else the stand-in site root. */
  baseUrl?: string;
  standIn: Activation[];
  trainedAs: NonNullable<FigureRun['trainedAs']>;
}

/**
 * The networks a "published" rerun of `preset` starts from. The engine takes the published ones
 * when they hold enough seeds (whatever preset trained them) and trains otherwise, which would
 * make this a from-scratch run. While the published run is incomplete, the bench serves
 * stand-ins instead: the published networks where they suffice, and networks it trains briefly
 * (one smoke epoch) where they do not, under /bench-networks/ with the data linked beside them.
 */
async function networksFor(page: Page, preset: PresetName): Promise<ServedNetworks> {
  const seeds = PRESETS[preset].seeds;
  const needed = [...new Set(figures.flatMap((f) => activationsOf(f.id)))];
  const published = (activation: Activation): NetworkManifest | null => {
    const file = join(SITE, 'networks', activation, 'manifest.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as NetworkManifest) : null;
  };
  const fits = (m: NetworkManifest | null) => m !== null && m.format === 1 && m.seeds >= seeds;
  const trainedAs = {} as ServedNetworks['trainedAs'];
  const trainingOf = (m: NetworkManifest) => ({
    seeds: m.seeds,
    epochs: m.epochs,
    trainSamples: m.trainSamples,
  });
  if (needed.every((a) => fits(published(a)))) {
    for (const a of needed) trainedAs[a] = trainingOf(published(a)!);
    return { standIn: [], trainedAs };
  }
  const root = join(SITE, STAND_IN);
  mkdirSync(root, { recursive: true });
  if (!existsSync(join(root, 'data'))) symlinkSync('../data', join(root, 'data'));
  const standIn: Activation[] = [];
  for (const activation of needed) {
    const dir = join(root, 'networks', activation);
    const manifestFile = join(dir, 'manifest.json');
    const current = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as NetworkManifest)
      : null;
    const own = published(activation);
    if (fits(own)) {
      mkdirSync(dir, { recursive: true });
      for (const file of [...own!.files, 'manifest.json']) {
        copyFileSync(join(SITE, 'networks', activation, file), join(dir, file));
      }
      trainedAs[activation] = trainingOf(own!);
      continue;
    }
    standIn.push(activation);
    if (!fits(current)) {
      log(
        `training ${seeds} stand-in ${activation} networks (published: ${own?.seeds ?? 0} seeds)`,
      );
      await openBench(page);
      const { manifest, files } = await page.evaluate(
        ({ activation, seeds }) =>
          (window as unknown as BenchWindow).bench.standInNetworks(activation, seeds),
        { activation, seeds },
      );
      mkdirSync(dir, { recursive: true });
      manifest.files.forEach((name, i) => {
        writeFileSync(join(dir, name), Buffer.from(files[i], 'base64'));
      });
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      trainedAs[activation] = trainingOf(manifest);
    } else {
      trainedAs[activation] = trainingOf(current!);
    }
  }
  return { baseUrl: `/${STAND_IN}/`, standIn, trainedAs };
}
