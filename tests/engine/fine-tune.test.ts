/**
 * Fine-tuning after pruning (workers/engine/fine-tune.ts): the pruned start is the network the
 * rank-one curves evaluate, the removed neurons stay removed, and training does move the rest.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mnistSplits } from '../../scripts/mnist-node';
import { ablationOrder } from '../../src/lib/ranking';
import {
  ablationSteps,
  accuracyCurve,
  disposeContext,
  evaluationContext,
} from '../../workers/engine/ablation';
import { type SplitData, subset } from '../../workers/engine/data';
import {
  fineTune,
  fineTuneSteps,
  prunedNetwork,
  type Removed,
} from '../../workers/engine/fine-tune';
import { CLASSES, HIDDEN, type NetworkWeights } from '../../workers/engine/model';
import { useBackend } from './setup';
import { smallNetwork } from './small-network';

const train = subset(mnistSplits().train, 32 * 100);
let net: NetworkWeights;
let x: tf.Tensor2D;
let test: SplitData;
let means: [Float64Array, Float64Array];

beforeAll(async () => {
  await useBackend('wasm');
  ({ net, x, test, means } = await smallNetwork(100, 1000));
});
afterAll(() => x.dispose());

// 30 layer-1 and 60 layer-2 neurons, in an order of their own
const order1 = ablationOrder(
  Float64Array.from({ length: HIDDEN }, (_, j) => (j * 37) % HIDDEN),
  'low',
);
const order2 = ablationOrder(
  Float64Array.from({ length: HIDDEN }, (_, j) => (j * 61) % HIDDEN),
  'low',
);
const cut: Removed = [order1.subarray(0, 30), order2.subarray(0, 60)];

describe('prunedNetwork', () => {
  it.each([false, true])(
    'is the network the rank-one curve evaluates (bias balancing: %s)',
    async (balanced) => {
      const ctx = evaluationContext(net, 'sigmoid', x, test.labels);
      const y = await accuracyCurve(ctx, {
        levels: 2,
        layer1: {
          steps: ablationSteps(order1, balanced ? means[0] : null, net.W1, HIDDEN),
          applied: Int32Array.of(0, 30),
        },
        layer2: {
          steps: ablationSteps(order2, balanced ? means[1] : null, net.W2, CLASSES),
          applied: Int32Array.of(0, 60),
        },
      });
      disposeContext(ctx);
      const pruned = prunedNetwork(net, cut, balanced ? means : null);
      const { accuracies } = await fineTune(
        [{ net: pruned, removed: cut }],
        { ...train, batchSize: 32, learningRate: 1e-3, l2: 1e-4, epochs: 1 },
        {
          activation: 'sigmoid',
          seed: 0,
          test: { x, labels: tf.tensor1d(Int32Array.from(test.labels), 'int32') },
          checkpoints: [0],
        },
      );
      expect(accuracies[0][0]).toBeCloseTo(y[1], 6);
      // the intact network is left as it was
      expect(pruned.W1).not.toBe(net.W1);
      expect(net.W1[order1[0] * HIDDEN]).not.toBe(0);
    },
  );
});

describe('fineTune', () => {
  it('keeps the removed neurons removed, trains the rest, and recovers accuracy', async () => {
    const zero = prunedNetwork(net, cut, null);
    const labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
    const { accuracies, nets } = await fineTune(
      [{ net: zero, removed: cut }],
      { ...train, batchSize: 32, learningRate: 1e-3, l2: 1e-4, epochs: 0.5 },
      {
        activation: 'sigmoid',
        seed: 3,
        test: { x, labels },
        checkpoints: [0, 10, 50],
        networks: true,
      },
    );
    labels.dispose();
    const [tuned] = nets;
    const row = (W: Float32Array, width: number, j: number) =>
      Array.from(W.subarray(j * width, (j + 1) * width));
    for (const j of Array.from(cut[0]))
      expect(row(tuned.W1, HIDDEN, j).every((w) => w === 0)).toBe(true);
    for (const j of Array.from(cut[1]))
      expect(row(tuned.W2, CLASSES, j).every((w) => w === 0)).toBe(true);
    const kept = order1[50];
    expect(row(tuned.W1, HIDDEN, kept)).not.toEqual(row(zero.W1, HIDDEN, kept));
    expect(tuned.W0).not.toEqual(zero.W0);
    expect(accuracies[0]).toHaveLength(3);
    // 60 of 100 layer-2 neurons cut to zero costs accuracy that 50 steps of training win back in part
    expect(accuracies[0][2]).toBeGreaterThan(accuracies[0][0] + 1);
  });

  it.each([
    ['wide', 1e-5],
    ['simd', 1e-4],
  ] as const)(
    'the %s layout equals one network at a time, to float rounding',
    async (other, tolerance) => {
      const starts = [
        { net: prunedNetwork(net, cut, means), removed: cut },
        { net, removed: [[], []] as Removed },
        {
          net: prunedNetwork(net, [order1.subarray(0, 5), []], null),
          removed: [order1.subarray(0, 5), []] as Removed,
        },
      ];
      const labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
      const run = (layout: 'wide' | 'per-network' | 'simd') =>
        fineTune(
          starts,
          { ...train, batchSize: 32, learningRate: 1e-3, l2: 1e-4, epochs: 1 },
          {
            activation: 'sigmoid',
            seed: 1,
            test: { x, labels },
            checkpoints: [0, 5, 30],
            layout,
            networks: true,
          },
        );
      const wide = await run(other);
      const single = await run('per-network');
      labels.dispose();
      for (const [r, tuned] of wide.nets.entries()) {
        for (const name of ['W0', 'b1', 'W1', 'b2', 'W2', 'b3'] as const) {
          const a = tuned[name];
          const b = single.nets[r][name];
          let worst = 0;
          for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
          expect(worst, `${name} of start ${r}`).toBeLessThan(tolerance);
        }
        // accuracies agree to one test image in a thousand
        for (const [c, acc] of wide.accuracies[r].entries()) {
          expect(Math.abs(acc - single.accuracies[r][c])).toBeLessThanOrEqual(0.1);
        }
      }
      // and the starts did train apart from each other
      expect(wide.nets[0].W0).not.toEqual(wide.nets[1].W0);
    },
  );

  it('a budget of epochs is a whole number of steps, at least one', () => {
    expect(fineTuneSteps({ samples: 50_000, batchSize: 32, epochs: 1 })).toBe(1563);
    expect(fineTuneSteps({ samples: 6_400, batchSize: 32, epochs: 0.05 })).toBe(10);
    expect(fineTuneSteps({ samples: 100, batchSize: 1024, epochs: 0.1 })).toBe(1);
  });
});
