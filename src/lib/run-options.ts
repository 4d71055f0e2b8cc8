/**
 * The run vocabulary: presets, backends, activations, network sources and limits, and the one
 * validation of a run request (`resolveRun`) that the page, the worker, the published-run
 * generator and the benchmark all use. An unknown value is refused with the same message
 * everywhere; nothing falls back silently. Pure: no DOM, no TensorFlow.js.
 */
import { ACTIVATIONS, type Activation } from './activation';
import { type FigureId, figureSpec, isFigureId } from './figures';
import { INPUT_SCALINGS, type InputScaling } from './input-scaling';

export const PRESET_NAMES = ['smoke', 'quick', 'paper'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** What a reader may ask for: a backend, or 'auto' (backend.ts decides by measurement). */
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** How the page and the downloads name a compute engine (figure-data.ts `ComputeEngine`). */
/**
 * The code that computed a run off WebGPU, or trained networks: the WebAssembly SIMD engine
 * (workers/engine/simd/) or TensorFlow.js ops on the run's backend.
 */
export type ComputeEngine = 'wasm-simd' | 'tfjs';

export const ENGINE_LABELS: Record<ComputeEngine, string> = {
  'wasm-simd': 'WebAssembly SIMD',
  tfjs: 'TensorFlow.js',
};
/**
 * "wasm, WebAssembly SIMD engine": the backend a run got, and what computed on it off WebGPU
 * (TensorFlow.js there only where WebAssembly SIMD is missing; runs older than the engine say
 * nothing of it).
 */
export const backendText = (meta: {
  backend: BackendName;
  adapter: string;
  engine?: ComputeEngine;
}): string => {
  const engine =
    meta.engine === 'wasm-simd'
      ? `, ${ENGINE_LABELS[meta.engine]} engine`
      : meta.engine === 'tfjs' && meta.backend !== 'webgpu'
        ? `, ${ENGINE_LABELS.tfjs} engine (no WebAssembly SIMD)`
        : '';
  return `${meta.backend}${meta.adapter ? ` (${meta.adapter})` : ''}${engine}`;
};
export { ACTIVATIONS };
export const NETWORK_SOURCES = ['published', 'retrain'] as const;
export type NetworkSource = (typeof NETWORK_SOURCES)[number];

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
  /** The sigmoid one-bit quantiser's threshold (eq. 2 with Q(t) = 1[t >= threshold]). */
  threshold: number;
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
  threshold: 0.5,
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

/**
 * The choices the paper leaves open, as rerun options (permalink names). The first four change how
 * the networks are trained, so they need "train anew"; `validation` and `threshold` change only the
 * measures and the bias-balancing means, so they also work with the published networks.
 */
export const OPEN_CHOICES = {
  l2: { label: 'L2 penalty λ', min: 0, max: 1e-2, training: true },
  lr: { label: 'Learning rate', min: 1e-5, max: 0.1, training: true },
  batch: { label: 'Batch size', min: 1, max: LIMITS.batch, training: true },
  inputs: { label: 'Input scaling', training: true },
  validation: { label: 'Validation images', min: 100, max: LIMITS.validation, training: false },
  threshold: { label: 'Quantiser threshold', min: 0.01, max: 0.99, training: false },
} as const;
export type OpenChoice = keyof typeof OPEN_CHOICES;
/** The open choices that change training, so need networks trained anew. */
export const TRAINING_CHOICES = (Object.keys(OPEN_CHOICES) as OpenChoice[]).filter(
  (k) => OPEN_CHOICES[k].training,
);

/** A run request, as the page, a permalink or a headless runner makes it. */
export interface RunOptions {
  figure: FigureId;
  preset: PresetName;
  /** Override the preset's number of seeds (networks). */
  seeds?: number;
  epochs?: number;
  /** Only for figures that exist for both activations (the paper fixes the others). */
  activation?: Activation;
  backend?: BackendChoice;
  /** Start from the published networks (skips training) or train anew. */
  networks?: NetworkSource;
  /** Base URL of the site, for data assets and published networks (default: worker origin). */
  baseUrl?: string;
  /**
   * Workers that share the seeds on WASM or the CPU backend, this one included: 1 computes every
   * seed here; default one per core, up to 4. The figure is the same either way.
   */
  workers?: number;
  /** The paper's open choices (OPEN_CHOICES); absent = the paper preset's value. */
  l2?: number;
  lr?: number;
  batch?: number;
  inputs?: InputScaling;
  validation?: number;
  threshold?: number;
}

/** A request after validation, with the preset's defaults filled in. */
export interface ResolvedRun {
  figure: FigureId;
  presetName: PresetName;
  preset: Preset;
  activation: Activation;
  networks: NetworkSource;
}

/** The messages, one per kind of mistake, shared by every entry point. */
const oneOf = (field: string, names: readonly string[], got: unknown) =>
  `${field} must be ${names.length === 2 ? names.join(' or ') : `one of ${names.join(', ')}`} (got “${String(got)}”).`;
const wholeNumber = (field: string, max: number, got: unknown, min = 1) =>
  `${field} must be a whole number from ${min} to ${max} (got “${String(got)}”).`;
const decimal = (field: string, min: number, max: number, got: unknown) =>
  `${field} must be a number from ${min} to ${max} (got “${String(got)}”).`;

const isOneOf = <T extends string>(value: unknown, names: readonly T[]): value is T =>
  typeof value === 'string' && (names as readonly string[]).includes(value);

/** Throws a RangeError with the shared message unless `value` is one of `names`. */
function checkOneOf<T extends string>(field: string, value: unknown, names: readonly T[]): T {
  if (!isOneOf(value, names)) throw new RangeError(oneOf(field, names, value));
  return value;
}

export const checkFigure = (value: unknown): FigureId => {
  if (typeof value !== 'string' || !isFigureId(value)) {
    throw new RangeError(`Unknown figure “${String(value)}”.`);
  }
  return value;
};
export const checkPreset = (value: unknown) => checkOneOf('Preset', value, PRESET_NAMES);
export const checkBackend = (value: unknown) => checkOneOf('Backend', value, BACKEND_CHOICES);
export const checkActivation = (value: unknown) => checkOneOf('Activation', value, ACTIVATIONS);
export const checkNetworks = (value: unknown) => checkOneOf('Networks', value, NETWORK_SOURCES);

/** The reader's activation, where the figure lets the reader choose one. */
function checkActivationFor(figure: FigureId, value: unknown): Activation {
  const spec = figureSpec(figure);
  if (!spec.activationOption) {
    throw new RangeError(`Figure ${spec.number} fixes the activation; remove “activation”.`);
  }
  return checkActivation(value);
}

/** A whole number in 1..max, or the shared message naming what was typed. */
function checkCount(field: string, value: unknown, max: number, typed: unknown = value): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(wholeNumber(field, max, typed));
  }
  return value;
}

