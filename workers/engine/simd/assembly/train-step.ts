// AssemblyScript: one training step of one network (docs/method.md §1, eq. 6), the same arithmetic
// as train.ts `adamStep` (tested equal to it, tests/engine/simd.test.ts): forward pass (eq. 1),
// mean cross-entropy plus lambda * sum of squared kernel entries, the hand-written backward pass,
// and Adam in Keras' form. All buffers are laid out once by simd/engine.ts; a step allocates
// nothing. Row-vector convention of §4: z^(i+1) = t^(i) W^(i) + b^(i+1), W row-major.
//
// Parameters, their Adam moments m and v and their gradient g share one layout of PARAMS floats:
// W0 [784][100], b1 [100], W1 [100][100], b2 [100], W2 [100][12], b3 [12]. The output layer is
// padded from 10 to 12 columns so that its rows are whole vectors; the padding's gradient is 0, so
// it stays 0 through Adam and adds nothing.
import { activateRow, axpy, dot, slope4 } from './vector';

export const INPUTS: i32 = 784;
export const HIDDEN: i32 = 100;
export const CLASSES: i32 = 10;
/** Output columns, padded to whole vectors. */
export const PADDED: i32 = 12;

const W0: i32 = 0;
const B1: i32 = W0 + INPUTS * HIDDEN;
const W1: i32 = B1 + HIDDEN;
const B2: i32 = W1 + HIDDEN * HIDDEN;
const W2: i32 = B2 + HIDDEN;
const B3: i32 = W2 + HIDDEN * PADDED;
export const PARAMS: i32 = B3 + PADDED;

// The layout (byte addresses), set by configure().
let params: usize = 0;
let moment1: usize = 0;
let moment2: usize = 0;
let grads: usize = 0;
let images: usize = 0;
let labels: usize = 0;
let shift: usize = 0;
let scale: usize = 0;
let batchIndex: usize = 0;
let x: usize = 0;
let nonzero: usize = 0;
let nonzeroCount: usize = 0;
let t1: usize = 0;
let t2: usize = 0;
let logits: usize = 0;
let dz2: usize = 0;
let dz1: usize = 0;
let mask1: usize = 0;
let mask2: usize = 0;
/** p / 255 for every pixel value p, the division done once (the same bits as dividing each time),
 * in the module's static data (below __heap_base, where simd/engine.ts lays nothing out). */
const UNIT: usize = memory.data(256 * 4, 16);

/** Where everything lives; shift = 0 means pixels in [0, 1], mask1 = 0 means no removed rows. */
export function configure(
  paramsAt: usize,
  moment1At: usize,
  moment2At: usize,
  gradsAt: usize,
  imagesAt: usize,
  labelsAt: usize,
  shiftAt: usize,
  scaleAt: usize,
  batchIndexAt: usize,
  workspaceAt: usize,
  maxBatch: i32,
  mask1At: usize,
  mask2At: usize,
): void {
  params = paramsAt;
  moment1 = moment1At;
  moment2 = moment2At;
  grads = gradsAt;
  images = imagesAt;
  labels = labelsAt;
  shift = shiftAt;
  scale = scaleAt;
  batchIndex = batchIndexAt;
  mask1 = mask1At;
  mask2 = mask2At;
  for (let p = 0; p < 256; p++) store<f32>(at(UNIT, p), <f32>p / <f32>255.0);
  const b = <usize>maxBatch;
  x = workspaceAt;
  nonzero = x + b * <usize>INPUTS * 4;
  nonzeroCount = nonzero + b * <usize>INPUTS * 4;
  t1 = nonzeroCount + ((b * 4 + 15) & ~15);
  t2 = t1 + b * <usize>HIDDEN * 4;
  logits = t2 + b * <usize>HIDDEN * 4;
  dz2 = logits + b * <usize>PADDED * 4;
  dz1 = dz2 + b * <usize>HIDDEN * 4;
}

/** Bytes of workspace configure() lays out for a batch of `maxBatch`. */
export function workspaceBytes(maxBatch: i32): usize {
  const b = <usize>maxBatch;
  return (
    b * <usize>INPUTS * 8 +
    ((b * 4 + 15) & ~15) +
    b * <usize>(HIDDEN * 4 + PADDED) * 4
  );
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * The batch's pixels as floats: p / 255, then (standardised inputs) (p - shift) / scale, as
 * train.ts imagesTensor; and per sample the list of its non-zero inputs, which are all that
 * layer 1's products and gradient need (about a fifth of MNIST's pixels).
 */
