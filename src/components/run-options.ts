/**
 * Reading a reader's rerun options, from the form or from a permalink, into RunOptions: every
 * field checked (known names, whole numbers in range) with a message a reader can act on, so a bad
 * value never starts a run. Pure: no DOM, so it is unit-tested in Node.
 */

import type { RunOptions } from '../../workers/api';
import type { FigureId } from '../lib/figure-data';
import { FIGURES } from '../lib/figures';
import { LIMITS, PRESETS } from '../lib/presets';

export const PRESET_NAMES = ['smoke', 'quick', 'paper'] as const;
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
export const ACTIVATIONS = ['sigmoid', 'relu'] as const;
export const NETWORK_SOURCES = ['published', 'retrain'] as const;
export { LIMITS, PRESETS };

/** Option fields as text, as a form or a URL gives them; absent or empty = the default. */
export interface RawOptions {
  preset?: string | null;
  seeds?: string | null;
  epochs?: string | null;
  activation?: string | null;
  backend?: string | null;
  networks?: string | null;
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
] as const;

/** Validates raw options for one figure; `activation` is accepted only where the catalog allows it. */
export function parseRunOptions(figure: FigureId, raw: RawOptions): ParsedOptions {
  const spec = FIGURES.find((f) => f.id === figure);
  if (!spec) return { ok: false, errors: [`Unknown figure “${figure}”.`] };
  const errors: string[] = [];
  const options: RunOptions = { figure, preset: 'smoke' };

  const preset = clean(raw.preset);
  if (preset !== undefined) {
    if (isOneOf(preset, PRESET_NAMES)) options.preset = preset;
    else errors.push(`Preset must be one of ${PRESET_NAMES.join(', ')} (got “${preset}”).`);
  }
  const seeds = wholeNumber('Seeds', raw.seeds, LIMITS.seeds, errors);
  if (seeds !== undefined) options.seeds = seeds;
  const epochs = wholeNumber('Epochs', raw.epochs, LIMITS.epochs, errors);
  if (epochs !== undefined) options.epochs = epochs;

  const activation = clean(raw.activation);
  if (activation !== undefined) {
    if (!spec.activationOption) {
      errors.push(`Figure ${spec.number} fixes the activation; remove “activation”.`);
    } else if (isOneOf(activation, ACTIVATIONS)) {
      options.activation = activation;
    } else {
      errors.push(`Activation must be ${ACTIVATIONS.join(' or ')} (got “${activation}”).`);
    }
  }
  const backend = clean(raw.backend);
  if (backend !== undefined) {
    if (isOneOf(backend, BACKENDS)) options.backend = backend;
    else errors.push(`Backend must be one of ${BACKENDS.join(', ')} (got “${backend}”).`);
  }
  const networks = clean(raw.networks);
  if (networks !== undefined) {
    if (isOneOf(networks, NETWORK_SOURCES)) options.networks = networks;
    else errors.push(`Networks must be ${NETWORK_SOURCES.join(' or ')} (got “${networks}”).`);
  }
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
  if (!figure || !FIGURES.some((f) => f.id === figure)) return null;
  const raw: RawOptions = {};
  for (const key of OPTION_KEYS) raw[key] = params.get(key);
  return { figure: figure as FigureId, raw };
}

// Trimmed text, or undefined for absent/empty.
function clean(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

function isOneOf<T extends string>(value: string, names: readonly T[]): value is T {
  return (names as readonly string[]).includes(value);
}

// A whole number in 1..max, or undefined when empty (the preset decides); errors collect messages.
function wholeNumber(
  name: string,
  value: string | null | undefined,
  max: number,
  errors: string[],
): number | undefined {
  const text = clean(value);
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    errors.push(`${name} must be a whole number from 1 to ${max} (got “${text}”).`);
    return undefined;
  }
  return n;
}
