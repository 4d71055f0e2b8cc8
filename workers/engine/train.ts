/**
 * Trains all seeds of a run together as one ensemble with a fused, hand-differentiated Adam step.
 *
 * Layout of the ensemble depends on the backend, measured (npm run bench, npm run bench:gpu): on
 * WebGPU the 'fused' layout, WGSL programs that run forward, backward and Adam for all seeds in
 * eight dispatches (kernels/train-step.ts; tested equal to `adamStep`'s batched layout); on
 * WASM/CPU, TensorFlow.js's batched and transposed matrix products are 5-10x slower than plain 2-D
 * ones, so each seed keeps its own 2-D tensors ('per-seed'). 'batched' (every parameter with a
 * leading seed axis, one batched matrix product per layer) stays selectable. The tensor step
 * (`adamStep`) is written once for both ranks.
 *
 * Each seed keeps its own Glorot initialisation and its own shuffling (network.ts), so a seed trains
 * to the same network alone or inside an ensemble. Loss per seed: mean cross-entropy over its batch
 * (eq. 6) + lambda * sum of squared kernel entries (Keras `l2(lambda)`); Adam as Keras, which the
 * paper used (beta1 0.9, beta2 0.999, eps 1e-7 added to sqrt(v), bias correction folded into the
 * step size). tf.train.adam differs: it adds eps to the bias-corrected sqrt(v-hat).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import type { PixelScaling } from '../../src/lib/input-scaling';
import type { Initialisation, Preset } from '../../src/lib/presets';
import { permutation } from '../../src/lib/random';
import type { EnsembleLayout } from '../api';
import type { SplitData } from './data';
import { FusedEnsemble } from './kernels/train-step';
import {
  activationSlope,
  CLASSES,
  forward,
  INPUTS,
  initialWeights,
  type NetworkWeights,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  trainingRandom,
} from './model';
import { SIMD_ENGINE_NAME, simdEngine, simdProblem } from './simd/engine';
import { SimdTrainer } from './simd/trainer';

export interface TrainingOptions {
  activation: Activation;
  seeds: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  /**
   * 'batched': one [S, ...] tensor per parameter; 'per-seed': S 2-D tensors; 'fused': WGSL programs
   * for all seeds (WebGPU only); 'simd': the WebAssembly SIMD engine, one network after another
   * (off WebGPU). Default by backend (`defaultLayout`).
   */
  layout?: EnsembleLayout;
  /** Progress and cancellation cadence, in steps (also at least every 250 ms). */
  yieldEvery?: number;
  /** Progress in network-steps (one step of one network): done, of all seeds' total, and the
   * mean loss of the networks that took the last step. */
  onProgress?: (networkStepsDone: number, networkStepsTotal: number, loss: number) => void;
  /** Lets pending messages in (a cancel) and rejects (e.g. an AbortError) to stop training. */
  checkpoint?: () => Promise<void>;
  /** Standardised inputs (the 'standard' rerun option); absent: pixels in [0, 1]. */
  scaling?: PixelScaling;
  /** The kernels' initialisation (a rerun option); absent: Glorot-uniform, Keras' default. */
  init?: Initialisation;
}

/** The training settings of a preset, as TrainingOptions takes them. */
export const presetTraining = ({ epochs, batchSize, learningRate, l2, init }: Preset) => ({
  epochs,
  batchSize,
  learningRate,
  l2,
  init,
});

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * WebGPU: the fused WGSL step, measured on SwiftShader (docs/bench.md, layouts interleaved under
 * the same load: 115 ms per network-step against 309 per-seed and 395 batched for one network, 129
 * against 270 and 253 for 20 seeds). On a hardware adapter it is the default by its dispatch count
 * (8 per step for all seeds), not yet measured there: `npm run bench:gpu -- --training` prints
 * every layout's rows for that. WASM/CPU: the WebAssembly SIMD engine (docs/bench.md), or per-seed
 * TensorFlow.js where WebAssembly SIMD is missing.
 */
