/**
 * Accuracy curves of cumulative ablation, pruning and merging (docs/method.md §4-§6), without
 * re-running the network per level.
 *
 * Every change the paper makes to a hidden neuron is a rank-one change of the next layer's
 * pre-activation: ablating neuron j of layer i to a constant c (c = 0, or c = mu_j for bias balancing,
 * eq. 7) adds (c - t_j) w_j, where w_j is row j of W^(i); merging j into i with surgery [22] adds
 * (t_i - t_j) a_j. A curve is a list of such steps per layer plus, for every level k, how many of
 * them are applied. Level states are prefix sums of the steps, so a whole curve costs
 * O(levels * N * n) instead of a forward pass per level: with TensorFlow.js ops level by level
 * (any backend), or on WebGPU with one WGSL program per chunk of levels (kernels/curve-counts.ts).
 * Layer-2 steps that follow layer-1 steps are folded into each level's output weights.
 */
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import type { MergeStep } from '../../src/lib/merging';
import { type CurveCountsInputs, curveCounts } from './kernels/curve-counts';
import { activate, CLASSES, forward, HIDDEN, type NetworkWeights, testAccuracy } from './model';
import { type SimdCurveInputs, simdCurve } from './simd/curve';
import { simdEngine } from './simd/engine';

/** Replace neuron `minus`'s output by `constant` (+ neuron `plus`'s output when plus >= 0). */
export interface RankOneStep {
  plus: number;
  minus: number;
  constant: number;
  /** The neuron's outgoing weights at the time of the step, [n_(i+1)]. */
  direction: Float32Array;
}

export interface LayerSchedule {
  steps: RankOneStep[];
  /** Steps applied at each level, nondecreasing, [levels]. */
  applied: Int32Array;
}

export interface CurvePlan {
  levels: number;
  layer1?: LayerSchedule;
  layer2?: LayerSchedule;
}

/** Test-set quantities of one network, computed once and shared by all its curves. */
export interface EvaluationContext {
  activation: Activation;
  net: NetworkWeights;
  /** Hidden outputs t^(1), pre-activation z^(2), outputs t^(2), logits: [N][...]. */
  t1: tf.Tensor2D;
  z2: tf.Tensor2D;
  t2: tf.Tensor2D;
  logits: tf.Tensor2D;
  labels: tf.Tensor1D;
  samples: number;
  /** Called between chunks of levels: lets a cancel in, and rejects to stop. */
  checkpoint?: () => Promise<void>;
}

export function evaluationContext(
  net: NetworkWeights,
  activation: Activation,
  x: tf.Tensor2D,
  labels: Uint8Array,
): EvaluationContext {
  const tensors = tf.tidy(() => {
    return forward(net, activation, x) as Record<'t1' | 'z2' | 't2' | 'logits', tf.Tensor2D>;
  });
  return {
    activation,
    net,
    ...tensors,
    labels: tf.tensor1d(Int32Array.from(labels), 'int32'),
    samples: labels.length,
  };
}

export function disposeContext(ctx: EvaluationContext): void {
  tf.dispose([ctx.t1, ctx.z2, ctx.t2, ctx.logits, ctx.labels]);
}

/** Ablation of the neurons `order[0..k-1]` to `constants[j]` (0 or the mean mu_j, eq. 7). */
export function ablationSteps(
  order: ArrayLike<number>,
  constants: ArrayLike<number> | null,
  outgoing: Float32Array,
  width: number,
): RankOneStep[] {
  return Array.from(order, (j) => ({
    plus: -1,
    minus: j,
    constant: constants ? constants[j] : 0,
    direction: outgoing.subarray(j * width, (j + 1) * width),
  }));
}

/** The greedy merges of [22]: with surgery the kept neuron takes over the removed one's weights. */
export function mergeSteps(merges: MergeStep[], surgery: boolean): RankOneStep[] {
  return merges.map((m) => ({
    plus: surgery ? m.kept : -1,
    minus: m.removed,
    constant: 0,
    direction: m.outgoing,
  }));
}

