/**
 * The typed contract of the experiment worker (workers/engine.worker.ts), shared by the page,
 * the headless runner (scripts/figures.mjs through Playwright) and the tests.
 */
import type { Activation, ComputeEngine, FigureData } from '../src/lib/figure-data';
import type { Dataset } from '../src/lib/presets';
import type { BackendChoice, BackendName, PresetName, RunOptions } from '../src/lib/run-options';

/** networks/<activation>/manifest.json: how the published networks were trained (docs/networks.md). */
export interface NetworkManifest {
  format: 1;
  activation: Activation;
  seeds: number;
  epochs: number;
  trainSamples: number;
  l2: number;
  learningRate: number;
  batchSize: number;
  backend: BackendName;
  /** What trained them (absent in manifests made before the WebAssembly SIMD engine: TensorFlow.js). */
  engine?: ComputeEngine;
  durationMs: number;
  /** File names of seeds 0..seeds-1, relative to the manifest. */
  files: string[];
  /** sha256 of each file, hex, same order; a file that does not match is refused. */
  sha256?: string[];
  /** The data set they were trained on (absent in manifests made before #24: MNIST). */
  dataset?: Dataset;
}

/**
 * 'batched': one [S, ...] tensor per parameter of an ensemble; 'per-seed': S 2-D tensors; 'fused':
 * the batched layout trained by WGSL programs for all seeds (WebGPU only, engine/kernels/train-step.ts);
 * 'simd': one network after another on the WebAssembly SIMD engine (WASM/CPU, engine/simd/).
 */
export type EnsembleLayout = 'batched' | 'per-seed' | 'fused' | 'simd';

/** Which backend a run got, and why. */
export interface BackendSelection {
  backend: BackendName;
  /** `${vendor} / ${architecture}` of the WebGPU adapter when running on WebGPU, else "". */
  adapter: string;
  /** Why this backend, in a sentence a reader can see (fallbacks and timings included). */
  note: string;
}

export interface EnvironmentInfo {
  webgpu: boolean;
  /** vendor / architecture of the WebGPU adapter, e.g. "google / swiftshader"; "" when none. */
  adapter: string;
  isFallbackAdapter: boolean;
  crossOriginIsolated: boolean;
  userAgent: string;
}

/** A run request: one vocabulary for the page, the worker and the runners (src/lib/run-options.ts). */
export type { RunOptions };

export interface Progress {
  stage: 'data' | 'backend' | 'training' | 'importance' | 'sweeps' | 'done';
  /** 0..1 over the whole run. */
  fraction: number;
  /** Seconds, null while unknown. */
  etaSeconds: number | null;
  message: string;
  backend?: BackendName;
}

export interface EngineApi {
  environment(): Promise<EnvironmentInfo>;
  /**
   * Runs one figure's experiment. `onProgress` and `onPartial` are Comlink proxies; partial results
   * are whole FigureData objects with fewer seeds so far.
   */
  runFigure(
    options: RunOptions,
    onProgress?: (p: Progress) => void,
    onPartial?: (data: FigureData) => void,
  ): Promise<FigureData>;
  /**
   * Trains a preset's networks for one activation as one ensemble, for the published run
   * (`npm run figures`), on MNIST or the data set named. Returns the network files (docs/networks.md)
   * and their manifest, and keeps them in the page's cache (IndexedDB) under the key a run with
   * `networks: 'retrain'` and the same settings looks for, so the figures that follow use them.
   */
  trainNetworks(
    activation: Activation,
    preset: PresetName,
    backend?: BackendChoice,
    onProgress?: (p: Progress) => void,
    dataset?: Dataset,
  ): Promise<{ manifest: NetworkManifest; files: ArrayBuffer[] }>;
  /** Stops the current run; its promise rejects with an Error named 'AbortError'. */
  cancel(): void;
  /**
   * Answers at the worker's next turn of its event loop, which a run takes at every checkpoint:
   * the page's watchdog (src/components/engine-client.ts) takes no answer for a stopped worker.
   */
  ping(): Promise<true>;
  /** Loads and verifies one data split (diagnostics): its size and first label, or the asset's error. */
  checkData(
    split: 'train' | 'validation' | 'test',
  ): Promise<{ samples: number; firstLabel: number }>;
  /** Makes a backend current as a run would (diagnostics), and says which and why. */
  chooseBackend(choice: BackendChoice): Promise<BackendSelection>;
  /** tf.memory().numTensors, for leak tests. */
  numTensors(): Promise<number>;
}