export async function defaultLayout(): Promise<EnsembleLayout> {
  if (tf.getBackend() === 'webgpu') return 'fused';
  return (await simdEngine()) ? 'simd' : 'per-seed';
}

/**
 * Pixels reach the tensor as uint8 values and are scaled to [0, 1] there (docs/method.md §1, input
 * scaling); with `scaling` (the 'standard' rerun option) each pixel is then standardised.
 */
export function imagesTensor(
  images: Uint8Array,
  samples: number,
  scaling?: PixelScaling,
): tf.Tensor2D {
  return tf.tidy(() => {
    const unit = tf.div(
      tf.tensor2d(
        Int32Array.from(images.subarray(0, samples * INPUTS)),
        [samples, INPUTS],
        'int32',
      ),
      255,
    );
    if (!scaling) return unit;
    return tf.div(tf.sub(unit, tf.tensor1d(scaling.shift)), tf.tensor1d(scaling.scale));
  }) as tf.Tensor2D;
}

/** The per-epoch sample order of every seed: [seed][epoch] -> permutation of the samples. */
export function shuffles(
  seeds: number[],
  epochs: number,
  samples: number,
  init: Initialisation = 'glorot-uniform',
): Int32Array[][] {
  return seeds.map((seed) => {
    const random = trainingRandom(seed);
    initialWeights(init, random); // the orders follow the initialisation draws in the seed's stream
    return Array.from({ length: epochs }, () => permutation(samples, random));
  });
}

/** Matrix product of rank-2 or rank-3 tensors; explicit transposes are faster on WASM/CPU. */
function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (tf.getBackend() === 'webgpu' || a.rank !== 2) {
    return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, transposeA, transposeB);
  }
  return tf.matMul(
    (transposeA ? tf.transpose(a) : a) as tf.Tensor2D,
    (transposeB ? tf.transpose(b) : b) as tf.Tensor2D,
  );
}

export type Params = Record<ParamName, tf.Variable>;
export interface AdamState {
  m: Params;
  v: Params;
}

/**
 * Forward pass, hand-written backward pass and Adam update for one batch of one seed (rank 2) or
 * all seeds (rank 3, leading seed axis). Returns the summed loss over seeds.
 */
export function adamStep(
  params: Params,
  state: AdamState,
  x: tf.Tensor,
  yOneHot: tf.Tensor,
  step: number,
  options: Pick<TrainingOptions, 'activation' | 'learningRate' | 'l2'> & {
    /** 0/1 factors of parameters' gradients: a 0 keeps that entry where it is (fine-tune.ts). */
    masks?: Partial<Record<ParamName, tf.Tensor>>;
  },
): tf.Scalar {
  return tf.tidy(() => {
    const { activation, l2 } = options;
    const batch = x.shape[x.rank - 2];
    // eq. (1), forward
    const { t1, t2, logits } = forward(params, activation, x);
    const logProbabilities = tf.logSoftmax(logits);
    const kernels = [params.W0, params.W1, params.W2];
    // eq. (6): mean cross-entropy per seed, summed over seeds, plus the L2 term
    const loss = tf.add(
      tf.div(tf.neg(tf.sum(tf.mul(yOneHot, logProbabilities))), batch),
      tf.mul(l2, tf.addN(kernels.map((w) => tf.sum(tf.square(w))))),
    ) as tf.Scalar;
    // backward: d loss / d logits = (softmax - onehot) / batch
    const dLogits = tf.div(tf.sub(tf.exp(logProbabilities), yOneHot), batch);
    const dZ2 = tf.mul(matMul(dLogits, params.W2, false, true), activationSlope(activation, t2));
    const dZ1 = tf.mul(matMul(dZ2, params.W1, false, true), activationSlope(activation, t1));
    const biasGrad = (d: tf.Tensor) => tf.sum(d, d.rank - 2, true);
    const kernelGrad = (input: tf.Tensor, d: tf.Tensor, w: tf.Tensor) =>
      tf.add(matMul(input, d, true, false), tf.mul(2 * l2, w));
    const grads: Record<ParamName, tf.Tensor> = {
      W0: kernelGrad(x, dZ1, params.W0),
      b1: biasGrad(dZ1),
      W1: kernelGrad(t1, dZ2, params.W1),
      b2: biasGrad(dZ2),
      W2: kernelGrad(t2, dLogits, params.W2),
      b3: biasGrad(dLogits),
    };
    adamUpdate(params, state, grads, step, options.learningRate, options.masks);
    return loss;
  });
}

