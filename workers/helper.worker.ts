/**
 * A helper of the experiment worker (workers/engine/seed-pool.ts): computes one seed of a figure
 * (analysis + sweeps) on the backend the main run uses, from the same verified MNIST assets.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { selectBackend } from './engine/backend';
import { loadSplit, subset } from './engine/data';
import { seedResult } from './engine/experiments';
import type { HelperApi } from './engine/seed-pool';
import { imagesTensor } from './engine/train';

const api: HelperApi = {
  async contribution(job) {
    const selection = await selectBackend(job.backend);
    if (selection.backend !== job.backend) {
      throw new Error(`A helper worker could not start ${job.backend}: ${selection.note}`);
    }
    const [validation, test] = await Promise.all([
      loadSplit('validation', job.baseUrl).then((d) => subset(d, job.validationSamples)),
      loadSplit('test', job.baseUrl).then((d) => subset(d, job.testSamples)),
    ]);
    const x = {
      validation: imagesTensor(validation.images, validation.samples),
      test: imagesTensor(test.images, test.samples),
    };
    try {
      return await seedResult(
        job.figure,
        job.seed,
        job.nets,
        { x: x.validation, labels: validation.labels.subarray(0, validation.samples) },
        { x: x.test, labels: test.labels.subarray(0, test.samples) },
      );
    } finally {
      tf.dispose([x.validation, x.test]);
    }
  },
};

Comlink.expose(api);
