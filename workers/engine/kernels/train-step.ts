/**
 * The ensemble's training step as a handful of WGSL programs for all seeds at once: the fused form
 * of `adamStep` (../train.ts) in the batched layout, for the WebGPU backend (layout 'fused').
 *
 * On WebGPU the tensor path is dispatch-bound: one step is about 136 kernels per seed (or per
 * ensemble in the batched layout, whose batched matrix products are slow on a software adapter).
 * Here a step is eight dispatches for all S seeds, whatever S:
 *
 *   1. t1 = act(x[idx] W0 + b1)                      one invocation per (seed, row, unit)
 *   2. t2 = act(t1 W1 + b2)
 *   3. logits = t2 W2 + b3, log-softmax, dLogits = (softmax - onehot) / B, and the row's
 *      cross-entropy -log p[label]                   one invocation per (seed, row)
 *   4. dZ2 = dLogits W2^T * act'(t2)
 *   5. dZ1 = dZ2 W1^T * act'(t1)
 *   6-8. per layer, one invocation per parameter entry (kernel and bias): its gradient
 *      (sum over the batch of input * delta, + 2 l2 w for a kernel entry) and Keras' Adam update of
 *      the entry, its first and its second moment
 *
 * and a ninth, only when the loss is read: each seed's mean cross-entropy + l2 * sum of squared
 * kernel entries, from the parameters before the update, as `adamStep` returns it.
 *
 * The parameters of layer l live in one tensor with its Adam moments: [3][S][(in + 1) * out] —
 * values, m, v — where row `in` of each seed's block is the bias (a kernel row whose input is 1).
 * A WebGPU program has one output, so the update writes a fresh tensor and the old one is freed;
 * a program binds at most 4 storage buffers (devices allow 8). Batch rows are read straight from
 * the full image tensor through the seeds' index array [S][B], so there is no gather.
 * The arithmetic is `adamStep`'s, in float32, with other summation orders.
 */
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../../src/lib/figure-data';
import { CLASSES, HIDDEN, INPUTS, type NetworkWeights, PARAM_SHAPES } from '../model';

const WORKGROUP = 64;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** dLogits rows carry the row's cross-entropy in an 11th column. */
const OUT_STRIDE = CLASSES + 1;

/** The three layers: sizes, and which parameters of NetworkWeights they hold. */
const LAYERS = [
  { inputs: INPUTS, outputs: HIDDEN, kernel: 'W0', bias: 'b1' },
  { inputs: HIDDEN, outputs: HIDDEN, kernel: 'W1', bias: 'b2' },
  { inputs: HIDDEN, outputs: CLASSES, kernel: 'W2', bias: 'b3' },
] as const;

const f32 = (v: number) => {
  const s = String(Math.fround(v));
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
};

const actCode = (activation: Activation) =>
  activation === 'sigmoid' ? '1.0 / (1.0 + exp(-x))' : 'max(x, 0.0)';
/** d t / d z through the output t, as `activationSlope`: sigmoid t(1-t), ReLU 1[t > 0]. */
const slopeCode = (activation: Activation) =>
  activation === 'sigmoid' ? 't * (1.0 - t)' : 'select(0.0, 1.0, t > 0.0)';

abstract class StepProgram implements WebGPUProgram {
  abstract variableNames: string[];
  outputShape: number[];
  abstract shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'batch : i32, seeds : i32, stepSize : f32, l2 : f32,';
  size = true;

  /** `size` output entries (uniforms.size), `threads` invocations (default one per entry). */
  constructor(size: number, threads = size) {
    this.outputShape = [size];
    this.dispatch = [Math.ceil(threads / WORKGROUP), 1, 1];
  }
  abstract getUserCode(): string;
}

/**
 * Columns of a layer's output per invocation (1, 2 or 4, dividing the layer's width): each input
 * value read once serves that many products, and there are that many times fewer invocations.
 */
