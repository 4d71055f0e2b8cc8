/** The regression band (src/lib/regression.ts): narrow only for the same experiment. */
import { describe, expect, it } from 'vitest';
import { TOLERANCE, withinTolerance } from '../../src/lib/regression';
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
