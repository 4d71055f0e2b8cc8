/**
 * The shape of every figure's data: what the engine produces, what `content/figures/*.json`
 * publishes, what the page draws and what the claims are evaluated on. Pure types.
 */

import type { Activation } from './activation';
import type { FigureId } from './figures';
import type { Panel } from './panels';
import type { Preset, PresetName } from './presets';
import type { BackendName, ComputeEngine } from './run-options';

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

/**
 * A run's settings as its metadata records them: the preset's fields under the same names
 * (src/lib/presets.ts), so a new preset field or open choice is recorded without a new type. The
 * image counts and λ have been recorded since the first run; the rest are optional, absent in runs
 * made before they existed (then the paper's value) or, for the fine-tuning budget, in figures that
 * do not fine-tune (the catalog's `fineTunes`).
 */
export type RecordedSettings = Pick<
  Preset,
  'epochs' | 'trainSamples' | 'validationSamples' | 'testSamples' | 'l2'
> &
  Partial<Omit<Preset, 'seeds'>>;

/** Where and how a run was made; stamped on every result. */
export interface RunMeta extends RecordedSettings {
  preset: PresetName;
  /** Networks (seeds) the figure averages. */
  seeds: number;
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