/** Batch rows (forward) or kernel rows (Adam: inputs, and the bias row) per invocation. */
const ROWS = 4;

const columnsPerInvocation = (outputs: number) =>
  outputs % 4 === 0 ? 4 : outputs % 2 === 0 ? 2 : 1;

/**
 * Steps 1-2: t = act(src W + b), src = x[idx] for layer 0, for ROWS batch rows x
 * columnsPerInvocation units per invocation. Output [S][B][out].
 */
class ForwardProgram extends StepProgram {
  variableNames: string[];
  shaderKey: string;
  constructor(
    seeds: number,
    batch: number,
    private readonly layer: number,
    private readonly activation: Activation,
  ) {
    const { outputs } = LAYERS[layer];
    super(
      seeds * batch * outputs,
      seeds * Math.ceil(batch / ROWS) * (outputs / columnsPerInvocation(outputs)),
    );
    this.variableNames = layer === 0 ? ['src', 'state', 'idx'] : ['src', 'state'];
    this.shaderKey = `fusedTrainForward_${layer}_${activation}`;
  }
  getUserCode(): string {
    const { inputs: I, outputs: O } = LAYERS[this.layer];
    const U = columnsPerInvocation(O);
    const row = (b: string) => (this.layer === 0 ? `idx[s * B + ${b}]` : `s * B + ${b}`);
    return `
  fn act(x : f32) -> f32 { return ${actCode(this.activation)}; }
  fn main(index : i32) {
    let B = uniforms.batch;
    let blocks = ((B + ${ROWS - 1}) / ${ROWS}) * ${O / U};
    if (index >= uniforms.seeds * blocks) { return; }
    let s = index / blocks;
    let block = index % blocks;
    let b0 = (block / ${O / U}) * ${ROWS};
    let j = (block % ${O / U}) * ${U};
    var x0 : array<i32, ${ROWS}>;
    for (var r = 0; r < ${ROWS}; r++) { x0[r] = (${row(`min(b0 + r, B - 1)`)}) * ${I}; }
    let w0 = s * ${(I + 1) * O} + j;
    var acc : array<f32, ${ROWS * U}>;
    for (var k = 0; k < ${ROWS * U}; k++) { acc[k] = 0.0; }
    for (var i = 0; i < ${I}; i++) {
      let w = w0 + i * ${O};
      var wv : array<f32, ${U}>;
      for (var u = 0; u < ${U}; u++) { wv[u] = state[w + u]; }
      for (var r = 0; r < ${ROWS}; r++) {
        let a = src[x0[r] + i];
        for (var u = 0; u < ${U}; u++) { acc[r * ${U} + u] = acc[r * ${U} + u] + a * wv[u]; }
      }
    }
    for (var r = 0; r < ${ROWS}; r++) {
      let b = b0 + r;
      if (b >= B) { break; }
      let o = ((s * B + b) * ${O}) + j;
      for (var u = 0; u < ${U}; u++) {
        result[o + u] = act(acc[r * ${U} + u] + state[w0 + ${I * O} + u]);
      }
    }
  }`;
  }
}

/** Step 3: logits, log-softmax, dLogits and the row's cross-entropy. Output [S][B][11]. */
class OutputProgram extends StepProgram {
  variableNames = ['t2', 'state', 'labels', 'idx'];
  shaderKey = 'fusedTrainOutput';
  constructor(rows: number) {
    super(rows * OUT_STRIDE, rows);
  }
  getUserCode(): string {
    const I = HIDDEN;
    const C = CLASSES;
    return `
  fn main(index : i32) {
    let B = uniforms.batch;
    let rows = B * uniforms.seeds;
    if (index >= rows) { return; }
    let s = index / B;
    let w0 = s * ${(I + 1) * C};
    var logits : array<f32, ${C}>;
    for (var c = 0; c < ${C}; c++) { logits[c] = 0.0; }
    for (var i = 0; i < ${I}; i++) {
      let t = t2[index * ${I} + i];
      for (var c = 0; c < ${C}; c++) { logits[c] = logits[c] + t * state[w0 + i * ${C} + c]; }
    }
    var top = -3.402823e+38;
    for (var c = 0; c < ${C}; c++) {
      logits[c] = logits[c] + state[w0 + ${I * C} + c];
      top = max(top, logits[c]);
    }
    var total = 0.0;
    for (var c = 0; c < ${C}; c++) { total = total + exp(logits[c] - top); }
    let logTotal = log(total);
    let label = labels[idx[index]];
    let o = index * ${OUT_STRIDE};
    for (var c = 0; c < ${C}; c++) {
      let logP = logits[c] - top - logTotal;
      var y = 0.0;
      if (c == label) { y = 1.0; result[o + ${C}] = -logP; }
      result[o + c] = (exp(logP) - y) / f32(B);
    }
  }`;
  }
}

