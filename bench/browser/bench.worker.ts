/**
 * The benchmark worker behind `npm run bench` (docs/bench.md): times the engine's own pieces
 * (ensemble training, importance measures, ablation curves, fine-tuning) on the current backend,
 * against the TensorFlow.js Layers API and the naive ablation path as baselines, with the timing
 * modules of bench/timing/ that `npm run bench:gpu` uses in Node too. It loads the data and the
 * network, measures and returns numbers; the headless run (bench.bench.ts) decides what to run
 * and bench/main.ts reports.
 */
import * as Comlink from 'comlink';
import type { Activation } from '../../src/lib/figure-data';
import { PRESETS } from '../../src/lib/run-options';
import { disposeContext } from '../../workers/engine/ablation';
import { hiddenOutputs } from '../../workers/engine/analysis';
import { probeEnvironment, selectBackend } from '../../workers/engine/backend';
import { loadSplit, subset } from '../../workers/engine/data';
import type { NetworkWeights } from '../../workers/engine/model';
import { computeEngine } from '../../workers/engine/simd/engine';
import { fetchPublishedNetworks, packNetworks } from '../../workers/engine/store';
import { imagesTensor, presetTraining, trainEnsemble } from '../../workers/engine/train';
import type { AblationTiming, BenchNetworkSource } from '../results';
import {
  benchCurve,
  curvePath,
  timeContext,
  timeFastCurve,
  timeNaiveCurve,
  timeTensorCurve,
} from '../timing/ablation';
import { range } from '../timing/clock';
import { timeFineTuning } from '../timing/fine-tuning';
import { timeImportance } from '../timing/importance';
import { timeEngineTraining, timeLayersFit } from '../timing/training';
import type { BenchApi } from './api';

const baseUrl = `${self.location.origin}/`;
/** The paper's test and validation sets. */
const SAMPLES = 10_000;

const api: BenchApi = {
  environment: probeEnvironment,

  async useBackend(requested) {
    const selection = await selectBackend(requested);
    return { requested, ...selection };
  },

  async engineTraining(seeds, layout, budget) {
    return timeEngineTraining(await loadSplit('train', baseUrl), seeds, layout, budget);
  },

  async layersFit(budget) {
    return timeLayersFit(await loadSplit('train', baseUrl), budget);
  },

  async importance(repeats) {
    const { net, source } = await benchNetwork();
    const validation = subset(await loadSplit('validation', baseUrl), SAMPLES);
    const x = imagesTensor(validation.images, SAMPLES);
    const layers = await hiddenOutputs(net, 'sigmoid', x);
    x.dispose();
    return timeImportance(layers, validation.labels, SAMPLES, repeats, source);
  },

  async ablation(repeats, naiveRepeats, naiveLimitMs) {
    const { net, source } = await benchNetwork();
    const test = subset(await loadSplit('test', baseUrl), SAMPLES);
    const x = imagesTensor(test.images, SAMPLES);
    const { order, plan } = benchCurve(net);
    try {
      const { ctx, contextMs } = await timeContext(net, x, test.labels);
      const fast = await timeFastCurve(ctx, plan, repeats);
      const timing: AblationTiming = {
        levels: plan.levels,
        samples: SAMPLES,
        repeats: fast.repeats,
        contextMs,
        fastMs: fast.ms,
        path: await curvePath(),
        network: source,
        order,
        curve: fast.curve,
      };
      if (timing.path !== 'tensor')
        Object.assign(timing, await timeTensorCurve(ctx, plan, fast.curve));
      disposeContext(ctx);
      if (naiveRepeats > 0) {
        Object.assign(
          timing,
          await timeNaiveCurve(net, x, test.labels, plan, {
            repeats: naiveRepeats,
            limitMs: naiveLimitMs,
            fast: fast.curve,
          }),
        );
      }
      return timing;
    } finally {
      x.dispose();
    }
  },

  async fineTuning(layout, starts, steps) {
    const { net } = await benchNetwork();
    const train = await loadSplit('train', baseUrl);
    const test = subset(await loadSplit('test', baseUrl), 100);
    return timeFineTuning(net, train, test, { layout, starts, steps });
  },

  async standInNetworks(activation, seeds) {
    const preset = PRESETS.smoke;
    const selection = await selectBackend('wasm');
    const train = subset(await loadSplit('train', baseUrl), preset.trainSamples);
    const started = performance.now();
    const nets = await trainEnsemble(train, {
      activation,
      seeds: range(seeds),
      ...presetTraining(preset),
    });
    const { manifest, files } = await packNetworks(nets, {
      activation,
      preset,
      backend: selection.backend,
      engine: (await computeEngine()).engine,
      durationMs: performance.now() - started,
    });
    return { manifest, files: files.map(toBase64) };
  },
};

let network: Promise<{ net: NetworkWeights; source: BenchNetworkSource }> | undefined;

/** Published sigmoid network 0, or one trained for an epoch of the smoke preset when none is. */
function benchNetwork(): Promise<{ net: NetworkWeights; source: BenchNetworkSource }> {
  network ??= (async () => {
    const activation: Activation = 'sigmoid';
    const preset = PRESETS.smoke;
    const published = await fetchPublishedNetworks(baseUrl, { activation, seeds: [0], preset });
    if (published) return { net: published.nets[0], source: 'published' as const };
    const train = subset(await loadSplit('train', baseUrl), preset.trainSamples);
    const [net] = await trainEnsemble(train, { ...preset, activation, seeds: [0] });
    return { net, source: 'trained-by-bench' as const };
  })();
  return network;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

Comlink.expose(api);
