/**
 * The life of one figure on the page: the published run, and the reader's rerun beside it.
 *
 *   published ──Rerun (valid options)──▶ queued ──worker free──▶ running ──result──▶ done
 *                                          │                       ├──error/crash──▶ failed
 *                                          └──────Cancel──────▶ cancelled ◀─Cancel─┘
 *   done | failed | cancelled ──Rerun──▶ queued
 *
 * - Invalid options never leave the current state: the status line says what to fix.
 * - queued/running: the Rerun button is disabled (a double click starts one run), Cancel enabled.
 * - running: partial results (fewer seeds so far) are drawn over the published run as they come.
 * - done: published run dashed, rerun solid; rerun downloads appear.
 * - failed/cancelled: the published figure is shown again, unchanged.
 * The state is mirrored in `data-state` on the <figure>, for styling and tests. Options are written
 * to the URL (?fig=fig4&preset=smoke&seeds=2#fig4) and restored, validated, on load.
 * Every result drawn (partial or final) is announced as a `rerun:data` event on the document, and a
 * return to the published figure as `rerun:reset`, so the verdicts and numbers of the text can
 * follow the reader's run (sceptic.ts). The form's own behaviour (defaults, training choices, the
 * estimate, what a refused run marks) is rerun-form.ts's.
 */
import type { Progress } from '../../workers/api';
import type { CompareNames } from '../figures/style';
import type { FigureData, FigureId } from '../lib/figure-data';
import { figureSpec, fineTunes } from '../lib/figures';
import {
  backendText,
  changedChoices,
  ENGINE_LABELS,
  fromSearchParams,
  parseRunOptions,
  resolveRun,
  toSearchParams,
} from '../lib/run-options';
import { CONFIRM_ABOVE_S, estimateSeconds, formatDuration } from '../lib/run-time';
import { type RunHandle, runFigure } from './engine-client';
import { fetchFashion } from './figure-dataset';
import { RerunForm } from './rerun-form';

export type FigureState = 'published' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The detail of a `rerun:data` event: a figure's rerun so far (partial) or final. */
export interface RerunEvent {
  figure: FigureId;
  data: FigureData;
  partial: boolean;
}

const STAGES: Record<Progress['stage'], string> = {
  data: 'Loading MNIST',
  backend: 'Starting the compute backend',
  training: 'Training networks',
  importance: 'Computing importance measures',
  sweeps: 'Ablating neurons',
  done: 'Finishing',
};

/** What the seeds' stage does for this figure: ablation curves, fine-tuning, or measures only. */
function sweepsText(id: FigureId): string {
  const spec = figureSpec(id);
  if (fineTunes(id)) return 'Pruning and fine-tuning networks';
  if (!spec.panels.some((p) => p.kind === 'curves')) return 'Measuring the neurons';
  return STAGES.sweeps;
}

class FigureRerun {
  private readonly id: FigureId;
  private readonly published: FigureData | undefined;
  private readonly form: RerunForm;
  private state: FigureState = 'published';
  /** The options of a long run the reader was asked to confirm (a second press starts it). */
  private confirmed: string | null = null;
  private handle: RunHandle | null = null;
  /** Increases with every run, so late callbacks of an older run are ignored. */
  private run = 0;
  private downloads: string[] = [];

