/**
 * The native peer of `npm run bench` (bench/peer/numpy_peer.py) does the engine's work: its Adam
 * step equals `adamStep` and its layer-1 curve equals `accuracyCurve` on a published network, so
 * the bench's ratios compare like with like. Skipped, saying why, without Python 3 + numpy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython, PEER } from '../../bench/peer/python';
import { mnistSplits } from '../../scripts/mnist-node';
import { createRandom, permutation } from '../../src/lib/random';
import {
  ablationSteps,
  accuracyCurve,
  disposeContext,
  evaluationContext,
  prefixSchedule,
} from '../../workers/engine/ablation';
import {
  CLASSES,
  deserializeNetwork,
  glorotUniform,
  HIDDEN,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  trainingRandom,
} from '../../workers/engine/model';
import { adamStep, imagesTensor } from '../../workers/engine/train';
import { useBackend } from './setup';

const found = findPython();
const NETWORK = 'public/networks/sigmoid/seed-00.bin';
let dir = '';

beforeAll(async () => {
  await useBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'numpy-peer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a peer command on a JSON input; no OPENBLAS_CORETYPE of its own outside `bench`. */
function peer(command: 'adam' | 'curve', input: unknown) {
  const file = join(dir, `${command}.json`);
  writeFileSync(file, JSON.stringify(input));
  const run = spawnSync(found.python!, [PEER, command, file], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`numpy peer ${command} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe.skipIf(!found.python)(
  `the numpy peer (${'why' in found ? found.why : found.python})`,
  () => {
    it.each(['sigmoid', 'relu'] as const)(
      "Adam step equals the engine's adamStep over three steps (%s)",
      async (activation) => {
        const init = glorotUniform(trainingRandom(5));
        const params = Object.fromEntries(
          PARAM_ORDER.map((n) => [n, tf.variable(tf.tensor(init[n], PARAM_SHAPES[n]))]),
        ) as Record<ParamName, tf.Variable>;
        const zeros = () =>
          Object.fromEntries(
            PARAM_ORDER.map((n) => [n, tf.variable(tf.zerosLike(params[n]))]),
          ) as Record<ParamName, tf.Variable>;
        const state = { m: zeros(), v: zeros() };
        const options = { activation, learningRate: 1e-3, l2: 1e-4 };
        const { images, labels } = mnistSplits().train;
        const x = imagesTensor(images, 32);
        const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels.subarray(0, 32)), 'int32'), CLASSES);
        for (let step = 1; step <= 3; step++)
          adamStep(params, state, x, y, step, options).dispose();
        const out = peer('adam', {
          params: Object.fromEntries(PARAM_ORDER.map((n) => [n, Array.from(init[n])])),
          x: Array.from(await x.data()),
          y: Array.from(await y.data()),
          steps: 3,
          ...options,
        });
        for (const name of PARAM_ORDER) {
          const engine = (await params[name].data()) as Float32Array;
          let d = 0;
          for (let i = 0; i < engine.length; i++)
            d = Math.max(d, Math.abs(engine[i] - out.params[name][i]));
          expect(d, name).toBeLessThan(2e-5);
        }
        // the three steps moved the weights: the comparison is not trivially true
        const moved = (await params.W2.data()) as Float32Array;
        expect(Math.max(...moved.map((w, i) => Math.abs(w - init.W2[i])))).toBeGreaterThan(1e-3);
        tf.dispose([x, y, ...Object.values(params), ...Object.values(state.m)]);
        tf.dispose(Object.values(state.v));
      },
    );

    it("layer-1 curve equals the engine's accuracyCurve on published sigmoid network 0", async () => {
      const net = deserializeNetwork(readFileSync(NETWORK).buffer as ArrayBuffer);
      const test = mnistSplits().test;
      const x = imagesTensor(test.images, test.samples);
      // the bench's curve (bench/timing/ablation.ts benchCurve): a random order, ablated to zero
      const order = Array.from(permutation(HIDDEN, createRandom(1)));
      const levels = HIDDEN + 1;
      const ctx = evaluationContext(net, 'sigmoid', x, test.labels);
      const engine = await accuracyCurve(ctx, {
        levels,
        layer1: prefixSchedule(ablationSteps(order, null, net.W1, HIDDEN), levels),
      });
      disposeContext(ctx);
      x.dispose();
      const { curve } = peer('curve', {
        network: NETWORK,
        activation: 'sigmoid',
        order,
        constants: null,
        levels,
      });
      expect(curve).toHaveLength(levels);
      // float32 rounding may move one test image across a decision boundary (0.01 pp)
      for (let k = 0; k < levels; k++) {
        expect(Math.abs(curve[k] - engine[k]), `level ${k}`).toBeLessThanOrEqual(
          100 / 10_000 + 1e-9,
        );
      }
      expect(engine[0] - engine[levels - 1]).toBeGreaterThan(50); // the curve really falls
    });
  },
);
