/**
 * The choices the paper leaves open (docs/method.md §1-§2), as one table keyed by the preset's
 * field names, which `RunMeta` shares. A row gives the permalink parameter, the form's label, the
 * kind of value with its limits, and whether the choice changes training (it then needs networks
 * trained anew: the published ones were trained the paper's way). The rerun form
 * (src/components/RerunForm.astro), the parsing and its messages, the permalinks, the run's
 * metadata, `changedChoices` and the download names are all derived from it.
 *
 * Adding a choice: its field and paper value in `Preset` (presets.ts), its row here, and the one
 * place in the engine that uses it. The type checker names anything else that must follow.
 */
import { INPUT_SCALINGS } from './input-scaling';
import {
  DATASETS,
  INITIALISATIONS,
  LIMITS,
  PRESETS,
  type Preset,
  type PresetName,
} from './presets';

/** A number in [min, max]: any decimal, or a whole number. */
interface NumberChoice {
  readonly kind: 'decimal' | 'whole';
  readonly min: number;
  readonly max: number;
}
/** One of a few named values, each with the words the form shows. */
interface NamedChoice<T extends string> {
  readonly kind: 'oneOf';
  readonly values: readonly T[];
  readonly names: Readonly<Record<T, string>>;
}
type ChoiceRow<T> = {
  /** The permalink parameter and the form field's name. */
  readonly param: string;
  readonly label: string;
  readonly training: boolean;
} & ([T] extends [number] ? NumberChoice : [T] extends [string] ? NamedChoice<T> : never);

export const OPEN_CHOICES = {
  // not one of the paper's open choices but a choice of the run all the same: the published
  // networks were trained on MNIST, so another data set trains anew
  dataset: {
    param: 'dataset',
    label: 'Data set',
    kind: 'oneOf',
    values: DATASETS,
    names: { mnist: 'MNIST', fashion: 'Fashion-MNIST' },
    training: true,
  },
  l2: { param: 'l2', label: 'L2 penalty λ', kind: 'decimal', min: 0, max: 1e-2, training: true },
  learningRate: {
    param: 'lr',
    label: 'Learning rate',
    kind: 'decimal',
    min: 1e-5,
    max: 0.1,
    training: true,
  },
  batchSize: {
    param: 'batch',
    label: 'Batch size',
    kind: 'whole',
    min: 1,
    max: LIMITS.batch,
    training: true,
  },
  inputs: {
    param: 'inputs',
    label: 'Input scaling',
    kind: 'oneOf',
    values: INPUT_SCALINGS,
    names: { unit: 'pixels in [0, 1]', standard: 'standardised per pixel' },
    training: true,
  },
  init: {
    param: 'init',
    label: 'Initialisation',
    kind: 'oneOf',
    values: INITIALISATIONS,
    names: { 'glorot-uniform': 'Glorot uniform', 'he-normal': 'He normal' },
    training: true,
  },
  validationSamples: {
    param: 'validation',
    label: 'Validation images',
    kind: 'whole',
    min: 100,
    max: LIMITS.validation,
    training: false,
  },
  threshold: {
    param: 'threshold',
    label: 'Quantiser threshold (sigmoid)',
    kind: 'decimal',
    min: 0.01,
    max: 0.99,
    training: false,
  },
  reluThreshold: {
    param: 'relu-threshold',
    label: 'Quantiser threshold (ReLU)',
    kind: 'decimal',
    min: 0,
    max: 5,
    training: false,
  },
} as const satisfies { [K in keyof Preset]?: ChoiceRow<Preset[K]> };

/** An open choice, by the preset's field name. */
export type OpenChoice = keyof typeof OPEN_CHOICES;
/** An open choice's permalink parameter. */
export type ChoiceParam = (typeof OPEN_CHOICES)[OpenChoice]['param'];
/** The open choices, in the table's order. */
export const CHOICES = Object.keys(OPEN_CHOICES) as OpenChoice[];
/** The open choices that change training, so need networks trained anew. */
export const TRAINING_CHOICES = CHOICES.filter((k) => OPEN_CHOICES[k].training);

