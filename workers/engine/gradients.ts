/**
 * Per-sample gradients of the loss with respect to the hidden outputs, for the first-order Taylor
 * criterion (docs/method.md §10; src/lib/criteria.ts `taylor`). L is one sample's cross-entropy
 * -log softmax(logits)_y (eq. 6 without the mean over the batch and without the L2 term, which does
 * not depend on the outputs). The backward pass is written out by hand, as in train.ts:
 * dL/dlogits = softmax - onehot, dL/dt2 = dL/dlogits W2^T, dL/dz2 = dL/dt2 * sigma'(z2),
 * dL/dt1 = dL/dz2 W1^T (row-vector convention of §4).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../src/lib/figure-data';
import { activationSlope, CLASSES, forward, type NetworkWeights, readLayers } from './model';

/** dL/dt of each hidden layer's outputs for every sample of x: [[N][HIDDEN], [N][HIDDEN]]. */
export async function outputGradients(
  net: NetworkWeights,
  activation: Activation,
  x: tf.Tensor2D,
  labels: Uint8Array,
): Promise<[Float32Array, Float32Array]> {
  return readLayers(
    tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const p = forward(net, activation, x);
      const onehot = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), CLASSES);
      const dLogits = tf.sub(tf.softmax(p.logits), onehot);
      const W1 = tf.tensor2d(net.W1, [net.b2.length, net.b2.length]);
      const W2 = tf.tensor2d(net.W2, [net.b2.length, CLASSES]);
      const dT2 = tf.matMul(dLogits, tf.transpose(W2));
      const dT1 = tf.matMul(tf.mul(dT2, activationSlope(activation, p.t2)), tf.transpose(W1));
      return [dT1, dT2];
    }),
  );
}
