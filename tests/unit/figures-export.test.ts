/**
 * Taking figures away (src/figures/export.ts) and quoting them in the text (src/figures/numbers.ts).
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, figureToCsv, figureToSvg } from '../../src/figures/export';
import { areaUnder, formatNumber, pooledMedian, valueAt } from '../../src/figures/numbers';
import { embeddableJson, slimForClient } from '../../src/figures/published';
import type { FigureData } from '../../src/lib/figure-data';
import * as fixtures from '../fixtures/panels';
import { syntheticFigure } from '../fixtures/synthetic';

const small: FigureData = {
  ...syntheticFigure('fig4', 2),
  panels: [fixtures.curves, fixtures.distribution, fixtures.histograms],
};

describe('figureToCsv', () => {
  const lines = figureToCsv(small).trimEnd().split('\n');

  it('writes one tidy row per value under a fixed header', () => {
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    // curves: 3 series x 5 points x (mean, sd, 2 seeds); distribution: 12 values + 4 medians;
    // histograms: 8 neurons x 20 bins; then one row per setting of the run's metadata
    const settings = Object.values(small.meta).filter((v) => v !== undefined).length;
    expect(lines).toHaveLength(1 + 3 * 5 * 4 + (12 + 4) + 8 * 20 + settings);
    expect(lines).toContain('fig4,,run,preset,,setting,paper');
    expect(lines).toContain('fig4,,run,commit,,setting,synthetic');
    expect(lines[1]).toBe('fig4,a,random,random,0,mean,97');
    expect(lines).toContain('fig4,a,random,random,4,seed 1,9.5');
  });

  it('quotes labels that contain commas and splits pooled values by seed', () => {
    expect(lines).toContain('fig4,b,layer1-mi,layer 1,0,seed 1,0.1');
    expect(
      figureToCsv({
        ...small,
        panels: [{ ...fixtures.curves, series: [{ ...fixtures.curves.series[0], label: 'a, b' }] }],
      }),
    ).toContain('"a, b"');
  });
});

describe('figureToSvg', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');

  it('stacks all panels in one standalone SVG document with an SVG legend', () => {
    const text = figureToSvg(small, { document });
    expect(text.startsWith('<?xml')).toBe(true);
    const root = parseHTML(text.replace(/^<\?xml[^>]*>\n/, '')).document.querySelector('svg')!;
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.querySelectorAll(':scope > svg')).toHaveLength(3);
    expect(text).toContain('Figure 4. Layer-wise ablation');
    expect(text).toContain('mutual information I(T;Y)');
    expect(text).not.toContain('<div');
  });

  it('draws a rerun over the published run when given one', () => {
    const rerun = {
      ...small,
      meta: { ...small.meta, preset: 'smoke' as const, seeds: 2, l2: 0, commit: 'abcdef1234' },
      panels: [fixtures.curvesRerun],
    };
    const text = figureToSvg(small, { document, compare: rerun });
    expect(text).toContain('published run (dashed)');
    expect(text).toContain('stroke-dasharray="5 4"');
    // the footer says how each run was made, the rerun's own settings included
    expect(text).toContain('Published run (dashed): preset paper, 2 seeds');
    expect(text).toContain('Rerun (solid): preset smoke, 2 seeds');
    expect(text).toMatch(
      /Rerun \(solid\): [^<]*changed from the paper: L2 penalty λ 0[^<]*; commit abcdef1234/,
    );
  });
});

describe('numbers quoted in the text', () => {
  it('reads the net-averaged value at k, interpolating between grid points', () => {
    const random = { figure: 'fig4', panel: 'a', series: 'random' } as const;
    expect(valueAt(small, random, 2)).toBe(70);
    expect(valueAt(small, random, 2.5)).toBe(55);
    expect(valueAt(small, random, 9)).toBeNaN();
    expect(valueAt(small, { ...random, series: 'nope' } as never, 0)).toBeNaN();
    expect(valueAt(undefined, random, 0)).toBeNaN();
  });

  it('averages over a window (AUC) and takes pooled medians', () => {
    const random = { figure: 'fig4', panel: 'a', series: 'random' } as const;
    expect(areaUnder(small, random, 0, 2)).toBeCloseTo((97 + 90 + 70) / 3, 12);
    expect(areaUnder(small, random, 0)).toBeCloseTo((97 + 90 + 70 + 40 + 10) / 5, 12);
    // the claims' coverage guard: a window the grid does not reach is not a number
    expect(areaUnder(small, random, 0, 50)).toBeNaN();
    const layer2Mi = { figure: 'fig2', panel: 'b', series: 'layer2-mi' } as const;
    expect(pooledMedian({ ...small, figure: 'fig2', activation: 'sigmoid' }, layer2Mi)).toBeCloseTo(
      0.375,
      12,
    );
  });

  it('formats with a real minus sign, a plus on request and n/a for missing data', () => {
    expect(formatNumber(97.123, 1)).toBe('97.1');
    expect(formatNumber(-2.25, 1)).toBe('−2.3');
    expect(formatNumber(2.25, 2, true)).toBe('+2.25');
    expect(formatNumber(Number.NaN, 1)).toBe('n/a');
  });
});

describe('embedding published data', () => {
  it('drops per-seed curves, rounds numbers and cannot close its <script>', () => {
    const slim = slimForClient(small);
    const curves = slim.panels[0];
    expect(curves.kind === 'curves' && curves.series[0].perSeed).toEqual([]);
    const json = embeddableJson({ ...slim, title: '</script><b>' });
    expect(json).not.toContain('</script');
    expect(JSON.parse(json).title).toBe('</script><b>');
  });
});
