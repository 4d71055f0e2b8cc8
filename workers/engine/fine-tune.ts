/**
 * Fine-tuning after pruning (docs/method.md §10, Fig. 15): a pruned network trained on with the
 * training optimiser (train.ts `adamStep`: Keras' Adam, the run's learning rate, batch size and L2
 * penalty), with fresh Adam moments, while the pruned neurons stay removed.
 *
 * A pruned neuron j of layer i is removed by zeroing row j of W^(i), its outgoing weights; with bias
 * balancing (eq. 7) its mean output mu_j w_j is first added to the next layer's bias. Fine-tuning
 * multiplies the gradient of those rows by 0, so Adam's moments of them stay 0 and the rows stay
 * exactly 0: the neuron's output reaches nothing, whatever its own incoming weights do.
 *
 * Every start network of one call sees the same batches in the same order (drawn from the seed's
 * own fine-tuning stream, `fineTuneRandom`), so arms differ only in where they start.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import type { PixelScaling } from '../../src/lib/input-scaling';
import { createRandom, permutation } from '../../src/lib/random';
import {
  activate,
  activationSlope,
  CLASSES,
  HIDDEN,
  INPUTS,
  type NetworkWeights,
  networkTensors,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  testAccuracy,
} from './model';
import { simdEngine } from './simd/engine';
import { SimdTrainer } from './simd/trainer';
import { type AdamState, adamStep, adamUpdate, batchPositions, type Params } from './train';

/** The training images and settings fine-tuning uses (the run's own). */
export interface FineTuneData {
  /** uint8 pixels [samples][INPUTS] and labels, from the start of the training split. */
  images: Uint8Array;
  labels: Uint8Array;
  samples: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  /** Fine-tuning budget in epochs of `samples` (the preset's `fineTuneEpochs`). */
  epochs: number;
  scaling?: PixelScaling;
}

/** Neuron indices removed from layer 1 and from layer 2. */
export type Removed = [ArrayLike<number>, ArrayLike<number>];

/** The stream of a seed's fine-tuning batch order, apart from training's and ablation's (model.ts). */
export const fineTuneRandom = (seed: number) => createRandom(0x7f4a_0000 + seed);

export { fineTuneSteps } from '../../src/lib/retraining';

/**
 * The pruned network: rows of the removed neurons zeroed in W1 (layer 1) and W2 (layer 2); with
 * `means` (bias balancing, eq. 7) b2 += sum mu_j W1[j,:] and b3 += sum mu_k W2[k,:] first.
 */
export function prunedNetwork(
  net: NetworkWeights,
  removed: Removed,
  means: [ArrayLike<number>, ArrayLike<number>] | null,
): NetworkWeights {
  const out: NetworkWeights = {
    W0: net.W0,
    b1: net.b1,
    W1: net.W1.slice(),
    b2: net.b2.slice(),
    W2: net.W2.slice(),
    b3: net.b3.slice(),
  };
  const layers = [
    [out.W1, out.b2, HIDDEN],
    [out.W2, out.b3, CLASSES],
  ] as const;
  for (const [i, [W, b, width]] of layers.entries()) {
    // bias balancing in float64, then one rounding, as the rank-one steps of ablation.ts do
    const shift = new Float64Array(width);
    for (const j of Array.from(removed[i])) {
      const mu = means ? means[i][j] : 0;
      for (let k = 0; k < width; k++) {
        shift[k] += mu * W[j * width + k];
        W[j * width + k] = 0;
      }
    }
    for (let k = 0; k < width; k++) b[k] += shift[k];
  }
  return out;
}

/**
 * Gradient masks: 0 on the outgoing rows of removed neurons, 1 elsewhere; [HIDDEN, 1] per network,
 * or [R, HIDDEN, 1] in the wide layout, to broadcast over the rows' entries.
 */
function removalMasks(removed: Removed[], wide: boolean): Partial<Record<ParamName, tf.Tensor>> {
  const mask = (layer: 0 | 1) => {
    const m = new Float32Array(removed.length * HIDDEN).fill(1);
    for (const [r, cut] of removed.entries())
      for (const j of Array.from(cut[layer])) m[r * HIDDEN + j] = 0;
    return wide ? tf.tensor3d(m, [removed.length, HIDDEN, 1]) : tf.tensor2d(m, [HIDDEN, 1]);
  };
  return { W1: mask(0), W2: mask(1) };
}

