/**
 * Timing of a training step (docs/bench.md, table 1), for the browser's benchmark worker and for
 * Node with Dawn alike: `trainEnsemble` in a given layout, timed between its loss read-backs, and
 * the TensorFlow.js Layers API's `model.fit` as the ecosystem's baseline.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PRESETS } from '../../src/lib/run-options';
import type { EnsembleLayout } from '../../workers/api';
import type { SplitData } from '../../workers/engine/data';
import { subset } from '../../workers/engine/data';
import { CLASSES, HIDDEN, INPUTS } from '../../workers/engine/model';
import { imagesTensor, type TrainingOptions, trainEnsemble } from '../../workers/engine/train';
import type { StepBudget, StepTiming } from '../results';
import { range } from './clock';

const paper = PRESETS.paper;
/** Untimed steps that compile kernels and estimate the step time before a measurement. */
export const WARMUP_STEPS = 5;
/** The engine's loss read-back cadence in training (train.ts `yieldEvery`); steps are timed in
 * multiples of it. */
export const READ_BACK_EVERY = 25;

/**
 * `trainEnsemble` of `seeds` networks in `layout`: ms per step of all seeds and per network-step,
 * with as many steps as fit `budget`, or the warm-up's estimate when even the fewest would not.
 */
export async function timeEngineTraining(
  train: SplitData,
  seeds: number,
  layout: EnsembleLayout,
  budget: StepBudget,
): Promise<StepTiming> {
  const options: TrainingOptions = {
    activation: 'sigmoid',
    seeds: range(seeds),
    epochs: 1,
    batchSize: paper.batchSize,
    learningRate: paper.learningRate,
    l2: paper.l2,
    layout,
  };
  let every = READ_BACK_EVERY;
  let steps: number;
  let warmupSteps = 0;
  if (budget.shortAlways) {
    // The smoke size: no separate warm-up, whose estimate it would not use; shader compilation
    // falls in the first `every` steps, before the first mark below.
    every = budget.shortAlways;
    steps = every;
  } else {
    const estimate = await warmUpEstimate(train, options, seeds);
    warmupSteps = WARMUP_STEPS;
    steps = stepsFor(estimate, budget);
    if (estimate * (every + steps) > budget.limitMs) {
      // A slow step (a software adapter): where the budget allows, time WARMUP_STEPS steps between
      // read-backs at WARMUP_STEPS and twice that, within three times the limit, rather than report
      // the warm-up's estimate, which includes shader compilation.
      if (!budget.shortWhenSlow || estimate * 2 * WARMUP_STEPS > 3 * budget.limitMs) {
        return estimated(seeds, estimate);
      }
      every = WARMUP_STEPS;
      steps = WARMUP_STEPS;
    }
  }
  // trainEnsemble reads the loss back every `every` steps, at the last one, and whenever 250 ms
  // have passed (on a GPU each waits for the queued steps): time from the first read-back past the
  // first `every` steps to the last, so set-up, the first steps and the final download are out,
  // and the read-backs are paid as in training. Progress counts network-steps: `every` steps of
  // all seeds, or of the first seed where the seeds train one after another ('simd').
  const from = layout === 'simd' ? every : every * seeds;
  const marks: [number, number][] = [];
  await trainEnsemble(subset(train, (every + steps) * paper.batchSize), {
    ...options,
    yieldEvery: every,
    onProgress: (done) => {
      if (done >= from) marks.push([performance.now(), done]);
    },
  });
  // the network-steps between the first and the last mark, scaled to `steps` of all seeds
  const [first, last] = [marks[0], marks[marks.length - 1]];
  const msPerNetworkStep = (last[0] - first[0]) / (last[1] - first[1]);
  return stepTiming(seeds, steps, warmupSteps + every, msPerNetworkStep * steps * seeds);
}

/**
 * ms per step of all `seeds` from WARMUP_STEPS untimed steps (shader compilation included). The
 * estimate stops at the warm-up's first loss read-back, before the weights are downloaded (one
 * read-back per parameter and network, slow on a software GPU). Progress counts network-steps, so
 * a layout that trains the seeds one after another ('simd') reports after the first network's
 * steps: per step of all seeds = per network-step * seeds.
 */
async function warmUpEstimate(
  train: SplitData,
  options: TrainingOptions,
  seeds: number,
): Promise<number> {
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
  return ((warm - started) / warmDone) * seeds;
}

/** The same network with the TensorFlow.js Layers API (model.fit), per step. */
export async function timeLayersFit(train: SplitData, budget: StepBudget): Promise<StepTiming> {
  const model = layersModel();
  const timedFit = async (steps: number) => {
    const samples = steps * paper.batchSize;
    const x = imagesTensor(train.images, samples);
    const y = tf.tidy(() =>
      tf.oneHot(tf.tensor1d(Int32Array.from(train.labels.subarray(0, samples)), 'int32'), CLASSES),
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
}

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
