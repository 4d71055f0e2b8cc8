/**
 * The WebAssembly SIMD engine (workers/engine/simd/) against the TensorFlow.js path it replaces on
 * WASM/CPU: its training step equals `adamStep` (sigmoid and ReLU, lambda = 0 and > 0, the
 * fine-tuning mask included), a seed trains to the same bits on every run, and its curve counts
 * equal `accuracyCurve`'s tensor path on the published networks.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistSplits } from '../../scripts/mnist-node';
import { mergeSequence } from '../../src/lib/merging';
import { createRandom, permutation } from '../../src/lib/random';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  disposeContext,
  evaluationContext,
  mergeSteps,
  prefixSchedule,
} from '../../workers/engine/ablation';
import { subset } from '../../workers/engine/data';
import {
  CLASSES,
  deserializeNetwork,
  glorotUniform,
  HIDDEN,
  type NetworkWeights,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  trainingRandom,
} from '../../workers/engine/model';
import { stepBounds } from '../../workers/engine/simd/curve';
import { PADDED, simdEngine } from '../../workers/engine/simd/engine';
import { SimdTrainer } from '../../workers/engine/simd/trainer';
import { adamStep, imagesTensor, trainEnsemble } from '../../workers/engine/train';
import { useBackend } from './setup';

beforeAll(() => useBackend('wasm'));

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

const STEPS = 5;
const BATCH = 32;

/** STEPS steps of adamStep (2-D tensors, as the per-seed layout) on the batches `index(step)`. */
async function tensorSteps(
  init: NetworkWeights,
  index: (step: number) => Int32Array,
  options: { activation: 'sigmoid' | 'relu'; learningRate: number; l2: number },
  removed?: [number[], number[]],
): Promise<{ losses: number[]; net: NetworkWeights }> {
  const train = mnistSplits().train;
  const variables = (fill: (n: ParamName) => tf.Tensor) =>
    Object.fromEntries(PARAM_ORDER.map((n) => [n, tf.variable(fill(n))])) as Record<
      ParamName,
      tf.Variable
    >;
  const params = variables((n) => tf.tensor2d(init[n], PARAM_SHAPES[n]));
  const state = {
    m: variables((n) => tf.zeros(PARAM_SHAPES[n])),
    v: variables((n) => tf.zeros(PARAM_SHAPES[n])),
  };
  const mask = (cut: number[]) => {
    const m = new Float32Array(HIDDEN).fill(1);
    for (const j of cut) m[j] = 0;
    return tf.tensor2d(m, [HIDDEN, 1]);
  };
  const masks = removed ? { W1: mask(removed[0]), W2: mask(removed[1]) } : undefined;
  const x = imagesTensor(train.images, train.samples);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), 'int32'), CLASSES);
  const losses: number[] = [];
  for (let step = 1; step <= STEPS; step++) {
    const idx = tf.tensor1d(index(step), 'int32');
    const [xb, yb] = [tf.gather(x, idx), tf.gather(y, idx)];
    const loss = adamStep(params, state, xb, yb, step, { ...options, masks });
    losses.push((await loss.data())[0]);
    tf.dispose([idx, xb, yb, loss]);
  }
  const net = {} as NetworkWeights;
  for (const n of PARAM_ORDER) net[n] = (await params[n].data()) as Float32Array;
  tf.dispose([
    x,
    y,
    ...Object.values(params),
    ...Object.values(state.m),
    ...Object.values(state.v),
  ]);
  if (masks) tf.dispose(Object.values(masks));
  return { losses, net };
}

