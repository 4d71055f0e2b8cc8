/**
 * The data-set switch of a figure (#24): "Published run on MNIST | Fashion-MNIST".
 *
 *   mnist ──Fashion-MNIST──▶ loading ──fetched and drawn──▶ fashion
 *     ▲                        └──failed (offline, missing)──▶ mnist, the status says why
 *     └──MNIST, or a rerun starts (figure-rerun.ts dispatches `dataset:reset`)──┘
 *
 * Fashion-MNIST's published run is fetched once (/figures/fashion/<id>.json, built from
 * content/fashion/) and drawn the way a rerun is drawn: solid, over MNIST's published run dashed. The
 * figure's `data-dataset` then says "fashion", and the stylesheet shows the caption, downloads and
 * verdicts of Fashion-MNIST's run (computed at build time from its own figures, src/components/
 * Claims.astro) in place of MNIST's. The reader's rerun is drawn where the published plots are,
 * over the published run of its own data set (figure-rerun.ts), so a rerun brings the switch back.
 * `#figN-fashion` in the address opens a figure switched.
 */
import type { FigureData, FigureId } from '../lib/figure-data';
import { withBase } from './paths';

/** What the key under each panel calls the two runs drawn. */
const NAMES = { published: 'MNIST’s published run', rerun: 'Fashion-MNIST’s published run' };

const loaded = new Map<FigureId, Promise<FigureData>>();

/** Fashion-MNIST's published run of a figure, fetched once (also the baseline of a rerun on it). */
export function fetchFashion(id: FigureId): Promise<FigureData> {
  let p = loaded.get(id);
  if (!p) {
    p = fetch(withBase(`figures/fashion/${id}.json`)).then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return (await r.json()) as FigureData;
    });
    // a failed fetch is tried again at the next press
    p.catch(() => loaded.delete(id));
    loaded.set(id, p);
  }
  return p;
}

class DatasetSwitch {
  private readonly id: FigureId;
  private readonly status: HTMLElement;
  private press = 0;

  constructor(private readonly figure: HTMLElement) {
    this.id = figure.id as FigureId;
    this.status = figure.querySelector('[data-role=dataset-status]') as HTMLElement;
    for (const input of this.inputs()) {
      input.addEventListener('change', () => {
        if (input.checked) void this.show(input.value === 'fashion' ? 'fashion' : 'mnist', true);
      });
    }
    figure.addEventListener('dataset:reset', () => void this.show('mnist', false));
    if (location.hash === `#${this.id}-fashion`) void this.show('fashion', false);
  }

  private embedded: FigureData | undefined | null = null;
  /** MNIST's published run as embedded in the page, parsed at the first switch only. */
  private mnist(): FigureData | undefined {
    if (this.embedded === null) {
      const script = this.figure.querySelector('script[data-role=published-data]');
      this.embedded = script?.textContent
        ? (JSON.parse(script.textContent) as FigureData)
        : undefined;
    }
    return this.embedded;
  }

  private inputs(): HTMLInputElement[] {
    return [...this.figure.querySelectorAll<HTMLInputElement>('[data-role=dataset-switch] input')];
  }

  private check(value: 'mnist' | 'fashion'): void {
    for (const input of this.inputs()) input.checked = input.value === value;
  }

  private async show(dataset: 'mnist' | 'fashion', byReader: boolean): Promise<void> {
    const press = ++this.press;
    this.check(dataset);
    if (dataset === 'mnist') {
      this.set('mnist');
      this.status.textContent = '';
      if (byReader && location.hash === `#${this.id}-fashion`) {
        history.replaceState(
          history.state,
          '',
          `${location.pathname}${location.search}#${this.id}`,
        );
      }
      return;
    }
    this.status.textContent = 'Loading Fashion-MNIST’s run…';
    try {
      const [data, { renderPanel }] = await Promise.all([
        fetchFashion(this.id),
        import('../figures/index'),
      ]);
      if (press !== this.press) return;
      const mnist = this.mnist();
      for (const slot of this.figure.querySelectorAll<HTMLElement>('[data-panel]')) {
        const panel = data.panels.find((p) => p.id === slot.dataset.panel);
        const target = slot.querySelector<HTMLElement>('[data-role=fashion-plot]');
        if (!panel || !target) continue;
        const under = mnist?.panels.find((p) => p.id === panel.id && p.kind === panel.kind);
        target.replaceChildren(
          under ? renderPanel(under, { compare: panel, names: NAMES }) : renderPanel(panel),
        );
      }
      this.set('fashion');
      this.status.textContent = '';
      if (byReader) {
        history.replaceState(
          history.state,
          '',
          `${location.pathname}${location.search}#${this.id}-fashion`,
        );
      }
    } catch (error) {
      if (press !== this.press) return;
      this.check('mnist');
      this.set('mnist');
      const why = navigator.onLine ? (error as Error).message : 'the browser is offline';
      this.status.textContent = `Fashion-MNIST’s run could not be loaded (${why}); MNIST’s is shown.`;
    }
  }

  private set(dataset: 'mnist' | 'fashion'): void {
    this.figure.dataset.dataset = dataset;
    const fashion = dataset === 'fashion';
    for (const el of this.figure.querySelectorAll<HTMLElement>(
      '[data-role=fashion-plot], [data-role=fashion-meta], [data-role=fashion-downloads]',
    )) {
      el.hidden = !fashion;
    }
  }
}

for (const figure of document.querySelectorAll<HTMLElement>('figure.report-figure')) {
  if (figure.querySelector('[data-role=dataset-switch]')) new DatasetSwitch(figure);
}
