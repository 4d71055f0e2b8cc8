/**
 * Figure rendering (src/figures/): small hand-made panels drawn with linkedom, as at build time,
 * and the SVG counted: one path per series and run, dashes only on the published run in compare
 * mode, ARIA labels, and every catalog panel of every figure drawable.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { BINS, binShares, sharedEdges } from '../../src/figures/distribution';
import { COLUMNS } from '../../src/figures/histograms';
import { renderPanel } from '../../src/figures/index';
import { MARK, PUBLISHED_DASH, roundCoordinates } from '../../src/figures/style';
import { FIGURES } from '../../src/lib/figures';
import * as fixtures from '../fixtures/panels';
import { syntheticFigures } from '../fixtures/synthetic';

const dom = () => parseHTML('<!doctype html><html><body></body></html>').document;

/** The <g> of one mark, found by the aria-description our figure modules give it. */
const group = (root: Element, description: string) =>
  [...root.querySelectorAll('g')].filter((g) => g.getAttribute('aria-description') === description);

/** What names a panel: an HTML panel's own <figure> (tables, intervals), else Plot's SVG. */
const named = (root: Element): Element =>
  root.tagName.toLowerCase() === 'figure' && root.hasAttribute('aria-label') ? root : plotSvg(root);

const plotSvg = (root: Element): Element => {
  // the plot's own SVG (a colour ramp legend is an SVG too, without a label)
  const svg =
    root.tagName.toLowerCase() === 'svg'
      ? root
      : (root.querySelector('svg[aria-label]') ?? root.querySelector('svg[class]'));
  if (!svg) throw new Error('no Plot SVG');
  return svg;
};

