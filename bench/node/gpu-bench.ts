/**
 * The measurements of `npm run bench:gpu` (bench/node/gpu.ts) and of the GPU pack's run.sh
 * (bench/node/gpu-pack.ts), in one place so that both write the same rows: the engine on WebGPU
 * through Dawn beside WASM in the same process, timed by the browser bench's modules
 * (bench/timing/). Per backend: training in each ensemble layout (on WebGPU per-seed, batched and
 * fused at 1 and 20 networks, and fused at 40: both activations' seeds at once), the cost of one
 * dispatch, Fig. 15's fine-tuning in its default layout ('wide' on WebGPU), the paper preset's
 * training extrapolated from each ensemble row, then (unless training only) the analysis of one
 * network and (unless training only without `curve`) a layer-1 ablation curve, the fused WGSL
 * program on WebGPU.
 *
 * The caller installs Dawn first (scripts/gpu/dawn.ts): the engine is imported here only once
 * navigator.gpu exists, since tfjs-backend-webgpu registers itself on import where it does.
 */

import type { DawnAdapter } from '../../scripts/gpu/dawn';
import type { EnsembleLayout } from '../../workers/api';
import type { SplitData } from '../../workers/engine/data';
import { ENSEMBLE, FINE_TUNE_STARTS } from '../options';
import { PAPER_NETWORK_STEPS } from '../report/targets';
import type {
  GpuBackend,
  GpuBenchResults,
  PaperEstimate,
  StepBudget,
  TrainingMethod,
} from '../results';
import { TRAINING_METHODS, WASM_ADAPTER } from '../results';

export interface GpuBenchOptions {
  /** Fewer steps and repeats. */
  quick: boolean;
  /** The training rows only (with dispatch, fine-tuning and the paper estimate). */
  training: boolean;
  /** With `training`: the layer-1 curve too (the pack's run). */
  curve: boolean;
  /**
   * The pack test's size on a software adapter (tests/unit/gpu-pack.test.ts): 2 and 3 networks in
   * place of 20 and 40, 2 timed steps, 500 test images, 2 fine-tuned starts. Checks that every
   * row runs; its numbers are not a measurement.
   */
  smoke: boolean;
}

export interface GpuBenchInput {
  dawn: DawnAdapter | { missing: string };
  /** `validation` is needed for the analysis only (not with `training`). */
  splits: { train: SplitData; test: SplitData; validation?: SplitData };
  /** The network the analysis and the curve run on (the published sigmoid seed 0). */
  network: ArrayBuffer;
  networkName: string;
}

/** WebGPU's rows: every layout at 1, 20 and (fused) 40 networks; the default layout on each kind
 * of adapter is chosen from these (workers/engine/train.ts, defaultLayout). */
export const WEBGPU_METHODS: TrainingMethod[] = [
  'engine-one',
  'engine-per-seed',
  'engine-batched-one',
  'engine-batched',
  'engine-fused-one',
  'engine-fused',
  'engine-fused-40',
];
export const WASM_METHODS: TrainingMethod[] = ['engine-one', 'engine-per-seed'];

/** Networks a training row trains together, at full or smoke size. */
export function methodNetworks(method: TrainingMethod, smoke: boolean): number {
  const entry = TRAINING_METHODS[method];
  const full = 'networks' in entry ? entry.networks : entry.ensemble ? ENSEMBLE : 1;
  return smoke && full > 1 ? (full > ENSEMBLE ? 3 : 2) : full;
}

/** Runs the measurements; prints a line per row as it goes; returns the results without the
 * numpy peer (`peer: null`), which the caller may add. */
