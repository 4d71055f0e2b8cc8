import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ablationOrder, randomOrder } from '../../src/lib/ranking';

const order = (scores: number[], direction: 'low' | 'high') =>
  Array.from(ablationOrder(scores, direction));

describe('ablationOrder', () => {
  it('low-first is ascending and high-first descending', () => {
    expect(order([0.3, 0.1, 0.9, 0.5], 'low')).toEqual([1, 0, 3, 2]);
    expect(order([0.3, 0.1, 0.9, 0.5], 'high')).toEqual([2, 3, 0, 1]);
  });

  it('breaks ties by neuron index ascending in both directions', () => {
    expect(order([0.5, 0.1, 0.5, 0.1], 'low')).toEqual([1, 3, 0, 2]);
    expect(order([0.5, 0.1, 0.5, 0.1], 'high')).toEqual([0, 2, 1, 3]);
    expect(order([0, 0, 0], 'high')).toEqual([0, 1, 2]);
  });

  it('high is the reverse of low when no scores tie', () => {
    const distinct = fc.uniqueArray(fc.double({ noNaN: true }), {
      minLength: 0,
      maxLength: 60,
      comparator: (a, b) => a === b, // -0 and 0 tie
    });
    fc.assert(
      fc.property(distinct, (scores) => {
        expect(order(scores, 'high')).toEqual(order(scores, 'low').reverse());
      }),
    );
  });

  it('is a permutation whose scores are sorted, ties in index order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (scores) => {
        const low = order(scores, 'low');
        expect([...low].sort((a, b) => a - b)).toEqual(scores.map((_, j) => j));
        for (let k = 1; k < low.length; k++) {
          const [i, j] = [low[k - 1], low[k]];
          expect(scores[i] < scores[j] || (scores[i] === scores[j] && i < j)).toBe(true);
        }
      }),
    );
  });

  it('ranks a whole network on the concatenated scores: indices >= n1 are layer 2', () => {
    const layer1 = [0.2, 0.05, 0.4];
    const layer2 = [0.1, 0.3];
    expect(order([...layer1, ...layer2], 'low')).toEqual([1, 3, 0, 4, 2]);
  });

  it('refuses NaN scores', () => {
    expect(() => ablationOrder([0.1, Number.NaN], 'low')).toThrow(RangeError);
  });
});

describe('randomOrder', () => {
  it('is a seeded permutation of 0..n-1', () => {
    const a = Array.from(randomOrder(100, 3));
    expect(a).toEqual(Array.from(randomOrder(100, 3)));
    expect(a).not.toEqual(Array.from(randomOrder(100, 4)));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