describe('curves', () => {
  it('marks every point of a sparse panel with its series symbol, so lines on top of each other stay visible', () => {
    const el = renderPanel(fixtures.curves, { document: dom() });
    const [points] = group(el, MARK.points);
    const series = fixtures.curves.series;
    expect(points.querySelectorAll('path')).toHaveLength(series.length * series[0].x.length);
    // a dense panel (more than 12 points per line) draws lines alone
    const dense = {
      ...fixtures.curves,
      series: series.map((s) => ({
        ...s,
        x: Array.from({ length: 20 }, (_, i) => i),
        mean: Array.from({ length: 20 }, () => 50),
        sd: Array.from({ length: 20 }, () => 1),
        perSeed: [],
      })),
    };
    expect(group(renderPanel(dense, { document: dom() }), MARK.points)).toHaveLength(0);
  });

  it('draws one mean line and one band per series, solid, with ARIA text', () => {
    const el = renderPanel(fixtures.curves, { document: dom() });
    const svg = plotSvg(el);
    expect(svg.getAttribute('aria-label')).toBe('(a) layer 1');
    expect(svg.getAttribute('aria-description')).toMatch(/standard deviation/);
    expect(svg.getAttribute('aria-description')).toMatch(/2 networks/);
    const [lines] = group(el, MARK.published);
    expect(lines.querySelectorAll('path')).toHaveLength(3);
    expect(lines.getAttribute('stroke-dasharray')).toBeNull();
    const [band] = group(el, MARK.band);
    expect(band.querySelectorAll('path')).toHaveLength(3);
    expect(group(el, MARK.rerun)).toHaveLength(0);
    expect(el.textContent).not.toMatch(/dashed/);
  });

  it('labels each line with its series', () => {
    const el = renderPanel(fixtures.curves, { document: dom() });
    const [lines] = group(el, MARK.published);
    const labels = [...lines.querySelectorAll('path')].map((p) => p.getAttribute('aria-label'));
    expect(labels).toEqual([
      'random, published run',
      'mutual information I(T;Y), published run',
      'entropy H(T), published run',
    ]);
  });

  it('in compare mode draws the published run dashed and the rerun solid, with a key', () => {
    const el = renderPanel(fixtures.curves, { document: dom(), compare: fixtures.curvesRerun });
    const [published] = group(el, MARK.published);
    const [rerun] = group(el, MARK.rerun);
    expect(published.querySelectorAll('path')).toHaveLength(3);
    expect(rerun.querySelectorAll('path')).toHaveLength(3);
    expect(published.getAttribute('stroke-dasharray')).toBe(PUBLISHED_DASH);
    expect(rerun.getAttribute('stroke-dasharray')).toBeNull();
    // only the rerun's band is drawn, so the dashed lines stay readable
    expect(group(el, MARK.band)[0].querySelectorAll('path')).toHaveLength(3);
    expect(el.querySelector('.compare-key')?.textContent).toMatch(/dashed: published run/);
    expect(plotSvg(el).getAttribute('aria-description')).toMatch(
      /Published run dashed, rerun solid/,
    );
  });

  it('names the two runs in its key as asked (Fashion-MNIST over MNIST, #24)', () => {
    const names = { published: 'MNIST’s published run', rerun: 'Fashion-MNIST’s published run' };
    for (const [panel, compare] of [
      [fixtures.curves, fixtures.curvesRerun],
      [fixtures.curves, fixtures.curves],
    ] as const) {
      const el = renderPanel(panel, { document: dom(), compare, names });
      const key = el.querySelector('.compare-key')?.textContent ?? '';
      expect(key).toContain('dashed: MNIST’s published run');
      expect(key).toContain('solid: Fashion-MNIST’s published run');
      expect(key).not.toMatch(/\brerun\b/);
    }
  });

  it('shows a colour legend with the series labels, unless asked not to', () => {
    const withLegend = renderPanel(fixtures.curves, { document: dom() });
    expect(withLegend.tagName.toLowerCase()).toBe('figure');
    expect(withLegend.textContent).toContain('mutual information I(T;Y)');
    const bare = renderPanel(fixtures.curves, { document: dom(), legend: false });
    expect(bare.tagName.toLowerCase()).toBe('svg');
  });

  it('uses currentColor for axes, so the SVG follows the page colour scheme', () => {
    const svg = plotSvg(renderPanel(fixtures.curves, { document: dom() }));
    expect(svg.getAttribute('fill')).toBe('currentColor');
    const ticks = [...svg.querySelectorAll('g')].find(
      (g) => g.getAttribute('aria-label') === 'x-axis tick',
    );
    expect(ticks?.getAttribute('stroke')).toBe('currentColor');
  });

  it('respects the width option', () => {
    const svg = plotSvg(
      renderPanel(fixtures.curves, { document: dom(), width: 400, legend: false }),
    );
    expect(svg.getAttribute('width')).toBe('400');
  });

  it('refuses to compare different kinds of panel', () => {
    expect(() =>
      renderPanel(fixtures.curves, { document: dom(), compare: fixtures.distribution }),
    ).toThrow(/Cannot compare/);
  });
});

describe('distribution', () => {
  it('draws one outline and one median rule per layer', () => {
    const el = renderPanel(fixtures.distribution, { document: dom() });
    const [outlines] = group(el, MARK.published);
    expect(outlines.querySelectorAll('path')).toHaveLength(2);
    const [medians] = group(el, MARK.median);
    expect(medians.querySelectorAll('line')).toHaveLength(2);
    expect(plotSvg(el).getAttribute('aria-description')).toMatch(/layer 1 median 0\.075/);
  });

  it('in compare mode dashes the published outlines and medians only', () => {
    const el = renderPanel(fixtures.distribution, {
      document: dom(),
      compare: fixtures.distributionRerun,
    });
    const [published] = group(el, MARK.published);
    const [rerun] = group(el, MARK.rerun);
    expect(published.getAttribute('stroke-dasharray')).toBe(PUBLISHED_DASH);
    expect(rerun.getAttribute('stroke-dasharray')).toBeNull();
    expect(rerun.querySelectorAll('path')).toHaveLength(2);
    const dashes = group(el, MARK.median).map((g) => g.getAttribute('stroke-dasharray'));
    expect(dashes).toContain(PUBLISHED_DASH);
  });

  it('bins both runs on shared edges from 0 to a round bound, shares summing to 1', () => {
    const edges = sharedEdges([...fixtures.distribution.series]);
    expect(edges).toHaveLength(BINS + 1);
    expect(edges[0]).toBe(0);
    expect(edges[BINS]).toBe(1);
    const shares = binShares([0, 0.5, 1, 1], edges);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(shares[BINS - 1]).toBe(0.5);
    expect(sharedEdges([{ key: 'k', label: 'k', values: [2.7], perSeedMedian: [] }])[BINS]).toBe(5);
  });
});

