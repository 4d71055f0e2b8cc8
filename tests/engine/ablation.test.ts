import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mnistSplits } from '../../scripts/mnist-node';
import { mergeSequence } from '../../src/lib/merging';
import { randomOrder } from '../../src/lib/ranking';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  classCorrectCurve,
  disposeContext,
  type EvaluationContext,
  evaluationContext,
  mergeSteps,
  naiveAccuracyCurve,
  outputWeights,
  prefixSchedule,
} from '../../workers/engine/ablation';
import { subset } from '../../workers/engine/data';
import { CLASSES, forward, HIDDEN, INPUTS, type NetworkWeights } from '../../workers/engine/model';
import { useBackend } from './setup';
import { smallNetwork } from './small-network';

const N = 1000;
let net: NetworkWeights;
let x: tf.Tensor2D;
let ctx: EvaluationContext;
let means: [Float64Array, Float64Array];
const test = subset(mnistSplits().test, N);

beforeAll(async () => {
  await useBackend('wasm');
  ({ net, x, means } = await smallNetwork(150, N));
  ctx = evaluationContext(net, 'sigmoid', x, test.labels);
});
afterAll(() => {
  disposeContext(ctx);
  x.dispose();
});

const order1 = randomOrder(HIDDEN, 1);
const order2 = randomOrder(HIDDEN, 2);
const mixedOrder = randomOrder(2 * HIDDEN, 3);
const counts = (layer: 1 | 2) =>
  Int32Array.from({ length: 2 * HIDDEN + 1 }, (_, k) => {
    let c = 0;
    for (let q = 0; q < k; q++) if (mixedOrder[q] < HIDDEN === (layer === 1)) c++;
    return c;
  });
const plans: Record<string, () => CurvePlan> = {
  'layer 1, bias balancing': () => ({
    levels: HIDDEN + 1,
    layer1: prefixSchedule(ablationSteps(order1, means[0], net.W1, HIDDEN)),
  }),
  'layer 2, ablate to zero': () => ({
    levels: HIDDEN + 1,
    layer2: prefixSchedule(ablationSteps(order2, null, net.W2, CLASSES)),
  }),
  'whole network, bias balancing': () => ({
    levels: 2 * HIDDEN + 1,
    layer1: {
      steps: ablationSteps(
        Array.from(mixedOrder).filter((j) => j < HIDDEN),
        means[0],
        net.W1,
        HIDDEN,
      ),
      applied: counts(1),
    },
    layer2: {
      steps: ablationSteps(
        Array.from(mixedOrder)
          .filter((j) => j >= HIDDEN)
          .map((j) => j - HIDDEN),
        means[1],
        net.W2,
        CLASSES,
      ),
      applied: counts(2),
    },
  }),
  'merging [22] with surgery in both layers, 1:2': () => {
    const m1 = mergeSteps(
      mergeSequence(net.W0, net.b1, net.W1, INPUTS, HIDDEN, HIDDEN, { surgery: true }),
      true,
    );
    const m2 = mergeSteps(
      mergeSequence(net.W1, net.b2, net.W2, HIDDEN, HIDDEN, CLASSES, { surgery: true }),
      true,
    );
    return {
      levels: 51,
      layer1: { steps: m1, applied: Int32Array.from({ length: 51 }, (_, k) => k) },
      layer2: {
        steps: m2,
        applied: Int32Array.from({ length: 51 }, (_, k) => Math.min(2 * k, HIDDEN - 1)),
      },
    };
  },
  'merging [22] in layer 2 with surgery': () => ({
    levels: HIDDEN,
    layer2: prefixSchedule(
      mergeSteps(
        mergeSequence(net.W1, net.b2, net.W2, HIDDEN, HIDDEN, CLASSES, { surgery: true }),
        true,
      ),
      HIDDEN,
    ),
  }),
};

describe('the rank-one fast path (docs/method.md §4, T2)', () => {
  it.each(Object.keys(plans))('equals naive recomputation at every level: %s', async (name) => {
    const plan = plans[name]();
    const before = tf.memory().numTensors;
    const fast = await accuracyCurve(ctx, plan);
    expect(tf.memory().numTensors).toBe(before);
    const naive = await naiveAccuracyCurve(net, 'sigmoid', x, test.labels, plan);
    expect(fast).toHaveLength(plan.levels);
    // float32 rounding may flip a sample sitting exactly on a decision boundary: at most one
    for (let k = 0; k < plan.levels; k++)
      expect(Math.abs(fast[k] - naive[k]), `level ${k}`).toBeLessThanOrEqual(100 / N + 1e-4);
    // the curve actually moves, so equality is not trivial
    expect(Math.max(...fast) - Math.min(...fast)).toBeGreaterThan(10);
  });
});

