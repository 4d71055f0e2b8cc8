/**
 * npm run bench:gpu [-- --quick] [--no-peer] [--training]   (about 4 minutes with --quick on
 * SwiftShader, 2 cores; --training: the training rows only, no analysis, curve or peer)
 *
 * The engine in Node on WebGPU through Dawn (the npm package `webgpu`), beside WASM in the same
 * process, timed by the same modules as the browser's bench (bench/timing/): training
 * (trainEnsemble in each ensemble layout: per-seed and batched tensor steps, and on WebGPU the
 * fused WGSL step of workers/engine/kernels/train-step.ts), analysis (analyseNetwork) and a layer-1
 * ablation curve (accuracyCurve: the fused WGSL program on WebGPU), with the numpy peer's numbers
 * as in `npm run bench`. Run through scripts/gpu/vulkan.mjs, which finds a Vulkan driver (a GPU's
 * own, else Chromium's SwiftShader). Prints the adapter and a table and writes
 * bench-results/bench-gpu.json (with --training, bench-gpu-training.json); asserts nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installDawn } from '../../scripts/gpu/dawn';
import type { EnsembleLayout } from '../../workers/api';
import { ENSEMBLE, OUT } from '../options';
import { PEER_NETWORK, runPeer } from '../peer/run';
import type { GpuBackend, GpuBenchResults, StepBudget, TrainingMethod } from '../results';
import { TRAINING_METHODS } from '../results';
import { printGpuReport } from './print';

const args = process.argv.slice(2).filter((a) => a !== '--');
for (const a of args) {
  if (!['--quick', '--no-peer', '--training'].includes(a)) {
    console.error(
      `bench:gpu: unknown argument ${a}\nusage: npm run bench:gpu [-- --quick] [--no-peer] [--training]`,
    );
    process.exit(2);
  }
}
const quick = args.includes('--quick');
const trainingOnly = args.includes('--training');
const RESULTS = trainingOnly ? 'bench-gpu-training.json' : 'bench-gpu.json';
/** Fixed steps (25 or 100) rather than a time budget; a measurement whose warm-up predicts more
 * than the limit is timed over a few steps, or reported as an estimate (bench/timing/training.ts). */
const steps = quick ? 25 : 100;
const budget: StepBudget = {
  budgetMs: 0,
  minSteps: steps,
  maxSteps: steps,
  limitMs: quick ? 25_000 : 90_000,
  shortWhenSlow: true,
};

const dawn = await installDawn();
if ('missing' in dawn) console.log(`WebGPU in Node: none (${dawn.missing})`);
else {
  console.log(
    `WebGPU adapter (Dawn in Node): ${dawn.label}${dawn.isFallbackAdapter ? ' (software, fallback adapter)' : ''}`,
  );
  console.log(`Vulkan driver: ${dawn.driver}`);
}

// The engine and the timing modules, imported once navigator.gpu exists.
const tf = await import('@tensorflow/tfjs-core');
const { selectBackend } = await import('../../workers/engine/backend');
const { trainEnsemble } = await import('../../workers/engine/train');
const { imagesTensor } = await import('../../workers/engine/train');
const { disposeContext } = await import('../../workers/engine/ablation');
const { deserializeNetwork } = await import('../../workers/engine/model');
const { subset } = await import('../../workers/engine/data');
const { PRESETS } = await import('../../src/lib/run-options');
const { mnistSplits } = await import('../../scripts/mnist-node');
const { timeEngineTraining } = await import('../timing/training');
const { timeAnalysis } = await import('../timing/analysis');
const { benchCurve, curvePath, maxDifference, timeContext, timeFastCurve } = await import(
  '../timing/ablation'
);

const paper = PRESETS.paper;
const splits = mnistSplits();
const net = deserializeNetwork(readFileSync(PEER_NETWORK).buffer as ArrayBuffer, PEER_NETWORK);
const { order, plan } = benchCurve(net);

