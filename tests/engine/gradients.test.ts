/**
 * The Taylor criterion's gradients (workers/engine/gradients.ts) against a central finite difference
 * of the per-sample loss, computed in float64 from the same network.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../../src/lib/figure-data';
import { createRandom } from '../../src/lib/random';
import { outputGradients } from '../../workers/engine/gradients';
import { CLASSES, glorotUniform, HIDDEN, INPUTS, trainingRandom } from '../../workers/engine/model';
import { useBackend } from './setup';

const SAMPLES = 4;

beforeAll(() => useBackend('wasm'));

/** One sample's loss from layer-1 outputs t1 (float64): -log softmax(sigma(t1 W1 + b2) W2 + b3)_y. */
function lossFromT1(
  t1: number[],
  net: ReturnType<typeof glorotUniform>,
  activation: Activation,
  y: number,
) {
  const sigma = (z: number) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : Math.max(0, z));
  const t2 = Array.from({ length: HIDDEN }, (_, k) => {
    let z = net.b2[k];
    for (let j = 0; j < HIDDEN; j++) z += t1[j] * net.W1[j * HIDDEN + k];
    return sigma(z);
  });
  return lossFromT2(t2, net, y);
}

function lossFromT2(t2: number[], net: ReturnType<typeof glorotUniform>, y: number) {
  const logits = Array.from({ length: CLASSES }, (_, c) => {
    let z = net.b3[c];
    for (let k = 0; k < HIDDEN; k++) z += t2[k] * net.W2[k * CLASSES + c];
    return z;
  });
  const max = Math.max(...logits);
  const logSum = max + Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0));
  return logSum - logits[y];
}

function hidden(x: Float32Array, net: ReturnType<typeof glorotUniform>, activation: Activation) {
  const sigma = (z: number) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : Math.max(0, z));
  const t1 = Array.from({ length: HIDDEN }, (_, j) => {
    let z = net.b1[j];
    for (let i = 0; i < INPUTS; i++) z += x[i] * net.W0[i * HIDDEN + j];
    return sigma(z);
  });
  const t2 = Array.from({ length: HIDDEN }, (_, k) => {
    let z = net.b2[k];
    for (let j = 0; j < HIDDEN; j++) z += t1[j] * net.W1[j * HIDDEN + k];
    return sigma(z);
  });
  return { t1, t2 };
}

describe.each(['sigmoid', 'relu'] as const)('outputGradients (%s)', (activation) => {
  it('equals a central finite difference of the per-sample loss', async () => {
    const net = glorotUniform(trainingRandom(7));
    const random = createRandom(11);
    // biases off zero, so that ReLU units are on for some samples and off for others
    for (const b of [net.b1, net.b2, net.b3])
      for (let j = 0; j < b.length; j++) b[j] = random.next() - 0.5;
    const images = Float32Array.from({ length: SAMPLES * INPUTS }, () => random.next());
    const labels = Uint8Array.from({ length: SAMPLES }, (_, i) => (3 * i + 1) % CLASSES);
    const x = tf.tensor2d(images, [SAMPLES, INPUTS]);
    const [g1, g2] = await outputGradients(net, activation, x, labels);
    x.dispose();
    const h = 1e-5;
    let checked = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const { t1, t2 } = hidden(images.subarray(i * INPUTS, (i + 1) * INPUTS), net, activation);
      for (const j of [0, 17, 42, 99]) {
        const up1 = [...t1];
        const down1 = [...t1];
        up1[j] += h;
        down1[j] -= h;
        const fd1 =
          (lossFromT1(up1, net, activation, labels[i]) -
            lossFromT1(down1, net, activation, labels[i])) /
          (2 * h);
        expect(g1[i * HIDDEN + j]).toBeCloseTo(fd1, 4);
        const up2 = [...t2];
        const down2 = [...t2];
        up2[j] += h;
        down2[j] -= h;
        const fd2 = (lossFromT2(up2, net, labels[i]) - lossFromT2(down2, net, labels[i])) / (2 * h);
        expect(g2[i * HIDDEN + j]).toBeCloseTo(fd2, 4);
        if (Math.abs(fd1) > 1e-3) checked++;
      }
    }
    // the comparison is not vacuous: most layer-1 gradients are clearly non-zero
    expect(checked).toBeGreaterThan(SAMPLES * 2);
  });
});