/** The open choice a permalink parameter or form field names, if any. */
export const choiceOfParam = (param: string): OpenChoice | undefined =>
  CHOICES.find((k) => OPEN_CHOICES[k].param === param);

/** Whether a choice's value differs between presets (then the form shows the preset's). */
export const variesByPreset = (key: OpenChoice): boolean =>
  new Set(Object.values(PRESETS).map((p) => p[key])).size > 1;

/** The values of a run request's open choices, under their permalink names. */
export type ChoiceOptions = {
  -readonly [K in OpenChoice as (typeof OPEN_CHOICES)[K]['param']]?: Preset[K];
};

/** The open choices' values of a preset (what a run records in its metadata). */
export const choiceValues = (preset: Preset): Pick<Preset, OpenChoice> =>
  Object.fromEntries(CHOICES.map((k) => [k, preset[k]])) as Pick<Preset, OpenChoice>;

/** The shared messages, one per kind of mistake. */
export const oneOf = (field: string, names: readonly string[], got: unknown) =>
  `${field} must be ${names.length === 2 ? names.join(' or ') : `one of ${names.join(', ')}`} (got “${String(got)}”).`;
export const wholeNumber = (field: string, max: number, got: unknown, min = 1) =>
  `${field} must be a whole number from ${min} to ${max} (got “${String(got)}”).`;
const decimal = (field: string, min: number, max: number, got: unknown) =>
  `${field} must be a number from ${min} to ${max} (got “${String(got)}”).`;

/** A choice's value, or a RangeError with the shared message naming what was typed. */
export function checkChoice<K extends OpenChoice>(
  key: K,
  value: unknown,
  typed: unknown = value,
): Preset[K] {
  const row = OPEN_CHOICES[key] as ChoiceRow<number> | ChoiceRow<string>;
  if (row.kind === 'oneOf') {
    if (typeof value !== 'string' || !row.values.includes(value)) {
      throw new RangeError(oneOf(row.label, row.values, typed));
    }
    return value as Preset[K];
  }
  const whole = row.kind === 'whole';
  const ok =
    typeof value === 'number' &&
    (whole ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
    value >= row.min &&
    value <= row.max;
  if (!ok) {
    throw new RangeError(
      whole
        ? wholeNumber(row.label, row.max, typed, row.min)
        : decimal(row.label, row.min, row.max, typed),
    );
  }
  return value as Preset[K];
}

/** A choice as text (a form field, a permalink) read into its value, with the same checks. */
export function parseChoice<K extends OpenChoice>(key: K, text: string): Preset[K] {
  const kind = OPEN_CHOICES[key].kind;
  // text that spells a number of the choice's kind is read as one; anything else is checked as
  // typed, so the message quotes it
  const numeric = kind === 'whole' ? /^\d+$/ : /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  const value = kind !== 'oneOf' && numeric.test(text) ? Number(text) : text;
  return checkChoice(key, value, text);
}

/** What a run's metadata records about the open choices: the preset's field names (absent in runs
 * made before a choice existed: the paper's value). */
export type ChoicesMeta = { preset: PresetName } & Partial<Pick<Preset, OpenChoice>>;

/**
 * The open choices in which a run differs from its preset (the paper's values), as permalink
 * name and value: for the caption of a rerun and the names of its downloads.
 */
export function changedChoices(
  meta: ChoicesMeta,
): { key: ChoiceParam; label: string; value: string; text: string }[] {
  const base = PRESETS[meta.preset];
  return CHOICES.filter((k) => (meta[k] ?? base[k]) !== base[k]).map((k) => {
    const row = OPEN_CHOICES[k];
    const value = String(meta[k]);
    const names: Record<string, string> | undefined = 'names' in row ? row.names : undefined;
    // the value as a permalink and a file name spell it; `text` as a reader reads it
    return { key: row.param, label: row.label, value, text: names?.[value] ?? value };
  });
}