/** One batch of scaled pixels and one-hot labels, gathered on the CPU from the uint8 images. */
function batchTensors(data: FineTuneData, index: Int32Array): [tf.Tensor2D, tf.Tensor2D] {
  const x = new Float32Array(index.length * INPUTS);
  const y = new Float32Array(index.length * CLASSES);
  for (const [r, i] of index.entries()) {
    for (let p = 0; p < INPUTS; p++) {
      const unit = data.images[i * INPUTS + p] / 255;
      x[r * INPUTS + p] = data.scaling
        ? (unit - data.scaling.shift[p]) / data.scaling.scale[p]
        : unit;
    }
    y[r * CLASSES + data.labels[i]] = 1;
  }
  return [tf.tensor2d(x, [index.length, INPUTS]), tf.tensor2d(y, [index.length, CLASSES])];
}

/**
 * How the start networks are held while they train: 'per-network', each its own 2-D tensors and
 * its own `adamStep` (train.ts), the reference; 'wide', all of them in one set of tensors, which
 * they can share because they see the same batches: layer 1 of every network is one
 * [INPUTS][R * HIDDEN] matrix (one matrix product for all), layers 2 and 3 carry a leading network
 * axis. The same arithmetic in fewer, larger operations (equal to float rounding,
 * tests/engine/fine-tune.test.ts). 'simd': one network after another on the WebAssembly SIMD engine
 * (simd/trainer.ts), its removed rows masked in the engine's Adam step.
 */
export type FineTuneLayout = 'wide' | 'per-network' | 'simd';

/** The R networks' parameters in the wide layout, and the inverse. */
function widen(nets: NetworkWeights[], name: ParamName): tf.Tensor {
  const R = nets.length;
  const [rows, cols] = PARAM_SHAPES[name];
  if (name === 'W0' || name === 'b1') {
    // [rows][R * cols]: network r's column j is column r * cols + j
    const out = new Float32Array(rows * R * cols);
    for (const [r, net] of nets.entries()) {
      for (let i = 0; i < rows; i++) {
        out.set(net[name].subarray(i * cols, (i + 1) * cols), (i * R + r) * cols);
      }
    }
    return tf.tensor2d(out, [rows, R * cols]);
  }
  const out = new Float32Array(R * rows * cols);
  for (const [r, net] of nets.entries()) out.set(net[name], r * rows * cols);
  return tf.tensor3d(out, [R, rows, cols]);
}

/** Network r's 2-D tensors out of the wide layout. Call inside tf.tidy. */
function narrow(params: Record<ParamName, tf.Tensor>, r: number): Record<ParamName, tf.Tensor> {
  const out = {} as Record<ParamName, tf.Tensor>;
  for (const name of PARAM_ORDER) {
    const [rows, cols] = PARAM_SHAPES[name];
    out[name] =
      name === 'W0' || name === 'b1'
        ? tf.slice(params[name], [0, r * cols], [rows, cols])
        : tf.reshape(tf.slice(params[name], [r, 0, 0], [1, rows, cols]), [rows, cols]);
  }
  return out;
}

/**
 * One step of every network in the wide layout: eq. (1) forward, the backward pass of train.ts
 * `adamStep` written for the layout, and Adam (train.ts `adamUpdate`).
 */
