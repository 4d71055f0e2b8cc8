/**
 * Run presets (issue 3): `smoke` for CI on SwiftShader WebGPU, `quick` for a reader's laptop GPU,
 * `paper` for the paper's settings (METHOD.md section 1). All sizes are counts of samples taken
 * from the start of each split.
 */
import type { PresetName } from './figure-data';

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
}

const PAPER: Preset = {
  seeds: 20,
  epochs: 10,
  trainSamples: 50_000,
  validationSamples: 10_000,
  testSamples: 10_000,
  l2: 1e-4,
  learningRate: 1e-3,
  batchSize: 32,
};

export const PRESETS: Record<PresetName, Preset> = {
  smoke: {
    ...PAPER,
    seeds: 2,
    epochs: 1,
    trainSamples: 6_400,
    validationSamples: 2_000,
    testSamples: 2_000,
  },
  quick: { ...PAPER, seeds: 4, epochs: 2 },
  paper: PAPER,
};

/** Upper bounds a rerun accepts, so a mangled URL cannot ask for a week of training. */
export const LIMITS = { seeds: 20, epochs: 50 } as const;