describe('the SIMD training step', () => {
  const order = permutation(mnistSplits().train.samples, createRandom(11));
  const index = (step: number) => order.subarray((step - 1) * BATCH, step * BATCH);
  const cases = [
    ['sigmoid', 0],
    ['sigmoid', 1e-4],
    ['relu', 0],
    ['relu', 1e-3],
  ] as const;

  it.each(cases)('equals adamStep over five steps (%s, lambda %s)', async (activation, l2) => {
    const options = { activation, learningRate: 1e-3, l2 };
    const init = glorotUniform(trainingRandom(7));
    const reference = await tensorSteps(init, index, options);
    const engine = (await simdEngine())!;
    expect(engine).not.toBeNull();
    const { losses, net } = await engine.exclusive(async () => {
      const trainer = new SimdTrainer(engine, mnistSplits().train, BATCH);
      trainer.load(init);
      const losses = Array.from({ length: STEPS }, (_, s) =>
        trainer.step(index(s + 1), s + 1, options),
      );
      return { losses, net: trainer.network() };
    });
    expect(maxDiff(losses, reference.losses)).toBeLessThan(1e-5);
    for (const n of PARAM_ORDER) expect(maxDiff(net[n], reference.net[n]), n).toBeLessThan(1e-4);
    // the steps moved every layer: the comparison is not trivially true
    for (const n of ['W0', 'W1', 'W2', 'b3'] as const) {
      expect(maxDiff(net[n], init[n]), n).toBeGreaterThan(1e-3);
    }
  });

  it.each(['sigmoid', 'relu'] as const)(
    'holds removed rows at exactly 0 and equals masked adamStep (fine-tuning, %s)',
    async (activation) => {
      const options = { activation, learningRate: 1e-3, l2: 1e-4 };
      const removed: [number[], number[]] = [
        [3, 17, 40, 41, 99],
        [0, 5, 64],
      ];
      const init = glorotUniform(trainingRandom(8));
      for (const [layer, W, width] of [
        [0, init.W1, HIDDEN],
        [1, init.W2, CLASSES],
      ] as const) {
        for (const j of removed[layer]) W.fill(0, j * width, (j + 1) * width);
      }
      const reference = await tensorSteps(init, index, options, removed);
      const engine = (await simdEngine())!;
      const net = await engine.exclusive(async () => {
        const trainer = new SimdTrainer(engine, mnistSplits().train, BATCH);
        trainer.load(init, removed);
        for (let s = 1; s <= STEPS; s++) trainer.step(index(s), s, options);
        return trainer.network();
      });
      for (const n of PARAM_ORDER) expect(maxDiff(net[n], reference.net[n]), n).toBeLessThan(1e-4);
      for (const [layer, W, width] of [
        [0, net.W1, HIDDEN],
        [1, net.W2, CLASSES],
      ] as const) {
        for (const j of removed[layer]) {
          expect(Array.from(W.subarray(j * width, (j + 1) * width)).every((w) => w === 0)).toBe(
            true,
          );
        }
      }
      expect(maxDiff(net.W1, init.W1)).toBeGreaterThan(1e-3);
    },
  );

  it('trains a seed to the same bits on every run, and as trainEnsemble per-seed does', async () => {
    const data = subset(mnistSplits().train, 640);
    const options = {
      activation: 'sigmoid' as const,
      seeds: [0, 3],
      epochs: 2,
      batchSize: 32,
      learningRate: 1e-3,
      l2: 1e-4,
    };
    const a = await trainEnsemble(data, { ...options, layout: 'simd' });
    const b = await trainEnsemble(data, { ...options, layout: 'simd' });
    const alone = await trainEnsemble(data, { ...options, seeds: [3], layout: 'simd' });
    const tensor = await trainEnsemble(data, { ...options, layout: 'per-seed' });
    for (const n of PARAM_ORDER) {
      for (const s of [0, 1]) {
        expect(Buffer.from(a[s][n].buffer).equals(Buffer.from(b[s][n].buffer)), n).toBe(true);
        expect(maxDiff(a[s][n], tensor[s][n]), `seed ${s} ${n}`).toBeLessThan(1e-3);
      }
      expect(Buffer.from(alone[0][n].buffer).equals(Buffer.from(a[1][n].buffer))).toBe(true);
    }
  });
});