/** Levels 0..n, with the first k steps applied at level k. */
export const prefixSchedule = (steps: RankOneStep[], levels = steps.length + 1): LayerSchedule => ({
  steps,
  applied: Int32Array.from({ length: levels }, (_, k) => Math.min(k, steps.length)),
});

const LEVEL_CHUNK = 10;
/** Levels per dispatch of the fused WebGPU program: a cancel gets in between dispatches. */
const FUSED_LEVEL_CHUNK = 25;

/**
 * How a curve is evaluated: 'tensor' with TensorFlow.js ops (any backend), 'fused' with one WGSL
 * program per chunk of levels (WebGPU only, kernels/curve-counts.ts), 'simd' with one call of the
 * WebAssembly SIMD engine per level (simd/assembly/curve-level.ts); 'auto' takes 'fused' on WebGPU
 * and 'simd' elsewhere when WebAssembly SIMD is there.
 */
export type CurvePath = 'auto' | 'tensor' | 'fused' | 'simd';

/** Test accuracy in percent at every level of the plan (fast path). */
export async function accuracyCurve(
  ctx: EvaluationContext,
  plan: CurvePlan,
  path: CurvePath = 'auto',
): Promise<number[]> {
  const onWebGPU = tf.getBackend() === 'webgpu';
  if (path === 'fused' && !onWebGPU) {
    throw new Error(`The fused curve program needs the WebGPU backend, not ${tf.getBackend()}`);
  }
  if (path === 'fused' || (path === 'auto' && onWebGPU)) return fusedAccuracyCurve(ctx, plan);
  if (path === 'simd' || path === 'auto') {
    const engine = await simdEngine();
    if (engine) return engine.exclusive(async () => simdCurve(engine, await simdInputs(ctx, plan)));
    if (path === 'simd') throw new Error('The WebAssembly SIMD engine is unavailable');
  }
  const accuracies: number[] = [];
  const hidden = plan.layer1 && plan.layer1.steps.length > 0;
  // With layer 1 untouched, layer 2's steps are rank-one changes of the logits themselves.
  const first = hidden ? plan.layer1! : (plan.layer2 ?? prefixSchedule([], plan.levels));
  const base = hidden ? ctx.z2 : ctx.logits;
  const width = base.shape[1];
  // Every step's u_q as an [N, 1] column and v_q as a [1, m] row, made once: slicing a column out
  // of [N, steps] per level (strided copies) was the largest cost on WASM, and so was unstacking.
  const columns = stepColumns(await (hidden ? ctx.t1 : ctx.t2).data(), ctx.samples, first.steps);
  const rows = first.steps.map((s) => tf.tensor2d(s.direction, [1, width]));
  const output = hidden ? outputWeightsByLevel(ctx.net, plan.layer2, plan.levels) : null;
  let current = tf.keep(tf.clone(base));
  let appliedSoFar = 0;
  try {
    for (let k0 = 0; k0 < plan.levels; k0 += LEVEL_CHUNK) {
      const k1 = Math.min(plan.levels, k0 + LEVEL_CHUNK);
      const applied = first.applied.subarray(k0, k1);
      const chunk = tf.tidy(() => {
        // Each level adds its new steps' rank-one terms u_q (outer) v_q, O(N m) per step; layer
        // 2's steps live in that level's output weights, so the logits are one fused product +
        // bias. Per level: 3 passes over the [N, m] state (outer product, add, activation)
        // instead of a forward pass.
        const correct: tf.Tensor[] = [];
        let z: tf.Tensor = current;
        let q = appliedSoFar;
        for (const [l, target] of applied.entries()) {
          for (; q < target; q++) z = tf.add(z, tf.matMul(columns[q], rows[q]));
          const logits = output
            ? tf.fused.matMul({ a: activate(ctx.activation, z), ...output(k0 + l) })
            : z;
          correct.push(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), ctx.labels), 'int32')));
        }
        return { correct: tf.stack(correct), next: tf.clone(z) };
      });
      for (const c of await chunk.correct.data()) accuracies.push((100 * c) / ctx.samples);
      chunk.correct.dispose();
      current.dispose();
      current = chunk.next as tf.Tensor2D;
      appliedSoFar = applied[applied.length - 1];
      await ctx.checkpoint?.();
    }
  } finally {
    current.dispose();
    tf.dispose([...columns, ...rows]);
  }
  return accuracies;
}