/**
 * Adam in Keras' form (step counts from 1): moments of the (masked) gradients, and the step with
 * the bias correction folded into its size. Call inside tf.tidy.
 */
export function adamUpdate(
  params: Params,
  state: AdamState,
  grads: Record<ParamName, tf.Tensor>,
  step: number,
  learningRate: number,
  masks?: Partial<Record<ParamName, tf.Tensor>>,
): void {
  const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** step)) / (1 - BETA1 ** step);
  for (const name of PARAM_ORDER) {
    const mask = masks?.[name];
    const g = mask ? tf.mul(grads[name], mask) : grads[name];
    const m = tf.add(tf.mul(BETA1, state.m[name]), tf.mul(1 - BETA1, g));
    const v = tf.add(tf.mul(BETA2, state.v[name]), tf.mul(1 - BETA2, tf.square(g)));
    state.m[name].assign(m);
    state.v[name].assign(v);
    params[name].assign(
      tf.sub(params[name], tf.mul(stepSize, tf.div(m, tf.add(tf.sqrt(v), EPSILON)))),
    );
  }
}

/** One model replica: parameters and Adam moments, for one seed or a stacked ensemble. */
interface Replica {
  params: Params;
  state: AdamState;
  /** Seeds (indices into options.seeds) this replica holds. */
  members: number[];
}

function makeReplica(inits: NetworkWeights[], members: number[], stacked: boolean): Replica {
  const variable = (name: ParamName, fill?: (net: NetworkWeights) => Float32Array) => {
    const [rows, cols] = PARAM_SHAPES[name];
    const values = new Float32Array(members.length * rows * cols);
    if (fill) for (const [i, s] of members.entries()) values.set(fill(inits[s]), i * rows * cols);
    const shape = stacked ? [members.length, rows, cols] : [rows, cols];
    const initial = tf.tensor(values, shape);
    const v = tf.variable(initial, false);
    initial.dispose();
    return v;
  };
  const params = {} as Params;
  const m = {} as Params;
  const v = {} as Params;
  for (const name of PARAM_ORDER) {
    params[name] = variable(name, (net) => net[name]);
    m[name] = variable(name);
    v[name] = variable(name);
  }
  return { params, state: { m, v }, members };
}

/** One training step's batch: which epoch, where it starts, its size, and whether to report. */
interface Batch {
  step: number;
  stepsTotal: number;
  epoch: number;
  start: number;
  size: number;
  /** Read the loss back and report: every yieldEvery steps, at the last step, and at least every
   * 250 ms of (synchronous, WASM/CPU) work, so a cancel is seen within a second even when 20 seeds
   * make a step slow. */
  report: boolean;
}

/**
 * Where each of `steps` batches lies in its epoch's order: epoch after epoch, batches of
 * `batchSize` from the start, the last of an epoch short when the samples do not divide. Training
 * runs whole epochs; fine-tuning stops after any number of steps (fine-tune.ts).
 */
export function* batchPositions(
  samples: number,
  batchSize: number,
  steps: number,
): Generator<{ epoch: number; start: number; size: number }> {
  const stepsPerEpoch = Math.ceil(samples / batchSize);
  for (let step = 0; step < steps; step++) {
    const start = (step % stepsPerEpoch) * batchSize;
    yield {
      epoch: Math.floor(step / stepsPerEpoch),
      start,
      size: Math.min(batchSize, samples - start),
    };
  }
}

