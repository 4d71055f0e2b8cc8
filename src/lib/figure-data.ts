/**
 * The shape of every figure's data: what the engine produces, what `content/figures/*.json`
 * publishes, what the page draws and what the claims are evaluated on. Pure types.
 */

import type { FigureId } from './figures';
import type { InputScaling } from './input-scaling';
import type { BackendName, PresetName } from './run-options';

export type { FigureId };
export type Activation = 'sigmoid' | 'relu';

/**
 * The code that computed a run off WebGPU, or trained networks: the WebAssembly SIMD engine
 * (workers/engine/simd/) or TensorFlow.js ops on the run's backend.
 */
export type ComputeEngine = 'wasm-simd' | 'tfjs';

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

/** One line of a curve panel: mean over seeds with a +-1 sd band, plus every seed's curve. */
export interface CurveSeries {
  key: string;
  label: string;
  x: number[];
  mean: number[];
  sd: number[];
  /** [seed][x index] */
  perSeed: number[][];
}

/** Pooled values of one measure for one layer (Figs. 2, 8a-c): one value per (seed, neuron). */
export interface DistributionSeries {
  key: string;
  label: string;
  values: number[];
  /** Median of `values` within each seed, [seed]. */
  perSeedMedian: number[];
}

/** A 20-bin output histogram of one neuron on the validation set (Figs. 7, 8d-s). */
export interface NeuronHistogram {
  /** "layer-neuron", as the paper labels its panels, e.g. "1-17". */
  label: string;
  layer: 1 | 2;
  neuron: number;
  /** Bin lower edges and probabilities, equal length. */
  edges: number[];
  probabilities: number[];
}

/** One row of a heatmap (Fig. 11a-b): one neuron's value for every column (class). */
export interface HeatmapRow {
  /** e.g. "2-17 (class 3)": layer-neuron, as the histograms, and what sorted it. */
  label: string;
  values: number[];
}

export type Panel =
  | {
      kind: 'curves';
      id: string;
      title: string;
      xLabel: string;
      yLabel: string;
      series: CurveSeries[];
    }
  | {
      kind: 'distribution';
      id: string;
      title: string;
      xLabel: string;
      /** What one value is: a neuron (Figs. 2, 8; the default) or a pair of neurons (Fig. 13). */
      counts?: 'neurons' | 'pairs';
      series: DistributionSeries[];
    }
  | { kind: 'histograms'; id: string; title: string; neurons: NeuronHistogram[] }
  | {
      kind: 'heatmap';
      id: string;
      title: string;
      xLabel: string;
      yLabel: string;
      /** What the colour encodes, e.g. "S_c (bits)". */
      valueLabel: string;
      /** Column names, e.g. the digits "0".."9". */
      columns: string[];
      /** Rows top to bottom, of network 0. */
      rows: HeatmapRow[];
    };

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
