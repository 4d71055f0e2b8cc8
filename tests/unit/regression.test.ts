/** The regression band (src/lib/regression.ts): narrow only for the same experiment. */
import { describe, expect, it } from 'vitest';
import type { FigureData } from '../../src/lib/figure-data';
import { deviation, histogramDistance, TOLERANCE, withinTolerance } from '../../src/lib/regression';
import { syntheticFigure } from '../fixtures/synthetic';

describe('withinTolerance', () => {
  const published = syntheticFigure('fig4', 3);

  it('holds a rerun of the same experiment to the narrow band', () => {
    expect(withinTolerance(published, published).band).toEqual(TOLERANCE.samePreset);
  });

  it.each([
    ['another preset', { preset: 'smoke' as const }],
    ['a moved quantiser threshold', { threshold: 0.3 }],
    ['standardised inputs', { inputs: 'standard' as const }],
    ['fewer validation images', { validationSamples: 500 }],
  ])('widens the band for %s', (_, change) => {
    const rerun = { ...published, meta: { ...published.meta, ...change } };
    expect(withinTolerance(rerun, published).band).toEqual(TOLERANCE.otherPreset);
  });

  it('reads an absent option as the paper value', () => {
    const rerun = {
      ...published,
      meta: { ...published.meta, threshold: 0.5, inputs: 'unit' as const },
    };
    expect(withinTolerance(rerun, published).band).toEqual(TOLERANCE.samePreset);
  });
});

describe('deviation of a fine-tuning figure', () => {
  const published = syntheticFigure('fig15', 3);
  published.meta.fineTuneEpochs = 1;
  /** The published figure with every mean of the chosen series moved by `by` points. */
  const moved = (keys: string[], by: number, fineTuneEpochs: number) => ({
    ...published,
    meta: { ...published.meta, fineTuneEpochs },
    panels: published.panels.map((p) =>
      p.kind !== 'curves'
        ? p
        : {
            ...p,
            series: p.series.map((s) =>
              keys.includes(s.key) ? { ...s, mean: s.mean.map((v) => v + by) } : s,
            ),
          },
    ),
  });

  it('compares the fine-tuned series only at the same budget', () => {
    const tuned = ['zero-ft', 'bb-ft', 'zero-45', 'bb-45', 'zero-90', 'bb-90'];
    expect(deviation(moved(tuned, 20, 1), published).curves).toBeCloseTo(20, 9);
    // a smoke rerun's few steps of fine-tuning are another experiment, not a regression
    expect(deviation(moved(tuned, 20, 0.05), published).curves).toBe(0);
    // the arms without training are compared whatever the budget
    expect(deviation(moved(['bb'], 3, 0.05), published)).toMatchObject({
      curves: 3,
      worst: 'curves a/bb',
    });
  });
});

