/**
 * The shape of every figure's data: what the engine produces, what `content/figures/*.json`
 * publishes, what the page draws and what the claims are evaluated on. Pure types.
 */

import type { Activation } from './activation';
import type { FigureId } from './figures';
import type { InputScaling } from './input-scaling';
import type { Panel } from './panels';
import type { BackendName, ComputeEngine, PresetName } from './run-options';

export type { Activation } from './activation';
export type {
  CurveSeries,
  CurvesPanel,
  DistributionPanel,
  DistributionSeries,
  HeatmapPanel,
  HeatmapRow,
  HistogramsPanel,
  NeuronHistogram,
  Panel,
  TableCell,
  TablePanel,
  TableRow,
} from './panels';
export type { ComputeEngine } from './run-options';
export type { FigureId };

/** Where and how a run was made; stamped on every result. */
export interface RunMeta {
  preset: PresetName;
  seeds: number;
  epochs: number;
  /** Training samples used per epoch (50,000 for the paper preset). */
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  l2: number;
  /** The rerun options beyond the preset (absent in runs made before them: the paper's values). */
  learningRate?: number;
  batchSize?: number;
  inputs?: InputScaling;
  /** The sigmoid one-bit quantiser's threshold. */
  threshold?: number;
  /** Fine-tuning budget in epochs, for the figures that fine-tune (catalog `fineTunes`). */
  fineTuneEpochs?: number;
  backend: BackendName;
  /** What computed the run's training, curves and fine-tuning (absent in runs made before the
   * WebAssembly SIMD engine: TensorFlow.js). */
  engine?: ComputeEngine;
  /** What trained the networks: this run's engine, or the published networks' manifest (absent
   * when unknown: cached networks, or runs made before the engine). */
  trainedBy?: ComputeEngine;
  /** e.g. "google / swiftshader" for SwiftShader WebGPU; "" off WebGPU. */
  adapter: string;
  browser: string;
  /** Wall-clock milliseconds of the whole figure run. */
  durationMs: number;
  /** Networks trained in this run, or loaded from the published networks. */
  networks: 'trained' | 'published' | 'cached';
  commit: string;
  createdAt: string;
}

export interface FigureData {
  figure: FigureId;
  title: string;
  /** Fig. 10 compares both activations side by side. */
  activation: Activation | 'both';
  meta: RunMeta;
  panels: Panel[];
  /** Scalars some claims need beyond the drawn series (e.g. Fig. 3's layer-1 share). */
  extras: Record<string, number | number[]>;
}