/** The steps of a run, epoch by epoch (the last batch of an epoch may be short). */
function* batches(
  samples: number,
  {
    epochs,
    batchSize,
    yieldEvery = 10,
  }: Pick<TrainingOptions, 'epochs' | 'batchSize' | 'yieldEvery'>,
): Generator<Batch> {
  const stepsTotal = Math.ceil(samples / batchSize) * epochs;
  let lastReport = performance.now();
  let step = 0;
  for (const position of batchPositions(samples, batchSize, stepsTotal)) {
    step++;
    const report =
      step % yieldEvery === 0 || step === stepsTotal || performance.now() - lastReport > 250;
    yield { step, stepsTotal, ...position, report };
    // back here once the caller has done the step (and its report)
    if (report) lastReport = performance.now();
  }
}

/** The sample indices of one batch for each member seed, seed after seed. */
function batchIndex(
  orders: Int32Array[][],
  members: number[],
  epoch: number,
  start: number,
  size: number,
): Int32Array {
  const index = new Int32Array(members.length * size);
  for (const [i, s] of members.entries()) {
    index.set(orders[s][epoch].subarray(start, start + size), i * size);
  }
  return index;
}

/** Reads the summed loss back, reports it per seed and lets a cancel in. */
async function reportLoss(
  total: tf.Tensor,
  seeds: number,
  { step, stepsTotal }: Batch,
  options: TrainingOptions,
): Promise<void> {
  const loss = (await total.data())[0] / seeds;
  total.dispose();
  options.onProgress?.(step * seeds, stepsTotal * seeds, loss);
  await options.checkpoint?.();
}

export async function trainEnsemble(
  data: SplitData,
  options: TrainingOptions,
): Promise<NetworkWeights[]> {
  const { seeds, epochs } = options;
  const S = seeds.length;
  const init = options.init ?? 'glorot-uniform';
  const inits = seeds.map((seed) => initialWeights(init, trainingRandom(seed)));
  const orders = shuffles(seeds, epochs, data.samples, init);
  const layout = options.layout ?? (await defaultLayout());
  if (layout === 'fused') return trainFused(data, options, inits, orders);
  if (layout === 'simd') return trainSimd(data, options, inits, orders);
  const replicas =
    layout === 'batched'
      ? [makeReplica(inits, [...seeds.keys()], true)]
      : seeds.map((_, s) => makeReplica(inits, [s], false));

  const x = imagesTensor(data.images, data.samples, options.scaling);
  const y = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(Int32Array.from(data.labels.subarray(0, data.samples)), 'int32'),
      CLASSES,
    ),
  );
  try {
    for (const batch of batches(data.samples, options)) {
      const { step, epoch, start, size, report } = batch;
      const losses = replicas.map((replica) =>
        tf.tidy(() => {
          const idx = tf.tensor1d(batchIndex(orders, replica.members, epoch, start, size), 'int32');
          const shape =
            replica.members.length > 1 || layout === 'batched'
              ? [replica.members.length, size]
              : [size];
          const xb = tf.reshape(tf.gather(x, idx), [...shape, INPUTS]);
          const yb = tf.reshape(tf.gather(y, idx), [...shape, CLASSES]);
          const loss = adamStep(replica.params, replica.state, xb, yb, step, options);
          if (report) return loss;
          loss.dispose();
          return tf.scalar(0);
        }),
      );
      const total = report ? tf.tidy(() => sumInGroups(losses)) : null;
      for (const l of losses) l.dispose();
      if (total) await reportLoss(total, S, batch, options);
    }
    return await unstack(replicas, S);
  } finally {
    for (const replica of replicas) {
      for (const group of [replica.params, replica.state.m, replica.state.v]) {
        for (const v of Object.values(group)) v.dispose();
      }
    }
    x.dispose();
    y.dispose();
  }
}

