/**
 * The paper's network (eq. 1): its layer sizes, its file format, its Glorot-uniform initialisation,
 * and the one forward pass that training, analysis, ablation and the tests all use. Row-vector
 * convention of docs/method.md §4: z^(i+1) = t^(i) W^(i) + b^(i+1), W^(i) row-major [n_i][n_(i+1)].
 * The sizes are written here and nowhere else.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import type { Initialisation } from '../../src/lib/presets';
import { createRandom, type Random } from '../../src/lib/random';

/** Pixels of one MNIST image (28 x 28), the input layer. */
export const INPUTS = 784;
/** Neurons of each of the two hidden layers. */
export const HIDDEN = 100;
/** Output neurons: the ten digit classes. */
export const CLASSES = 10;

/** One trained network. W0 [INPUTS][HIDDEN], b1, W1 [HIDDEN][HIDDEN], b2, W2 [HIDDEN][CLASSES], b3. */
export interface NetworkWeights {
  W0: Float32Array;
  b1: Float32Array;
  W1: Float32Array;
  b2: Float32Array;
  W2: Float32Array;
  b3: Float32Array;
}

/** Parameter names in file order (docs/networks.md). */
export const PARAM_ORDER = ['W0', 'b1', 'W1', 'b2', 'W2', 'b3'] as const;
export type ParamName = (typeof PARAM_ORDER)[number];

export const PARAM_SHAPES: Record<ParamName, [number, number]> = {
  W0: [INPUTS, HIDDEN],
  b1: [1, HIDDEN],
  W1: [HIDDEN, HIDDEN],
  b2: [1, HIDDEN],
  W2: [HIDDEN, CLASSES],
  b3: [1, CLASSES],
};

export const PARAM_COUNT = PARAM_ORDER.reduce(
  (sum, name) => sum + PARAM_SHAPES[name][0] * PARAM_SHAPES[name][1],
  0,
);

/**
 * The random stream of a seed for initialisation and shuffling. Ablation's random orders use a
 * separate stream (`ablationRandomSeed`) so they do not depend on the number of epochs.
 */
export const trainingRandom = (seed: number) => createRandom(seed * 2 + 1);
export const ablationRandomSeed = (seed: number) => seed * 2 + 2;

/** Keras' default: kernels U(+-sqrt(6 / (fan_in + fan_out))), biases 0. */
export function glorotUniform(random: Random): NetworkWeights {
  return withKernels(([fanIn, fanOut]) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * random.next() - 1) * limit;
    return w;
  });
}

/**
 * Keras' `he_normal`: kernels from a normal of standard deviation sqrt(2 / fan_in) truncated at two
 * standard deviations (redrawn beyond), scaled by 1 / 0.8796... so that the truncated draws keep
 * that standard deviation; biases 0.
 */
export function heNormal(random: Random): NetworkWeights {
  return withKernels(([fanIn, fanOut]) => {
    const sd = Math.sqrt(2 / fanIn) / 0.8796256610342398;
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) {
      let z = random.normal();
      while (Math.abs(z) > 2) z = random.normal();
      w[i] = z * sd;
    }
    return w;
  });
}

/** A network's start, drawn from a seed's stream by the run's initialisation (a rerun option). */
export const initialWeights = (init: Initialisation, random: Random): NetworkWeights =>
  init === 'he-normal' ? heNormal(random) : glorotUniform(random);

/** A network with these kernels and zero biases. */
function withKernels(kernel: (shape: [number, number]) => Float32Array): NetworkWeights {
  return {
    W0: kernel(PARAM_SHAPES.W0),
    b1: new Float32Array(HIDDEN),
    W1: kernel(PARAM_SHAPES.W1),
    b2: new Float32Array(HIDDEN),
    W2: kernel(PARAM_SHAPES.W2),
    b3: new Float32Array(CLASSES),
  };
}

/** The sigmoid or ReLU non-linearity sigma of eq. (1). */
export const activate = (activation: Activation, z: tf.Tensor): tf.Tensor =>
  activation === 'sigmoid' ? tf.sigmoid(z) : tf.relu(z);

/** A network's parameters as tensors: variables in training, constants elsewhere. */
export type NetworkTensors = Record<ParamName, tf.Tensor>;

/** Every quantity of one forward pass: hidden outputs t^(1), t^(2), pre-activation z^(2), logits. */
export interface ForwardPass<T extends tf.Tensor = tf.Tensor> {
  t1: T;
  z2: T;
  t2: T;
  logits: T;
}

