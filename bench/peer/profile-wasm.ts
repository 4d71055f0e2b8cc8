/**
 * npx vite-node bench/peer/profile-wasm.ts
 *
 * Where the engine's time goes on WASM in Node (one thread), for the ratios to the numpy peer
 * (docs/bench.md, "Against native code"): TensorFlow.js kernels per training step of one network
 * (adamStep, as trainEnsemble calls it) and per level of a layer-1 curve (accuracyCurve's tensor
 * path), with their count and time, from tf.profile.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { mnistSplits } from '../../scripts/mnist-node';
import { createRandom, permutation } from '../../src/lib/random';
import {
  ablationSteps,
  accuracyCurve,
  disposeContext,
  evaluationContext,
  prefixSchedule,
} from '../../workers/engine/ablation';
import { analyseNetwork } from '../../workers/engine/analysis';
import { pruningAgainstMerging } from '../../workers/engine/figures/pruning-against-merging';
import { merges } from '../../workers/engine/figures/shared';
import {
  CLASSES,
  deserializeNetwork,
  glorotUniform,
  HIDDEN,
  INPUTS,
  PARAM_ORDER,
  PARAM_SHAPES,
  type ParamName,
  trainingRandom,
} from '../../workers/engine/model';
import { adamStep, imagesTensor } from '../../workers/engine/train';

await tf.setBackend('wasm');
await tf.ready();
const splits = mnistSplits();

type Row = { name: string; count: number; ms: number };
function summarise(
  title: string,
  kernels: { name: string; kernelTimeMs: number | object }[],
  per: number,
  wallMs: number,
) {
  const byName = new Map<string, Row>();
  // 'x__op' entries are ops that wrap a kernel listed on its own: not counted twice
  for (const k of kernels.filter((k) => !k.name.endsWith('__op'))) {
    const row = byName.get(k.name) ?? { name: k.name, count: 0, ms: 0 };
    row.count++;
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, row);
  }
  const rows = [...byName.values()].sort((a, b) => b.ms - a.ms);
  const kernelMs = rows.reduce((s, r) => s + r.ms, 0);
  console.log(
    `\n${title}: ${(rows.reduce((s, r) => s + r.count, 0) / per).toFixed(0)} kernels, ${(kernelMs / per).toFixed(2)} ms in kernels, ${(wallMs / per).toFixed(2)} ms wall (unprofiled)`,
  );
  for (const r of rows.slice(0, 12)) {
    console.log(
      `  ${r.name.padEnd(18)} ${(r.count / per).toFixed(2).padStart(6)} x  ${(r.ms / per).toFixed(3).padStart(7)} ms`,
    );
  }
}

// --- one training step of one network (batch 32)
const init = glorotUniform(trainingRandom(0));
const variable = (values?: Float32Array) => (n: ParamName) =>
  tf.variable(values ? tf.tensor(values, PARAM_SHAPES[n]) : tf.zeros(PARAM_SHAPES[n]));
const params = Object.fromEntries(PARAM_ORDER.map((n) => [n, variable(init[n])(n)])) as Record<
  ParamName,
  tf.Variable
>;
const state = {
  m: Object.fromEntries(PARAM_ORDER.map((n) => [n, variable()(n)])) as Record<
    ParamName,
    tf.Variable
  >,
  v: Object.fromEntries(PARAM_ORDER.map((n) => [n, variable()(n)])) as Record<
    ParamName,
    tf.Variable
  >,
};
const x = imagesTensor(splits.train.images, 32 * 50);
const y = tf.oneHot(
  tf.tensor1d(Int32Array.from(splits.train.labels.subarray(0, 32 * 50)), 'int32'),
  CLASSES,
);
const options = { activation: 'sigmoid' as const, learningRate: 1e-3, l2: 1e-4 };
const step = (s: number) =>
  tf.tidy(() => {
    const idx = tf.tensor1d(
      Int32Array.from({ length: 32 }, (_, i) => ((s * 32) % 1600) + i),
      'int32',
    );
    const xb = tf.reshape(tf.gather(x, idx), [32, INPUTS]);
    const yb = tf.reshape(tf.gather(y, idx), [32, CLASSES]);
    adamStep(params, state, xb, yb, s + 1, options).dispose();
  });
for (let s = 0; s < 20; s++) step(s);
let started = performance.now();
for (let s = 20; s < 220; s++) step(s);
const stepWall = performance.now() - started;
const trainingProfile = await tf.profile(() => {
  for (let s = 220; s < 240; s++) step(s);
});
summarise(
  'training step, one network (adamStep + batch gather)',
  trainingProfile.kernels,
  20,
  (stepWall * 20) / 200,
);

// --- one layer-1 curve, 101 levels, 10,000 test images
const net = deserializeNetwork(
  readFileSync('public/networks/sigmoid/seed-00.bin').buffer as ArrayBuffer,
);
const testX = imagesTensor(splits.test.images, splits.test.samples);
const ctx = evaluationContext(net, 'sigmoid', testX, splits.test.labels);
const levels = HIDDEN + 1;
const order = permutation(HIDDEN, createRandom(1));
const plan = { levels, layer1: prefixSchedule(ablationSteps(order, null, net.W1, HIDDEN), levels) };
await accuracyCurve(ctx, plan);
started = performance.now();
await accuracyCurve(ctx, plan);
const curveWall = performance.now() - started;
const curveProfile = await tf.profile(() => accuracyCurve(ctx, plan));
summarise(
  'layer-1 curve, per level (accuracyCurve, tensor path)',
  curveProfile.kernels,
  levels,
  curveWall,
);
disposeContext(ctx);

// --- one seed of a Fig. 10 rerun (both activations), where the rest of a rerun's time goes
const validation = imagesTensor(splits.validation.images, splits.validation.samples);
const analyses: Partial<Record<'sigmoid' | 'relu', Awaited<ReturnType<typeof analyseNetwork>>>> =
  {};
started = performance.now();
for (const activation of ['sigmoid', 'relu'] as const) {
  const seedNet = deserializeNetwork(
    readFileSync(`public/networks/${activation}/seed-00.bin`).buffer as ArrayBuffer,
  );
  analyses[activation] = await analyseNetwork(
    0,
    seedNet,
    activation,
    { x: validation, labels: splits.validation.labels },
    { x: testX, labels: splits.test.labels },
  );
}
const analysisMs = performance.now() - started;
started = performance.now();
for (const a of Object.values(analyses)) {
  for (const layer of [1, 2] as const)
    for (const surgery of [true, false]) merges(a!, layer, surgery);
}
const mergeMs = performance.now() - started;
started = performance.now();
await pruningAgainstMerging({ analyses });
const producerMs = performance.now() - started;
console.log(
  `\nFig. 10, one seed (sigmoid + ReLU network): analysis ${analysisMs.toFixed(0)} ms, producer ${producerMs.toFixed(0)} ms (10 layer-1 + 10 layer-2 curves), of which merge sequences ${mergeMs.toFixed(0)} ms; 20 seeds on 2 workers: about ${((10 * (analysisMs + producerMs)) / 1000).toFixed(1)} s`,
);