/** Steps 4-5: dZ = delta W^T * act'(t), W the next layer's kernel. Output [S][B][HIDDEN]. */
class BackwardProgram extends StepProgram {
  variableNames = ['delta', 'state', 'outputs'];
  shaderKey: string;
  constructor(
    size: number,
    private readonly next: number,
    private readonly activation: Activation,
  ) {
    super(size);
    this.shaderKey = `fusedTrainBackward_${next}_${activation}`;
  }
  getUserCode(): string {
    const { inputs: I, outputs: O } = LAYERS[this.next];
    const stride = this.next === 2 ? OUT_STRIDE : O;
    return `
  fn main(index : i32) {
    if (index >= uniforms.size) { return; }
    let B = uniforms.batch;
    let j = index % ${I};
    let r = index / ${I};
    let s = r / B;
    let w0 = s * ${(I + 1) * O} + j * ${O};
    var acc = 0.0;
    for (var c = 0; c < ${O}; c++) { acc = acc + delta[r * ${stride} + c] * state[w0 + c]; }
    let t = outputs[index];
    result[index] = acc * (${slopeCode(this.activation)});
  }`;
  }
}

/**
 * Steps 6-8: gradient and Adam update of every entry of a layer, ROWS x columnsPerInvocation
 * entries per invocation (each input and delta value read serves that many products). The bias is
 * row `in`, whose input is 1. Output [3][S][(in + 1) * out].
 */
class AdamProgram extends StepProgram {
  variableNames: string[];
  shaderKey: string;
  constructor(
    seeds: number,
    private readonly layer: number,
  ) {
    const { inputs, outputs } = LAYERS[layer];
    super(
      3 * seeds * (inputs + 1) * outputs,
      seeds * Math.ceil((inputs + 1) / ROWS) * (outputs / columnsPerInvocation(outputs)),
    );
    this.variableNames = layer === 0 ? ['state', 'src', 'delta', 'idx'] : ['state', 'src', 'delta'];
    this.shaderKey = `fusedTrainAdam_${layer}`;
  }
  getUserCode(): string {
    const { inputs: I, outputs: O } = LAYERS[this.layer];
    const U = columnsPerInvocation(O);
    const N = (I + 1) * O;
    const blocks = Math.ceil((I + 1) / ROWS) * (O / U);
    const stride = this.layer === 2 ? OUT_STRIDE : O;
    const row = this.layer === 0 ? 'idx[s * B + b]' : 's * B + b';
    return `
  fn main(index : i32) {
    let B = uniforms.batch;
    let seeds = uniforms.seeds;
    if (index >= seeds * ${blocks}) { return; }
    let s = index / ${blocks};
    let block = index % ${blocks};
    let i0 = (block / ${O / U}) * ${ROWS};
    let j = (block % ${O / U}) * ${U};
    var g : array<f32, ${ROWS * U}>;
    for (var k = 0; k < ${ROWS * U}; k++) { g[k] = 0.0; }
    for (var b = 0; b < B; b++) {
      let x0 = (${row}) * ${I};
      let d = (s * B + b) * ${stride} + j;
      var dv : array<f32, ${U}>;
      for (var u = 0; u < ${U}; u++) { dv[u] = delta[d + u]; }
      for (var r = 0; r < ${ROWS}; r++) {
        let i = i0 + r;
        var a = 1.0;
        if (i < ${I}) { a = src[x0 + i]; }
        for (var u = 0; u < ${U}; u++) { g[r * ${U} + u] = g[r * ${U} + u] + a * dv[u]; }
      }
    }
    let plane = seeds * ${N};
    for (var r = 0; r < ${ROWS}; r++) {
      let i = i0 + r;
      if (i > ${I}) { break; }
      for (var u = 0; u < ${U}; u++) {
        let p = s * ${N} + i * ${O} + j + u;
        let w = state[p];
        var grad = g[r * ${U} + u];
        if (i < ${I}) { grad = grad + 2.0 * uniforms.l2 * w; }
        let m = ${f32(BETA1)} * state[plane + p] + ${f32(1 - BETA1)} * grad;
        let v = ${f32(BETA2)} * state[2 * plane + p] + ${f32(1 - BETA2)} * (grad * grad);
        result[plane + p] = m;
        result[2 * plane + p] = v;
        result[p] = w - uniforms.stepSize * (m / (sqrt(v) + ${f32(EPSILON)}));
      }
    }
  }`;
  }
}