function gather(batch: i32): void {
  for (let r = 0; r < batch; r++) {
    const sample = <usize>load<i32>(at(batchIndex, r));
    const pixels = images + sample * <usize>INPUTS;
    const row = at(x, r * INPUTS);
    const list = at(nonzero, r * INPUTS);
    let count = 0;
    for (let p = 0; p < INPUTS; p++) {
      let v = load<f32>(UNIT + (<usize>load<u8>(pixels + <usize>p) << 2));
      if (shift != 0) v = (v - load<f32>(at(shift, p))) / load<f32>(at(scale, p));
      store<f32>(at(row, p), v);
      if (v != 0) {
        store<i32>(at(list, count), p);
        count++;
      }
    }
    store<i32>(at(nonzeroCount, r), count);
  }
}

/** Forward pass (eq. 1) of one sample: t1, t2 and the logits. */
function forwardSample(r: i32, activation: i32): void {
  const row = at(x, r * INPUTS);
  const list = at(nonzero, r * INPUTS);
  const count = load<i32>(at(nonzeroCount, r));
  const h1 = at(t1, r * HIDDEN);
  memory.copy(h1, at(params, B1), <usize>HIDDEN * 4);
  for (let c = 0; c < count; c++) {
    const p = load<i32>(at(list, c));
    axpy(h1, load<f32>(at(row, p)), at(params, W0 + p * HIDDEN), HIDDEN);
  }
  activateRow(h1, HIDDEN, activation);
  const h2 = at(t2, r * HIDDEN);
  memory.copy(h2, at(params, B2), <usize>HIDDEN * 4);
  for (let j = 0; j < HIDDEN; j++) {
    const a = load<f32>(at(h1, j));
    if (a != 0) axpy(h2, a, at(params, W1 + j * HIDDEN), HIDDEN);
  }
  activateRow(h2, HIDDEN, activation);
  const out = at(logits, r * PADDED);
  memory.copy(out, at(params, B3), <usize>PADDED * 4);
  for (let j = 0; j < HIDDEN; j++) {
    axpy(out, load<f32>(at(h2, j)), at(params, W2 + j * PADDED), PADDED);
  }
}

/**
 * Cross-entropy of one sample (eq. 6, before the mean), and d loss / d logits =
 * (softmax - onehot) / batch written over the logits, through log-softmax as tf.logSoftmax.
 */
function softmaxSample(r: i32, batch: i32): f32 {
  const out = at(logits, r * PADDED);
  const label = <i32>load<u8>(labels + <usize>load<i32>(at(batchIndex, r)));
  let top = load<f32>(out);
  for (let o = 1; o < CLASSES; o++) top = max(top, load<f32>(at(out, o)));
  let sum: f32 = 0;
  for (let o = 0; o < CLASSES; o++) sum += Mathf.exp(load<f32>(at(out, o)) - top);
  const logSum = Mathf.log(sum);
  let loss: f32 = 0;
  for (let o = 0; o < CLASSES; o++) {
    const logP = load<f32>(at(out, o)) - top - logSum;
    const target: f32 = o == label ? 1 : 0;
    if (o == label) loss = -logP;
    store<f32>(at(out, o), (Mathf.exp(logP) - target) / <f32>batch);
  }
  return loss;
}

/** Backward pass of one sample, accumulating every gradient into g. */
function backwardSample(r: i32, activation: i32): void {
  const dLogits = at(logits, r * PADDED);
  const h1 = at(t1, r * HIDDEN);
  const h2 = at(t2, r * HIDDEN);
  const d2 = at(dz2, r * HIDDEN);
  const d1 = at(dz1, r * HIDDEN);
  // dZ2 = (dLogits W2^T) * sigma'(t2)
  for (let j = 0; j < HIDDEN; j++) {
    store<f32>(at(d2, j), dot(dLogits, at(params, W2 + j * PADDED), PADDED));
  }
  for (let j = 0; j < HIDDEN; j += 4) {
    v128.store(at(d2, j), f32x4.mul(v128.load(at(d2, j)), slope4(v128.load(at(h2, j)), activation)));
  }
  // dZ1 = (dZ2 W1^T) * sigma'(t1)
  for (let i = 0; i < HIDDEN; i++) {
    store<f32>(at(d1, i), dot(d2, at(params, W1 + i * HIDDEN), HIDDEN));
  }
  for (let i = 0; i < HIDDEN; i += 4) {
    v128.store(at(d1, i), f32x4.mul(v128.load(at(d1, i)), slope4(v128.load(at(h1, i)), activation)));
  }
  // output layer: gW2 += t2^T dLogits, gb3 += dLogits
  axpy(at(grads, B3), 1, dLogits, PADDED);
  for (let j = 0; j < HIDDEN; j++) {
    const a = load<f32>(at(h2, j));
    if (a != 0) axpy(at(grads, W2 + j * PADDED), a, dLogits, PADDED);
  }
  // layer 2: gW1 += t1^T dZ2, gb2 += dZ2
  axpy(at(grads, B2), 1, d2, HIDDEN);
  for (let i = 0; i < HIDDEN; i++) {
    const a = load<f32>(at(h1, i));
    if (a != 0) axpy(at(grads, W1 + i * HIDDEN), a, d2, HIDDEN);
  }
  // layer 1: gW0 += x^T dZ1 over the sample's non-zero inputs, gb1 += dZ1
  axpy(at(grads, B1), 1, d1, HIDDEN);
  const row = at(x, r * INPUTS);
  const list = at(nonzero, r * INPUTS);
  const count = load<i32>(at(nonzeroCount, r));
  for (let c = 0; c < count; c++) {
    const p = load<i32>(at(list, c));
    axpy(at(grads, W0 + p * HIDDEN), load<f32>(at(row, p)), d1, HIDDEN);
  }
}