/**
 * Correct test images per class at every level of a plan that changes layer 2 only, [levels] of
 * [CLASSES]: what worst-class accuracy needs (Fig. 11e). Each level's logits come from that
 * level's folded output weights (outputWeights), t^(2) W_k + b_k, so this path shares no code
 * with accuracyCurve's rank-one updates; tests/engine/ablation.test.ts holds the two equal.
 */
export async function classCorrectCurve(
  ctx: EvaluationContext,
  plan: CurvePlan,
): Promise<{ correct: Int32Array[]; totals: Int32Array }> {
  if (plan.layer1 && plan.layer1.steps.length > 0) {
    throw new Error('classCorrectCurve takes plans that change layer 2 only');
  }
  const output = outputWeightsByLevel(ctx.net, plan.layer2, plan.levels);
  const perClass = tf.tidy(() => tf.cast(tf.oneHot(ctx.labels, CLASSES), 'float32'));
  const out: Int32Array[] = [];
  try {
    const totals = tf.tidy(() => tf.sum(perClass, 0));
    const classTotals = Int32Array.from(await totals.data(), Math.round);
    totals.dispose();
    for (let k0 = 0; k0 < plan.levels; k0 += LEVEL_CHUNK) {
      const k1 = Math.min(plan.levels, k0 + LEVEL_CHUNK);
      const counts = tf.tidy(() => {
        const rows: tf.Tensor[] = [];
        for (let k = k0; k < k1; k++) {
          const logits = tf.fused.matMul({ a: ctx.t2, ...output(k) });
          const correct = tf.cast(tf.equal(tf.argMax(logits, 1), ctx.labels), 'float32');
          // [1, N] x [N, CLASSES]: the correct images of each class
          rows.push(tf.matMul(tf.reshape(correct, [1, ctx.samples]), perClass));
        }
        return tf.concat(rows, 0);
      });
      const values = await counts.data();
      counts.dispose();
      for (let l = 0; l < k1 - k0; l++) {
        out.push(Int32Array.from(values.subarray(l * CLASSES, (l + 1) * CLASSES), Math.round));
      }
      await ctx.checkpoint?.();
    }
    return { correct: out, totals: classTotals };
  } finally {
    perClass.dispose();
  }
}

/** Level k's output layer as tensors { b: W_k, bias: b_k } (outputWeights), made inside the
 * caller's tidy. */
function outputWeightsByLevel(
  net: NetworkWeights,
  schedule: LayerSchedule | undefined,
  levels: number,
): (k: number) => { b: tf.Tensor2D; bias: tf.Tensor1D } {
  const { W2, b3 } = outputWeights(net, schedule, levels);
  return (k) => ({
    b: tf.tensor2d(W2.subarray(k * HIDDEN * CLASSES, (k + 1) * HIDDEN * CLASSES), [
      HIDDEN,
      CLASSES,
    ]),
    bias: tf.tensor1d(b3.subarray(k * CLASSES, (k + 1) * CLASSES)),
  });
}

/** The curve as the WGSL program of kernels/curve-counts.ts computes it: same steps, same output
 * weights per level. */