/** Each seed's loss before the update: mean cross-entropy + l2 * sum of squared kernels. [S]. */
class LossProgram extends StepProgram {
  variableNames = ['rows', 'state0', 'state1', 'state2'];
  shaderKey = 'fusedTrainLoss';
  constructor(seeds: number) {
    super(seeds * WORKGROUP);
    this.outputShape = [seeds];
    this.dispatch = [seeds, 1, 1];
  }
  getUserCode(): string {
    const sum = (name: string, l: number) => {
      const { inputs: I, outputs: O } = LAYERS[l];
      return `
    for (var e = k; e < ${I * O}; e += ${WORKGROUP}) {
      let w = ${name}[s * ${(I + 1) * O} + e];
      squares = squares + w * w;
    }`;
    };
    return `
  var<workgroup> partialCe : array<f32, ${WORKGROUP}>;
  var<workgroup> partialSq : array<f32, ${WORKGROUP}>;
  fn main(index : i32) {
    let s = i32(workgroupId.x);
    let k = i32(localId.x);
    let B = uniforms.batch;
    var ce = 0.0;
    for (var b = k; b < B; b += ${WORKGROUP}) { ce = ce + rows[(s * B + b) * ${OUT_STRIDE} + ${CLASSES}]; }
    var squares = 0.0;
    ${sum('state0', 0)}
    ${sum('state1', 1)}
    ${sum('state2', 2)}
    partialCe[k] = ce;
    partialSq[k] = squares;
    workgroupBarrier();
    for (var width = ${WORKGROUP / 2}; width > 0; width = width / 2) {
      if (k < width) {
        partialCe[k] = partialCe[k] + partialCe[k + width];
        partialSq[k] = partialSq[k] + partialSq[k + width];
      }
      workgroupBarrier();
    }
    if (k == 0) { result[s] = partialCe[0] / f32(B) + uniforms.l2 * partialSq[0]; }
  }`;
  }
}

export interface FusedStepOptions {
  activation: Activation;
  learningRate: number;
  l2: number;
}

/**
 * An ensemble of S networks training together on WebGPU through the fused programs. Holds the
 * parameters and Adam moments; `step` runs one batch of every seed; `weights` reads them back.
 */
export class FusedEnsemble {
  private states: tf.Tensor[];
  private readonly backend: WebGPUBackend;
  readonly seeds: number;

