/**
 * The run vocabulary: presets, backends, activations, network sources and limits, and the one
 * validation of a run request (`resolveRun`) that the page, the worker, the published-run
 * generator and the benchmark all use. An unknown value is refused with the same message
 * everywhere; nothing falls back silently. Pure: no DOM, no TensorFlow.js.
 */
import { ACTIVATIONS, type Activation } from './activation';
import { type FigureId, figureSpec, isFigureId } from './figures';
import {
  CHOICES,
  type ChoiceOptions,
  checkChoice,
  OPEN_CHOICES,
  oneOf,
  parseChoice,
  TRAINING_CHOICES,
  wholeNumber,
} from './open-choices';
import { DATASETS, LIMITS, PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets';

export {
  type ChoiceParam,
  type ChoicesMeta,
  changedChoices,
  choiceValues,
  OPEN_CHOICES,
  type OpenChoice,
  TRAINING_CHOICES,
} from './open-choices';
export { LIMITS, PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets';
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

/** A run request, as the page, a permalink or a headless runner makes it. The paper's open
 * choices (OPEN_CHOICES) come under their permalink names; absent = the preset's value. */
export interface RunOptions extends ChoiceOptions {
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
}

/** A request after validation, with the preset's defaults filled in. */
export interface ResolvedRun {
  figure: FigureId;
  presetName: PresetName;
  preset: Preset;
  activation: Activation;
  networks: NetworkSource;
}

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
export const checkDataset = (value: unknown) => checkOneOf('Data set', value, DATASETS);

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

/** Training choices need networks trained anew: the published ones were trained the paper's way. */
function checkTrainingChoices(options: RunOptions, networks: NetworkSource): void {
  // the number of epochs too: the published networks were trained for the paper's, whatever the
  // preset says, so a count given with them would be ignored without a word
  const set = [
    ...(options.epochs !== undefined ? ['Epochs'] : []),
    ...TRAINING_CHOICES.filter((k) => options[OPEN_CHOICES[k].param] !== undefined).map(
      (k) => OPEN_CHOICES[k].label,
    ),
  ];
  if (set.length > 0 && networks === 'published') {
    throw new RangeError(
      `${set.join(', ')} change${set.length === 1 ? 's' : ''} how the networks are trained: choose Networks “train anew”, or leave ${set.length === 1 ? 'it' : 'them'} empty.`,
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
  const preset: Preset = { ...base, seeds, epochs };
  const set = <K extends keyof Preset>(key: K, value: Preset[K]) => {
    preset[key] = value;
  };
  for (const key of CHOICES) {
    const value = options[OPEN_CHOICES[key].param];
    if (value !== undefined) set(key, checkChoice(key, value));
  }
  return { figure, presetName, preset, activation, networks };
}

export type ParsedOptions = { ok: true; options: RunOptions } | { ok: false; errors: string[] };

/** The URL parameters a permalink uses (besides `fig`), and the form's field names. */
export const OPTION_KEYS = [
  'preset',
  'seeds',
  'epochs',
  'activation',
  'backend',
  'networks',
  ...CHOICES.map((k) => OPEN_CHOICES[k].param),
] as const satisfies readonly (keyof RunOptions)[];
export type OptionKey = (typeof OPTION_KEYS)[number];

/** Option fields as text, as a form or a URL gives them; absent or empty = the default. */
export type RawOptions = Partial<Record<OptionKey, string | null>>;

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
  for (const key of CHOICES) {
    const param = OPEN_CHOICES[key].param;
    const value = text(param);
    if (value !== undefined) {
      // each param holds its own choice's value (ChoiceOptions), which the loop cannot express
      (options as unknown as Record<string, unknown>)[param] = attempt(() =>
        parseChoice(key, value),
      );
    }
  }
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