describe('histograms', () => {
  it('draws 20 bars for each of 8 neurons, labelled layer-neuron, four per row', () => {
    const el = renderPanel(fixtures.histograms, { document: dom() });
    const bars = group(el, MARK.published).flatMap((g) => [...g.querySelectorAll('rect')]);
    expect(bars).toHaveLength(8 * 20);
    const labels = group(el, MARK.label)
      .flatMap((g) => [...g.querySelectorAll('text')])
      .map((t) => t.textContent);
    // Plot draws facets column by column; the set and count are what matter.
    expect([...labels].sort()).toEqual([
      '1-17',
      '1-22',
      '1-3',
      '1-40',
      '1-51',
      '1-63',
      '1-77',
      '1-98',
    ]);
    expect(COLUMNS).toBe(4);
    expect(plotSvg(el).getAttribute('aria-description')).toMatch(/labelled layer-neuron/);
  });

  it('in compare mode outlines the published bars dashed and fills the rerun', () => {
    const el = renderPanel(fixtures.histograms, {
      document: dom(),
      compare: fixtures.histogramsRerun,
    });
    const published = group(el, MARK.published);
    const rerun = group(el, MARK.rerun);
    expect(published.flatMap((g) => [...g.querySelectorAll('rect')])).toHaveLength(160);
    expect(rerun.flatMap((g) => [...g.querySelectorAll('rect')])).toHaveLength(160);
    // with facets, Plot puts the style on one inner <g> per small multiple
    const dashed = (groups: Element[]) =>
      groups
        .flatMap((g) => [...g.querySelectorAll('g')])
        .filter((g) => g.getAttribute('stroke-dasharray') === PUBLISHED_DASH);
    expect(dashed(published)).toHaveLength(8);
    expect(dashed(rerun)).toHaveLength(0);
  });
});

describe('heatmap', () => {
  const panel = {
    kind: 'heatmap' as const,
    id: 'a',
    title: '(a) layer 1',
    xLabel: 'Class c',
    yLabel: 'Neurons',
    valueLabel: 'S_c (bits)',
    columns: ['0', '1', '2'],
    rows: [
      { label: '1-1 (class 0)', values: [0.4, 0.1, 0] },
      { label: '1-2 (class 2)', values: [0, 0.05, 0.2] },
    ],
  };

  it('draws one cell per neuron and class, with a colour legend and ARIA text', () => {
    const el = renderPanel(panel, { document: dom() });
    const [cells] = group(el, MARK.published);
    expect(cells.querySelectorAll('rect')).toHaveLength(6);
    expect(plotSvg(el).getAttribute('aria-description')).toMatch(/2 neurons by 3 classes/);
    expect(el.textContent).toContain('S_c (bits)');
  });

  it("in compare mode draws the rerun's network alone", () => {
    const rerun = { ...panel, rows: [panel.rows[1]] };
    const el = renderPanel(panel, { document: dom(), compare: rerun });
    const [cells] = group(el, MARK.rerun);
    expect(cells.querySelectorAll('rect')).toHaveLength(3);
    expect(group(el, MARK.published)).toHaveLength(0);
  });
});

describe('every figure of the catalog', () => {
  const figures = syntheticFigures(2);
  it.each(FIGURES.map((f) => f.id))(
    '%s: every panel renders, alone and compared with itself',
    (id) => {
      const data = figures.find((f) => f.figure === id)!;
      for (const panel of data.panels) {
        const alone = renderPanel(panel, { document: dom() });
        expect(named(alone).getAttribute('aria-label')).toBe(panel.title);
        const compared = renderPanel(panel, { document: dom(), compare: panel });
        // a table compared with itself changes no word (the table tests below compare for real)
        if (panel.kind !== 'table') expect(group(compared, MARK.rerun).length).toBeGreaterThan(0);
      }
    },
  );
});

