/**
 * The paper's network 784-100-100-10 (eq. 1) as plain typed arrays, one per seed, and its
 * Glorot-uniform initialisation. Row-vector convention of METHOD.md section 4:
 * z^(i+1) = t^(i) W^(i) + b^(i+1), W^(i) row-major [n_i][n_(i+1)].
 */
import { createRandom } from '../../src/lib/random';

export const LAYER_SIZES = [784, 100, 100, 10] as const;

/** One trained network. W0 [784][100], b1 [100], W1 [100][100], b2 [100], W2 [100][10], b3 [10]. */
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
  W0: [784, 100],
  b1: [1, 100],
  W1: [100, 100],
  b2: [1, 100],
  W2: [100, 10],
  b3: [1, 10],
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
export function glorotUniform(random: ReturnType<typeof createRandom>): NetworkWeights {
  const kernel = ([fanIn, fanOut]: [number, number]) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * random.next() - 1) * limit;
    return w;
  };
  return {
    W0: kernel(PARAM_SHAPES.W0),
    b1: new Float32Array(100),
    W1: kernel(PARAM_SHAPES.W1),
    b2: new Float32Array(100),
    W2: kernel(PARAM_SHAPES.W2),
    b3: new Float32Array(10),
  };
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
