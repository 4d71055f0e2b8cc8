/**
 * The shapes of the bench's results, one type for the writer and the reader: what the timing
 * modules (bench/timing/) return, what the headless run (bench/browser/) records per measurement,
 * the bench-results/bench.json that bench/main.ts assembles and src/pages/bench.astro draws, and
 * the bench-results/bench-gpu.json of `npm run bench:gpu` (bench/node/gpu.ts). Times are
 * milliseconds.
 */
import type { Activation, FigureId } from '../src/lib/figure-data';
import type { BackendName, PresetName } from '../src/lib/run-options';
import type { EnsembleLayout, EnvironmentInfo, NetworkManifest } from '../workers/api';
import type { FineTuneLayout } from '../workers/engine/fine-tune';

/** How long one training measurement may run: steps are fitted to the budget within [min, max]. */
export interface StepBudget {
  budgetMs: number;
  minSteps: number;
  maxSteps: number;
  /** A measurement predicted (from its warm-up) to take longer is not run: see StepTiming.estimate. */
  limitMs: number;
  /** Over the limit, time a few steps between close read-backs (within three times the limit)
   * before falling back on the estimate: `npm run bench:gpu` on a software adapter. */
  shortWhenSlow?: boolean;
  /** Always time this many steps between read-backs at that many and twice that, whatever the
   * warm-up predicts: the GPU pack's smoke run, which checks that every row runs, in seconds on a
   * software adapter. */
  shortAlways?: number;
}

/** Milliseconds per training step (batch 32), warm-up excluded. */
export interface StepTiming {
  /** Networks trained together in each step. */
  networks: number;
  /** Timed steps, after `warmupSteps` untimed ones. */
  steps: number;
  warmupSteps: number;
  msPerStep: number;
  /** msPerStep / networks. */
  msPerNetworkStep: number;
  /** True when not timed (over the limit): the warm-up steps' time, compilation included. */
  estimate?: boolean;
}

/**
 * The training rows: how many networks each trains (one, or the ensemble of 20) and in which
 * layout of `trainEnsemble`, or the Layers API's `model.fit`. The browser's rows and those of
 * `npm run bench:gpu` (one network in the batched and fused layouts: Node on WebGPU only).
 */
export const TRAINING_METHODS = {
  'engine-simd-one': { ensemble: false, layout: 'simd' },
  'engine-simd': { ensemble: true, layout: 'simd' },
  'engine-one': { ensemble: false, layout: 'per-seed' },
  'engine-per-seed': { ensemble: true, layout: 'per-seed' },
  'engine-batched-one': { ensemble: false, layout: 'batched' },
  'engine-batched': { ensemble: true, layout: 'batched' },
  'engine-fused-one': { ensemble: false, layout: 'fused' },
  'engine-fused': { ensemble: true, layout: 'fused' },
  // twice the ensemble in one fused step: both activations' 20 seeds at once, `npm run bench:gpu`
  'engine-fused-40': { ensemble: true, layout: 'fused', networks: 40 },
  'layers-fit': { ensemble: false, layout: 'layers-fit' },
} as const satisfies Record<
  string,
  { ensemble: boolean; layout: EnsembleLayout | 'layers-fit'; networks?: number }
>;

export type TrainingMethod = keyof typeof TRAINING_METHODS;

export interface TrainingRow {
  method: TrainingMethod;
  /** Set when the measurement was left out, with the reason. */
  skipped?: string;
  timing?: StepTiming;
}

/** Fine-tuning after pruning (Fig. 15, workers/engine/fine-tune.ts): the starts of one seed together. */
export interface FineTuneTiming {
  layout: FineTuneLayout;
  /** Pruned networks fine-tuned together (Fig. 15 fine-tunes 25 per seed). */
  starts: number;
  /** Steps of the longer of the two timed runs; per step = difference of the two runs / steps. */
  steps: number;
  msPerStep: number;
  msPerNetworkStep: number;
}

/** Where a benchmark's network came from: the published run, or trained briefly by the bench. */
export type BenchNetworkSource = 'published' | 'trained-by-bench';

export interface ImportanceTiming {
  samples: number;
  /** Hidden neurons measured: both hidden layers of 100. */
  neurons: number;
  repeats: number;
  /** quantizeLayer + jointCounts + layerMeasures with all five measures (JSsep included). */
  allFiveMs: number;
  /** Of which: jsSubsetSeparation alone (the 2^C subset search). */
  jsSeparationMs: number;
  /** The one-bit default three (entropy, MI, KL selectivity), as analysis.ts `importance`. */
  defaultThreeMs: number;
  network: BenchNetworkSource;
}

