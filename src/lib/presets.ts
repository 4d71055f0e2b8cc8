/**
 * The presets of a run: the paper's settings (docs/method.md §1) and the two smaller ones that keep
 * CI and a reader's laptop within minutes, with the limits a run accepts. Pure.
 */
import type { InputScaling } from './input-scaling';
import { PAPER_THRESHOLD } from './quantize';

export const PRESET_NAMES = ['smoke', 'quick', 'paper'] as const;

/**
 * How a network's kernels start (docs/method.md §1): Keras' default Glorot-uniform, which the paper
 * presumably used, or He-normal, made for ReLU. Biases start at 0 either way.
 */
export const INITIALISATIONS = ['glorot-uniform', 'he-normal'] as const;

/**
 * The data set a run trains and analyses on: MNIST, as the paper, or Fashion-MNIST, as its journal
 * version adds (#24); both 28 x 28 grey images of 10 classes, split alike (scripts/build-data.mjs).
 */
export const DATASETS = ['mnist', 'fashion'] as const;
export type Dataset = (typeof DATASETS)[number];
export type Initialisation = (typeof INITIALISATIONS)[number];
export type PresetName = (typeof PRESET_NAMES)[number];

/** Training and data sizes of a run; sizes count samples from the start of each split. */
export interface Preset {
  seeds: number;
  epochs: number;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  /** eq. (6) plus lambda * sum of squared kernel entries (Keras `l2(lambda)` convention). */
  l2: number;
  learningRate: number;
  batchSize: number;
  /** Pixels in [0, 1] ('unit') or standardised per pixel over the training images. */
  inputs: InputScaling;
  /** The kernels' initialisation. */
  init: Initialisation;
  /** The images and labels it trains and analyses on. */
  dataset: Dataset;
  /** The sigmoid one-bit quantiser's threshold (eq. 2 with Q(t) = 1[t >= threshold]). */
  threshold: number;
  /** The ReLU one-bit quantiser's threshold: Q(t) = 1[t > reluThreshold]; the paper's is 0. */
  reluThreshold: number;
  /**
   * Fine-tuning budget after pruning, in epochs of the training images (Fig. 15 only; ours, not the
   * paper's: one epoch for the published run, less in the presets that must stay short).
   */
  fineTuneEpochs: number;
}

/** The paper's settings (docs/method.md §1). */
const PAPER: Preset = {
  seeds: 20,
  epochs: 10,
  trainSamples: 50_000,
  validationSamples: 10_000,
  testSamples: 10_000,
  l2: 1e-4,
  learningRate: 1e-3,
  batchSize: 32,
  inputs: 'unit',
  init: 'glorot-uniform',
  dataset: 'mnist',
  threshold: PAPER_THRESHOLD,
  reluThreshold: 0,
  fineTuneEpochs: 1,
};

/** `smoke` for CI on SwiftShader WebGPU, `quick` for a reader's laptop, `paper` as published. */
export const PRESETS: Record<PresetName, Preset> = {
  smoke: {
    ...PAPER,
    seeds: 2,
    epochs: 1,
    trainSamples: 6_400,
    validationSamples: 2_000,
    testSamples: 2_000,
    fineTuneEpochs: 0.05,
  },
  quick: { ...PAPER, seeds: 4, epochs: 2, fineTuneEpochs: 0.3 },
  paper: PAPER,
};

/** Upper bounds a run accepts, so a mangled URL cannot ask for a week of training. */
export const LIMITS = {
  seeds: 20,
  epochs: 50,
  workers: 8,
  batch: 1024,
  validation: 10_000,
} as const;
