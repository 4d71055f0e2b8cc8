/**
 * Timing of the analysis of one network (`analyseNetwork`: hidden outputs, measures, means, the
 * test context), measured by `npm run bench:gpu` on WebGPU and WASM in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../../src/lib/stats';
import { disposeContext } from '../../workers/engine/ablation';
import { analyseNetwork } from '../../workers/engine/analysis';
import type { SplitData } from '../../workers/engine/data';
import type { NetworkWeights } from '../../workers/engine/model';
import { imagesTensor } from '../../workers/engine/train';
import { SLOW_MS } from './clock';

/** Median of `repeats` analyses after an untimed one; one only when the first timed one is slow. */
export async function timeAnalysis(
  net: NetworkWeights,
  validationSplit: SplitData,
  testSplit: SplitData,
  repeats: number,
): Promise<{ ms: number; repeats: number }> {
  const validation = imagesTensor(validationSplit.images, validationSplit.samples);
  const test = imagesTensor(testSplit.images, testSplit.samples);
  const times: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    if (r === 2 && times[0] > SLOW_MS) break; // a software GPU: once after the warm-up
    const started = performance.now();
    const a = await analyseNetwork(
      0,
      net,
      'sigmoid',
      { x: validation, labels: validationSplit.labels },
      { x: test, labels: testSplit.labels },
    );
    await a.test.logits.data(); // the test context is lazy on a GPU
    if (r > 0) times.push(performance.now() - started); // the first is warm-up
    disposeContext(a.test);
  }
  tf.dispose([validation, test]);
  return { ms: median(times), repeats: times.length };
}