async function fusedAccuracyCurve(ctx: EvaluationContext, plan: CurvePlan): Promise<number[]> {
  const hidden = plan.layer1 && plan.layer1.steps.length > 0;
  const first = hidden ? plan.layer1! : (plan.layer2 ?? prefixSchedule([], plan.levels));
  const base = hidden ? ctx.z2 : ctx.logits;
  const width = base.shape[1];
  // A curve without steps still gets one (never applied), so that no input is empty.
  const steps: RankOneStep[] =
    first.steps.length > 0
      ? first.steps
      : [{ plus: -1, minus: 0, constant: 0, direction: new Float32Array(width) }];
  const inputs: CurveCountsInputs = {
    base,
    stepInputs: stepInputs(hidden ? ctx.t1 : ctx.t2, steps)!,
    stepDirections: stepDirections(steps, width)!,
    applied: tf.tensor1d(first.applied.subarray(0, plan.levels), 'int32'),
    labels: ctx.labels,
  };
  if (hidden) {
    const { W2, b3 } = outputWeights(ctx.net, plan.layer2, plan.levels);
    inputs.output = {
      activation: ctx.activation,
      weights: tf.tensor3d(W2, [plan.levels, width, CLASSES]),
      biases: tf.tensor2d(b3, [plan.levels, CLASSES]),
    };
  }
  const backend = tf.backend() as WebGPUBackend;
  const accuracies: number[] = [];
  try {
    for (let k0 = 0; k0 < plan.levels; k0 += FUSED_LEVEL_CHUNK) {
      const k1 = Math.min(plan.levels, k0 + FUSED_LEVEL_CHUNK);
      const { counts, error } = curveCounts(backend, inputs, k0, k1);
      const [values, problem] = await Promise.all([counts.data(), error]);
      counts.dispose();
      if (problem) throw new Error(`The fused curve program failed on WebGPU: ${problem.message}`);
      for (const c of values) accuracies.push((100 * c) / ctx.samples);
      await ctx.checkpoint?.();
    }
  } finally {
    tf.dispose([inputs.stepInputs, inputs.stepDirections, inputs.applied]);
    if (inputs.output) tf.dispose([inputs.output.weights, inputs.output.biases]);
  }
  return accuracies;
}

/** u_q = c_q + t_plus - t_minus for every step and sample, [steps][N], from t's values [N][n]. */
function stepInputValues(
  t: ArrayLike<number>,
  samples: number,
  steps: RankOneStep[],
): Float32Array {
  const width = steps.length > 0 ? t.length / samples : 0;
  const u = new Float32Array(steps.length * samples);
  for (const [q, step] of steps.entries()) {
    for (let s = 0; s < samples; s++) {
      const row = s * width;
      u[q * samples + s] =
        step.constant - t[row + step.minus] + (step.plus >= 0 ? t[row + step.plus] : 0);
    }
  }
  return u;
}

/** The same as [N, 1] tensors, one per step. */
function stepColumns(t: ArrayLike<number>, samples: number, steps: RankOneStep[]): tf.Tensor2D[] {
  const u = stepInputValues(t, samples, steps);
  return steps.map((_, q) => tf.tensor2d(u.subarray(q * samples, (q + 1) * samples), [samples, 1]));
}

/**
 * What the WebAssembly SIMD engine's curve needs (simd/curve.ts): the same state, step inputs and
 * directions, and folded output weights as the tensor path, read back as arrays.
 */
async function simdInputs(ctx: EvaluationContext, plan: CurvePlan): Promise<SimdCurveInputs> {
  const hidden = plan.layer1 && plan.layer1.steps.length > 0;
  const first = hidden ? plan.layer1! : (plan.layer2 ?? prefixSchedule([], plan.levels));
  const base = hidden ? ctx.z2 : ctx.logits;
  const [state, t, labels] = await Promise.all([
    base.data() as Promise<Float32Array>,
    (hidden ? ctx.t1 : ctx.t2).data() as Promise<Float32Array>,
    ctx.labels.data(),
  ]);
  // The output weights stay as they are at every level of a layer-1 curve without layer-2 steps:
  // then samples whose decision cannot change are skipped (simd/curve.ts).
  const fixedOutput = hidden && !(plan.layer2 && plan.layer2.steps.length > 0);
  return {
    activation: ctx.activation,
    samples: ctx.samples,
    width: base.shape[1],
    state,
    inputs: stepInputValues(t, ctx.samples, first.steps),
    directions: first.steps.map((s) => s.direction),
    applied: first.applied,
    levels: plan.levels,
    output: hidden ? outputWeights(ctx.net, plan.layer2, plan.levels) : null,
    fixedOutput: fixedOutput ? ctx.net.W2 : null,
    labels,
    checkpointEvery: LEVEL_CHUNK,
    checkpoint: ctx.checkpoint,
  };
}

