/**
 * A helper of the experiment worker (workers/engine/seed-pool.ts): computes one seed of a figure
 * (analysis + sweeps) on the backend the main run uses, from the same verified MNIST assets. The
 * image tensors stay between seeds (the helper lives as long as the experiment worker's pool).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { LabelledImages } from './engine/analysis';
import { selectBackend } from './engine/backend';
import { loadSplit, type SplitData, subset } from './engine/data';
import { seedResult } from './engine/experiments';
import type { HelperApi, HelperJob } from './engine/seed-pool';
import { imagesTensor } from './engine/train';

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

const api: HelperApi = {
  async contribution(job) {
    const selection = await selectBackend(job.backend);
    if (selection.backend !== job.backend) {
      throw new Error(`A helper worker could not start ${job.backend}: ${selection.note}`);
    }
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
