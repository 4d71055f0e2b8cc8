/**
 * The panel kinds (src/lib/panels/): every kind of the table, on made-up panels of that kind,
 * slims to the same shape, writes CSV rows, finds no deviation from itself and finds one from a
 * moved copy; assembly averages the seeds' curves and keeps seed 0's drawings.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnySeedResult,
  assemblePanel,
  PANEL_KIND_NAMES,
  type Panel,
  panelCsv,
  panelDeviation,
  slimPanel,
} from '../../src/lib/panels';
import { tablePanel } from '../fixtures/panels';
import { syntheticFigures } from '../fixtures/synthetic';

/** One made-up panel of each kind: from the synthetic figures, the table from the fixtures. */
const examples = new Map<string, Panel>();
for (const figure of syntheticFigures(3)) {
  for (const p of figure.panels) if (!examples.has(p.kind)) examples.set(p.kind, p);
}
examples.set('table', tablePanel);

/** A copy with one number (or one word) moved. */
function moved(panel: Panel): Panel {
  const copy = structuredClone(panel);
  if (copy.kind === 'curves') copy.series[0].mean[3] += 10;
  if (copy.kind === 'distribution')
    copy.series[0].perSeedMedian = copy.series[0].perSeedMedian.map((v) => v + 1);
  if (copy.kind === 'histograms') copy.neurons[0].probabilities[0] += 0.5;
  if (copy.kind === 'heatmap') copy.rows[0].values[0] += 1;
  if (copy.kind === 'table') copy.rows[0].cells[0].text = 'something else';
  if (copy.kind === 'intervals') copy.groups[0].estimates[0].mean += 1;
  return copy;
}

const context = { sameNetworks: true, comparable: () => true };

describe.each(PANEL_KIND_NAMES)('panel kind %s', (kind) => {
  const panel = examples.get(kind);

  it('has an example', () => {
    expect(panel?.kind).toBe(kind);
  });

  it('slims to the same shape and writes CSV rows', () => {
    if (!panel) return;
    const slim = slimPanel(panel, (v) => Number(v.toPrecision(3)));
    expect(Object.keys(slim).sort()).toEqual(Object.keys(panel).sort());
    const rows: unknown[][] = [];
    panelCsv(panel, (...row) => rows.push(row));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('finds no deviation from itself and one from a moved copy', () => {
    if (!panel) return;
    const same = panelDeviation(panel, panel, context);
    expect(same).toMatchObject({ value: 0 });
    const other = panelDeviation(moved(panel), panel, context);
    expect('value' in other && other.value).toBeGreaterThan(0);
  });
});

describe('assembly', () => {
  const seed = (y: number, drawn: string): AnySeedResult => ({
    curves: { a: { s: { x: [0, 1], y: [y, y] } } },
    values: {},
    histograms: { h: [{ label: drawn, layer: 1, neuron: 0, edges: [0], probabilities: [1] }] },
    extras: {},
  });
  it('averages curves over seeds and keeps seed 0 for drawings of one network', () => {
    const seeds = [seed(90, 'seed 0'), seed(80, 'seed 1')];
    const curves = assemblePanel(
      { id: 'a', title: 'a', kind: 'curves', series: [{ key: 's', label: 's' }] },
      seeds,
    );
    expect(curves.kind === 'curves' && curves.series[0].mean).toEqual([85, 85]);
    const histograms = assemblePanel(
      { id: 'h', title: 'h', kind: 'histograms', series: [] },
      seeds,
    );
    expect(histograms.kind === 'histograms' && histograms.neurons[0].label).toBe('seed 0');
  });

  it("derives intervals from the seed's curves: each series' AUC over the window, mean and SE, sorted", () => {
    const curve = (y: number[]) => ({ x: [0, 1, 2, 3], y });
    const seeds = [
      [90, 80],
      [94, 70],
    ].map(([a, b]) => ({
      ...seed(0, ''),
      curves: { a: { low: curve([a, a, a, 0]), high: curve([b, b, b, 100]) } },
    }));
    const panel = assemblePanel(
      {
        id: 'e',
        title: 'e',
        kind: 'intervals',
        window: [0, 2],
        summarises: [{ panel: 'a', label: 'panel a' }],
        series: [
          { key: 'high', label: 'high' },
          { key: 'low', label: 'low' },
        ],
      },
      seeds,
    );
    if (panel.kind !== 'intervals') throw new Error('intervals expected');
    // the window [0, 2] leaves out x = 3; "low" (92 on average) comes first, then "high" (75)
    expect(panel.groups[0].estimates.map((e) => [e.key, e.mean, e.se])).toEqual([
      ['low', 92, 2],
      ['high', 75, 5],
    ]);
    expect(panel.series.map((s) => s.key)).toEqual(['high', 'low']);
  });
});