/** A number in [min, max], or the shared message naming what was typed. */
function checkDecimal(choice: 'l2' | 'lr' | 'threshold', value: unknown, typed: unknown = value) {
  const { label, min, max } = OPEN_CHOICES[choice];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(decimal(label, min, max, typed));
  }
  return value;
}

/** A whole number in [min, max] for batch or validation, or the shared message. */
function checkWhole(choice: 'batch' | 'validation', value: unknown, typed: unknown = value) {
  const { label, min, max } = OPEN_CHOICES[choice];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(wholeNumber(label, max, typed, min));
  }
  return value;
}

export const checkInputs = (value: unknown) => checkOneOf('Input scaling', value, INPUT_SCALINGS);

/** Training choices need networks trained anew: the published ones were trained the paper's way. */
function checkTrainingChoices(options: RunOptions, networks: NetworkSource): void {
  const set = TRAINING_CHOICES.filter((k) => options[k] !== undefined);
  if (set.length > 0 && networks === 'published') {
    throw new RangeError(
      `${set.map((k) => OPEN_CHOICES[k].label).join(', ')} change${set.length === 1 ? 's' : ''} how the networks are trained: choose Networks “train anew”, or leave ${set.length === 1 ? 'it' : 'them'} empty.`,
    );
  }
}

/** Validates a request from the page, a URL or a headless runner; throws a RangeError a reader can act on. */
export function resolveRun(options: RunOptions): ResolvedRun {
  const figure = checkFigure(options.figure);
  const presetName = checkPreset(options.preset);
  const spec = figureSpec(figure);
  const base = PRESETS[presetName];
  const count = (field: string, name: 'seeds' | 'epochs', value: number | undefined) =>
    value === undefined ? base[name] : checkCount(field, value, LIMITS[name]);
  const seeds = count('Seeds', 'seeds', options.seeds);
  const epochs = count('Epochs', 'epochs', options.epochs);
  if (options.backend !== undefined) checkBackend(options.backend);
  if (options.workers !== undefined) checkCount('Workers', options.workers, LIMITS.workers);
  const activation =
    options.activation === undefined
      ? spec.activation === 'both'
        ? 'sigmoid'
        : spec.activation
      : checkActivationFor(figure, options.activation);
  const networks = options.networks === undefined ? 'published' : checkNetworks(options.networks);
  checkTrainingChoices(options, networks);
  const open = <K extends OpenChoice, T>(key: K, check: (v: unknown) => T, fallback: T): T =>
    options[key] === undefined ? fallback : check(options[key]);
  return {
    figure,
    presetName,
    preset: {
      ...base,
      seeds,
      epochs,
      l2: open('l2', (v) => checkDecimal('l2', v), base.l2),
      learningRate: open('lr', (v) => checkDecimal('lr', v), base.learningRate),
      batchSize: open('batch', (v) => checkWhole('batch', v), base.batchSize),
      inputs: open('inputs', checkInputs, base.inputs),
      validationSamples: open(
        'validation',
        (v) => checkWhole('validation', v),
        base.validationSamples,
      ),
      threshold: open('threshold', (v) => checkDecimal('threshold', v), base.threshold),
    },
    activation,
    networks,
  };
}

