/**
 * The benchmark worker behind `npm run bench` (docs/bench.md): times the engine's own pieces
 * (ensemble training, importance measures, ablation curves) on the current backend, against the
 * TensorFlow.js Layers API and the naive ablation path as baselines. It measures and returns
 * numbers; the headless run (e2e/bench/) decides what to run and scripts/bench.mjs reports.
 *
 * Every timing runs its subject once untimed first (shader compilation, WASM and JIT warm-up) and
 * ends on a read-back, so queued GPU work is inside the time it belongs to.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as Comlink from 'comlink';
import type { Activation } from '../../src/lib/figure-data';
import { jointCounts } from '../../src/lib/joint-counts';
import { layerMeasures } from '../../src/lib/measures';
import { quantizeLayer } from '../../src/lib/quantize';
import { createRandom, permutation } from '../../src/lib/random';
import { PRESETS } from '../../src/lib/run-options';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  disposeContext,
  evaluationContext,
  naiveAccuracyCurve,
  prefixSchedule,
} from '../../workers/engine/ablation';
import { hiddenOutputs, importance } from '../../workers/engine/analysis';
import { probeEnvironment, selectBackend } from '../../workers/engine/backend';
import { loadSplit, subset } from '../../workers/engine/data';
import { fineTune, prunedNetwork, type Removed } from '../../workers/engine/fine-tune';
import { CLASSES, HIDDEN, INPUTS, type NetworkWeights } from '../../workers/engine/model';
import { computeEngine } from '../../workers/engine/simd/engine';
import { fetchPublishedNetworks, packNetworks } from '../../workers/engine/store';
import {
  imagesTensor,
  presetTraining,
  type TrainingOptions,
  trainEnsemble,
} from '../../workers/engine/train';
import type {
  AblationTiming,
  BenchApi,
  BenchNetworkSource,
  ImportanceTiming,
  StepBudget,
  StepTiming,
} from '../results';

const baseUrl = `${self.location.origin}/`;
const paper = PRESETS.paper;
/** Untimed steps that compile kernels and estimate the step time before a training measurement. */
const WARMUP_STEPS = 5;
/** The engine's loss read-back cadence in training (train.ts `yieldEvery`); steps are timed in
 * multiples of it. */
const READ_BACK_EVERY = 25;
/** The paper's test and validation sets. */
const SAMPLES = 10_000;
/** An ablation curve slower than this (a software GPU, the CPU backend) is timed once. */
const SLOW_MS = 10_000;
const range = (n: number) => Array.from({ length: n }, (_, k) => k);