// Adam's constants for the current step (set by step()).
let beta1: v128;
let oneMinusBeta1: v128;
let beta2: v128;
let oneMinusBeta2: v128;
let epsilon: v128;
let stepSize: v128;
let twoLambda: v128;
/** sum of squared kernel entries before the update, for the loss's L2 term. */
let squares: v128;

/**
 * Adam over rows x cols entries at `offset` (Keras: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= step m / (sqrt(v) + eps)), with g = (gradient + 2 lambda w) * mask[row] for kernels
 * (mask 0: a removed neuron's outgoing row keeps its value, fine-tune.ts), and the gradient
 * cleared for the next step.
 */
function adam(offset: i32, rows: i32, cols: i32, kernel: bool, mask: usize): void {
  for (let i = 0; i < rows; i++) {
    const factor = f32x4.splat(mask != 0 ? load<f32>(at(mask, i)) : 1);
    const base = offset + i * cols;
    for (let k = 0; k < cols; k += 4) {
      const wAt = at(params, base + k);
      const mAt = at(moment1, base + k);
      const vAt = at(moment2, base + k);
      const gAt = at(grads, base + k);
      const w = v128.load(wAt);
      let g = v128.load(gAt);
      if (kernel) {
        g = f32x4.add(g, f32x4.mul(twoLambda, w));
        squares = f32x4.add(squares, f32x4.mul(w, w));
      }
      if (mask != 0) g = f32x4.mul(g, factor);
      const m = f32x4.add(f32x4.mul(beta1, v128.load(mAt)), f32x4.mul(oneMinusBeta1, g));
      const v = f32x4.add(
        f32x4.mul(beta2, v128.load(vAt)),
        f32x4.mul(oneMinusBeta2, f32x4.mul(g, g)),
      );
      v128.store(mAt, m);
      v128.store(vAt, v);
      v128.store(
        wAt,
        f32x4.sub(w, f32x4.mul(stepSize, f32x4.div(m, f32x4.add(f32x4.sqrt(v), epsilon)))),
      );
      v128.store(gAt, f32x4.splat(0));
    }
  }
}

/**
 * One Adam step on the batch whose sample indices are at batchIndex; returns its loss, the mean
 * cross-entropy plus lambda * sum of squared kernel entries (before the update, as adamStep).
 * `masked`: multiply the gradients of W1's and W2's rows by mask1 and mask2 (fine-tuning).
 */
export function step(
  batch: i32,
  activation: i32,
  lambda: f32,
  size: f32,
  b1: f32,
  oneMinusB1: f32,
  b2: f32,
  oneMinusB2: f32,
  eps: f32,
  masked: bool,
): f32 {
  gather(batch);
  let crossEntropy: f32 = 0;
  for (let r = 0; r < batch; r++) {
    forwardSample(r, activation);
    crossEntropy += softmaxSample(r, batch);
    backwardSample(r, activation);
  }
  beta1 = f32x4.splat(b1);
  oneMinusBeta1 = f32x4.splat(oneMinusB1);
  beta2 = f32x4.splat(b2);
  oneMinusBeta2 = f32x4.splat(oneMinusB2);
  epsilon = f32x4.splat(eps);
  stepSize = f32x4.splat(size);
  twoLambda = f32x4.splat(<f32>2 * lambda);
  squares = f32x4.splat(0);
  adam(W0, INPUTS, HIDDEN, true, 0);
  adam(B1, 1, HIDDEN, false, 0);
  adam(W1, HIDDEN, HIDDEN, true, masked ? mask1 : 0);
  adam(B2, 1, HIDDEN, false, 0);
  adam(W2, HIDDEN, PADDED, true, masked ? mask2 : 0);
  adam(B3, 1, PADDED, false, 0);
  const l2 =
    f32x4.extract_lane(squares, 0) +
    f32x4.extract_lane(squares, 1) +
    (f32x4.extract_lane(squares, 2) + f32x4.extract_lane(squares, 3));
  return crossEntropy / <f32>batch + lambda * l2;
}
