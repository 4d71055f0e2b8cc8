/**
 * One seed of a run, the unit the runner computes itself or sends to a helper worker: the job as a
 * plain serialisable object, one function that prepares its inputs (the same in the runner and in
 * the helpers), and the seed's result: every network analysed (docs/method.md §2-§3), then the
 * figure's producer given one context object (figures/index.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, FigureId } from '../../src/lib/figure-data';
import { fineTunes } from '../../src/lib/figures';
import type { PixelScaling } from '../../src/lib/input-scaling';
import type { Dataset } from '../../src/lib/presets';
import type { Preset } from '../../src/lib/run-options';
import { disposeContext } from './ablation';
import { analyseNetwork, type LabelledImages } from './analysis';
import type { Split, SplitData } from './data';
import { type Analyses, type AnySeedResult, seedContribution } from './figures';
import type { FineTuneData } from './fine-tune';
import type { NetworkWeights } from './model';
import { imagesTensor } from './train';

/** The run's settings a seed uses: its image counts, the quantiser, and fine-tuning's training. */
export type SeedSettings = Pick<
  Preset,
  | 'validationSamples'
  | 'testSamples'
  | 'dataset'
  | 'threshold'
  | 'reluThreshold'
  | 'trainSamples'
  | 'batchSize'
  | 'learningRate'
  | 'l2'
  | 'fineTuneEpochs'
>;

/** The settings of a run's seeds, out of its preset. */
export const seedSettings = (preset: Preset): SeedSettings => ({
  validationSamples: preset.validationSamples,
  testSamples: preset.testSamples,
  dataset: preset.dataset,
  threshold: preset.threshold,
  reluThreshold: preset.reluThreshold,
  trainSamples: preset.trainSamples,
  batchSize: preset.batchSize,
  learningRate: preset.learningRate,
  l2: preset.l2,
  fineTuneEpochs: preset.fineTuneEpochs,
});

/** One seed of a run, as the runner keeps it and a helper worker receives it. */
export interface SeedJob {
  figure: FigureId;
  seed: number;
  /** The seed's network per activation the figure needs, in `figureActivations` order. */
  nets: Partial<Record<Activation, NetworkWeights>>;
  settings: SeedSettings;
  /** Per-pixel standardisation of the run's inputs ('standard'); absent: pixels in [0, 1]. */
  scaling?: PixelScaling;
}

/** What a seed computes on: the labelled images as tensors, and the training images where the
 * figure fine-tunes. The same for every seed of a run, so prepared once and kept. */
export interface SeedInputs {
  validation: LabelledImages;
  test: LabelledImages;
  /** For the figures that fine-tune (the catalog's `fineTunes`). */
  fineTuning?: FineTuneData;
}

/** The first `samples` images and labels of a split, wherever they come from. */
export type LoadSplit = (split: Split, samples: number, dataset: Dataset) => Promise<SplitData>;

/** Prepares a seed's inputs from its job: the one place, for the runner and the helpers alike. */
export async function prepareSeedInputs(
  job: Pick<SeedJob, 'figure' | 'settings' | 'scaling'>,
  load: LoadSplit,
): Promise<SeedInputs> {
  const { settings, scaling } = job;
  const [validation, test, train] = await Promise.all([
    load('validation', settings.validationSamples, settings.dataset),
    load('test', settings.testSamples, settings.dataset),
    fineTunes(job.figure) ? load('train', settings.trainSamples, settings.dataset) : undefined,
  ]);
  const labelled = (data: SplitData): LabelledImages => ({
    x: imagesTensor(data.images, data.samples, scaling),
    labels: data.labels.subarray(0, data.samples),
  });
  return {
    validation: labelled(validation),
    test: labelled(test),
    // fine-tuning trains on the run's own training images, with the run's training settings
    fineTuning: train && {
      images: train.images,
      labels: train.labels,
      samples: train.samples,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      l2: settings.l2,
      epochs: settings.fineTuneEpochs,
      scaling,
    },
  };
}

/** Frees the image tensors of `prepareSeedInputs`. */
export const disposeSeedInputs = (inputs: SeedInputs): void =>
  tf.dispose([inputs.validation.x, inputs.test.x]);

/** A job's inputs are the same as another's: a helper keeps them between the seeds of a run. */
export const seedInputsKey = (job: Pick<SeedJob, 'figure' | 'settings' | 'scaling'>): string =>
  JSON.stringify([
    fineTunes(job.figure),
    job.settings,
    job.scaling ? [job.scaling.shift.join(), job.scaling.scale.join()] : 'unit',
  ]);

/** One seed's analysis and the figure's sweeps on it: the unit that helper workers share out. */
export async function seedResult(
  job: SeedJob,
  inputs: SeedInputs,
  checkpoint?: () => Promise<void>,
): Promise<AnySeedResult> {
  const analyses: Analyses = {};
  try {
    for (const [activation, net] of Object.entries(job.nets) as [Activation, NetworkWeights][]) {
      analyses[activation] = await analyseNetwork(
        job.seed,
        net,
        activation,
        inputs.validation,
        inputs.test,
        {
          quantizer: {
            threshold: job.settings.threshold,
            reluThreshold: job.settings.reluThreshold,
          },
          checkpoint,
        },
      );
    }
    return await seedContribution(job.figure, { analyses, fineTuning: inputs.fineTuning });
  } finally {
    for (const a of Object.values(analyses)) if (a) disposeContext(a.test);
  }
}
