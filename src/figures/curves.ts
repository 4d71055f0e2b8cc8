/**
 * Curve panels (Figs. 1, 3-6, 9, 10): one line per series, the mean over networks (seeds), with a
 * band of +-1 standard deviation over networks. In compare mode the published means are dashed,
 * the rerun's means solid with the rerun's band.
 */
import * as Plot from '@observablehq/plot';
import type { CurveSeries } from '../lib/figure-data';
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

export type CurvesPanel = PanelOf<'curves'>;

/** At most this many points per line, a panel marks each with its series' symbol. */
const SPARSE_POINTS = 12;

interface Point {
  key: string;
  x: number;
  y: number;
  lo: number;
  hi: number;
}

export function render(panel: CurvesPanel, options: RenderOptions = {}): SVGElement | HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('curves', options.compare);
  const { keys, labels } = unionKeys(panel.series, rerun?.series ?? []);
  const percent = panel.yLabel.includes('(%)');
  const published = points(panel.series, percent);
  const mine = rerun ? points(rerun.series, percent) : [];
  const line = (data: Point[], run: string, dashed: boolean) =>
    Plot.lineY(data, {
      x: 'x',
      y: 'y',
      z: 'key',
      stroke: 'key',
      strokeWidth: 1.75,
      strokeDasharray: dashed ? PUBLISHED_DASH : undefined,
      title: (d: Point) => labels.get(d.key),
      ariaLabel: (d: Point) => `${labels.get(d.key)}, ${run}`,
      ariaDescription: run,
    });
  const band = (data: Point[]) =>
    Plot.areaY(data, {
      x: 'x',
      y1: 'lo',
      y2: 'hi',
      z: 'key',
      fill: 'key',
      fillOpacity: 0.16,
      ariaDescription: MARK.band,
    });
  // On a sparse grid (Fig. 15's seven pruned totals) lines can lie on top of each other, as the two
  // fine-tuned arms do: a symbol per series at each measured point keeps every series visible.
  const sparse = (panel.series[0]?.x.length ?? 0) <= SPARSE_POINTS;
  const dots = (data: Point[]) =>
    Plot.dot(data, {
      x: 'x',
      y: 'y',
      stroke: 'key',
      symbol: 'key',
      r: 3.5,
      strokeWidth: 1.5,
      ariaDescription: MARK.points,
    });
  const shown = rerun ? mine : published;
  const marks = [
    ...(rerun
      ? [band(mine), line(published, MARK.published, true), line(mine, MARK.rerun, false)]
      : [band(published), line(published, MARK.published, false)]),
    ...(sparse ? [dots(shown)] : []),
  ];
  const plot = Plot.plot({
    document: doc,
    width: options.width ?? DEFAULT_WIDTH,
    height: Math.round((options.width ?? DEFAULT_WIDTH) * 0.62),
    marginLeft: 48,
    marginBottom: 42,
    style: { fontSize: '12px' },
    ariaLabel: panel.title,
    ariaDescription: textAlternative(panel, rerun),
    x: {
      label: panel.xLabel,
      labelAnchor: 'center',
      labelArrow: 'none',
      // a log axis that keeps step 0 (Fig. 15c): linear within one step of 0, logarithmic beyond
      ...(panel.xScale === 'symlog'
        ? { type: 'symlog' as const, ticks: symlogTicks(panel), tickFormat: ',' }
        : {}),
    },
    y: { label: panel.yLabel, grid: true, labelArrow: 'none' },
    // a sparse panel's legend shows each series' symbol in its colour (Plot merges the two scales
    // when they encode the same key), so the symbols on the lines can be told apart by shape too
    color: colorScale(keys, labels, !sparse && (options.legend ?? true)),
    ...(sparse
      ? {
          symbol: {
            domain: keys,
            legend: options.legend ?? true,
            tickFormat: (key: string) => labels.get(key) ?? key,
          },
        }
      : {}),
    marks,
  });
  return finishPlot(plot, doc, Boolean(rerun), options.names);
}

// Ticks of a symlog axis: 0 and the powers of ten up to the grid's end, and the end itself unless
// it would crowd the last power (1,563 steps beside 1,000).
function symlogTicks(panel: CurvesPanel): number[] {
  const end = Math.max(0, ...panel.series.flatMap((s) => s.x));
  const ticks = [0];
  for (let t = 1; t <= end; t *= 10) ticks.push(t);
  const last = ticks[ticks.length - 1];
  if (end > 0 && (last === 0 || end >= 3 * last)) ticks.push(end);
  return ticks;
}

// Rows for Plot: one per (series, x), with the band's ends precomputed. A percentage's band stays
// within 0-100 %: mean +- sd of a share can cross those bounds, a share cannot (Fig. 11e's axis ran
// to -10 %).
function points(series: CurveSeries[], percent: boolean): Point[] {
  const clamp = (v: number) => (percent ? Math.min(100, Math.max(0, v)) : v);
  return series.flatMap((s) =>
    s.x.map((x, i) => ({
      key: s.key,
      x,
      y: s.mean[i],
      lo: clamp(s.mean[i] - (s.sd[i] ?? 0)),
      hi: clamp(s.mean[i] + (s.sd[i] ?? 0)),
    })),
  );
}

// A text alternative: what is drawn, then each series' value at the start, middle and end.
function textAlternative(panel: CurvesPanel, rerun: CurvesPanel | undefined): string {
  const seeds = panel.series[0]?.perSeed.length ?? 0;
  const over = seeds > 0 ? `${seeds} networks` : 'networks';
  const head = `${panel.yLabel} against ${panel.xLabel.toLowerCase()}. Lines are means over ${over}, bands span plus or minus one standard deviation over networks.`;
  const summary = (s: CurveSeries) => {
    const picks = [0, Math.floor((s.x.length - 1) / 2), s.x.length - 1];
    return `${s.label}: ${picks.map((i) => `${fmt(s.mean[i])} at ${s.x[i]}`).join(', ')}`;
  };
  const parts = [head, `Published run: ${panel.series.map(summary).join('; ')}.`];
  if (rerun) {
    parts.push(
      `Published run dashed, rerun solid. Rerun: ${rerun.series.map(summary).join('; ')}.`,
    );
  }
  return parts.join(' ');
}
