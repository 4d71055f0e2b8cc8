/** The regression band (src/lib/regression.ts): narrow only for the same experiment. */
import { describe, expect, it } from 'vitest';
import { deviation, TOLERANCE, withinTolerance } from '../../src/lib/regression';
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
      worst: 'a/bb',
    });
  });
});