  constructor(private readonly figure: HTMLElement) {
    this.id = figure.id as FigureId;
    const embedded = figure.querySelector('script[data-role=published-data]');
    this.published = embedded?.textContent
      ? (JSON.parse(embedded.textContent) as FigureData)
      : undefined;
    this.form = new RerunForm(figure, this.published);
    this.form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.rerun();
    });
    this.button('cancel').addEventListener('click', () => this.cancel());
    this.restoreFromUrl();
    this.form.showEstimate();
    this.setState('published');
  }

  private rerun(): void {
    if (this.state === 'queued' || this.state === 'running') return;
    const parsed = parseRunOptions(this.id, this.form.read());
    this.form.markInvalid(parsed.ok ? [] : parsed.errors);
    if (!parsed.ok) {
      this.status(`Not started: ${parsed.errors.join(' ')}`);
      return;
    }
    const options = parsed.options;
    // a run of a quarter of an hour or more starts only when asked twice for the same options
    const seconds = estimateSeconds(resolveRun(options), this.published);
    const asked = toSearchParams(options).toString();
    if (seconds !== null && seconds > CONFIRM_ABOVE_S && this.confirmed !== asked) {
      this.confirmed = asked;
      this.status(
        `This run is expected to take ${formatDuration(seconds)} here. Press “Rerun figure” again to start it, or change the options.`,
      );
      return;
    }
    this.confirmed = null;
    const url = new URL(location.href);
    url.search = toSearchParams(options).toString();
    url.hash = this.id;
    history.replaceState(history.state, '', url);

    const run = ++this.run;
    const mine = () => run === this.run;
    // the rerun is drawn in the published plots' place: a figure showing Fashion-MNIST's goes back
    this.figure.dispatchEvent(new CustomEvent('dataset:reset'));
    this.setState('queued');
    this.showPublished();
    this.progress(null);
    this.handle = runFigure(options, {
      onStart: () => {
        if (!mine()) return;
        this.setState('running');
        this.status('Running: starting the experiment worker…');
      },
      onProgress: (p) => {
        if (mine() && this.state === 'running') this.progress(p);
      },
      onPartial: (data) => {
        // a partial result that cannot be drawn is skipped; the final one decides
        if (mine() && this.state === 'running') this.draw(data, run, false).catch(() => undefined);
      },
    });
    // onStart may already have run (the worker was free): then the status says so already.
    if (this.current() === 'queued') {
      const ahead = this.handle.ahead;
      this.status(
        ahead > 0
          ? `Queued: waiting for ${ahead} other rerun${ahead > 1 ? 's' : ''} on this page to finish.`
          : 'Queued: starting…',
      );
    }
    const done = async (data: FigureData) => {
      if (!mine()) return;
      await this.draw(data, run, true);
      this.setState('done');
      this.progress(null);
      const seconds = Math.round(data.meta.durationMs / 1000);
      const seeds = `${data.meta.seeds} seed${data.meta.seeds === 1 ? '' : 's'}`;
      const { published, names } = await this.baseline(data);
      const key = published
        ? ` Dashed: ${names?.published ?? 'published run'}; solid: your rerun.`
        : '';
      this.status(
        `Done in ${seconds} s on ${data.meta.backend}: ${seeds}, preset ${data.meta.preset}.${key}`,
      );
      await this.offerDownloads(data);
    };
    const failed = (error: Error) => {
      if (!mine()) return;
      const cancelled = error.name === 'AbortError';
      this.setState(cancelled ? 'cancelled' : 'failed');
      this.showPublished();
      this.progress(null);
      const shown = this.published ? ' The published figure is shown.' : '';
      this.status(
        cancelled
          ? `Rerun cancelled.${shown}`
          : `The rerun failed: ${(error.message || 'unknown error').replace(/\.$/, '')}.${shown}`,
      );
    };
    // A result that cannot be drawn fails the rerun like an engine error does.
    this.handle.result.then(done).catch(failed);
  }

  private cancel(): void {
    if (!this.handle || (this.state !== 'queued' && this.state !== 'running')) return;
    this.status('Cancelling…');
    this.handle.cancel();
  }

  /** The state now (a method, so TypeScript does not carry a narrowing across callbacks). */
  private current(): FigureState {
    return this.state;
  }

  private setState(state: FigureState): void {
    this.state = state;
    this.figure.dataset.state = state;
    const busy = state === 'queued' || state === 'running';
    const focused = document.activeElement;
    this.button('rerun').disabled = busy;
    this.button('cancel').disabled = !busy;
    const options = this.form.element.querySelector(
      'fieldset[data-role=options]',
    ) as HTMLFieldSetElement;
    options.disabled = busy;
    // a control just disabled may have held the keyboard focus (Enter on Rerun, Cancel, or Enter in
    // a field): hand it to the button that takes over, so focus never falls back to the page body
    if (
      focused instanceof HTMLElement &&
      this.form.element.contains(focused) &&
      focused.matches(':disabled')
    ) {
      this.button(busy ? 'cancel' : 'rerun').focus();
    }
  }

  /**
   * The published run a rerun is drawn over: MNIST's, or, for a rerun on Fashion-MNIST, Fashion-
   * MNIST's published run of this figure where there is one (#24), so that a rerun is compared
   * with the run of its own data set. Undefined without either.
   */
  private async baseline(
    data: FigureData,
  ): Promise<{ published: FigureData | undefined; names?: CompareNames }> {
    if ((data.meta.dataset ?? 'mnist') === 'fashion' && this.hasFashion) {
      const fashion = await fetchFashion(this.id).catch(() => undefined);
      if (fashion) {
        return {
          published: fashion,
          names: { published: 'Fashion-MNIST’s published run', rerun: 'rerun' },
        };
      }
    }
    return { published: this.published };
  }

  private get hasFashion(): boolean {
    return this.figure.querySelector('[data-role=dataset-switch]') !== null;
  }

  /** Draws the run (partial or final) over the published one, panel by panel. */
  private async draw(data: FigureData, run: number, final: boolean): Promise<void> {
    const { renderPanel } = await import('../figures/index');
    const base = await this.baseline(data);
    // a partial result whose drawing finishes after the run failed or was cancelled must not
    // hide the published figure that showPublished() just brought back
    if (run !== this.run || (!final && this.current() !== 'running')) return;
    for (const slot of this.figure.querySelectorAll<HTMLElement>('[data-panel]')) {
      const id = slot.dataset.panel;
      const mine = data.panels.find((p) => p.id === id);
      if (!mine) continue;
      const theirs = base.published?.panels.find((p) => p.id === id && p.kind === mine.kind);
      const drawn = theirs
        ? renderPanel(theirs, { compare: mine, names: base.names })
        : renderPanel(mine);
      const target = slot.querySelector('[data-role=rerun-plot]') as HTMLElement;
      target.replaceChildren(drawn);
      target.hidden = false;
      for (const el of slot.querySelectorAll<HTMLElement>('[data-role=published-plot]')) {
        el.hidden = true;
      }
    }
    const meta = this.figure.querySelector('[data-role=rerun-meta]') as HTMLElement | null;
    if (meta) {
      meta.hidden = false;
      const seeds = `${data.meta.seeds} seed${data.meta.seeds === 1 ? '' : 's'}`;
      const choices = changedChoices(data.meta)
        .map((c) => `${c.label} ${c.text}`)
        .join(', ');
      meta.textContent = `${final ? 'Your rerun' : 'Your rerun so far'}: ${seeds}, preset ${data.meta.preset}, ${data.meta.epochs} epoch${data.meta.epochs === 1 ? '' : 's'}, backend ${backendText(data.meta)}, networks ${data.meta.networks}${data.meta.trainedBy ? ` (trained by ${ENGINE_LABELS[data.meta.trainedBy]})` : ''}${choices ? `; changed from the paper: ${choices}` : ''}.`;
    }
    const detail: RerunEvent = { figure: this.id, data, partial: !final };
    document.dispatchEvent(new CustomEvent('rerun:data', { detail }));
  }

  /** Back to the published figure (or its placeholder): rerun plots hidden. */
  private showPublished(): void {
    document.dispatchEvent(new CustomEvent('rerun:reset', { detail: { figure: this.id } }));
    for (const el of this.figure.querySelectorAll<HTMLElement>('[data-role=rerun-plot]')) {
      el.hidden = true;
      el.replaceChildren();
    }
    for (const el of this.figure.querySelectorAll<HTMLElement>('[data-role=published-plot]')) {
      el.hidden = false;
    }
    const meta = this.figure.querySelector('[data-role=rerun-meta]') as HTMLElement | null;
    if (meta) meta.hidden = true;
    const box = this.figure.querySelector('[data-role=rerun-downloads]') as HTMLElement | null;
    if (box) box.hidden = true;
  }

  private progress(p: Progress | null): void {
    const bar = this.figure.querySelector('[data-role=progress]') as HTMLProgressElement;
    const stage = this.figure.querySelector('[data-role=stage]') as HTMLElement;
    const eta = this.figure.querySelector('[data-role=eta]') as HTMLElement;
    if (!p) {
      bar.hidden = true;
      bar.removeAttribute('value');
      stage.textContent = '';
      eta.textContent = '';
      return;
    }
    bar.hidden = false;
    bar.value = Math.min(1, Math.max(0, p.fraction));
    const words = p.stage === 'sweeps' ? sweepsText(this.id) : (STAGES[p.stage] ?? p.stage);
    stage.textContent = `${words}${p.message ? `: ${p.message}` : ''}`;
    eta.textContent = p.etaSeconds === null ? '' : timeLeft(p.etaSeconds);
    this.status(`Running: ${Math.round(p.fraction * 100)}%${p.backend ? ` on ${p.backend}` : ''}.`);
  }

  private async offerDownloads(data: FigureData): Promise<void> {
    const box = this.figure.querySelector('[data-role=rerun-downloads]') as HTMLElement | null;
    if (!box) return;
    const { figureToCsv, figureToSvg } = await import('../figures/export');
    for (const url of this.downloads) URL.revokeObjectURL(url);
    // the changed choices name the files, e.g. fig4-rerun-l2=0-threshold=0.3.csv
    const choices = changedChoices(data.meta)
      .map((c) => `-${c.key}=${c.value}`)
      .join('');
    const { published } = await this.baseline(data);
    const svg = published
      ? figureToSvg(published, { document, compare: data })
      : figureToSvg(data, { document });
    const files: [string, string, string][] = [
      ['csv', figureToCsv(data), 'text/csv'],
      ['json', JSON.stringify(data), 'application/json'],
      ['svg', svg, 'image/svg+xml'],
    ];
    this.downloads = files.map(([kind, text, type]) => {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = box.querySelector(`a[data-role=rerun-${kind}]`) as HTMLAnchorElement;
      link.href = url;
      link.download = `${this.id}-rerun${choices}.${kind}`;
      return url;
    });
    box.hidden = false;
  }

  private restoreFromUrl(): void {
    const link = fromSearchParams(new URLSearchParams(location.search));
    if (!link || link.figure !== this.id) return;
    const parsed = parseRunOptions(this.id, link.raw);
    if (!parsed.ok) {
      const text = `The link's options were not used: ${parsed.errors.join(' ')}`;
      this.status(text);
      this.linkNotice(text);
      return;
    }
    this.form.fill(parsed.options);
    this.status('Options restored from the link. Press “Rerun figure” to run them.');
    this.linkNotice(
      'This link set the rerun options below this figure. Press “Rerun figure” there to run them.',
    );
  }

  /**
   * What became of a permalink's options, said at the top of the figure the link opens at: the
   * form's own status line sits below the figure, out of sight on arrival.
   */
  private linkNotice(text: string): void {
    const notice = document.createElement('p');
    notice.className = 'link-notice';
    notice.dataset.role = 'link-notice';
    notice.setAttribute('role', 'status');
    notice.textContent = text;
    this.figure.querySelector('figcaption')?.prepend(notice);
    // a hand-made link may lack the #figN that brings the reader to the figure: go there
    if (location.hash !== `#${this.id}`) this.figure.scrollIntoView({ block: 'start' });
  }

  private button(action: 'rerun' | 'cancel'): HTMLButtonElement {
    return this.figure.querySelector(`[data-action=${action}]`) as HTMLButtonElement;
  }

  private status(text: string): void {
    const line = this.figure.querySelector('[data-role=status]') as HTMLElement;
    line.textContent = text.trim();
  }
}

function timeLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

for (const figure of document.querySelectorAll<HTMLElement>('figure[data-figure]')) {
  new FigureRerun(figure);
}

/** A link naming a figure this report does not have: say so once, at the top (nothing runs). */
function noticeForeignLink(): void {
  const named = new URLSearchParams(location.search).get('fig')?.trim();
  const figures = [...document.querySelectorAll<HTMLElement>('figure[data-figure]')];
  if (!named || figures.length === 0 || fromSearchParams(new URLSearchParams({ fig: named }))) {
    return;
  }
  const ids = figures.map((f) => f.dataset.figure);
  const notice = document.createElement('p');
  notice.className = 'link-notice';
  notice.setAttribute('role', 'status');
  notice.textContent = `This link names a figure “${named}” that the report does not have (${ids[0]} to ${ids.at(-1)}), so its options were not used.`;
  (document.querySelector('main') ?? document.body).prepend(notice);
}
noticeForeignLink();
