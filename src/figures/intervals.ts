/**
 * Interval panels (src/lib/panels/intervals.ts, Fig. 14's summary): one small chart per group, a
 * dot per series at its mean with a bar of +-1 standard error over networks, highest first. The
 * series keep the colours of the curve panels they summarise. In compare mode the rerun's dots
 * are filled and sorted, the published run's hollow at the same rows.
 */
import * as Plot from '@observablehq/plot';
import type { IntervalEstimate, IntervalGroup } from '../lib/panels';
import {
  colorScale,
  comparePanel,
  DEFAULT_WIDTH,
  documentOf,
  finishPlot,
  fmt,
  MARK,
  type PanelOf,
  type RenderOptions,
  unionKeys,
} from './style';

export type IntervalsPanel = PanelOf<'intervals'>;

interface Row extends IntervalEstimate {
  lo: number;
  hi: number;
}

const rows = (g: IntervalGroup): Row[] =>
  g.estimates.map((e) => ({ ...e, lo: e.mean - e.se, hi: e.mean + e.se }));

export function render(panel: IntervalsPanel, options: RenderOptions = {}): HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('intervals', options.compare);
  const shown = rerun ?? panel;
  // colours in the catalog's series order, as in the curve panels, not in the sorted order
  const { keys, labels } = unionKeys(panel.series);
  const figure = doc.createElement('figure');
  // in compare mode, marked as every compared panel is (the caption says which dots are whose)
  figure.className = rerun ? 'panel-intervals plot-compare' : 'panel-intervals';
  figure.setAttribute('aria-label', panel.title);
  // the panel's title is above it already (Figure.astro): the caption says how to read the dots
  const caption = doc.createElement('figcaption');
  caption.textContent = `${shown.xLabel}: mean over networks ± 1 standard error, highest first${rerun ? `; ${options.names ? `${options.names.rerun} filled, ${options.names.published} hollow` : 'your run filled, published run hollow'}` : ''}.`;
  figure.appendChild(caption);
  // two abreast on a page (each SVG shrinks with its box on a phone)
  const width = Math.max(340, Math.round((options.width ?? DEFAULT_WIDTH) * 0.65));
  for (const group of shown.groups) {
    const mine = rows(group);
    // the published run's dots of the same group; none where it has no such group
    const published = panel.groups.find((g) => g.panel === group.panel);
    const before = rerun && published ? rows(published) : [];
    const domain = mine.map((r) => r.label);
    const marks = [
      Plot.ruleY(mine, {
        y: 'label',
        x1: 'lo',
        x2: 'hi',
        stroke: 'key',
        strokeWidth: 2,
        ariaDescription: '±1 standard error',
      }),
      Plot.dot(mine, {
        x: 'mean',
        y: 'label',
        fill: 'key',
        stroke: 'key',
        r: 4,
        title: (r: Row) => `${r.label}: ${fmt(r.mean, 2)} ± ${fmt(r.se, 2)}`,
        ariaLabel: (r: Row) => `${r.label}: ${fmt(r.mean, 2)}, SE ${fmt(r.se, 2)}`,
        ariaDescription: rerun ? MARK.rerun : MARK.published,
      }),
      ...(rerun
        ? [
            Plot.dot(before, {
              x: 'mean',
              y: 'label',
              stroke: 'key',
              r: 5,
              strokeWidth: 1.25,
              title: (r: Row) => `published: ${r.label}: ${fmt(r.mean, 2)} ± ${fmt(r.se, 2)}`,
              ariaDescription: MARK.published,
            }),
          ]
        : []),
    ];
    const plot = Plot.plot({
      document: doc,
      width,
      height: 44 + 20 * domain.length,
      marginTop: 8,
      // room for the longest criterion, "low first-order Taylor first"
      marginLeft: 168,
      marginRight: 12,
      marginBottom: 34,
      style: { fontSize: '11px' },
      ariaLabel: `${group.label}: ${shown.xLabel}`,
      ariaDescription: textAlternative(group, shown.xLabel),
      x: {
        label: `AUC[${panel.window[0]},${panel.window[1]}] (%)`,
        grid: true,
        ticks: 3,
        labelArrow: 'none',
        labelAnchor: 'center',
      },
      y: { domain, label: null },
      color: colorScale(keys, labels, false),
      marks,
    });
    // each group titled in the panel's own small type, not with Plot's title (an <h2> that the
    // page's heading style would blow up)
    const cell = doc.createElement('div');
    cell.className = 'interval-group';
    const title = doc.createElement('p');
    title.className = 'interval-group-title';
    title.textContent = group.label;
    cell.append(title, finishPlot(plot, doc, false));
    figure.appendChild(cell);
  }
  return figure;
}

function textAlternative(group: IntervalGroup, what: string): string {
  const items = group.estimates.map((e) => `${e.label} ${fmt(e.mean, 2)} (SE ${fmt(e.se, 2)})`);
  return `${what} by criterion, highest first: ${items.join('; ')}.`;
}
