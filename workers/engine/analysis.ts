/**
 * Per-network analysis shared by every figure: hidden outputs on the validation set D, the one-bit
 * (or B-bin) importance measures of every hidden neuron (eqs. 2-5), the bias-balancing means
 * (eq. 7), and the test-set context of the ablation sweeps.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import { jointCounts } from '../../src/lib/joint-counts';
import { layerMeasures, type MeasureName } from '../../src/lib/measures';
import { PAPER_THRESHOLD, type QuantizerOptions, quantizeLayer } from '../../src/lib/quantize';
import { type EvaluationContext, evaluationContext } from './ablation';
import { CLASSES, forward, HIDDEN, type NetworkWeights, readLayers } from './model';

export interface LabelledImages {
  x: tf.Tensor2D;
  labels: Uint8Array;
}

export interface NetworkAnalysis {
  seed: number;
  activation: Activation;
  net: NetworkWeights;
  /** Validation outputs of hidden layer 1 and 2, [N][HIDDEN] each. */
  validation: [Float32Array, Float32Array];
  validationLabels: Uint8Array;
  /** The validation images themselves (owned by the runner, not by the analysis). */
  validationImages: tf.Tensor2D;
  /** eq. (7): mean unquantized output of each neuron over D in the intact network, [HIDDEN]. */
  means: [Float64Array, Float64Array];
  /** The sigmoid one-bit quantiser's threshold the measures used (0.5: the paper's). */
  threshold: number;
  /** The ReLU one-bit quantiser's threshold (0: the paper's). */
  reluThreshold: number;
  /** One-bit entropy, MI and KL selectivity per neuron, per layer. */
  measures: [Record<MeasureName, Float64Array>, Record<MeasureName, Float64Array>];
  test: EvaluationContext;
  /** The test images (owned by the runner), for networks changed beyond rank-one steps. */
  testImages: tf.Tensor2D;
}

const IMPORTANCE: MeasureName[] = ['entropy', 'mutualInformation', 'klSelectivity'];

export async function hiddenOutputs(
  net: NetworkWeights,
  activation: Activation,
  x: tf.Tensor2D,
): Promise<[Float32Array, Float32Array]> {
  return readLayers(
    tf.tidy(() => {
      const { t1, t2 } = forward(net, activation, x);
      return [t1, t2];
    }),
  );
}

/** Importance measures of one layer's outputs with B bins (B = 2: the paper's one-bit quantizer). */
export function importance(
  outputs: Float32Array,
  labels: Uint8Array,
  activation: Activation,
  bins = 2,
  which: MeasureName[] = IMPORTANCE,
  quantizer: QuantizerOptions = {},
): Record<MeasureName, Float64Array> {
  const samples = labels.length;
  const binned = quantizeLayer(outputs, samples, HIDDEN, activation, bins, quantizer);
  return layerMeasures(jointCounts(binned, labels, samples, HIDDEN, CLASSES, bins), which);
}

export function neuronMeans(outputs: Float32Array, samples: number): Float64Array {
  const mu = new Float64Array(HIDDEN);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < HIDDEN; j++) mu[j] += outputs[i * HIDDEN + j];
  }
  return mu.map((s) => s / samples);
}

export async function analyseNetwork(
  seed: number,
  net: NetworkWeights,
  activation: Activation,
  validation: LabelledImages,
  test: LabelledImages,
  {
    quantizer: { threshold = PAPER_THRESHOLD, reluThreshold = 0 } = {},
    checkpoint,
  }: {
    /** The one-bit quantisers' thresholds (rerun options). */
    quantizer?: Pick<QuantizerOptions, 'threshold' | 'reluThreshold'>;
    /** Lets a cancel into the test set's sweeps (EvaluationContext.checkpoint). */
    checkpoint?: () => Promise<void>;
  } = {},
): Promise<NetworkAnalysis> {
  const outputs = await hiddenOutputs(net, activation, validation.x);
  const samples = validation.labels.length;
  const quantizer = { threshold, reluThreshold };
  return {
    seed,
    activation,
    net,
    validation: outputs,
    validationLabels: validation.labels,
    validationImages: validation.x,
    means: [neuronMeans(outputs[0], samples), neuronMeans(outputs[1], samples)],
    threshold,
    reluThreshold,
    measures: [
      importance(outputs[0], validation.labels, activation, 2, IMPORTANCE, quantizer),
      importance(outputs[1], validation.labels, activation, 2, IMPORTANCE, quantizer),
    ],
    test: { ...evaluationContext(net, activation, test.x, test.labels), checkpoint },
    testImages: test.x,
  };
}
