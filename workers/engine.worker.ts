/**
 * The experiment worker: the one runner behind "rerun figure", `npm run figures` and the
 * regression checks. Thin on purpose: the engine lives in workers/engine/.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { FigureData } from '../src/lib/figure-data';
import type { BackendName } from '../src/lib/run-options';
import {
  checkActivation,
  checkBackend,
  checkDataset,
  checkPreset,
  PRESETS,
  resolveRun,
} from '../src/lib/run-options';
import type { EngineApi, Progress, RunOptions } from './api';
import { probeEnvironment, selectBackend } from './engine/backend';
import { loadSplit, subset } from './engine/data';
import { runExperiment, type SeedHelpers, trainSpread } from './engine/experiments';
import { SeedPool } from './engine/seed-pool';
import { computeEngine } from './engine/simd/engine';
import {
  cachedNetworks,
  fetchPublishedNetworks,
  packNetworks,
  storeNetworks,
} from './engine/store';
import { presetTraining } from './engine/train';

declare const __COMMIT__: string;

let cancelled = false;
let running = false;
let pool: SeedPool | null = null;

/** At most this many helper workers, whatever the core count (memory: ~70 MB of tensors each). */
const MAX_HELPERS = 3;

/**
 * Helper workers for a run on WASM or the CPU backend: one per further core, up to MAX_HELPERS
 * and `workers - 1` when the run asks for fewer. None on WebGPU (one GPU does the work) or where a
 * worker cannot start workers.
 */
function helpersFor(
  backend: BackendName,
  workers: number | undefined,
  baseUrl: string,
): SeedHelpers | undefined {
  const cores = self.navigator.hardwareConcurrency ?? 1;
  const size = Math.min(MAX_HELPERS, (workers ?? cores) - 1, cores - 1);
  if (backend === 'webgpu' || size < 1 || typeof Worker === 'undefined') return undefined;
  pool ??= new SeedPool(
    () => new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module' }),
  );
  const helpers = pool;
  return {
    size,
    contribution: (slot, job) => helpers.contribution(slot, { ...job, backend, baseUrl }),
    train: (slot, job, onProgress) => helpers.train(slot, { ...job, backend, baseUrl }, onProgress),
    abort: (reason) => helpers.terminate(reason),
  };
}

/** Progress messages at most every 150 ms, the last one always. */
/** At most one report per 150 ms, but never one that starts a new stage (the reader would keep
 * seeing the previous stage's words while the new one runs). */
function throttle(onProgress?: (p: Progress) => void) {
  let last = 0;
  let stage: Progress['stage'] | null = null;
  return (p: Progress) => {
    const now = performance.now();
    if (!onProgress || (now - last < 150 && p.stage === stage)) return;
    last = now;
    stage = p.stage;
    onProgress(p);
  };
}

const api: EngineApi = {
  environment: probeEnvironment,
  async runFigure(options: RunOptions, onProgress, onPartial) {
    const run = resolveRun(options);
    if (running) throw new Error('A run is already in progress in this worker');
    running = true;
    cancelled = false;
    let start = -1;
    // the whole run as the reader waits for it, the backend's start and probe included
    const began = performance.now();
    try {
      const progress = throttle(onProgress);
      progress({
        stage: 'backend',
        fraction: 0,
        etaSeconds: null,
        message: 'Starting the backend',
      });
      const selection = await selectBackend(options.backend ?? 'auto');
      start = tf.memory().numTensors;
      const { note } = await computeEngine();
      const engineNote = note ? `; ${note}` : '';
      const baseUrl = options.baseUrl ?? `${self.location.origin}/`;
      const data = await runExperiment(
        run,
        {
          loadSplit: async (split, samples, dataset) =>
            subset(await loadSplit(split, baseUrl, undefined, dataset), samples),
          publishedNetworks: (request) => fetchPublishedNetworks(baseUrl, request),
          cachedNetworks,
          storeNetworks,
        },
        {
          backend: selection.backend,
          adapter: selection.adapter,
          browser: self.navigator.userAgent,
          commit: typeof __COMMIT__ === 'string' ? __COMMIT__ : 'unknown',
        },
        {
          onProgress: (p) =>
            progress({
              ...p,
              message:
                p.stage === 'data' ? `${selection.note}${engineNote}. ${p.message}` : p.message,
            }),
          onPartial: onPartial ? (d: FigureData) => onPartial(d) : undefined,
          helpers: helpersFor(selection.backend, options.workers, baseUrl),
          checkpoint: async () => {
            // a macrotask turn, so a pending cancel() message is handled before we look
            await new Promise((resolve) => setTimeout(resolve, 0));
            if (cancelled) throw new DOMException('The run was cancelled', 'AbortError');
          },
        },
      );
      data.meta.durationMs = Math.round(performance.now() - began);
      return data;
    } finally {
      running = false;
      const leaked = start < 0 ? 0 : tf.memory().numTensors - start;
      if (leaked > 0) console.warn(`engine: ${leaked} tensors outlived the run`);
    }
  },
  async trainNetworks(activation, presetName, backend = 'auto', onProgress, dataset = 'mnist') {
    checkActivation(activation);
    const preset = { ...PRESETS[checkPreset(presetName)], dataset: checkDataset(dataset) };
    const selection = await selectBackend(checkBackend(backend));
    const baseUrl = `${self.location.origin}/`;
    const train = subset(
      await loadSplit('train', baseUrl, undefined, preset.dataset),
      preset.trainSamples,
    );
    const progress = throttle(onProgress);
    const started = performance.now();
    const { engine } = await computeEngine();
    // seeds shared out to helper workers, one per core, as a figure's run trains them
    const seeds = Array.from({ length: preset.seeds }, (_, s) => s);
    const nets = await trainSpread(
      train,
      {
        activation,
        seeds,
        samples: preset.trainSamples,
        dataset: preset.dataset,
        training: presetTraining(preset),
      },
      { helpers: helpersFor(selection.backend, undefined, baseUrl) },
      (done, total, loss) =>
        progress({
          stage: 'training',
          fraction: done / total,
          etaSeconds: null,
          message: `network-step ${done}/${total} loss ${loss.toFixed(4)}`,
          backend: selection.backend,
        }),
    );
    const { manifest, files } = await packNetworks(nets, {
      activation,
      preset,
      backend: selection.backend,
      engine,
      durationMs: performance.now() - started,
    });
    await storeNetworks({ activation, seeds, preset }, nets);
    return Comlink.transfer({ manifest, files }, files);
  },
  cancel() {
    cancelled = true;
    pool?.terminate(new DOMException('The run was cancelled', 'AbortError'));
  },
  // handled between two of a run's checkpoints, like cancel(): an answer means the worker lives
  ping: async () => true,
  async checkData(split) {
    const data = await loadSplit(split, `${self.location.origin}/`);
    return { samples: data.samples, firstLabel: data.labels[0] };
  },
  chooseBackend: (choice) => selectBackend(checkBackend(choice)),
  async numTensors() {
    // before the first run no backend is initialised, and tf.memory() would throw
    return tf.engine().backendName ? tf.memory().numTensors : 0;
  },
};

Comlink.expose(api);