describe('ARIA roles (labelRoles, called by every renderer)', () => {
  const figures = syntheticFigures(2);
  it.each(FIGURES.map((f) => f.id))(
    '%s: every labelled element but the SVG has a role, alone and compared',
    (id) => {
      const data = figures.find((f) => f.figure === id)!;
      for (const panel of data.panels) {
        for (const el of [
          renderPanel(panel, { document: dom() }),
          renderPanel(panel, { document: dom(), compare: panel }),
        ]) {
          const bare = [...el.querySelectorAll('[aria-label]')].filter(
            (e) => !e.getAttribute('role'),
          );
          expect(bare.map((e) => e.tagName.toLowerCase()).filter((t) => t !== 'svg')).toEqual([]);
          for (const g of el.querySelectorAll('g[aria-label]'))
            expect(g.getAttribute('role')).toBe('group');
          expect(
            named(el)
              .getAttribute('aria-label')
              ?.replace(/: network 0 of the rerun$/, ''),
          ).toBe(panel.title);
        }
      }
    },
  );
});

describe('roundCoordinates', () => {
  it('shortens long decimals in geometry attributes and leaves text alone', () => {
    const doc = dom();
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M1.23456,20.00000000001L3,4.5');
    path.setAttribute('aria-label', 'value 0.12345');
    svg.appendChild(path);
    roundCoordinates(svg);
    expect(path.getAttribute('d')).toBe('M1.2,20L3,4.5');
    expect(path.getAttribute('aria-label')).toBe('value 0.12345');
  });
});

describe('table', () => {
  it('says each verdict in words, groups rows, and puts the note on the cell', () => {
    const el = renderPanel(fixtures.tablePanel, { document: dom() });
    expect(el.querySelector('caption')?.textContent).toBe('Verdicts under each variant');
    const groups = [...el.querySelectorAll('th[scope=rowgroup]')].map((th) => th.textContent);
    expect(groups).toEqual(['claims', 'hypotheses']);
    const cells = [...el.querySelectorAll('td')];
    expect(cells.map((td) => td.querySelector('.cell-words')?.textContent)).toEqual([
      'reproduced',
      'not reproduced',
      'holds',
      'holds',
    ]);
    // the note once, as the title: the tooltip and, beside the aria-label, the description
    expect(cells[1].getAttribute('title')).toBe('gain 2.4 pts, SE 1.0');
    expect(cells[1].getAttribute('aria-label')).toMatch(/: not reproduced$/);
    // the note is reachable by keyboard: the cell takes the focus and holds the note's text
    expect(cells[1].getAttribute('tabindex')).toBe('0');
    expect(cells[1].querySelector('.cell-words')?.className).toContain('verdict-not-reproduced');
    // a scroller of its own, reachable by keyboard
    expect(el.querySelector('.table-scroller')?.getAttribute('tabindex')).toBe('0');
  });

  it("adds a rerun of other columns (Fig. 16's your run) beside the published ones", () => {
    const rerun = structuredClone(fixtures.tablePanel);
    rerun.columns = ['your run'];
    for (const row of rerun.rows) row.cells = [{ text: 'inconclusive', note: 'mine' }];
    const el = renderPanel(fixtures.tablePanel, { document: dom(), compare: rerun });
    const head = [...el.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(head).toEqual(['', ...fixtures.tablePanel.columns, 'your run']);
    const first = [...el.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('td'))!;
    const words = [...first.querySelectorAll('.cell-words')].map((s) => s.textContent);
    expect(words).toEqual([
      ...fixtures.tablePanel.rows[0].cells.map((c) => c.text),
      'inconclusive',
    ]);
    expect(first.querySelector('td:last-child')?.className).toContain('column-rerun');
  });

  it('shows the rerun, and what the published run said where it differs', () => {
    const rerun = structuredClone(fixtures.tablePanel);
    rerun.rows[0].cells[1].text = 'reproduced';
    const el = renderPanel(fixtures.tablePanel, { document: dom(), compare: rerun });
    const cells = [...el.querySelectorAll('td .cell-words')].map((td) => td.textContent);
    expect(cells[0]).toBe('reproduced');
    expect(cells[1]).toBe('reproduced (published: not reproduced)');
  });
});