/**
 * trainEnsemble in the 'fused' layout: the same batches, steps and reports, each step the WGSL
 * programs of kernels/train-step.ts for all seeds (WebGPU only).
 */
async function trainFused(
  data: SplitData,
  options: TrainingOptions,
  inits: NetworkWeights[],
  orders: Int32Array[][],
): Promise<NetworkWeights[]> {
  const S = inits.length;
  const members = [...inits.keys()];
  const ensemble = new FusedEnsemble(inits, options);
  const x = imagesTensor(data.images, data.samples, options.scaling);
  const labels = tf.tensor1d(Int32Array.from(data.labels.subarray(0, data.samples)), 'int32');
  try {
    for (const batch of batches(data.samples, options)) {
      const { step, epoch, start, size, report } = batch;
      const idx = tf.tensor1d(batchIndex(orders, members, epoch, start, size), 'int32');
      const losses = ensemble.step(x, labels, idx, step, report);
      idx.dispose();
      if (losses) {
        const total = tf.sum(losses);
        losses.dispose();
        await reportLoss(total, S, batch, options);
      }
    }
    return await ensemble.weights();
  } finally {
    ensemble.dispose();
    x.dispose();
    labels.dispose();
  }
}

/**
 * trainEnsemble on the WebAssembly SIMD engine: each seed's network trains alone, from its own
 * initialisation through its own batches (the same `batches` and `shuffles` as the tensor
 * layouts), one engine call per step; seeds one after another, so one network's parameters and
 * moments stay in cache.
 */
async function trainSimd(
  data: SplitData,
  options: TrainingOptions,
  inits: NetworkWeights[],
  orders: Int32Array[][],
): Promise<NetworkWeights[]> {
  const engine = await simdEngine();
  if (!engine) throw new Error(`The ${SIMD_ENGINE_NAME} engine is unavailable: ${simdProblem()}`);
  return engine.exclusive(async () => {
    const trainer = new SimdTrainer(
      engine,
      { ...data, scaling: options.scaling },
      Math.min(options.batchSize, data.samples),
    );
    const S = inits.length;
    const nets: NetworkWeights[] = [];
    for (const [s, init] of inits.entries()) {
      trainer.load(init);
      for (const batch of batches(data.samples, options)) {
        const { step, stepsTotal, epoch, start, size, report } = batch;
        const loss = trainer.step(orders[s][epoch].subarray(start, start + size), step, options);
        if (report) {
          options.onProgress?.(s * stepsTotal + step, S * stepsTotal, loss);
          await options.checkpoint?.();
        }
      }
      nets.push(trainer.network());
    }
    return nets;
  });
}

/**
 * The sum of many tensors, added at most 7 at a time: one addN over 20 seeds' losses needs more
 * storage buffers than a WebGPU device allows (8 by default), and Dawn then rejects the shader and
 * the sum comes back wrong (0.0013 for 2.3 at 20 seeds, measured in Node by `npm run test:gpu`).
 */
export function sumInGroups(tensors: tf.Tensor[], group = 7): tf.Tensor {
  // always a new tensor, so the caller may dispose its terms
  if (tensors.length === 1) return tf.clone(tensors[0]);
  let terms = tensors;
  while (terms.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < terms.length; i += group) {
      const chunk = terms.slice(i, i + group);
      next.push(chunk.length === 1 ? chunk[0] : tf.addN(chunk));
    }
    terms = next;
  }
  return terms[0];
}

async function unstack(replicas: Replica[], S: number): Promise<NetworkWeights[]> {
  const nets = Array.from({ length: S }, () => ({}) as NetworkWeights);
  for (const replica of replicas) {
    for (const name of PARAM_ORDER) {
      const [rows, cols] = PARAM_SHAPES[name];
      const all = (await replica.params[name].data()) as Float32Array;
      replica.members.forEach((s, i) => {
        nets[s][name] = all.slice(i * rows * cols, (i + 1) * rows * cols);
      });
    }
  }
  return nets;
}
