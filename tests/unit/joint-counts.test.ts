import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jointCounts, tableOf } from '../../src/lib/joint-counts';
import { createRandom } from '../../src/lib/random';

describe('jointCounts (eq. 2)', () => {
  it('equals a naive per-neuron count on random data', () => {
    const shapes = fc.record({
      samples: fc.integer({ min: 0, max: 200 }),
      neurons: fc.integer({ min: 1, max: 6 }),
      classes: fc.integer({ min: 1, max: 5 }),
      bins: fc.integer({ min: 2, max: 6 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
    });
    fc.assert(
      fc.property(shapes, ({ samples, neurons, classes, bins, seed }) => {
        const random = createRandom(seed);
        const labels = Uint8Array.from({ length: samples }, () => random.nextInt(classes));
        const binned = Uint8Array.from({ length: samples * neurons }, () => random.nextInt(bins));
        const jc = jointCounts(binned, labels, samples, neurons, classes, bins);
        expect(jc).toMatchObject({ classes, bins, neurons });
        for (let j = 0; j < neurons; j++) {
          const naive = new Array<number>(classes * bins).fill(0);
          for (let l = 0; l < samples; l++) naive[labels[l] * bins + binned[l * neurons + j]]++;
          expect(Array.from(tableOf(jc, j))).toEqual(naive);
        }
      }),
    );
  });

  it('counts a tiny layer by hand', () => {
    // 3 samples, 2 neurons, labels (0, 1, 1); neuron 0 bins (1, 0, 0), neuron 1 bins (1, 1, 0)
    const jc = jointCounts(
      Uint8Array.from([1, 1, 0, 1, 0, 0]),
      Uint8Array.from([0, 1, 1]),
      3,
      2,
      2,
      2,
    );
    expect(Array.from(tableOf(jc, 0))).toEqual([0, 1, 2, 0]);
    expect(Array.from(tableOf(jc, 1))).toEqual([0, 1, 1, 1]);
  });

  it('tableOf is a view into the layer counts', () => {
    const jc = jointCounts(Uint8Array.from([1, 0]), Uint8Array.from([0]), 1, 2, 1, 2);
    tableOf(jc, 1)[0] = 7;
    expect(jc.counts[2]).toBe(7);
    expect(() => tableOf(jc, 2)).toThrow(RangeError);
  });

  it('refuses labels or bins out of range and mismatched lengths', () => {
    expect(() => jointCounts(Uint8Array.from([0]), Uint8Array.from([3]), 1, 1, 3, 2)).toThrow(
      RangeError,
    );
    expect(() => jointCounts(Uint8Array.from([2]), Uint8Array.from([0]), 1, 1, 3, 2)).toThrow(
      RangeError,
    );
    expect(() => jointCounts(Uint8Array.from([0, 1]), Uint8Array.from([0]), 1, 1, 3, 2)).toThrow(
      RangeError,
    );
  });
});