/** A network's typed arrays as constant tensors of their file shapes. */
export const networkTensors = (net: NetworkWeights): NetworkTensors =>
  Object.fromEntries(
    PARAM_ORDER.map((name) => [name, tf.tensor2d(net[name], PARAM_SHAPES[name])]),
  ) as NetworkTensors;

/**
 * eq. (1): x [N][INPUTS] (or [S][N][INPUTS] with a leading seed axis) through both hidden layers to
 * the logits. `overrideT1` replaces layer 1's outputs as layer 2 sees them (ablation by output
 * override, docs/method.md §4). Call inside tf.tidy; the caller keeps what it returns.
 */
export function forward(
  net: NetworkWeights | NetworkTensors,
  activation: Activation,
  x: tf.Tensor,
  overrideT1?: (t1: tf.Tensor) => tf.Tensor,
): ForwardPass {
  const p = net.W0 instanceof Float32Array ? networkTensors(net as NetworkWeights) : net;
  const computed = activate(
    activation,
    tf.add(tf.matMul(x as tf.Tensor2D, p.W0 as tf.Tensor2D), p.b1),
  );
  const t1 = overrideT1 ? overrideT1(computed) : computed;
  const z2 = tf.add(tf.matMul(t1 as tf.Tensor2D, p.W1 as tf.Tensor2D), p.b2);
  const t2 = activate(activation, z2);
  const logits = tf.add(tf.matMul(t2 as tf.Tensor2D, p.W2 as tf.Tensor2D), p.b3);
  return { t1, z2, t2, logits };
}

/**
 * Test accuracy (%) of a network on labelled images: the share whose largest logit is the label's.
 * The one accuracy of a whole network (fine-tuning's checkpoints, the naive ablation reference).
 */
export async function testAccuracy(
  net: NetworkWeights | NetworkTensors,
  activation: Activation,
  x: tf.Tensor2D,
  labels: tf.Tensor1D,
): Promise<number> {
  const correct = tf.tidy(() =>
    tf.sum(tf.cast(tf.equal(tf.argMax(forward(net, activation, x).logits, 1), labels), 'int32')),
  );
  const value = (await correct.data())[0];
  correct.dispose();
  return (100 * value) / x.shape[0];
}

/** The derivative of eq. (1)'s non-linearity, from its output t: sigmoid t(1-t), ReLU 1[t > 0]. */
export const activationSlope = (activation: Activation, t: tf.Tensor): tf.Tensor =>
  activation === 'sigmoid' ? tf.mul(t, tf.sub(1, t)) : tf.cast(tf.greater(t, 0), 'float32');

/** Both hidden layers' outputs of a forward pass read back as arrays, and the tensors disposed. */
export async function readLayers(
  layers: [tf.Tensor, tf.Tensor],
): Promise<[Float32Array, Float32Array]> {
  const out: [Float32Array, Float32Array] = [
    (await layers[0].data()) as Float32Array,
    (await layers[1].data()) as Float32Array,
  ];
  tf.dispose(layers);
  return out;
}

/** Little-endian float32 concatenation in PARAM_ORDER: the published network file format. */
export function serializeNetwork(net: NetworkWeights): ArrayBuffer {
  const out = new Float32Array(PARAM_COUNT);
  let offset = 0;
  for (const name of PARAM_ORDER) {
    out.set(net[name], offset);
    offset += net[name].length;
  }
  return toLittleEndian(out).buffer as ArrayBuffer;
}

export function deserializeNetwork(buffer: ArrayBuffer, label = 'network'): NetworkWeights {
  if (buffer.byteLength !== PARAM_COUNT * 4) {
    throw new Error(`${label}: expected ${PARAM_COUNT * 4} bytes, got ${buffer.byteLength}`);
  }
  const all = fromLittleEndian(buffer);
  const net = {} as NetworkWeights;
  let offset = 0;
  for (const name of PARAM_ORDER) {
    const size = PARAM_SHAPES[name][0] * PARAM_SHAPES[name][1];
    net[name] = all.slice(offset, offset + size);
    offset += size;
  }
  return net;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toLittleEndian(values: Float32Array): Float32Array {
  if (littleEndianHost) return values;
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (const [i, v] of values.entries()) view.setFloat32(i * 4, v, true);
  return new Float32Array(view.buffer);
}

function fromLittleEndian(buffer: ArrayBuffer): Float32Array {
  if (littleEndianHost) return new Float32Array(buffer.slice(0));
  const view = new DataView(buffer);
  return Float32Array.from({ length: buffer.byteLength / 4 }, (_, i) =>
    view.getFloat32(i * 4, true),
  );
}
