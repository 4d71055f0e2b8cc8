/**
 * Timing of fine-tuning after pruning (Fig. 15, workers/engine/fine-tune.ts; docs/bench.md,
 * section 7): `starts` pruned copies of one network fine-tuned together, per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS } from '../../src/lib/run-options';
import type { SplitData } from '../../workers/engine/data';
import {
  type FineTuneLayout,
  fineTune,
  prunedNetwork,
  type Removed,
} from '../../workers/engine/fine-tune';
import type { NetworkWeights } from '../../workers/engine/model';
import { imagesTensor } from '../../workers/engine/train';
import type { FineTuneTiming } from '../results';
import { range } from './clock';

export async function timeFineTuning(
  net: NetworkWeights,
  train: SplitData,
  test: SplitData,
  { layout, starts, steps }: { layout: FineTuneLayout; starts: number; steps: number },
): Promise<FineTuneTiming> {
  const paper = PRESETS.paper;
  const x = imagesTensor(test.images, test.samples);
  const labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
  // Fig. 15's hybrid schedule at 45 pruned: 15 neurons of layer 1 and 30 of layer 2
  const removed: Removed = [range(15), range(30)];
  const start = { net: prunedNetwork(net, removed, null), removed };
  const run = async (n: number) => {
    const started = performance.now();
    await fineTune(
      Array.from({ length: starts }, () => start),
      {
        ...train,
        batchSize: paper.batchSize,
        learningRate: paper.learningRate,
        l2: paper.l2,
        epochs: 1,
      },
      { activation: 'sigmoid', seed: 0, test: { x, labels }, checkpoints: [n], layout },
    );
    return performance.now() - started;
  };
  try {
    await run(1); // compiles every kernel
    // set-up, the accuracy at the end and the variables' upload cancel in the difference
    const ms = (await run(steps + 1)) - (await run(1));
    return { layout, starts, steps, msPerStep: ms / steps, msPerNetworkStep: ms / steps / starts };
  } finally {
    tf.dispose([x, labels]);
  }
}