const backends: GpuBackend[] = 'missing' in dawn ? ['wasm'] : ['webgpu', 'wasm'];
const results: GpuBenchResults = {
  format: 2,
  createdAt: new Date().toISOString(),
  adapter: 'missing' in dawn ? null : dawn,
  missing: 'missing' in dawn ? dawn.missing : undefined,
  notes: {},
  training: [],
  analysis: [],
  curves: [],
  peer: null,
};
const wasmCurves: Record<string, number[]> = {};
for (const backend of backends) {
  const selection = await selectBackend(backend);
  results.notes[backend] = selection.note;
  if (selection.backend !== backend) {
    console.log(`${backend}: not available (${selection.note})`);
    continue;
  }
  console.log(`\n${backend}: ${selection.note}`);
  // one untimed run so that the backend's start is not charged to the first row
  await trainEnsemble(subset(splits.train, 25 * paper.batchSize), {
    activation: 'sigmoid',
    seeds: [0],
    epochs: 1,
    batchSize: paper.batchSize,
    learningRate: paper.learningRate,
    l2: paper.l2,
  });
  // on WebGPU every layout at 1 and 20 seeds: the default layout on each kind of adapter is
  // chosen from these rows (workers/engine/train.ts, defaultLayout)
  const methods: TrainingMethod[] =
    backend === 'webgpu'
      ? [
          'engine-one',
          'engine-per-seed',
          'engine-batched-one',
          'engine-batched',
          'engine-fused-one',
          'engine-fused',
        ]
      : ['engine-one', 'engine-per-seed'];
  const part = {
    backend,
    ensembleSeeds: ENSEMBLE,
    rows: [] as GpuBenchResults['training'][0]['rows'],
  };
  results.training.push(part);
  for (const method of methods) {
    const { ensemble, layout } = TRAINING_METHODS[method];
    const seeds = ensemble ? ENSEMBLE : 1;
    const timing = await timeEngineTraining(splits.train, seeds, layout as EnsembleLayout, budget);
    part.rows.push({ method, timing });
    console.log(
      `  training, ${method}: ${timing.msPerNetworkStep.toFixed(2)} ms/network-step${timing.estimate ? ' (warm-up estimate, not timed)' : ''}`,
    );
  }
  if (trainingOnly) continue;
  const analysis = await timeAnalysis(net, splits.validation, splits.test, quick ? 1 : 3);
  results.analysis.push({ backend, ...analysis });
  console.log(`  analysis of one network: ${analysis.ms.toFixed(0)} ms`);
  const x = imagesTensor(splits.test.images, splits.test.samples);
  const { ctx } = await timeContext(net, x, splits.test.labels);
  const curve = await timeFastCurve(ctx, plan, quick ? 1 : 3);
  disposeContext(ctx);
  tf.dispose(x);
  wasmCurves[backend] = curve.curve;
  results.curves.push({
    backend,
    path: await curvePath(),
    ms: curve.ms,
    repeats: curve.repeats,
    maxDifferenceFromWasm: null,
  });
  console.log(`  layer-1 curve: ${curve.ms.toFixed(0)} ms`);
}
const wasmCurve = wasmCurves.wasm;
for (const c of results.curves) {
  if (c.backend !== 'wasm' && wasmCurve) {
    c.maxDifferenceFromWasm = maxDifference(wasmCurves[c.backend], wasmCurve);
  }
}

// The numpy peer (one core; no Fig. 10 here), checked against the WASM curve.
if (!args.includes('--no-peer') && !trainingOnly) {
  results.peer = runPeer({
    quick,
    fig10: 'none',
    verify: wasmCurve
      ? {
          order,
          levels: plan.levels,
          curve: wasmCurve,
          against: 'the wasm curve',
          file: join(OUT, 'peer-verify-gpu.json'),
        }
      : null,
    unverified: 'no wasm curve',
  });
}

printGpuReport(results);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${OUT}/${RESULTS}`);
process.exit(0);
