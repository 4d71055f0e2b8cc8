/**
 * Histogram panels (Figs. 7, 8d-s): small multiples of single neurons' 20-bin output histograms on
 * the validation set, four per row, each labelled "layer-neuron" as in the paper. In compare mode
 * the published bars are dashed outlines and the rerun's bars are filled.
 */
import * as Plot from '@observablehq/plot';
import type { NeuronHistogram } from '../lib/figure-data';
import {
  comparePanel,
  DEFAULT_WIDTH,
  documentOf,
  finishPlot,
  MARK,
  PALETTE,
  type PanelOf,
  PUBLISHED_DASH,
  type RenderOptions,
} from './style';

export type HistogramsPanel = PanelOf<'histograms'>;

/** Small multiples per row. */
export const COLUMNS = 4;

interface Bar {
  label: string;
  column: number;
  row: number;
  x1: number;
  x2: number;
  p: number;
}

export function render(
  panel: HistogramsPanel,
  options: RenderOptions = {},
): SVGElement | HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('histograms', options.compare);
  const labels = [...new Set([...panel.neurons, ...(rerun?.neurons ?? [])].map((n) => n.label))];
  const slot = new Map(labels.map((label, i) => [label, i]));
  const byValue = sameEdges([...panel.neurons, ...(rerun?.neurons ?? [])]);
  const published = bars(panel.neurons, slot, byValue);
  const mine = rerun ? bars(rerun.neurons, slot, byValue) : [];
  const layer = panel.neurons[0]?.layer ?? rerun?.neurons[0]?.layer ?? 1;
  const color = PALETTE[(layer - 1) % PALETTE.length];
  const width = options.width ?? DEFAULT_WIDTH;
  const rows = Math.max(1, Math.ceil(labels.length / COLUMNS));
  const facets = labels.map((label, i) => ({
    label,
    column: i % COLUMNS,
    row: Math.floor(i / COLUMNS),
  }));
  const rect = (data: Bar[], run: string, outline: boolean) =>
    Plot.rectY(data, {
      x1: 'x1',
      x2: 'x2',
      y: 'p',
      fx: 'column',
      fy: 'row',
      insetLeft: outline ? 0 : 0.5,
      insetRight: outline ? 0 : 0.5,
      fill: outline ? 'none' : color,
      fillOpacity: outline ? undefined : 0.85,
      stroke: outline ? color : undefined,
      strokeDasharray: outline ? PUBLISHED_DASH : undefined,
      title: (d: Bar) =>
        `${d.label}: ${(d.p * 100).toFixed(1)}% in [${d.x1.toFixed(2)}, ${d.x2.toFixed(2)})`,
      ariaDescription: run,
    });
  const marks = rerun
    ? [rect(mine, MARK.rerun, false), rect(published, MARK.published, true)]
    : [rect(published, MARK.published, false)];
  const plot = Plot.plot({
    document: doc,
    width,
    height: rows * Math.round(width / COLUMNS / 1.15) + 50,
    marginTop: 22,
    marginLeft: 44,
    marginBottom: 40,
    style: { fontSize: '11px' },
    ariaLabel: panel.title,
    ariaDescription: textAlternative(panel, rerun, byValue),
    fx: { axis: null, padding: 0.16 },
    fy: { axis: null, padding: 0.22 },
    x: {
      label: byValue ? 'Output' : 'Bin (per-neuron range; bin 0 = inactive)',
      ticks: 2,
      inset: 3,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { label: 'Probability', ticks: 3, grid: true, labelArrow: 'none' },
    marks: [
      Plot.frame({ strokeOpacity: 0.25 }),
      ...marks,
      Plot.ruleY([0]),
      Plot.text(facets, {
        fx: 'column',
        fy: 'row',
        text: 'label',
        frameAnchor: 'top',
        lineAnchor: 'bottom',
        dy: -4,
        fontWeight: 'bold',
        ariaDescription: MARK.label,
      }),
    ],
  });
  return finishPlot(plot, doc, Boolean(rerun), options.names);
}

// Bars in facet slots; x in output units when all neurons share their bin edges, else bin index.
function bars(neurons: NeuronHistogram[], slot: Map<string, number>, byValue: boolean): Bar[] {
  return neurons.flatMap((n) => {
    const i = slot.get(n.label) ?? 0;
    const step = n.edges.length > 1 ? n.edges[1] - n.edges[0] : 1;
    return n.probabilities.map((p, b) => ({
      label: n.label,
      column: i % COLUMNS,
      row: Math.floor(i / COLUMNS),
      x1: byValue ? n.edges[b] : b,
      x2: byValue ? (n.edges[b + 1] ?? n.edges[b] + step) : b + 1,
      p,
    }));
  });
}

// True when every neuron has the same strictly increasing edges (sigmoid: uniform bins on [0, 1]).
function sameEdges(neurons: NeuronHistogram[]): boolean {
  const first = neurons[0]?.edges;
  if (!first) return true;
  const increasing = first.every((e, i) => i === 0 || e > first[i - 1]);
  return (
    increasing &&
    neurons.every((n) => n.edges.length === first.length && n.edges.every((e, i) => e === first[i]))
  );
}

function textAlternative(
  panel: HistogramsPanel,
  rerun: HistogramsPanel | undefined,
  byValue: boolean,
): string {
  const list = panel.neurons.map((n) => n.label).join(', ');
  const head = `Output histograms (${panel.neurons[0]?.probabilities.length ?? 20} bins${byValue ? '' : ', per-neuron ranges'}) of neurons ${list}, labelled layer-neuron.`;
  return rerun ? `${head} Published run as dashed outlines, rerun as filled bars.` : head;
}