function wideStep(
  params: Params,
  state: AdamState,
  masks: Partial<Record<ParamName, tf.Tensor>>,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  step: number,
  activation: Activation,
  data: Pick<FineTuneData, 'learningRate' | 'l2'>,
): void {
  tf.tidy(() => {
    const batch = x.shape[0];
    const R = params.W1.shape[0];
    const t1 = activate(activation, tf.add(tf.matMul(x, params.W0 as tf.Tensor2D), params.b1));
    // [batch][R * HIDDEN] -> [R][batch][HIDDEN]
    const t1r = tf.transpose(tf.reshape(t1, [batch, R, HIDDEN]), [1, 0, 2]);
    const t2 = activate(
      activation,
      tf.add(tf.matMul(t1r as tf.Tensor3D, params.W1 as tf.Tensor3D), params.b2),
    );
    const logits = tf.add(tf.matMul(t2 as tf.Tensor3D, params.W2 as tf.Tensor3D), params.b3);
    const dLogits = tf.div(tf.sub(tf.softmax(logits), y), batch);
    const dZ2 = tf.mul(
      tf.matMul(dLogits as tf.Tensor3D, params.W2 as tf.Tensor3D, false, true),
      activationSlope(activation, t2),
    );
    const dT1r = tf.matMul(dZ2 as tf.Tensor3D, params.W1 as tf.Tensor3D, false, true);
    const dZ1 = tf.mul(
      tf.reshape(tf.transpose(dT1r, [1, 0, 2]), [batch, R * HIDDEN]),
      activationSlope(activation, t1),
    );
    const decay = (w: tf.Tensor) => tf.mul(2 * data.l2, w);
    const grads: Record<ParamName, tf.Tensor> = {
      W0: tf.add(tf.matMul(x, dZ1 as tf.Tensor2D, true, false), decay(params.W0)),
      b1: tf.sum(dZ1, 0, true),
      W1: tf.add(tf.matMul(t1r as tf.Tensor3D, dZ2 as tf.Tensor3D, true, false), decay(params.W1)),
      b2: tf.sum(dZ2, 1, true),
      W2: tf.add(
        tf.matMul(t2 as tf.Tensor3D, dLogits as tf.Tensor3D, true, false),
        decay(params.W2),
      ),
      b3: tf.sum(dLogits, 1, true),
    };
    adamUpdate(params, state, grads, step, data.learningRate, masks);
  });
}

/**
 * 'wide' on WebGPU, where fewer and larger dispatches pay; on WASM and the CPU backend the
 * WebAssembly SIMD engine, or 'per-network' TensorFlow.js where WebAssembly SIMD is missing
 * (TensorFlow.js's batched matrix products are slow there). Measured by `npm run bench`
 * (section 7, 25 starts; docs/bench.md).
 */
export async function defaultFineTuneLayout(): Promise<FineTuneLayout> {
  if (tf.getBackend() === 'webgpu') return 'wide';
  return (await simdEngine()) ? 'simd' : 'per-network';
}

export interface FineTuneOptions {
  activation: Activation;
  seed: number;
  /** Test images and their int32 labels, the accuracies are measured on (the caller's). */
  test: { x: tf.Tensor2D; labels: tf.Tensor1D };
  /** Steps after which the test accuracy is measured (0: the start); the last one ends the run. */
  checkpoints: number[];
  /** Lets pending messages in between steps (at most every 250 ms) and rejects to stop. */
  checkpoint?: () => Promise<void>;
  /** Default by backend (`defaultFineTuneLayout`). */
  layout?: FineTuneLayout;
  /** Also read the fine-tuned networks back (tests); a figure needs only the accuracies. */
  networks?: boolean;
}

/**
 * Fine-tunes each pruned start network for max(checkpoints) steps; returns the test accuracy (%)
 * of every start at every checkpoint, [start][checkpoint], and (`networks`) the fine-tuned networks.
 */
