/**
 * Timing of one layer-1 ablation curve, 101 levels on 10,000 test images (docs/bench.md, table 3),
 * for the browser's benchmark worker and Node with Dawn alike: the test context every curve of a
 * network shares, the fast path `accuracyCurve` takes on the backend, and for comparison the
 * TensorFlow.js-ops path and the naive recomputation (`naiveAccuracyCurve`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRandom, permutation } from '../../src/lib/random';
import { median } from '../../src/lib/stats';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  type EvaluationContext,
  evaluationContext,
  naiveAccuracyCurve,
  prefixSchedule,
} from '../../workers/engine/ablation';
import { HIDDEN, type NetworkWeights } from '../../workers/engine/model';
import { computeEngine } from '../../workers/engine/simd/engine';
import type { AblationTiming } from '../results';
import { medianMsAsync } from './clock';

/** The bench's curve: a random order (seed 1) of layer 1, ablated to zero, every level. The numpy
 * peer recomputes it from the same order (bench/peer/numpy_peer.py --verify). */
export function benchCurve(net: NetworkWeights): { order: number[]; plan: CurvePlan } {
  const levels = HIDDEN + 1;
  const order = Array.from(permutation(HIDDEN, createRandom(1)));
  return {
    order,
    plan: { levels, layer1: prefixSchedule(ablationSteps(order, null, net.W1, HIDDEN), levels) },
  };
}

/** The test-set forward pass every curve of a network shares, timed. */
export async function timeContext(
  net: NetworkWeights,
  x: tf.Tensor2D,
  labels: Uint8Array,
): Promise<{ ctx: EvaluationContext; contextMs: number }> {
  const started = performance.now();
  const ctx = evaluationContext(net, 'sigmoid', x, labels);
  await ctx.logits.data(); // the context is computed lazily on a GPU: wait for it
  return { ctx, contextMs: performance.now() - started };
}

/** Which fast path `accuracyCurve` takes here: the fused WGSL program on WebGPU, the WebAssembly
 * SIMD engine on WASM/CPU, TensorFlow.js ops where WebAssembly SIMD is missing. */
export async function curvePath(): Promise<AblationTiming['path']> {
  if (tf.getBackend() === 'webgpu') return 'fused';
  return (await computeEngine()).engine === 'wasm-simd' ? 'simd' : 'tensor';
}

/** The fast path: median of `repeats` curves after an untimed one, and the curve (%). */
export async function timeFastCurve(ctx: EvaluationContext, plan: CurvePlan, repeats: number) {
  let curve: number[] = [];
  const timed = await medianMsAsync(repeats, async () => {
    curve = await accuracyCurve(ctx, plan);
  });
  return { ms: timed.ms, repeats: timed.repeats, curve };
}

/**
 * Off the tensor path: the TensorFlow.js-ops path on the same backend, what the fused program or
 * the SIMD engine replaces. One chunk untimed, then two chunks (21 levels) timed and scaled: every
 * level costs the same.
 */
export async function timeTensorCurve(ctx: EvaluationContext, plan: CurvePlan, fast: number[]) {
  const prefix = (n: number): CurvePlan => ({ ...plan, levels: n });
  await accuracyCurve(ctx, prefix(2), 'tensor');
  const timed = Math.min(plan.levels, 21);
  const started = performance.now();
  const tensor = await accuracyCurve(ctx, prefix(timed), 'tensor');
  return {
    tensorMs: ((performance.now() - started) * plan.levels) / timed,
    tensorLevelsTimed: timed,
    tensorMaxDifference: maxDifference(tensor, fast),
  };
}

/**
 * The naive path, a forward pass per level. Warmed up on two levels: the same kernels, without
 * paying for a whole curve. When the whole curve would outlast `limitMs` only its first levels are
 * timed and the time is scaled to all of them.
 */
export async function timeNaiveCurve(
  net: NetworkWeights,
  x: tf.Tensor2D,
  labels: Uint8Array,
  plan: CurvePlan,
  { repeats, limitMs, fast }: { repeats: number; limitMs: number; fast: number[] },
): Promise<
  Required<Pick<AblationTiming, 'naiveMs' | 'naiveRepeats' | 'naiveLevelsTimed'>> & {
    maxDifference: number;
  }
> {
  const { levels } = plan;
  let started = performance.now();
  await naiveAccuracyCurve(net, 'sigmoid', x, labels, { ...plan, levels: 2 });
  const perLevel = (performance.now() - started) / 2;
  const timed = Math.min(levels, Math.max(5, Math.floor(limitMs / perLevel)));
  const times: number[] = [];
  let naive: number[] = [];
  for (let r = 0; r < repeats; r++) {
    started = performance.now();
    naive = await naiveAccuracyCurve(net, 'sigmoid', x, labels, { ...plan, levels: timed });
    times.push(((performance.now() - started) * levels) / timed);
  }
  return {
    naiveMs: median(times),
    naiveRepeats: repeats,
    naiveLevelsTimed: timed,
    maxDifference: maxDifference(naive, fast),
  };
}

/** Largest |a - b| over the levels both have, percentage points. */
export function maxDifference(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, k) => Math.abs(v - b[k])));
}