  constructor(
    inits: NetworkWeights[],
    private readonly options: FusedStepOptions,
  ) {
    if (tf.getBackend() !== 'webgpu') {
      throw new Error(`the fused training step needs the webgpu backend, not ${tf.getBackend()}`);
    }
    this.backend = tf.backend() as WebGPUBackend;
    this.seeds = inits.length;
    this.states = LAYERS.map(({ inputs, outputs, kernel, bias }) => {
      const n = (inputs + 1) * outputs;
      const values = new Float32Array(3 * this.seeds * n);
      for (const [s, net] of inits.entries()) {
        values.set(net[kernel], s * n);
        values.set(net[bias], s * n + inputs * outputs);
      }
      return tf.tensor1d(values);
    });
  }

  private run(program: StepProgram, inputs: tf.Tensor[], batch: number, stepSize = 0) {
    const info = this.backend.runWebGPUProgram(program, inputs, 'float32', [
      { type: 'int32', data: [batch] },
      { type: 'int32', data: [this.seeds] },
      { type: 'float32', data: [stepSize] },
      { type: 'float32', data: [this.options.l2] },
    ]);
    return tf.engine().makeTensorFromTensorInfo(info);
  }

  /**
   * One Adam step (`step` counts from 1) of every seed on its own batch rows: `index` [S * B] holds
   * seed s's rows of `x` ([N][784], float32) and `labels` ([N], int32) at s * B..(s + 1) * B - 1.
   * With `withLoss`, returns the seeds' losses [S] before the update (the caller disposes them).
   */
  step(
    x: tf.Tensor,
    labels: tf.Tensor,
    index: tf.Tensor,
    step: number,
    withLoss: boolean,
  ): tf.Tensor | null {
    const { activation, learningRate } = this.options;
    const S = this.seeds;
    const B = index.size / S;
    const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** step)) / (1 - BETA1 ** step);
    const [s0, s1, s2] = this.states;
    const t1 = this.run(new ForwardProgram(S, B, 0, activation), [x, s0, index], B);
    const t2 = this.run(new ForwardProgram(S, B, 1, activation), [t1, s1], B);
    const out = this.run(new OutputProgram(S * B), [t2, s2, labels, index], B);
    const loss = withLoss ? this.run(new LossProgram(S), [out, s0, s1, s2], B) : null;
    const dZ2 = this.run(new BackwardProgram(S * B * HIDDEN, 2, activation), [out, s2, t2], B);
    const dZ1 = this.run(new BackwardProgram(S * B * HIDDEN, 1, activation), [dZ2, s1, t1], B);
    const sources = [[x, index], [t1], [t2]];
    const deltas = [dZ1, dZ2, out];
    this.states = LAYERS.map((_, l) =>
      this.run(
        new AdamProgram(S, l),
        [this.states[l], sources[l][0], deltas[l], ...sources[l].slice(1)],
        B,
        stepSize,
      ),
    );
    tf.dispose([s0, s1, s2, t1, t2, out, dZ1, dZ2]);
    return loss;
  }

  /** Each seed's network, read back. */
  async weights(): Promise<NetworkWeights[]> {
    const nets = Array.from({ length: this.seeds }, () => ({}) as NetworkWeights);
    for (const [l, { inputs, outputs, kernel, bias }] of LAYERS.entries()) {
      const all = (await this.states[l].data()) as Float32Array;
      const n = (inputs + 1) * outputs;
      for (const [s, net] of nets.entries()) {
        net[kernel] = all.slice(s * n, s * n + inputs * outputs);
        net[bias] = all.slice(s * n + inputs * outputs, (s + 1) * n);
      }
    }
    for (const { kernel, bias } of LAYERS) {
      for (const net of nets) {
        if (net[kernel].length !== PARAM_SHAPES[kernel][0] * PARAM_SHAPES[kernel][1])
          throw new Error(`fused ensemble: ${kernel} has the wrong size`);
        if (net[bias].length !== PARAM_SHAPES[bias][1]) throw new Error(`${bias} size`);
      }
    }
    return nets;
  }

  dispose(): void {
    tf.dispose(this.states);
  }
}
