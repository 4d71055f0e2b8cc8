/**
 * A figure's rerun form (RerunForm.astro) as figure-rerun.ts drives it: the options as typed, the
 * fields a refused run names, the preset's defaults as placeholders, the training choices that the
 * published networks switch off, and the expected duration of the run the form describes.
 */
import type { FigureData, FigureId } from '../lib/figure-data';
import { CHOICES, choiceOfParam, variesByPreset } from '../lib/open-choices';
import {
  OPEN_CHOICES,
  OPTION_KEYS,
  PRESETS,
  parseRunOptions,
  type RawOptions,
  type RunOptions,
  resolveRun,
} from '../lib/run-options';
import { ESTIMATE_SHOWN_ABOVE_S, estimateSeconds, formatDuration } from '../lib/run-time';

export class RerunForm {
  readonly element: HTMLFormElement;
  private readonly id: FigureId;

  constructor(
    private readonly figure: HTMLElement,
    private readonly published: FigureData | undefined,
  ) {
    this.id = figure.id as FigureId;
    this.element = figure.querySelector('form[data-role=rerun-form]') as HTMLFormElement;
    this.element.hidden = false;
    this.field('preset')?.addEventListener('change', () => this.showPresetDefaults());
    this.field('networks')?.addEventListener('change', () => {
      this.showTrainingChoices();
      this.showPresetDefaults();
    });
    this.element.addEventListener('input', () => this.showEstimate());
    this.element.addEventListener('change', () => this.showEstimate());
    this.showPresetDefaults();
    this.showTrainingChoices();
  }

  /** The options as the fields hold them. */
  read(): RawOptions {
    const raw: RawOptions = {};
    for (const key of OPTION_KEYS) {
      const field = this.field(key);
      // a disabled training choice (published networks) is not part of the request
      raw[key] = field && !field.disabled ? field.value : null;
    }
    return raw;
  }

  /** Sets the fields to valid options (a permalink's), opening the open choices where one is set. */
  fill(options: RunOptions): void {
    for (const key of OPTION_KEYS) {
      const field = this.field(key);
      const value = options[key];
      if (field && value !== undefined) field.value = String(value);
    }
    const set = OPTION_KEYS.filter((k) => choiceOfParam(k) && options[k] !== undefined);
    if (set.length > 0) {
      (this.figure.querySelector('[data-role=open-choices]') as HTMLDetailsElement).open = true;
    }
    this.showPresetDefaults();
    this.showTrainingChoices();
  }

  /** Marks the fields that `errors` name as invalid, and only those. */
  markInvalid(errors: string[]): void {
    for (const key of OPTION_KEYS) {
      const field = this.field(key);
      if (!field) continue;
      const choice = choiceOfParam(key);
      const label = choice ? OPEN_CHOICES[choice].label : '';
      const bad = errors.some(
        (e) => e.toLowerCase().startsWith(key) || (label !== '' && e.includes(label)),
      );
      if (bad) field.setAttribute('aria-invalid', 'true');
      else field.removeAttribute('aria-invalid');
    }
  }

  /** States the expected duration before a run over a minute (src/lib/run-time.ts). */
  showEstimate(): void {
    const out = this.element.querySelector<HTMLElement>('[data-role=estimate]');
    if (!out) return;
    const parsed = parseRunOptions(this.id, this.read());
    const seconds = parsed.ok ? estimateSeconds(resolveRun(parsed.options), this.published) : null;
    out.hidden = seconds === null || seconds <= ESTIMATE_SHOWN_ABOVE_S;
    out.textContent =
      seconds === null
        ? ''
        : `Expected to take ${formatDuration(seconds)} with these options on WebAssembly on a two-core machine like ours (scaled from the published run's time); a GPU or more cores may be faster.`;
  }

  private showPresetDefaults(): void {
    const preset = PRESETS[this.field('preset')?.value as keyof typeof PRESETS];
    if (!preset) return;
    const seeds = this.field('seeds') as HTMLInputElement | null;
    const epochs = this.field('epochs') as HTMLInputElement | null;
    if (seeds) seeds.placeholder = `${preset.seeds} (preset)`;
    // published networks were trained for the paper's epochs, whatever the preset says
    const published = this.field('networks')?.value === 'published';
    if (epochs) {
      epochs.placeholder = published
        ? `${PRESETS.paper.epochs} (published)`
        : `${preset.epochs} (preset)`;
    }
    // the open choices whose value depends on the preset show the chosen preset's
    for (const choice of CHOICES.filter(variesByPreset)) {
      const field = this.field(OPEN_CHOICES[choice].param) as HTMLInputElement | null;
      if (field) field.placeholder = `${preset[choice]} (preset)`;
    }
  }

  /** Training choices are off while the published networks are chosen, with the reason shown. */
  private showTrainingChoices(): void {
    const published = this.field('networks')?.value === 'published';
    for (const field of this.element.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      '[data-training]',
    )) {
      field.disabled = published;
    }
    const note = this.figure.querySelector('[data-role=training-note]') as HTMLElement | null;
    if (note) note.hidden = !published;
  }

  private field(name: string): HTMLInputElement | HTMLSelectElement | null {
    return this.element.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  }
}