/** u_q = c_q + t_plus - t_minus for every step, as one product t @ Sel + c: [N][steps]. */
function stepInputs(t: tf.Tensor2D, steps: RankOneStep[]): tf.Tensor2D | null {
  if (steps.length === 0) return null;
  const width = t.shape[1];
  const select = new Float32Array(width * steps.length);
  const constants = new Float32Array(steps.length);
  steps.forEach((s, q) => {
    select[s.minus * steps.length + q] -= 1;
    if (s.plus >= 0) select[s.plus * steps.length + q] += 1;
    constants[q] = s.constant;
  });
  return tf.tidy(
    () =>
      tf.add(
        tf.matMul(t, tf.tensor2d(select, [width, steps.length])),
        tf.tensor1d(constants),
      ) as tf.Tensor2D,
  );
}

function stepDirections(steps: RankOneStep[], width: number): tf.Tensor2D | null {
  if (steps.length === 0) return null;
  const v = new Float32Array(steps.length * width);
  for (const [q, s] of steps.entries()) v.set(s.direction, q * width);
  return tf.tensor2d(v, [steps.length, width]) as tf.Tensor2D;
}

/**
 * W^(2) and b^(3) with the first applied[k] layer-2 steps folded in, for every level k:
 * replacing t_minus by c + t_plus is W2[plus] += d, W2[minus] -= d, b3 += c d (for an ablation,
 * d is row `minus` itself, so that row becomes exactly zero and the constant moves into b3).
 */
export function outputWeights(
  net: NetworkWeights,
  schedule: LayerSchedule | undefined,
  levels: number,
): { W2: Float32Array; b3: Float32Array } {
  const W2 = new Float32Array(levels * HIDDEN * CLASSES);
  const b3 = new Float32Array(levels * CLASSES);
  const w = Float32Array.from(net.W2);
  const b = Float32Array.from(net.b3);
  let applied = 0;
  for (let k = 0; k < levels; k++) {
    const target = schedule ? schedule.applied[k] : 0;
    for (; applied < target; applied++) applyStep(w, b, schedule!.steps[applied], CLASSES);
    W2.set(w, k * HIDDEN * CLASSES);
    b3.set(b, k * CLASSES);
  }
  return { W2, b3 };
}

function applyStep(w: Float32Array, b: Float32Array, step: RankOneStep, m: number): void {
  for (let o = 0; o < m; o++) {
    const d = step.direction[o];
    w[step.minus * m + o] -= d;
    if (step.plus >= 0) w[step.plus * m + o] += d;
    b[o] += step.constant * d;
  }
}

/**
 * Reference path for tests and the benchmark: at every level, edit the weights of both layers and
 * run the whole network on the test images again.
 */
export async function naiveAccuracyCurve(
  net: NetworkWeights,
  activation: Activation,
  x: tf.Tensor2D,
  labels: Uint8Array,
  plan: CurvePlan,
): Promise<number[]> {
  const out: number[] = [];
  const y = tf.tensor1d(Int32Array.from(labels), 'int32');
  for (let k = 0; k < plan.levels; k++) {
    const W1 = Float32Array.from(net.W1);
    const b2 = Float32Array.from(net.b2);
    const W2 = Float32Array.from(net.W2);
    const b3 = Float32Array.from(net.b3);
    const n1 = plan.layer1 ? plan.layer1.applied[k] : 0;
    for (let q = 0; q < n1; q++) applyStep(W1, b2, plan.layer1!.steps[q], HIDDEN);
    const n2 = plan.layer2 ? plan.layer2.applied[k] : 0;
    for (let q = 0; q < n2; q++) applyStep(W2, b3, plan.layer2!.steps[q], CLASSES);
    out.push(await testAccuracy({ ...net, W1, b2, W2, b3 }, activation, x, y));
  }
  y.dispose();
  return out;
}