export interface AblationTiming {
  levels: number;
  samples: number;
  repeats: number;
  /** evaluationContext: the test-set forward pass every curve of a network shares. */
  contextMs: number;
  /** accuracyCurve, the rank-one fast path, one layer-1 curve. */
  fastMs: number;
  /** Which fast path `accuracyCurve` took on this backend: the fused WGSL program on WebGPU, the
   * WebAssembly SIMD engine on WASM/CPU (TensorFlow.js ops where WebAssembly SIMD is missing). */
  path: 'fused' | 'simd' | 'tensor';
  /** Off the tensor path: the TensorFlow.js-ops path on the same backend, for all `levels` (scaled
   * from `tensorLevelsTimed` levels, like the naive path), and its largest |fast - tensor|. */
  tensorMs?: number;
  tensorLevelsTimed?: number;
  tensorMaxDifference?: number;
  /** naiveAccuracyCurve, a forward pass per level, for all `levels`; absent when not run. */
  naiveMs?: number;
  naiveRepeats?: number;
  /** Levels the naive path was timed on; fewer than `levels` when a whole curve would outlast the
   * limit (each level costs one forward pass, so the time is scaled to all levels). */
  naiveLevelsTimed?: number;
  /** Largest |fast - naive| accuracy over the levels, percentage points (float32 rounding). */
  maxDifference?: number;
  network: BenchNetworkSource;
  /** The ablation order and the fast curve (%), which the numpy peer recomputes to check that it
   * does the same work (bench/peer/numpy_peer.py --verify). */
  order?: number[];
  curve?: number[];
}

/** What the worker says about the backend it runs a measurement on. */
export interface BackendStamp {
  requested: BackendName;
  backend: BackendName;
  adapter: string;
  note: string;
}

export type NetworkSource = 'published' | 'stand-in';

export interface FigureRun {
  figure: FigureId;
  preset: PresetName;
  backend: BackendName;
  /** What was asked: start from the published networks or train anew. */
  networks: 'published' | 'retrain';
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  /** First rerun in a fresh page (worker start, backend, data download included). */
  coldMs?: number;
  /** The same rerun again in the same page (backend up, data in memory). */
  warmMs?: number;
  /** The engine's own clock (meta.durationMs) of the cold run: backend start excluded. */
  engineMs?: number;
  /** meta.networks of the run: published, cached or trained. */
  used?: 'trained' | 'published' | 'cached';
  /** For published runs: where the networks were served from and how they were trained. */
  source?: NetworkSource;
  trainedAs?: Record<Activation, Pick<NetworkManifest, 'seeds' | 'epochs' | 'trainSamples'>>;
}

/** One file of the Playwright run (bench-results/parts/*.json). */
export type BenchPart =
  | {
      kind: 'training';
      stamp: BackendStamp;
      environment: EnvironmentInfo;
      /** Networks in the ensemble rows. */
      ensembleSeeds: number;
      rows: TrainingRow[];
    }
  | {
      kind: 'importance';
      stamp: BackendStamp;
      environment: EnvironmentInfo;
      timing: ImportanceTiming;
    }
  | {
      kind: 'ablation';
      stamp: BackendStamp;
      environment: EnvironmentInfo;
      timing: AblationTiming;
    }
  | {
      kind: 'fine-tuning';
      stamp: BackendStamp;
      environment: EnvironmentInfo;
      rows: (FineTuneTiming | { layout: FineTuneLayout; skipped: string })[];
    }
  | { kind: 'figures'; runs: FigureRun[] }
  | { kind: 'skipped'; what: string; backend?: BackendName; reason: string };

export interface FirstLoadFile {
  file: string;
  /** How the index page reaches it: a script tag, a modulepreload link or a static import. */
  via: 'script' | 'modulepreload' | 'import' | 'inline';
  bytes: number;
  gzipBytes: number;
}

export interface Target {
  name: string;
  /** The measured ratio or quantity, in `unit`. */
  value: number | null;
  unit: string;
  /** e.g. ">= 3" or "< 3000". */
  goal: string;
  /** null: not measured in this run (see note). */
  pass: boolean | null;
  note?: string;
}

/** bench-results/bench.json. */
export interface BenchResults {
  format: 1;
  createdAt: string;
  command: string;
  commit: string;
  machine: {
    os: string;
    cpuModel: string;
    cpus: number;
    memoryGiB: number;
    node: string;
    /** The machine ran other work too: treat the numbers as rough. */
    note: string;
  };
  /** From the worker: adapter, user agent, cross-origin isolation. */
  environment: EnvironmentInfo | null;
  options: {
    backends: BackendName[];
    quick: boolean;
    figures: FigureId[];
    quickRetrain: boolean;
    paper: boolean;
    /** Whether the numpy peer ran (absent in files written before it existed). */
    peer?: boolean;
  };
  training: Extract<BenchPart, { kind: 'training' }>[];
  importance: Extract<BenchPart, { kind: 'importance' }> | null;
  ablation: Extract<BenchPart, { kind: 'ablation' }>[];
  /** Absent in files written before Fig. 15 existed. */
  fineTuning?: Extract<BenchPart, { kind: 'fine-tuning' }>[];
  figures: FigureRun[];
  skipped: Extract<BenchPart, { kind: 'skipped' }>[];
  firstLoad: { page: string; files: FirstLoadFile[]; gzipBytes: number } | null;
  /** The numpy peer's numbers (bench/peer/numpy_peer.py), or why it did not run; absent in
   * files written before it existed. */
  peer?: PeerResult | PeerSkipped;
  targets: Target[];
}

