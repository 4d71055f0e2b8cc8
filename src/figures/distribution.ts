/**
 * Distribution panels (Figs. 2, 8a-c): for each layer, a histogram of one importance measure pooled
 * over networks x neurons, drawn as overlaid step outlines with a light fill; a vertical rule marks
 * each pooled median. In compare mode the published outlines and medians are dashed.
 */
import * as Plot from '@observablehq/plot';
import type { DistributionSeries } from '../lib/figure-data';
import { median } from '../lib/stats';
import {
  colorScale,
  comparePanel,
  DEFAULT_WIDTH,
  documentOf,
  finishPlot,
  fmt,
  MARK,
  type PanelOf,
  PUBLISHED_DASH,
  type RenderOptions,
  unionKeys,
} from './style';

export type DistributionPanel = PanelOf<'distribution'>;

/** Number of equal-width bins over [0, a round upper bound]. */
export const BINS = 25;

interface Step {
  key: string;
  x: number;
  p: number;
}

interface Median {
  key: string;
  x: number;
}

export function render(
  panel: DistributionPanel,
  options: RenderOptions = {},
): SVGElement | HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('distribution', options.compare);
  const { keys, labels } = unionKeys(panel.series, rerun?.series ?? []);
  const edges = sharedEdges([...panel.series, ...(rerun?.series ?? [])]);
  const published = steps(panel.series, edges);
  const mine = rerun ? steps(rerun.series, edges) : [];
  const outline = (data: Step[], run: string, dashed: boolean) =>
    Plot.lineY(data, {
      x: 'x',
      y: 'p',
      z: 'key',
      stroke: 'key',
      strokeWidth: 1.75,
      curve: 'step-after',
      strokeDasharray: dashed ? PUBLISHED_DASH : undefined,
      title: (d: Step) => labels.get(d.key),
      ariaLabel: (d: Step) => `${labels.get(d.key)}, ${run}`,
      ariaDescription: run,
    });
  const fill = (data: Step[]) =>
    Plot.areaY(data, {
      x: 'x',
      y: 'p',
      z: 'key',
      fill: 'key',
      fillOpacity: 0.12,
      curve: 'step-after',
      ariaHidden: 'true',
    });
  const rules = (series: DistributionSeries[], dashed: boolean) =>
    Plot.ruleX(medians(series), {
      x: 'x',
      stroke: 'key',
      strokeWidth: 1.5,
      strokeDasharray: dashed ? PUBLISHED_DASH : '1 2',
      ariaDescription: MARK.median,
    });
  const marks = rerun
    ? [
        fill(mine),
        outline(published, MARK.published, true),
        outline(mine, MARK.rerun, false),
        rules(panel.series, true),
        rules(rerun.series, false),
      ]
    : [fill(published), outline(published, MARK.published, false), rules(panel.series, false)];
  const plot = Plot.plot({
    document: doc,
    width: options.width ?? DEFAULT_WIDTH,
    height: Math.round((options.width ?? DEFAULT_WIDTH) * 0.55),
    marginLeft: 48,
    marginBottom: 42,
    style: { fontSize: '12px' },
    ariaLabel: panel.title,
    ariaDescription: textAlternative(panel, rerun),
    x: {
      label: panel.xLabel,
      domain: [edges[0], edges[edges.length - 1]],
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { label: `Share of ${panel.counts ?? 'neurons'}`, grid: true, labelArrow: 'none' },
    color: colorScale(keys, labels, options.legend ?? true),
    marks: [...marks, Plot.ruleY([0])],
  });
  return finishPlot(plot, doc, Boolean(rerun), options.names);
}

/** BINS + 1 equal-width bin edges from min(0, smallest value) to a round bound above the largest. */
export function sharedEdges(series: DistributionSeries[]): number[] {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const v of s.values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const top = roundUp(hi);
  return Array.from({ length: BINS + 1 }, (_, i) => lo + ((top - lo) * i) / BINS);
}

/** Share of values per bin (sums to 1 per series); the last bin includes its upper edge. */
export function binShares(values: number[], edges: number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const lo = edges[0];
  const width = (edges[bins] - lo) / bins;
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[i]++;
  }
  return counts.map((c) => (values.length > 0 ? c / values.length : 0));
}

// Step rows: one per bin at its lower edge, plus a closing row at the top edge for step-after.
function steps(series: DistributionSeries[], edges: number[]): Step[] {
  return series.flatMap((s) => {
    const shares = binShares(s.values, edges);
    const rows = shares.map((p, i) => ({ key: s.key, x: edges[i], p }));
    rows.push({ key: s.key, x: edges[edges.length - 1], p: shares[shares.length - 1] ?? 0 });
    return rows;
  });
}

function medians(series: DistributionSeries[]): Median[] {
  return series
    .filter((s) => s.values.length > 0)
    .map((s) => ({ key: s.key, x: median(s.values) }));
}

// 1, 2, 2.5 or 5 times a power of ten: the smallest at or above v (1 for v = 0).
function roundUp(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

function textAlternative(panel: DistributionPanel, rerun: DistributionPanel | undefined): string {
  const medianText = (list: DistributionSeries[]) =>
    list.map((s) => `${s.label} median ${fmt(median(s.values), 3)}`).join(', ');
  const head = `Histograms of ${panel.xLabel} over all neurons of all networks, one per layer; vertical rules mark medians.`;
  const parts = [head, `Published run: ${medianText(panel.series)}.`];
  if (rerun) parts.push(`Published run dashed, rerun solid. Rerun: ${medianText(rerun.series)}.`);
  return parts.join(' ');
}