describe('deviation of histograms and heatmaps (network 0 only)', () => {
  /** A synthetic figure as a rerun on the published networks makes it (the same network 0). */
  const onPublished = (figure: ReturnType<typeof syntheticFigure>) => {
    figure.meta.networks = 'published';
    return figure;
  };
  const histogramFigure = () => onPublished(syntheticFigure('fig7', 3));
  const heatmapFigure = () => onPublished(syntheticFigure('fig11', 3));

  it('measures the earth mover’s distance between histograms over the output range', () => {
    const low = { edges: [0, 0.5], probabilities: [1, 0] };
    const high = { edges: [0, 0.5], probabilities: [0, 1] };
    // all mass uniform on [0, 0.5) against all on [0.5, 1): half the range apart
    expect(histogramDistance(low, high)).toBeCloseTo(0.5, 12);
    expect(histogramDistance(low, low)).toBe(0);
    // other edges, the same distribution: uniform on [0, 1) in two bins or in four
    const two = { edges: [0, 0.5], probabilities: [0.5, 0.5] };
    const four = { edges: [0, 0.25, 0.5, 0.75], probabilities: [0.25, 0.25, 0.25, 0.25] };
    expect(histogramDistance(two, four)).toBeCloseTo(0, 12);
  });

  it('fails a rerun with one histogram bin raised by 0.2, and passes it unchanged', () => {
    const published = histogramFigure();
    expect(published.meta.networks).toBe('published');
    const rerun = structuredClone(published);
    expect(withinTolerance(rerun, published).ok).toBe(true);
    expect(deviation(rerun, published).histograms).toBe(0);
    const panel = rerun.panels.find((p) => p.kind === 'histograms')!;
    if (panel.kind !== 'histograms') throw new Error('no histogram panel');
    panel.neurons[0].probabilities[3] += 0.2;
    const d = deviation(rerun, published);
    expect(d.histograms).toBeGreaterThan(TOLERANCE.otherPreset.histograms);
    expect(withinTolerance(rerun, published, d).ok).toBe(false);
    expect(
      withinTolerance({ ...rerun, meta: { ...rerun.meta, preset: 'smoke' } }, published).ok,
    ).toBe(false);
  });

  it('fails a rerun with one heatmap cell raised, matching neurons whatever class sorted them', () => {
    const published = heatmapFigure();
    const rerun = structuredClone(published);
    const panel = rerun.panels.find((p) => p.kind === 'heatmap')!;
    if (panel.kind !== 'heatmap') throw new Error('no heatmap panel');
    // the same neuron labelled with another arg-max class, rows in another order: still equal
    panel.rows.reverse();
    panel.rows[0].label = `${panel.rows[0].label.split(' (')[0]} (class 9)`;
    expect(deviation(rerun, published).heatmap).toBe(0);
    // by 0.01 bit: beyond the same preset's band (rounding only)
    panel.rows[5].values[2] += 0.01;
    expect(withinTolerance(rerun, published).ok).toBe(false);
    // by 1 bit: beyond another preset's band too (sampling error of 2,000 validation images)
    panel.rows[5].values[2] += 0.99;
    const d = deviation(rerun, published);
    expect(d.heatmap).toBeCloseTo(1, 9);
    const smoke = { ...rerun, meta: { ...rerun.meta, preset: 'smoke' as const } };
    expect(withinTolerance(smoke, published, d).ok).toBe(false);
  });

  it('leaves them out when the runs drew other networks 0 (trained anew)', () => {
    const published = histogramFigure();
    const rerun = structuredClone(published);
    rerun.meta.networks = 'trained';
    const panel = rerun.panels.find((p) => p.kind === 'histograms')!;
    if (panel.kind === 'histograms') panel.neurons[0].probabilities[3] += 0.2;
    expect(deviation(rerun, published)).toMatchObject({ histograms: null, heatmap: null });
  });
});

describe('deviation of a table (verdicts)', () => {
  const table = (texts: string[]): FigureData => {
    const figure = syntheticFigure('fig4', 3);
    figure.panels = [
      {
        kind: 'table',
        id: 't',
        title: 'verdicts',
        columns: ['published', 'λ = 0'],
        rows: [
          { label: 'C1', group: 'claims', cells: [{ text: texts[0] }, { text: texts[1] }] },
          { label: 'H1', group: 'hypotheses', cells: [{ text: texts[2] }, { text: texts[3] }] },
        ],
      },
    ];
    return figure;
  };
  const published = table(['holds', 'holds', 'holds', 'fails']);

  it('is the share of cells that say something else', () => {
    const rerun = table(['holds', 'fails', 'holds', 'fails']);
    const d = deviation(rerun, published);
    expect(d.table).toBe(0.25);
    expect(d.worst).toBe('table t/C1/λ = 0');
    expect(withinTolerance(rerun, published, d).ok).toBe(false);
    expect(withinTolerance(published, published).ok).toBe(true);
  });

  it('fails a table that lost a row, whatever the preset', () => {
    const rerun = table(['holds', 'holds', 'holds', 'fails']);
    const panel = rerun.panels[0];
    if (panel.kind === 'table') panel.rows[0].label = 'C2';
    const smoke = { ...rerun, meta: { ...rerun.meta, preset: 'smoke' as const } };
    expect(deviation(smoke, published).table).toBe(Number.POSITIVE_INFINITY);
    expect(withinTolerance(smoke, published).ok).toBe(false);
  });
});