describe('per-level output weights (outputWeights: both curve paths)', () => {
  it('fold layer-2 ablation exactly: t2 * keep + fill through W2, b3 equals t2 through W_k, b_k', () => {
    const plan = plans['whole network, bias balancing']();
    const layer2 = plan.layer2!;
    const folded = outputWeights(net, layer2, plan.levels);
    const t2 = Float32Array.from({ length: HIDDEN }, (_, i) => ((i * 37) % HIDDEN) / HIDDEN);
    let max = 0;
    for (const k of [0, 50, 120, 200]) {
      // level k's outputs with its ablated neurons replaced by their constants (the means)
      const keep = new Float32Array(HIDDEN).fill(1);
      const fill = new Float32Array(HIDDEN);
      for (const step of layer2.steps.slice(0, layer2.applied[k])) {
        keep[step.minus] = 0;
        fill[step.minus] = step.constant;
      }
      for (let c = 0; c < CLASSES; c++) {
        let masked = net.b3[c];
        let viaFolded = folded.b3[k * CLASSES + c];
        for (let i = 0; i < HIDDEN; i++) {
          masked += (t2[i] * keep[i] + fill[i]) * net.W2[i * CLASSES + c];
          viaFolded += t2[i] * folded.W2[k * HIDDEN * CLASSES + i * CLASSES + c];
        }
        max = Math.max(max, Math.abs(masked - viaFolded));
      }
    }
    expect(max).toBeLessThan(1e-4);
  });

  it("move [22]'s removed rows into the kept ones: removed rows zero, column sums and b3 kept", () => {
    const plan = plans['merging [22] with surgery in both layers, 1:2']();
    const layer2 = plan.layer2!;
    const folded = outputWeights(net, layer2, plan.levels);
    const columnSums = (w: Float32Array) =>
      Array.from({ length: CLASSES }, (_, c) =>
        w.reduce((sum, v, j) => (j % CLASSES === c ? sum + v : sum), 0),
      );
    const original = columnSums(Float32Array.from(net.W2));
    for (const k of [1, 25, 50]) {
      const w = folded.W2.subarray(k * 1000, (k + 1) * 1000);
      for (const step of layer2.steps.slice(0, layer2.applied[k])) {
        const row = w.subarray(step.minus * CLASSES, (step.minus + 1) * CLASSES);
        expect(Math.max(...row.map(Math.abs)), `row ${step.minus} at level ${k}`).toBeLessThan(
          1e-6,
        );
      }
      const sums = columnSums(w);
      for (let c = 0; c < CLASSES; c++) expect(sums[c]).toBeCloseTo(original[c], 4);
      expect(Array.from(folded.b3.subarray(k * CLASSES, (k + 1) * CLASSES))).toEqual(
        Array.from(net.b3),
      );
    }
  });

  it('refuse to run off WebGPU rather than fall back silently', async () => {
    await expect(accuracyCurve(ctx, plans['layer 1, bias balancing'](), 'fused')).rejects.toThrow(
      /needs the WebGPU backend/,
    );
  });
});

describe('correct images per class (classCorrectCurve, Fig. 11e)', () => {
  it('adds up to the fast path at every level, and counts each class once', async () => {
    const plan = plans['layer 2, ablate to zero']();
    const before = tf.memory().numTensors;
    const { correct, totals } = await classCorrectCurve(ctx, plan);
    expect(tf.memory().numTensors).toBe(before);
    const fast = await accuracyCurve(ctx, plan);
    expect(correct).toHaveLength(plan.levels);
    for (const [k, perClass] of correct.entries()) {
      const overall = (100 * perClass.reduce((sum, n) => sum + n, 0)) / N;
      expect(Math.abs(overall - fast[k]), `level ${k}`).toBeLessThanOrEqual(100 / N + 1e-4);
      for (let c = 0; c < CLASSES; c++) expect(perClass[c]).toBeLessThanOrEqual(totals[c]);
    }
    expect(Array.from(totals)).toEqual(
      Array.from({ length: CLASSES }, (_, c) => test.labels.filter((l) => l === c).length),
    );
  });

  it('refuses a plan that changes layer 1', async () => {
    await expect(classCorrectCurve(ctx, plans['layer 1, bias balancing']())).rejects.toThrow(
      /layer 2 only/,
    );
  });
});

describe('ablation semantics', () => {
  it('ablating to c by overriding outputs equals deleting the neuron and shifting the bias (T1)', async () => {
    const k = 37;
    const plan = plans['layer 1, bias balancing']();
    const overridden = tf.tidy(() => {
      const mask = new Float32Array(HIDDEN).fill(1);
      const constant = new Float32Array(HIDDEN);
      for (const j of order1.subarray(0, k)) {
        mask[j] = 0;
        constant[j] = means[0][j];
      }
      const forced = (t1: tf.Tensor) => tf.add(tf.mul(t1, mask), constant);
      return forward(net, 'sigmoid', x, forced).logits.dataSync();
    });
    // the bias-shift form, through the fast path's own plan machinery
    const W1 = Float32Array.from(net.W1);
    const b2 = Float32Array.from(net.b2);
    for (const step of plan.layer1!.steps.slice(0, k)) {
      for (let o = 0; o < HIDDEN; o++) {
        W1[step.minus * HIDDEN + o] = 0;
        b2[o] += step.constant * step.direction[o];
      }
    }
    const shifted = tf.tidy(() => forward({ ...net, W1, b2 }, 'sigmoid', x).logits.dataSync());
    let max = 0;
    for (let i = 0; i < overridden.length; i++)
      max = Math.max(max, Math.abs(overridden[i] - shifted[i]));
    expect(max).toBeLessThan(1e-4);
  });

  it('starts at the baseline and ends at the constant prediction (T3)', async () => {
    const curve = await accuracyCurve(ctx, plans['layer 2, ablate to zero']());
    const baseline = tf.tidy(
      () =>
        tf.mean(tf.cast(tf.equal(tf.argMax(ctx.logits, 1), ctx.labels), 'float32')).dataSync()[0],
    );
    expect(curve[0]).toBeCloseTo(baseline * 100, 4);
    // all of layer 2 ablated: every input gets the same prediction, so accuracy = that class's share
    const shares = Array.from(
      { length: CLASSES },
      (_, c) => (100 * test.labels.filter((l) => l === c).length) / N,
    );
    expect(shares.some((s) => Math.abs(s - curve[HIDDEN]) < 1e-4)).toBe(true);
  });
});
