/**
 * A helper of the experiment worker (workers/engine/seed-pool.ts): computes one seed of a figure
 * (analysis + sweeps) on the backend the main run uses, from the same verified MNIST assets, or
 * trains a block of a run's seeds (experiments.ts `trainSpread`). The image tensors stay between
 * seeds (the helper lives as long as the experiment worker's pool).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { LabelledImages } from './engine/analysis';
import { selectBackend } from './engine/backend';
import { loadSplit, type SplitData, subset } from './engine/data';
import { seedResult } from './engine/experiments';
import type { HelperApi, HelperJob } from './engine/seed-pool';
import { imagesTensor, trainEnsemble } from './engine/train';

/** The images of the last job's sizes, kept: every seed of a run uses the same ones. */
let images: { key: string; validation: LabelledImages; test: LabelledImages } | null = null;

async function imagesFor(
  job: HelperJob,
): Promise<{ validation: LabelledImages; test: LabelledImages }> {
  const scaled = job.scaling ? `${job.scaling.shift.join()} ${job.scaling.scale.join()}` : 'unit';
  const key = `${job.backend} ${job.baseUrl} ${job.validationSamples} ${job.testSamples} ${scaled}`;
  if (images?.key === key) return images;
  if (images) tf.dispose([images.validation.x, images.test.x]);
  images = null;
  const [validation, test] = await Promise.all([
    loadSplit('validation', job.baseUrl).then((d) => subset(d, job.validationSamples)),
    loadSplit('test', job.baseUrl).then((d) => subset(d, job.testSamples)),
  ]);
  const labelled = (d: SplitData): LabelledImages => ({
    x: imagesTensor(d.images, d.samples, job.scaling),
    labels: d.labels.subarray(0, d.samples),
  });
  images = { key, validation: labelled(validation), test: labelled(test) };
  return images;
}

/** The main run's backend, or a clear failure: a seed must not run on another. */
async function startBackend(backend: HelperJob['backend']): Promise<void> {
  const selection = await selectBackend(backend);
  if (selection.backend !== backend) {
    throw new Error(`A helper worker could not start ${backend}: ${selection.note}`);
  }
}

const api: HelperApi = {
  async train(job, onProgress) {
    await startBackend(job.backend);
    const train = subset(await loadSplit('train', job.baseUrl), job.samples);
    const nets = await trainEnsemble(train, {
      activation: job.activation,
      seeds: job.seeds,
      ...job.training,
      scaling: job.scaling,
      onProgress: (done, _total, loss) => onProgress(done, loss),
    });
    return Comlink.transfer(
      nets,
      nets.flatMap((net) => Object.values(net).map((a: Float32Array) => a.buffer as ArrayBuffer)),
    );
  },
  async contribution(job) {
    await startBackend(job.backend);
    const { validation, test } = await imagesFor(job);
    const fineTuning = job.fineTuning && {
      ...job.fineTuning,
      ...subset(await loadSplit('train', job.baseUrl), job.fineTuning.samples),
      scaling: job.scaling,
    };
    return seedResult(
      job.figure,
      job.seed,
      job.nets,
      validation,
      test,
      undefined,
      job.threshold,
      fineTuning,
    );
  },
};

Comlink.expose(api);