/** What bench/peer/numpy_peer.py measures (`bench` command), as bench/peer/run.ts stores it. */
export interface PeerResult {
  format: 1;
  numpy: string;
  python: string;
  /** The interpreter that ran it. */
  interpreter: string;
  blas: string;
  /** OPENBLAS_CORETYPE and where it came from, or null when not set. */
  coretype: string | null;
  cpus: number;
  wallMs: number;
  /** One layer-1 curve, 101 levels, one core; `verify`: against the engine's curve. */
  curve: {
    ms: number;
    contextMs: number;
    levels: number;
    samples: number;
    repeats: number;
    verify:
      | { maxDifference: number; levels: number; equal: boolean; against: string }
      | { equal: null; note: string };
  };
  /** One Adam step of one network at batch 32, one core. */
  training: { msPerStep: number; steps: number; batch: number };
  /** The layer-1 curves of a Fig. 10 rerun, one process per core. */
  fig10:
    | {
        ms: number;
        curves: number;
        networks: number;
        levels: number;
        processes: number;
        preset: string;
      }
    | { skipped: string };
}

/** The peer's entry when it did not run. */
export interface PeerSkipped {
  skipped: string;
  install?: string;
}

/** bench-results/bench-gpu.json (bench-gpu-training.json with --training; the GPU pack's
 * results/bench-gpu-pack.json): `npm run bench:gpu` and the pack's run.sh. Every row names the
 * adapter it ran on (`adapter`: Dawn's label on WebGPU, WASM_ADAPTER on WASM). */
export interface GpuBenchResults {
  format: 3;
  createdAt: string;
  /** The flags it ran with; `smoke`: the pack test's size, not a measurement to quote. */
  options: { quick: boolean; training: boolean; curve: boolean; smoke: boolean };
  /** Dawn's adapter, or null with `missing` saying why there is none. */
  adapter: { label: string; isFallbackAdapter: boolean; software: boolean; driver: string } | null;
  missing?: string;
  /** What backend selection said, per backend. */
  notes: Record<string, string>;
  training: {
    backend: GpuBackend;
    adapter: string;
    ensembleSeeds: number;
    rows: (TrainingRow & { adapter: string })[];
  }[];
  /** An empty compute dispatch on the WebGPU device: what each of a layout's dispatches costs at
   * least (bench/timing/dispatch.ts). */
  dispatch: DispatchTiming[];
  /** Fig. 15's fine-tuning in the backend's default layout ('wide' on WebGPU). */
  fineTuning: (FineTuneTiming & { backend: GpuBackend; adapter: string })[];
  /** The paper preset's training extrapolated from each measured ensemble row. */
  paper: PaperEstimate[];
  analysis: { backend: GpuBackend; adapter: string; ms: number; repeats: number }[];
  curves: {
    backend: GpuBackend;
    adapter: string;
    path: AblationTiming['path'];
    /** Test images the curve runs on (10,000 but in a smoke run). */
    samples: number;
    ms: number;
    repeats: number;
    /** Largest |this - WASM's curve|, percentage points; null on WASM or without it. */
    maxDifferenceFromWasm: number | null;
    /** The curve, accuracy (%) per level: the numpy peer checks it is doing the same work. */
    values: number[];
  }[];
  peer: PeerResult | PeerSkipped | null;
}

export type GpuBackend = 'webgpu' | 'wasm';

/** What a GPU row names as its adapter on WASM. */
export const WASM_ADAPTER = 'CPU (WASM, no adapter)';

export interface DispatchTiming {
  adapter: string;
  /** 'one-pass': `count` dispatches in one compute pass and one submit; 'one-submit-each': every
   * dispatch its own pass and submit, each awaited together at the end. */
  mode: 'one-pass' | 'one-submit-each';
  count: number;
  repeats: number;
  usPerDispatch: number;
}

export interface PaperEstimate {
  backend: GpuBackend;
  adapter: string;
  method: TrainingMethod;
  msPerNetworkStep: number;
  /** 20 networks x 10 epochs x ceil(50,000 / 32) steps x 2 activations. */
  networkSteps: number;
  /** One process, one device: msPerNetworkStep x networkSteps. */
  seconds: number;
  /** From a warm-up estimate rather than timed steps. */
  estimate: boolean;
}
