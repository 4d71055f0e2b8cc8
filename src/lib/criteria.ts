/**
 * The importance criteria that pruning libraries ship, for the hidden neurons of one layer
 * (docs/method.md §10): weight magnitude, activation statistics and first-order Taylor. Each is a
 * score per neuron computed once in the intact network (weights, or outputs on the validation set D),
 * like the information measures of §3. Pure: plain arrays in, Float64Array [width] out.
 *
 * Layout: a weight matrix W is row-major [rows][cols] in the row-vector convention of §4
 * (z^(i+1) = t^(i) W^(i) + b), so neuron j's incoming weights are column j of the matrix before its
 * layer and its outgoing weights are row j of the matrix after it. Outputs are [samples][width].
 */
import type { Activation } from './activation';
import { PAPER_THRESHOLD } from './quantize';

function checkSize(what: string, array: ArrayLike<number>, size: number): void {
  if (array.length !== size) {
    throw new RangeError(`${what} has ${array.length} entries, expected ${size}`);
  }
}

/** L_p norm (p = 1 or 2) of each neuron's incoming weights: column j of W [fanIn][width]. */
export function incomingNorm(
  W: ArrayLike<number>,
  fanIn: number,
  width: number,
  p: 1 | 2,
): Float64Array {
  checkSize('incoming weights', W, fanIn * width);
  const out = new Float64Array(width);
  for (let i = 0; i < fanIn; i++) {
    for (let j = 0; j < width; j++) {
      const w = W[i * width + j];
      out[j] += p === 1 ? Math.abs(w) : w * w;
    }
  }
  return p === 1 ? out : out.map(Math.sqrt);
}

/**
 * L2 norm of each neuron's outgoing weights: row j of W [width][fanOut]. He et al. [10] rank nodes by
 * the average L1 norm of their outgoing weights ("onorm"); this is its L2 form (docs/method.md §10).
 */
export function outgoingNorm(W: ArrayLike<number>, width: number, fanOut: number): Float64Array {
  checkSize('outgoing weights', W, width * fanOut);
  const out = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (let k = 0; k < fanOut; k++) s += W[j * fanOut + k] ** 2;
    out[j] = Math.sqrt(s);
  }
  return out;
}

/** Mean output of each neuron over the samples. */
export function meanActivation(
  outputs: ArrayLike<number>,
  samples: number,
  width: number,
): Float64Array {
  checkSize('outputs', outputs, samples * width);
  const out = new Float64Array(width);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < width; j++) out[j] += outputs[i * width + j];
  }
  return out.map((s) => s / samples);
}

/**
 * APoZ (Average Percentage of Zeros, Hu et al. 2016): the share of samples on which a neuron is
 * off. ReLU: outputs exactly 0. Sigmoid never outputs 0, so "off" is below the one-bit quantiser's
 * threshold (eq. 2). A high APoZ marks an unimportant neuron: it is pruned highest first.
 */
export function apoz(
  outputs: ArrayLike<number>,
  samples: number,
  width: number,
  activation: Activation,
  threshold = PAPER_THRESHOLD,
): Float64Array {
  checkSize('outputs', outputs, samples * width);
  const out = new Float64Array(width);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < width; j++) {
      const t = outputs[i * width + j];
      if (activation === 'relu' ? t === 0 : t < threshold) out[j] += 1;
    }
  }
  return out.map((s) => s / samples);
}

/**
 * First-order Taylor criterion (Molchanov et al. 2017) on fully connected neurons: the mean over the
 * samples of |t_j * dL/dt_j|, the first-order estimate of how much the per-sample loss L changes when
 * t_j is set to zero. `gradients` holds dL/dt per sample, [samples][width] like `outputs`.
 */
export function taylor(
  outputs: ArrayLike<number>,
  gradients: ArrayLike<number>,
  samples: number,
  width: number,
): Float64Array {
  checkSize('outputs', outputs, samples * width);
  checkSize('gradients', gradients, samples * width);
  const out = new Float64Array(width);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < width; j++) {
      out[j] += Math.abs(outputs[i * width + j] * gradients[i * width + j]);
    }
  }
  return out.map((s) => s / samples);
}
