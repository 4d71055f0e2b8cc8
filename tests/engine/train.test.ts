import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistSplits } from '../../scripts/mnist-node';
import { subset } from '../../workers/engine/data';
import {
  CLASSES,
  forward,
  glorotUniform,
  INPUTS,
  initialWeights,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  trainingRandom,
} from '../../workers/engine/model';
import { adamStep, sumInGroups, trainEnsemble } from '../../workers/engine/train';
import { useBackend } from './setup';

beforeAll(() => useBackend('wasm'));

const maxDiff = (a: Float32Array, b: Float32Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('initialisation (a rerun option)', () => {
  it('He-normal draws kernels of sd sqrt(2 / fan_in), truncated at two sd, biases 0', () => {
    const net = initialWeights('he-normal', trainingRandom(4));
    const w = net.W0;
    const sd = Math.sqrt(2 / INPUTS);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    // 78,400 draws: the sample sd is within 1 % of the target, the mean near 0
    expect(Math.abs(std / sd - 1)).toBeLessThan(0.01);
    expect(Math.abs(mean)).toBeLessThan(0.01 * sd);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual((2 * sd) / 0.8796256610342398 + 1e-6);
    expect(net.b1.every((b) => b === 0)).toBe(true);
  });

  it('Glorot-uniform stays the default, draw for draw', () => {
    expect(initialWeights('glorot-uniform', trainingRandom(4))).toEqual(
      glorotUniform(trainingRandom(4)),
    );
  });

  it('a He-normal network trains from its own start, on the SIMD engine as on the tensor path', async () => {
    const train = subset(mnistSplits().train, 256);
    const options = {
      activation: 'relu' as const,
      seeds: [0, 1],
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-3,
      l2: 1e-4,
      init: 'he-normal' as const,
    };
    const [he] = await trainEnsemble(train, { ...options, layout: 'per-seed' });
    const [glorot] = await trainEnsemble(train, {
      ...options,
      init: undefined,
      layout: 'per-seed',
    });
    expect(maxDiff(he.W0, glorot.W0)).toBeGreaterThan(0.01);
    const [simd] = await trainEnsemble(train, { ...options, layout: 'simd' });
    expect(maxDiff(simd.W0, he.W0)).toBeLessThan(1e-4);
  });
});

describe('the fused Adam step', () => {
  it.each(['sigmoid', 'relu'] as const)(
    'equals autodiff gradients + Keras-form Adam over three steps (%s)',
    async (activation) => {
      const init = glorotUniform(trainingRandom(3));
      const fused = Object.fromEntries(
        PARAM_ORDER.map((n) => [n, tf.variable(tf.tensor(init[n], PARAM_SHAPES[n]))]),
      ) as Record<ParamName, tf.Variable>;
      const zeros = () =>
        Object.fromEntries(
          PARAM_ORDER.map((n) => [n, tf.variable(tf.zerosLike(fused[n]))]),
        ) as Record<ParamName, tf.Variable>;
      const state = { m: zeros(), v: zeros() };
      // reference: tf.grads of the plain loss, Adam written out elementwise in float64
      const reference = Object.fromEntries(PARAM_ORDER.map((n) => [n, Float64Array.from(init[n])]));
      const m = Object.fromEntries(PARAM_ORDER.map((n) => [n, new Float64Array(init[n].length)]));
      const v = Object.fromEntries(PARAM_ORDER.map((n) => [n, new Float64Array(init[n].length)]));
      const options = { activation, learningRate: 1e-3, l2: 1e-4 };
      const { images, labels } = subset(mnistSplits().train, 96);
      for (let step = 1; step <= 3; step++) {
        const batch = (a: Uint8Array, width: number) =>
          Int32Array.from(a.subarray((step - 1) * 32 * width, step * 32 * width));
        const x = tf.div(tf.tensor2d(batch(images, INPUTS), [32, INPUTS], 'int32'), 255);
        const y = tf.oneHot(tf.tensor1d(batch(labels, 1), 'int32'), CLASSES);
        adamStep(fused, state, x, y, step, options).dispose();
        const loss = (...p: tf.Tensor[]) => {
          const [W0, b1, W1, b2, W2, b3] = p;
          const { logits } = forward({ W0, b1, W1, b2, W2, b3 }, activation, x);
          const ce = tf.losses.softmaxCrossEntropy(y, logits);
          return tf.add(ce, tf.mul(1e-4, tf.addN([W0, W1, W2].map((w) => tf.sum(tf.square(w))))));
        };
        const grads = tf.grads(loss)(
          PARAM_ORDER.map((n) => tf.tensor(Float32Array.from(reference[n]), PARAM_SHAPES[n])),
        );
        const stepSize = (1e-3 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
        PARAM_ORDER.forEach((n, i) => {
          const g = grads[i].dataSync();
          for (let j = 0; j < g.length; j++) {
            m[n][j] = 0.9 * m[n][j] + 0.1 * g[j];
            v[n][j] = 0.999 * v[n][j] + 0.001 * g[j] * g[j];
            reference[n][j] -= (stepSize * m[n][j]) / (Math.sqrt(v[n][j]) + 1e-7);
          }
        });
        tf.dispose([x, y, ...grads]);
      }
      for (const name of PARAM_ORDER) {
        const d = maxDiff(
          fused[name].dataSync() as Float32Array,
          Float32Array.from(reference[name]),
        );
        expect(d, name).toBeLessThan(2e-5);
      }
      // training moved the weights, so the comparison above is not trivially true
      expect(maxDiff(fused.W2.dataSync() as Float32Array, init.W2)).toBeGreaterThan(1e-3);
      tf.dispose([...Object.values(fused), ...Object.values(state.m), ...Object.values(state.v)]);
    },
  );
});

describe('ensemble training', () => {
  const data = subset(mnistSplits().train, 32 * 40);
  const options = {
    activation: 'sigmoid' as const,
    epochs: 1,
    batchSize: 32,
    learningRate: 1e-3,
    l2: 1e-4,
  };

  it('gives a seed the same network alone or inside an ensemble, in both layouts', async () => {
    const before = tf.memory().numTensors;
    const alone = await trainEnsemble(data, { ...options, seeds: [2], layout: 'per-seed' });
    const perSeed = await trainEnsemble(data, { ...options, seeds: [0, 2, 5], layout: 'per-seed' });
    const batched = await trainEnsemble(data, { ...options, seeds: [0, 2, 5], layout: 'batched' });
    for (const name of PARAM_ORDER) {
      expect(maxDiff(alone[0][name], perSeed[1][name]), name).toBeLessThan(1e-6);
      expect(maxDiff(alone[0][name], batched[1][name]), name).toBeLessThan(1e-4);
    }
    // different seeds really are different networks
    expect(maxDiff(perSeed[0].W1, perSeed[1].W1)).toBeGreaterThan(0.01);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses the 'fused' layout off WebGPU, leaking nothing (WASM/CPU keep per-seed)", async () => {
    const before = tf.memory().numTensors;
    await expect(trainEnsemble(data, { ...options, seeds: [0], layout: 'fused' })).rejects.toThrow(
      /webgpu backend/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns: a few hundred steps lift test accuracy far above chance', async () => {
    const [net] = await trainEnsemble(subset(mnistSplits().train, 32 * 300), {
      ...options,
      seeds: [0],
    });
    const test = subset(mnistSplits().test, 2000);
    const accuracy = tf.tidy(() => {
      const x = tf.div(tf.tensor2d(Int32Array.from(test.images), [2000, INPUTS], 'int32'), 255);
      const { logits } = forward(net, 'sigmoid', x);
      return tf
        .mean(
          tf.cast(
            tf.equal(tf.argMax(logits, 1), tf.tensor1d(Int32Array.from(test.labels), 'int32')),
            'float32',
          ),
        )
        .dataSync()[0];
    });
    expect(accuracy).toBeGreaterThan(0.8);
  });
});

describe('sumInGroups', () => {
  it('adds any number of tensors, at most 7 at a time, into a new tensor', async () => {
    await useBackend('wasm');
    for (const n of [1, 2, 7, 8, 20, 50]) {
      const terms = Array.from({ length: n }, (_, i) => tf.scalar(i + 1));
      const total = sumInGroups(terms);
      expect(await total.data()).toEqual(new Float32Array([(n * (n + 1)) / 2]));
      tf.dispose(terms);
      // the sum outlives its terms
      expect((await total.data())[0]).toBe((n * (n + 1)) / 2);
      total.dispose();
    }
  });
});