/** Option fields as text, as a form or a URL gives them; absent or empty = the default. */
export interface RawOptions {
  preset?: string | null;
  seeds?: string | null;
  epochs?: string | null;
  activation?: string | null;
  backend?: string | null;
  networks?: string | null;
  l2?: string | null;
  lr?: string | null;
  batch?: string | null;
  inputs?: string | null;
  validation?: string | null;
  threshold?: string | null;
}

export type ParsedOptions = { ok: true; options: RunOptions } | { ok: false; errors: string[] };

/** The URL parameters a permalink uses (besides `fig`). */
export const OPTION_KEYS = [
  'preset',
  'seeds',
  'epochs',
  'activation',
  'backend',
  'networks',
  'l2',
  'lr',
  'batch',
  'inputs',
  'validation',
  'threshold',
] as const satisfies readonly (keyof RawOptions)[];

/**
 * Reads text options (a form, a permalink) into RunOptions for one figure, with every message at
 * once: the same checks and messages as `resolveRun`, so a bad value never starts a run.
 */
export function parseRunOptions(figure: string, raw: RawOptions): ParsedOptions {
  const errors: string[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      errors.push(error.message);
      return undefined;
    }
  };
  const id = attempt(() => checkFigure(figure));
  if (!id) return { ok: false, errors };
  const options: RunOptions = { figure: id, preset: 'smoke' };
  const text = (key: keyof RawOptions) => {
    const value = raw[key]?.trim();
    return value ? value : undefined;
  };
  const number = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);
  const preset = text('preset');
  if (preset !== undefined) options.preset = attempt(() => checkPreset(preset)) ?? options.preset;
  for (const [key, field] of [
    ['seeds', 'Seeds'],
    ['epochs', 'Epochs'],
  ] as const) {
    const value = text(key);
    if (value !== undefined) {
      const n = attempt(() => checkCount(field, number(value), LIMITS[key], value));
      if (n !== undefined) options[key] = n;
    }
  }
  const activation = text('activation');
  if (activation !== undefined)
    options.activation = attempt(() => checkActivationFor(id, activation));
  const backend = text('backend');
  if (backend !== undefined) options.backend = attempt(() => checkBackend(backend));
  const networks = text('networks');
  if (networks !== undefined) options.networks = attempt(() => checkNetworks(networks));
  const real = (value: string) =>
    /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? Number(value) : value;
  for (const key of ['l2', 'lr', 'threshold'] as const) {
    const value = text(key);
    if (value !== undefined) options[key] = attempt(() => checkDecimal(key, real(value), value));
  }
  for (const key of ['batch', 'validation'] as const) {
    const value = text(key);
    if (value !== undefined) options[key] = attempt(() => checkWhole(key, number(value), value));
  }
  const inputs = text('inputs');
  if (inputs !== undefined) options.inputs = attempt(() => checkInputs(inputs));
  attempt(() => checkTrainingChoices(options, options.networks ?? 'published'));
  for (const key of OPTION_KEYS) if (options[key] === undefined) delete options[key];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}

/** The permalink query for a run: `fig` plus every option that was set. */
export function toSearchParams(options: RunOptions): URLSearchParams {
  const params = new URLSearchParams({ fig: options.figure });
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}

/** The figure and raw options of a permalink; null when it names no known figure. */
export function fromSearchParams(
  params: URLSearchParams,
): { figure: FigureId; raw: RawOptions } | null {
  const figure = params.get('fig');
  if (!figure || !isFigureId(figure)) return null;
  const raw: RawOptions = {};
  for (const key of OPTION_KEYS) raw[key] = params.get(key);
  return { figure, raw };
}

/** What a run's meta records about the open choices (RunMeta's fields; absent = the paper's). */
export interface ChoicesMeta {
  preset: PresetName;
  l2: number;
  learningRate?: number;
  batchSize?: number;
  inputs?: InputScaling;
  validationSamples: number;
  threshold?: number;
}

/**
 * The open choices in which a run differs from its preset (the paper's values), as permalink
 * name and value: for the caption of a rerun and the names of its downloads.
 */
export function changedChoices(
  meta: ChoicesMeta,
): { key: OpenChoice; label: string; value: string }[] {
  const base = PRESETS[meta.preset];
  const values: Record<OpenChoice, [number | string, number | string]> = {
    l2: [meta.l2, base.l2],
    lr: [meta.learningRate ?? base.learningRate, base.learningRate],
    batch: [meta.batchSize ?? base.batchSize, base.batchSize],
    inputs: [meta.inputs ?? base.inputs, base.inputs],
    validation: [meta.validationSamples, base.validationSamples],
    threshold: [meta.threshold ?? base.threshold, base.threshold],
  };
  return (Object.keys(values) as OpenChoice[])
    .filter((key) => values[key][0] !== values[key][1])
    .map((key) => ({ key, label: OPEN_CHOICES[key].label, value: String(values[key][0]) }));
}