export async function fineTune(
  starts: { net: NetworkWeights; removed: Removed }[],
  data: FineTuneData,
  options: FineTuneOptions,
): Promise<{ accuracies: number[][]; nets: NetworkWeights[] }> {
  const { activation, checkpoints, test } = options;
  const layout = options.layout ?? (await defaultFineTuneLayout());
  if (layout === 'simd') return fineTuneSimd(starts, data, options);
  const wide = layout === 'wide';
  const R = starts.length;
  const steps = Math.max(...checkpoints);
  const variables = (make: (name: ParamName) => tf.Tensor) =>
    Object.fromEntries(
      PARAM_ORDER.map((name) => {
        const initial = make(name);
        const v = tf.variable(initial, false);
        initial.dispose();
        return [name, v];
      }),
    ) as Params;
  const replica = (nets: NetworkWeights[], removed: Removed[]) => {
    const params = variables((name) =>
      wide ? widen(nets, name) : tf.tensor2d(nets[0][name], PARAM_SHAPES[name]),
    );
    const zeros = () => variables((name) => tf.zerosLike(params[name]));
    return { params, state: { m: zeros(), v: zeros() }, masks: removalMasks(removed, wide) };
  };
  const replicas = wide
    ? [
        replica(
          starts.map((s) => s.net),
          starts.map((s) => s.removed),
        ),
      ]
    : starts.map((s) => replica([s.net], [s.removed]));
  /** Network r's parameters as 2-D tensors (inside tf.tidy). */
  const network = (r: number) => (wide ? narrow(replicas[0].params, r) : replicas[r].params);
  const out: number[][] = starts.map(() => []);
  const measure = async (step: number) => {
    for (const _ of checkpoints.filter((c) => c === step)) {
      for (let r = 0; r < R; r++) {
        const params = tf.tidy(() => network(r));
        out[r].push(await testAccuracy(params, activation, test.x, test.labels));
        if (wide) tf.dispose(Object.values(params));
      }
    }
  };
  const schedule = fineTuneBatches(data.samples, data.batchSize, options.seed, steps);
  let lastYield = performance.now();
  try {
    await measure(0);
    for (let step = 1; step <= steps; step++) {
      const index = schedule[step - 1];
      const [xb, yb] = batchTensors(data, index);
      for (const rep of replicas) {
        if (wide) {
          wideStep(rep.params, rep.state, rep.masks, xb, yb, step, activation, data);
        } else {
          tf.dispose(
            adamStep(rep.params, rep.state, xb, yb, step, {
              activation,
              learningRate: data.learningRate,
              l2: data.l2,
              masks: rep.masks,
            }),
          );
        }
      }
      tf.dispose([xb, yb]);
      await measure(step);
      if (performance.now() - lastYield > 250) {
        await options.checkpoint?.();
        lastYield = performance.now();
      }
    }
    const nets: NetworkWeights[] = [];
    for (let r = 0; options.networks && r < R; r++) {
      const params = tf.tidy(() => network(r));
      const net = {} as NetworkWeights;
      for (const name of PARAM_ORDER) net[name] = (await params[name].data()) as Float32Array;
      if (wide) tf.dispose(Object.values(params));
      nets.push(net);
    }
    return { accuracies: out, nets };
  } finally {
    for (const rep of replicas) {
      tf.dispose([
        ...Object.values(rep.params),
        ...Object.values(rep.state.m),
        ...Object.values(rep.state.v),
        ...Object.values(rep.masks),
      ]);
    }
  }
}

/**
 * The sample indices of `steps` fine-tuning steps, every layout's: training's batch positions
 * (train.ts `batchPositions`), each epoch's order drawn from the seed's fine-tuning stream when the
 * epoch begins.
 */
function fineTuneBatches(samples: number, batchSize: number, seed: number, steps: number) {
  const random = fineTuneRandom(seed);
  const orders: Int32Array[] = [];
  return Array.from(batchPositions(samples, batchSize, steps), ({ epoch, start, size }) => {
    orders[epoch] ??= permutation(samples, random);
    return orders[epoch].subarray(start, start + size);
  });
}

/**
 * fineTune on the WebAssembly SIMD engine: each start trains alone through the same batches, its
 * removed rows masked in the engine's Adam step; accuracies measured as the tensor layouts do.
 */
async function fineTuneSimd(
  starts: { net: NetworkWeights; removed: Removed }[],
  data: FineTuneData,
  options: FineTuneOptions,
): Promise<{ accuracies: number[][]; nets: NetworkWeights[] }> {
  const engine = await simdEngine();
  if (!engine) throw new Error('The WebAssembly SIMD engine is unavailable');
  const { activation, checkpoints, test } = options;
  const steps = Math.max(...checkpoints);
  const schedule = fineTuneBatches(data.samples, data.batchSize, options.seed, steps);
  return engine.exclusive(async () => {
    const trainer = new SimdTrainer(engine, data, Math.min(data.batchSize, data.samples));
    const accuracies: number[][] = [];
    const nets: NetworkWeights[] = [];
    let lastYield = performance.now();
    for (const start of starts) {
      const out: number[] = [];
      const measure = async (step: number) => {
        for (const _ of checkpoints.filter((c) => c === step)) {
          const params = networkTensors(trainer.network());
          out.push(await testAccuracy(params, activation, test.x, test.labels));
          tf.dispose(Object.values(params));
        }
      };
      trainer.load(start.net, start.removed);
      await measure(0);
      for (let step = 1; step <= steps; step++) {
        trainer.step(schedule[step - 1], step, {
          activation,
          learningRate: data.learningRate,
          l2: data.l2,
        });
        await measure(step);
        if (performance.now() - lastYield > 250) {
          await options.checkpoint?.();
          lastYield = performance.now();
        }
      }
      accuracies.push(out);
      if (options.networks) nets.push(trainer.network());
    }
    return { accuracies, nets };
  });
}
