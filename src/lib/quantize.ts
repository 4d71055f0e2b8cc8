/**
 * Quantizers Q and Q_B (docs/method.md §2): a hidden layer's outputs on the validation set become bin
 * indices, from which the joint distribution of eq. (2) is counted.
 */
import type { Activation } from './activation';

export type { Activation };

/**
 * Per-neuron maximum of a layer's outputs over the samples, [neurons]. This is tmax_j of the ReLU
 * quantizer; -Infinity for every neuron when there are no samples.
 * `outputs` is row-major [samples, neurons].
 */
export function layerMaxima(outputs: Float32Array, samples: number, neurons: number): Float64Array {
  checkShape(outputs, samples, neurons);
  const maxima = new Float64Array(neurons).fill(Number.NEGATIVE_INFINITY);
  for (let l = 0; l < samples; l++) {
    const row = l * neurons;
    for (let j = 0; j < neurons; j++) {
      const t = outputs[row + j];
      if (t > maxima[j]) maxima[j] = t;
    }
  }
  return maxima;
}

/** The paper's one-bit quantiser of a sigmoid output: Q(t) = 1[t >= 0.5] (eq. 2). Written once. */
export const PAPER_THRESHOLD = 0.5;

/** What may move a quantiser: ReLU's range per neuron, the one-bit thresholds. */
export interface QuantizerOptions {
  maxima?: ArrayLike<number>;
  /** Sigmoid, one bit: t >= threshold -> 1 (the paper's 0.5). */
  threshold?: number;
  /** ReLU, one bit: t > reluThreshold -> 1 (the paper's 0: "active"). */
  reluThreshold?: number;
}

/**
 * Bin index of every output, row-major [samples, neurons] like `outputs`.
 * bins = 2 is the one-bit quantizer of the paper: sigmoid t >= 0.5 -> 1, ReLU t > 0 -> 1.
 * bins = B > 2 (docs/method.md §2, a design choice; the paper gives no definition):
 * - sigmoid: uniform bins on [0, 1], Q_B(t) = min(floor(B t), B - 1), t clamped to [0, 1];
 * - ReLU: bin 0 holds exactly the inactive outputs (t <= 0); positive outputs are spread uniformly over
 *   (0, tmax_j]: Q_B(t) = 1 + min(floor((B - 1) t / tmax_j), B - 2). tmax_j is the per-neuron maximum
 *   over these samples (`layerMaxima`) unless `maxima` supplies another range, e.g. a per-layer one.
 *   A dead neuron (tmax_j <= 0) has every output in bin 0.
 * `threshold` moves the sigmoid one-bit quantizer: t >= threshold -> 1 (0.5 is the paper's; a rerun
 * option, docs/method.md §2), `reluThreshold` the ReLU one-bit quantizer: t > reluThreshold -> 1 (0 is
 * the paper's). They change nothing else.
 * Throws on NaN outputs: a diverged network has no meaningful bins.
 */
export function quantizeLayer(
  outputs: Float32Array,
  samples: number,
  neurons: number,
  activation: Activation,
  bins: number,
  { maxima, threshold = PAPER_THRESHOLD, reluThreshold = 0 }: QuantizerOptions = {},
): Uint8Array {
  checkShape(outputs, samples, neurons);
  if (!Number.isInteger(bins) || bins < 2 || bins > 256) {
    throw new RangeError(`bins must be an integer in 2..256, got ${bins}`);
  }
  if (maxima !== undefined && maxima.length !== neurons) {
    throw new RangeError(`maxima has length ${maxima.length}, expected ${neurons}`);
  }
  const binned = new Uint8Array(samples * neurons);
  if (activation === 'sigmoid') {
    if (bins === 2) {
      for (let e = 0; e < binned.length; e++) binned[e] = oneBit(outputs[e], threshold);
      return binned;
    }
    for (let e = 0; e < binned.length; e++) binned[e] = sigmoidBin(outputs[e], bins);
    return binned;
  }
  if (bins === 2 && reluThreshold !== 0) {
    for (let e = 0; e < binned.length; e++) binned[e] = oneBit(outputs[e], reluThreshold, true);
    return binned;
  }
  const tmax = maxima ?? layerMaxima(outputs, samples, neurons);
  for (let l = 0; l < samples; l++) {
    const row = l * neurons;
    for (let j = 0; j < neurons; j++) binned[row + j] = reluBin(outputs[row + j], tmax[j], bins);
  }
  return binned;
}

// Q_B for a sigmoid output; B = 2 puts t = 0.5 into bin 1, the paper's threshold.
function sigmoidBin(t: number, bins: number): number {
  if (Number.isNaN(t)) throw new RangeError('cannot quantize NaN output');
  if (t <= 0) return 0;
  if (t >= 1) return bins - 1;
  return Math.min(Math.floor(bins * t), bins - 1);
}

// Q for a sigmoid output with a movable threshold (at 0.5 it equals sigmoidBin(t, 2)), or for a
// ReLU output, strictly above its threshold (at 0 it equals reluBin(t, tmax, 2)).
function oneBit(t: number, threshold: number, strict = false): number {
  if (Number.isNaN(t)) throw new RangeError('cannot quantize NaN output');
  return (strict ? t > threshold : t >= threshold) ? 1 : 0;
}

// Q_B for a ReLU output; bin 0 = inactive (t <= 0), so B = 2 is the one-bit "active" quantizer.
function reluBin(t: number, tmax: number, bins: number): number {
  if (Number.isNaN(t)) throw new RangeError('cannot quantize NaN output');
  if (t <= 0) return 0;
  if (!(tmax > 0)) return bins - 1;
  return 1 + Math.min(Math.floor(((bins - 1) * t) / tmax), bins - 2);
}

// Shapes are plain numbers, so check that they describe the buffer.
function checkShape(outputs: Float32Array, samples: number, neurons: number): void {
  if (!Number.isInteger(samples) || !Number.isInteger(neurons) || samples < 0 || neurons < 0) {
    throw new RangeError(`bad shape [${samples}, ${neurons}]`);
  }
  if (outputs.length !== samples * neurons) {
    throw new RangeError(`outputs has length ${outputs.length}, expected ${samples} x ${neurons}`);
  }
}
