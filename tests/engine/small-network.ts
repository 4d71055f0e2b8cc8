/**
 * The engine tests' small network: one sigmoid seed trained on the first `steps` batches of 32
 * training images (paper settings otherwise), its first `samples` test images as a tensor, and its
 * hidden layers' means on them (eq. 7). The caller disposes `x`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { mnistSplits } from '../../scripts/mnist-node';
import { hiddenOutputs, neuronMeans } from '../../workers/engine/analysis';
import { type SplitData, subset } from '../../workers/engine/data';
import type { NetworkWeights } from '../../workers/engine/model';
import { imagesTensor, trainEnsemble } from '../../workers/engine/train';

export interface SmallNetwork {
  net: NetworkWeights;
  test: SplitData;
  x: tf.Tensor2D;
  means: [Float64Array, Float64Array];
}

export async function smallNetwork(steps: number, samples: number): Promise<SmallNetwork> {
  const [net] = await trainEnsemble(subset(mnistSplits().train, 32 * steps), {
    activation: 'sigmoid',
    seeds: [0],
    epochs: 1,
    batchSize: 32,
    learningRate: 1e-3,
    l2: 1e-4,
  });
  const test = subset(mnistSplits().test, samples);
  const x = imagesTensor(test.images, samples);
  const [t1, t2] = await hiddenOutputs(net, 'sigmoid', x);
  return { net, test, x, means: [neuronMeans(t1, samples), neuronMeans(t2, samples)] };
}