describe('the SIMD ablation level', () => {
  const published = (activation: string, seed: number) =>
    deserializeNetwork(
      readFileSync(`public/networks/${activation}/seed-0${seed}.bin`).buffer as ArrayBuffer,
    );

  /** The curves of Figs. 1, 4, 5 and 10 in small: a layer-1, a layer-2-only and a mixed plan. */
  function plans(net: NetworkWeights, means: Float32Array): Record<string, CurvePlan> {
    const order = Array.from(permutation(HIDDEN, createRandom(3)));
    const levels = HIDDEN + 1;
    const layer1 = prefixSchedule(ablationSteps(order, means, net.W1, HIDDEN), levels);
    const layer2 = prefixSchedule(ablationSteps(order, null, net.W2, CLASSES), levels);
    const hybrid = {
      steps: layer1.steps,
      applied: Int32Array.from({ length: 34 }, (_, k) => Math.min(3 * k, 100)),
    };
    const merges = mergeSequence(net.W0, net.b1, net.W1, 784, HIDDEN, HIDDEN, {
      surgery: true,
      steps: 49,
    });
    return {
      'layer 1, bias balanced': { levels, layer1 },
      'layer 2 only': { levels, layer2 },
      'both layers, several steps a level': {
        levels: 34,
        layer1: hybrid,
        layer2: {
          steps: layer2.steps,
          applied: Int32Array.from({ length: 34 }, (_, k) => Math.min(2 * k, 100)),
        },
      },
      'merging with surgery': { levels: 50, layer1: prefixSchedule(mergeSteps(merges, true), 50) },
    };
  }

  it.each(['sigmoid', 'relu'] as const)(
    "counts equal accuracyCurve's tensor path on published networks (%s)",
    async (activation) => {
      const test = mnistSplits().test;
      const x = imagesTensor(test.images, test.samples);
      let differing = 0;
      let levels = 0;
      for (const seed of [0, 1]) {
        const net = published(activation, seed);
        const ctx = evaluationContext(net, activation, x, test.labels);
        const means = Float32Array.from(tf.tidy(() => tf.mean(ctx.t1, 0)).dataSync());
        for (const [name, plan] of Object.entries(plans(net, means))) {
          const tensor = await accuracyCurve(ctx, plan, 'tensor');
          const simd = await accuracyCurve(ctx, plan, 'simd');
          const where = `${activation} seed ${seed}, ${name}`;
          expect(simd, where).toHaveLength(tensor.length);
          // float rounding (a polynomial exp, another summation order) may move one test image
          // across a decision boundary at a level: at most one image (0.01 pp), and rarely
          for (const [k, value] of simd.entries()) {
            expect(Math.abs(value - tensor[k]), `${where}, level ${k}`).toBeLessThanOrEqual(
              100 / test.samples + 1e-9,
            );
          }
          differing += simd.filter((value, k) => value !== tensor[k]).length;
          levels += simd.length;
          expect(tensor[0] - Math.min(...tensor), name).toBeGreaterThan(1);
        }
        disposeContext(ctx);
      }
      x.dispose();
      expect(differing, `levels off by one image, of ${levels}`).toBeLessThanOrEqual(levels / 50);
    },
  );

  it.each(['sigmoid', 'relu'] as const)(
    'skips only samples whose decision cannot change: the same counts as evaluating all (%s)',
    async (activation) => {
      const test = mnistSplits().test;
      const x = imagesTensor(test.images, test.samples);
      const net = published(activation, 0);
      const ctx = evaluationContext(net, activation, x, test.labels);
      const order = Array.from(permutation(HIDDEN, createRandom(5)));
      const levels = HIDDEN + 1;
      const means = Float32Array.from(tf.tidy(() => tf.mean(ctx.t1, 0)).dataSync());
      const merges = mergeSequence(net.W0, net.b1, net.W1, 784, HIDDEN, HIDDEN, { surgery: true });
      // a layer-2 step that is never applied turns skipping off and changes nothing else
      const never = {
        steps: ablationSteps([0], null, net.W2, CLASSES),
        applied: new Int32Array(levels),
      };
      for (const steps of [
        ablationSteps(order, null, net.W1, HIDDEN),
        ablationSteps(order, means, net.W1, HIDDEN),
        mergeSteps(merges, true),
      ]) {
        const layer1 = prefixSchedule(steps, levels);
        const skipping = await accuracyCurve(ctx, { levels, layer1 }, 'simd');
        const all = await accuracyCurve(ctx, { levels, layer1, layer2: never }, 'simd');
        expect(skipping).toEqual(all);
      }
      disposeContext(ctx);
      x.dispose();
    },
  );

  it('bounds how far a step can close a logit gap, by the sign of u, from v and the output weights', () => {
    // two neurons, W2 rows [1, 0, ...] and [0, 2, ...]; the step's direction v = (1, -3)
    const W2 = new Float32Array(2 * CLASSES);
    W2[0] = 1;
    W2[CLASSES + 1] = 2;
    const step = { plus: -1, minus: 0, constant: 0, direction: Float32Array.from([1, -3]) };
    const bounds = stepBounds([step.direction], W2, 0.25);
    const at = (sign: 0 | 1, a: number, o: number) => bounds[(sign * CLASSES + a) * PADDED + o];
    // top 0 against 1: W2[j][1] - W2[j][0] = (-1, 2), times v = (-1, -6): u > 0 cannot close it,
    // u < 0 closes it by at most (1 + 6) / 4 per unit of |u|
    expect(at(0, 0, 1)).toBe(0);
    expect(at(1, 0, 1)).toBeCloseTo(7 / 4, 5);
    expect(at(1, 0, 1)).toBeGreaterThanOrEqual(7 / 4); // rounded up, never down
    // top 1 against 0: the mirror image
    expect(at(0, 1, 0)).toBeCloseTo(7 / 4, 5);
    expect(at(1, 1, 0)).toBe(0);
    // top 0 against 2: (-1, 0) times v = (-1, 0); top 1 against 2: (0, -2) times v = (0, 6)
    expect(at(1, 0, 2)).toBeCloseTo(1 / 4, 5);
    expect(at(0, 1, 2)).toBeCloseTo(6 / 4, 5);
    expect(at(0, 3, 3) + at(1, 3, 3)).toBe(0);
  });
});