export async function runGpuBench(
  input: GpuBenchInput,
  options: GpuBenchOptions,
): Promise<GpuBenchResults> {
  const { dawn, splits } = input;
  const { quick, smoke } = options;
  const tf = await import('@tensorflow/tfjs-core');
  const { selectBackend } = await import('../../workers/engine/backend');
  const { trainEnsemble, imagesTensor } = await import('../../workers/engine/train');
  const { disposeContext } = await import('../../workers/engine/ablation');
  const { deserializeNetwork } = await import('../../workers/engine/model');
  const { subset } = await import('../../workers/engine/data');
  const { defaultFineTuneLayout } = await import('../../workers/engine/fine-tune');
  const { PRESETS } = await import('../../src/lib/run-options');
  const { timeEngineTraining } = await import('../timing/training');
  const { timeFineTuning } = await import('../timing/fine-tuning');
  const { timeDispatch } = await import('../timing/dispatch');
  const { timeAnalysis } = await import('../timing/analysis');
  const { benchCurve, curvePath, maxDifference, timeContext, timeFastCurve } = await import(
    '../timing/ablation'
  );

  const paper = PRESETS.paper;
  const net = deserializeNetwork(input.network, input.networkName);
  const { plan } = benchCurve(net);
  /** Fixed steps (25 or 100) rather than a time budget; a measurement whose warm-up predicts more
   * than the limit is timed over a few steps, or reported as an estimate (bench/timing/training.ts).
   * Smoke: always 2 steps. */
  const steps = quick || smoke ? 25 : 100;
  const budget: StepBudget = {
    budgetMs: 0,
    minSteps: steps,
    maxSteps: steps,
    limitMs: quick ? 25_000 : 90_000,
    shortWhenSlow: true,
    shortAlways: smoke ? 2 : undefined,
  };
  const test = smoke ? subset(splits.test, 500) : splits.test;
  const repeats = quick || smoke ? 1 : 3;

  const backends: GpuBackend[] = 'missing' in dawn ? ['wasm'] : ['webgpu', 'wasm'];
  const adapterOf = (backend: GpuBackend) =>
    backend === 'webgpu' && !('missing' in dawn) ? dawn.label : WASM_ADAPTER;
  const results: GpuBenchResults = {
    format: 3,
    createdAt: new Date().toISOString(),
    options,
    adapter: 'missing' in dawn ? null : dawn,
    missing: 'missing' in dawn ? dawn.missing : undefined,
    notes: {},
    training: [],
    dispatch: [],
    fineTuning: [],
    paper: [],
    analysis: [],
    curves: [],
    peer: null,
  };
  for (const backend of backends) {
    const adapter = adapterOf(backend);
    const selection = await selectBackend(backend);
    results.notes[backend] = selection.note;
    if (selection.backend !== backend) {
      console.log(`${backend}: not available (${selection.note})`);
      continue;
    }
    console.log(`\n${backend}: ${selection.note}`);
    // one untimed run so that the backend's start is not charged to the first row
    await trainEnsemble(subset(splits.train, (smoke ? 5 : 25) * paper.batchSize), {
      activation: 'sigmoid',
      seeds: [0],
      epochs: 1,
      batchSize: paper.batchSize,
      learningRate: paper.learningRate,
      l2: paper.l2,
    });
    const part: GpuBenchResults['training'][number] = {
      backend,
      adapter,
      ensembleSeeds: methodNetworks('engine-per-seed', smoke),
      rows: [],
    };
    results.training.push(part);
    for (const method of backend === 'webgpu' ? WEBGPU_METHODS : WASM_METHODS) {
      const networks = methodNetworks(method, smoke);
      const { layout } = TRAINING_METHODS[method];
      const timing = await timeEngineTraining(
        splits.train,
        networks,
        layout as EnsembleLayout,
        budget,
      );
      part.rows.push({ method, adapter, timing });
      console.log(
        `  training, ${method} (${networks} networks): ${timing.msPerNetworkStep.toFixed(2)} ms/network-step${timing.estimate ? ' (warm-up estimate, not timed)' : ''}`,
      );
      if (networks > 1) results.paper.push(paperEstimate(backend, adapter, method, timing));
    }
    if (backend === 'webgpu') {
      const count = smoke ? 50 : 2000;
      for (const d of await timeDispatch(adapter, { count, repeats: quick || smoke ? 3 : 7 })) {
        results.dispatch.push(d);
        console.log(`  dispatch, ${d.mode}: ${d.usPerDispatch.toFixed(2)} µs`);
      }
    }
    const fineTune = await timeFineTuning(net, splits.train, test, {
      layout: await defaultFineTuneLayout(),
      starts: smoke ? 2 : FINE_TUNE_STARTS,
      // timed as the difference of two runs, each of which also measures every start's test
      // accuracy: on WASM a step (about 1 ms per network) needs many to stand above that (25
      // starts at 5 steps came out negative, -0.1 ms per network-step)
      steps: backend === 'wasm' ? (smoke ? 20 : 100) : smoke ? 3 : quick ? 5 : 20,
    });
    results.fineTuning.push({ backend, adapter, ...fineTune });
    console.log(
      `  fine-tuning, ${fineTune.layout}, ${fineTune.starts} starts: ${fineTune.msPerNetworkStep.toFixed(2)} ms/network-step`,
    );
    if (options.training && !options.curve) continue;
    if (!options.training) {
      if (!splits.validation) throw new Error('the analysis needs the validation split');
      const analysis = await timeAnalysis(net, splits.validation, test, repeats);
      results.analysis.push({ backend, adapter, ...analysis });
      console.log(`  analysis of one network: ${analysis.ms.toFixed(0)} ms`);
    }
    const x = imagesTensor(test.images, test.samples);
    const { ctx } = await timeContext(net, x, test.labels);
    const curve = await timeFastCurve(ctx, plan, repeats);
    disposeContext(ctx);
    tf.dispose(x);
    results.curves.push({
      backend,
      adapter,
      path: await curvePath(),
      samples: test.samples,
      ms: curve.ms,
      repeats: curve.repeats,
      maxDifferenceFromWasm: null,
      values: curve.curve,
    });
    console.log(`  layer-1 curve: ${curve.ms.toFixed(0)} ms`);
  }
  const wasm = results.curves.find((c) => c.backend === 'wasm');
  for (const c of results.curves) {
    if (c.backend !== 'wasm' && wasm)
      c.maxDifferenceFromWasm = maxDifference(c.values, wasm.values);
  }
  return results;
}

/** The paper preset's training (PAPER_NETWORK_STEPS) at a row's time per network-step, on one
 * device: what the engine would take if it trained every run in that layout. */
function paperEstimate(
  backend: GpuBackend,
  adapter: string,
  method: TrainingMethod,
  timing: NonNullable<GpuBenchResults['training'][number]['rows'][number]['timing']>,
): PaperEstimate {
  return {
    backend,
    adapter,
    method,
    msPerNetworkStep: timing.msPerNetworkStep,
    networkSteps: PAPER_NETWORK_STEPS,
    seconds: (timing.msPerNetworkStep * PAPER_NETWORK_STEPS) / 1000,
    estimate: timing.estimate === true,
  };
}