const api: BenchApi = {
  environment: probeEnvironment,

  async useBackend(requested) {
    const selection = await selectBackend(requested);
    return { requested, ...selection };
  },

  async engineTraining(seeds, layout, budget) {
    const train = await loadSplit('train', baseUrl);
    const options: TrainingOptions = {
      activation: 'sigmoid',
      seeds: range(seeds),
      epochs: 1,
      batchSize: paper.batchSize,
      learningRate: paper.learningRate,
      l2: paper.l2,
      layout,
    };
    // The estimate stops at the warm-up's first loss read-back, before the weights are downloaded
    // (one read-back per parameter and network, slow on a software GPU). Progress counts
    // network-steps, so a layout that trains the seeds one after another ('simd') reports after
    // the first network's steps: per step of all seeds = per network-step * seeds.
    const started = performance.now();
    let warm = 0;
    let warmDone = 0;
    await trainEnsemble(subset(train, WARMUP_STEPS * paper.batchSize), {
      ...options,
      yieldEvery: WARMUP_STEPS,
      onProgress: (done) => {
        if (warm > 0) return;
        warm = performance.now();
        warmDone = done;
      },
    });
    const estimate = ((warm - started) / warmDone) * seeds;
    const steps = stepsFor(estimate, budget);
    if (estimate * (READ_BACK_EVERY + steps) > budget.limitMs) {
      return estimated(seeds, estimate);
    }
    // trainEnsemble reads the loss back every READ_BACK_EVERY steps and at the last one (on a GPU
    // that waits for the queued steps): time from the first read-back to the last, so set-up, the
    // first steps and the final download are out, and the read-backs are paid as in training.
    const marks: [number, number][] = [];
    await trainEnsemble(subset(train, (READ_BACK_EVERY + steps) * paper.batchSize), {
      ...options,
      yieldEvery: READ_BACK_EVERY,
      onProgress: (done) => marks.push([performance.now(), done]),
    });
    // the network-steps between the first and the last mark, scaled to `steps` of all seeds
    const [first, last] = [marks[0], marks[marks.length - 1]];
    const msPerNetworkStep = (last[0] - first[0]) / (last[1] - first[1]);
    return stepTiming(
      seeds,
      steps,
      WARMUP_STEPS + READ_BACK_EVERY,
      msPerNetworkStep * steps * seeds,
    );
  },

  async layersFit(budget) {
    const train = await loadSplit('train', baseUrl);
    const model = layersModel();
    const timedFit = async (steps: number) => {
      const samples = steps * paper.batchSize;
      const x = imagesTensor(train.images, samples);
      const y = tf.tidy(() =>
        tf.oneHot(
          tf.tensor1d(Int32Array.from(train.labels.subarray(0, samples)), 'int32'),
          CLASSES,
        ),
      );
      const started = performance.now();
      // fit reads the epoch's loss back before it resolves
      await model.fit(x, y, { batchSize: paper.batchSize, epochs: 1, shuffle: true, verbose: 0 });
      const ms = performance.now() - started;
      tf.dispose([x, y]);
      return ms;
    };
    try {
      const estimate = (await timedFit(WARMUP_STEPS)) / WARMUP_STEPS;
      const steps = stepsFor(estimate, budget);
      if (estimate * steps > budget.limitMs) return estimated(1, estimate);
      return stepTiming(1, steps, WARMUP_STEPS, await timedFit(steps));
    } finally {
      model.dispose();
    }
  },

  async importance(repeats) {
    const { net, source } = await benchNetwork();
    const validation = subset(await loadSplit('validation', baseUrl), SAMPLES);
    const x = imagesTensor(validation.images, SAMPLES);
    const layers = await hiddenOutputs(net, 'sigmoid', x);
    x.dispose();
    const labels = validation.labels;
    const counts = (outputs: Float32Array) =>
      jointCounts(
        quantizeLayer(outputs, SAMPLES, HIDDEN, 'sigmoid', 2),
        labels,
        SAMPLES,
        HIDDEN,
        10,
        2,
      );
    const tables = layers.map(counts);
    const timing: ImportanceTiming = {
      samples: SAMPLES,
      neurons: 2 * HIDDEN,
      repeats,
      allFiveMs: medianMs(repeats, () => {
        for (const outputs of layers) layerMeasures(counts(outputs));
      }),
      jsSeparationMs: medianMs(repeats, () => {
        for (const table of tables) layerMeasures(table, ['jsSeparation']);
      }),
      defaultThreeMs: medianMs(repeats, () => {
        for (const outputs of layers) importance(outputs, labels, 'sigmoid');
      }),
      network: source,
    };
    return timing;
  },

  async ablation(repeats, naiveRepeats, naiveLimitMs) {
    const { net, source } = await benchNetwork();
    const test = subset(await loadSplit('test', baseUrl), SAMPLES);
    const x = imagesTensor(test.images, SAMPLES);
    const levels = HIDDEN + 1;
    const order = permutation(HIDDEN, createRandom(1));
    const plan: CurvePlan = {
      levels,
      layer1: prefixSchedule(ablationSteps(order, null, net.W1, HIDDEN), levels),
    };
    try {
      let started = performance.now();
      const ctx = evaluationContext(net, 'sigmoid', x, test.labels);
      await ctx.logits.data(); // the context is computed lazily on a GPU: wait for it
      const contextMs = performance.now() - started;
      let fast: number[] = [];
      let fastRuns = 0;
      const fastMs = await medianMsAsync(repeats, async () => {
        fast = await accuracyCurve(ctx, plan);
        fastRuns++;
      });
      const timing: AblationTiming = {
        levels,
        samples: SAMPLES,
        repeats: fastRuns - 1,
        contextMs,
        fastMs,
        path:
          tf.getBackend() === 'webgpu'
            ? 'fused'
            : (await computeEngine()).engine === 'wasm-simd'
              ? 'simd'
              : 'tensor',
        network: source,
        order: Array.from(order),
        curve: fast,
      };
      if (timing.path !== 'tensor') {
        // The TensorFlow.js-ops path on the same backend: what the fused program or the SIMD
        // engine replaces. One chunk untimed, then two chunks (21 levels) timed and scaled: every
        // level costs the same.
        const prefix = (n: number): CurvePlan => ({ ...plan, levels: n });
        await accuracyCurve(ctx, prefix(2), 'tensor');
        const timed = Math.min(levels, 21);
        started = performance.now();
        const tensor = await accuracyCurve(ctx, prefix(timed), 'tensor');
        timing.tensorMs = ((performance.now() - started) * levels) / timed;
        timing.tensorLevelsTimed = timed;
        timing.tensorMaxDifference = Math.max(...tensor.map((a, k) => Math.abs(a - fast[k])));
      }
      disposeContext(ctx);
      if (naiveRepeats > 0) {
        // Warm up on two levels: the same kernels, without paying for a whole curve. Every level
        // of the naive path is one full forward pass, so when the whole curve would outlast the
        // limit only its first levels are timed and the time is scaled to all of them.
        started = performance.now();
        await naiveAccuracyCurve(net, 'sigmoid', x, test.labels, { ...plan, levels: 2 });
        const perLevel = (performance.now() - started) / 2;
        const timed = Math.min(levels, Math.max(5, Math.floor(naiveLimitMs / perLevel)));
        const times: number[] = [];
        let naive: number[] = [];
        for (let r = 0; r < naiveRepeats; r++) {
          started = performance.now();
          naive = await naiveAccuracyCurve(net, 'sigmoid', x, test.labels, {
            ...plan,
            levels: timed,
          });
          times.push(((performance.now() - started) * levels) / timed);
        }
        timing.naiveMs = median(times);
        timing.naiveRepeats = naiveRepeats;
        timing.naiveLevelsTimed = timed;
        timing.maxDifference = Math.max(...naive.map((a, k) => Math.abs(a - fast[k])));
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
    const x = imagesTensor(test.images, test.samples);
    const labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
    // Fig. 15's hybrid schedule at 45 pruned: 15 neurons of layer 1 and 30 of layer 2
    const removed: Removed = [range(15), range(30)];
    const start = { net: prunedNetwork(net, removed, null), removed };
    const run = async (n: number) => {
      const started = performance.now();
      await fineTune(
        Array.from({ length: starts }, () => start),
        {
          ...train,
          batchSize: paper.batchSize,
          learningRate: paper.learningRate,
          l2: paper.l2,
          epochs: 1,
        },
        { activation: 'sigmoid', seed: 0, test: { x, labels }, checkpoints: [n], layout },
      );
      return performance.now() - started;
    };
    try {
      await run(1); // compiles every kernel
      // set-up, the accuracy at the end and the variables' upload cancel in the difference
      const ms = (await run(steps + 1)) - (await run(1));
      return {
        layout,
        starts,
        steps,
        msPerStep: ms / steps,
        msPerNetworkStep: ms / steps / starts,
      };
    } finally {
      tf.dispose([x, labels]);
    }
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

/** The paper's network in the Layers API: the ecosystem's way to train it, as in Keras. */
function layersModel(): tfl.Sequential {
  const dense = (units: number, activation: 'sigmoid' | 'softmax', inputShape?: number[]) =>
    tfl.layers.dense({
      units,
      activation,
      inputShape,
      kernelInitializer: 'glorotUniform',
      kernelRegularizer: tfl.regularizers.l2({ l2: paper.l2 }),
    });
  const model = tfl.sequential({
    layers: [
      dense(HIDDEN, 'sigmoid', [INPUTS]),
      dense(HIDDEN, 'sigmoid'),
      dense(CLASSES, 'softmax'),
    ],
  });
  model.compile({ optimizer: tf.train.adam(paper.learningRate), loss: 'categoricalCrossentropy' });
  return model;
}

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

/** Timed steps for an estimated step time: what fits the budget, within its bounds, in whole
 * read-back periods. */
function stepsFor(estimateMs: number, { budgetMs, minSteps, maxSteps }: StepBudget): number {
  const steps = Math.max(minSteps, Math.min(maxSteps, budgetMs / Math.max(estimateMs, 1e-3)));
  return Math.max(1, Math.round(steps / READ_BACK_EVERY)) * READ_BACK_EVERY;
}

function stepTiming(networks: number, steps: number, warmupSteps: number, ms: number): StepTiming {
  return {
    networks,
    steps,
    warmupSteps,
    msPerStep: ms / steps,
    msPerNetworkStep: ms / steps / networks,
  };
}

// Not timed: the warm-up's estimate (compilation included, so an upper bound) stands in.
function estimated(networks: number, estimateMs: number): StepTiming {
  return {
    ...stepTiming(networks, WARMUP_STEPS, 0, estimateMs * WARMUP_STEPS),
    steps: 0,
    estimate: true,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Median of `repeats` timed calls after one untimed call.
function medianMs(repeats: number, run: () => void): number {
  run();
  return median(
    range(repeats).map(() => {
      const started = performance.now();
      run();
      return performance.now() - started;
    }),
  );
}

// The same for async work; a call slower than SLOW_MS is timed once only (the untimed call has
// compiled everything by then).
async function medianMsAsync(repeats: number, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  const count = performance.now() - started > SLOW_MS ? Math.min(1, repeats) : repeats;
  const times: number[] = [];
  for (let r = 0; r < count; r++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
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
