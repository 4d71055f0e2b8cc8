/**
 * One WGSL program that evaluates a chunk of levels of an ablation / pruning / merging curve
 * (docs/method.md §4-§6) for every test sample in one dispatch: the fused form of
 * `accuracyCurve`'s tensor path in ../ablation.ts, for the WebGPU backend.
 *
 * On WebGPU the tensor path is dispatch-bound: each level is about ten kernels over a [N, 100]
 * state (add, multiply, activation, matrix product, argmax, compare, mean), and a curve of 101
 * levels is about a thousand dispatches. Here one invocation owns one sample s and walks the levels
 * k0..k1-1 in order, keeping its pre-activations in private memory:
 *
 *   z_k = z_0 + sum_{q < applied[k]} u_q[s] v_q          (the rank-one steps of ../ablation.ts)
 *   logits_k = act(z_k) W_k + b_k                         (eq. 1 with level k's output weights)
 *   correct[k] += [argmax logits_k == y_s]                (first maximum, as tf.argMax)
 *
 * or, with no hidden stage (a curve that only changes layer 2), logits_k = z_k directly. Each
 * dispatch starts again from z_0 (so it needs no state between dispatches; re-applying the earlier
 * steps costs at most one level's work per step), which lets the caller read back and let a cancel
 * in between chunks.
 */

import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../../src/lib/figure-data';

const WORKGROUP = 64;
const CLASSES = 10;

class CurveCountsProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  atomic = true;
  uniforms = 'numSamples : i32, numSteps : i32, levelStart : i32, levelEnd : i32,';

  constructor(
    levels: number,
    samples: number,
    private readonly width: number,
    private readonly activation: Activation | null,
  ) {
    this.outputShape = [levels];
    this.variableNames = activation
      ? ['zBase', 'stepIn', 'stepDir', 'applied', 'labels', 'outW', 'outB']
      : ['zBase', 'stepIn', 'stepDir', 'applied', 'labels'];
    this.dispatch = [Math.ceil(samples / WORKGROUP), 1, 1];
    this.shaderKey = `curveCounts_${width}_${activation ?? 'logits'}`;
  }

  getUserCode(): string {
    const W = this.width;
    const act =
      this.activation === 'sigmoid'
        ? '1.0 / (1.0 + exp(-x))'
        : this.activation
          ? 'max(x, 0.0)'
          : 'x';
    const logits = this.activation
      ? `
      for (var c = 0; c < ${CLASSES}; c++) { logits[c] = outB[k * ${CLASSES} + c]; }
      for (var i = 0; i < ${W}; i++) {
        let t = act(z[i]);
        let row = (k * ${W} + i) * ${CLASSES};
        for (var c = 0; c < ${CLASSES}; c++) { logits[c] = logits[c] + t * outW[row + c]; }
      }`
      : `
      for (var c = 0; c < ${CLASSES}; c++) { logits[c] = z[c]; }`;
    return `
  fn act(x : f32) -> f32 { return ${act}; }

  fn main(index : i32) {
    let s = index;
    if (s >= uniforms.numSamples) { return; }
    let S = uniforms.numSteps;
    var z : array<f32, ${W}>;
    for (var i = 0; i < ${W}; i++) { z[i] = zBase[s * ${W} + i]; }
    var logits : array<f32, ${CLASSES}>;
    let label = labels[s];
    var q = 0;
    for (var k = uniforms.levelStart; k < uniforms.levelEnd; k++) {
      let goal = applied[k];
      for (; q < goal; q++) {
        let u = stepIn[s * S + q];
        let v = q * ${W};
        for (var i = 0; i < ${W}; i++) { z[i] = z[i] + u * stepDir[v + i]; }
      }
      ${logits}
      var best = 0;
      var bestValue = logits[0];
      for (var c = 1; c < ${CLASSES}; c++) {
        if (logits[c] > bestValue) { best = c; bestValue = logits[c]; }
      }
      if (best == label) { atomicAdd(&result[k - uniforms.levelStart], 1); }
    }
  }`;
  }
}

/** Inputs of one curve on the GPU: what ../ablation.ts builds for its tensor path. */
export interface CurveCountsInputs {
  /** z_0: [N, W] pre-activations of the first changed layer's next layer (or the logits). */
  base: tf.Tensor2D;
  /** u_q[s]: [N, S] step inputs. */
  stepInputs: tf.Tensor2D;
  /** v_q: [S, W] step directions. */
  stepDirections: tf.Tensor2D;
  /** Steps applied at each level: [L] int32. */
  applied: tf.Tensor1D;
  labels: tf.Tensor1D;
  /** Level k's output weights [L, W, 10] and biases [L, 10]; absent when z already is the logits. */
  output?: { activation: Activation; weights: tf.Tensor3D; biases: tf.Tensor2D };
}

/**
 * The number of correctly classified samples at levels k0..k1-1, [k1 - k0] int32, in one dispatch.
 * (A fresh output each time: the backend caches a tensor's values on the CPU once read.) WebGPU
 * reports a shader or pipeline that fails validation only to an error scope, and the output would
 * silently stay zero: `error` resolves to that error, or null.
 */
export function curveCounts(
  backend: WebGPUBackend,
  inputs: CurveCountsInputs,
  k0: number,
  k1: number,
): { counts: tf.Tensor1D; error: Promise<GPUError | null> } {
  const [samples, width] = inputs.base.shape;
  const counts = tf.zeros([k1 - k0], 'int32') as tf.Tensor1D;
  const program = new CurveCountsProgram(
    k1 - k0,
    samples,
    width,
    inputs.output?.activation ?? null,
  );
  const tensors: tf.Tensor[] = [
    inputs.base,
    inputs.stepInputs,
    inputs.stepDirections,
    inputs.applied,
    inputs.labels,
  ];
  if (inputs.output) tensors.push(inputs.output.weights, inputs.output.biases);
  backend.device.pushErrorScope('validation');
  backend.runWebGPUProgram(
    program,
    tensors,
    'int32',
    [
      { type: 'int32', data: [samples] },
      { type: 'int32', data: [inputs.stepInputs.shape[1]] },
      { type: 'int32', data: [k0] },
      { type: 'int32', data: [k1] },
    ],
    counts,
  );
  return { counts, error: backend.device.popErrorScope() };
}
