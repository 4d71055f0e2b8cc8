import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apoz, incomingNorm, meanActivation, outgoingNorm, taylor } from '../../src/lib/criteria';

const list = (a: Float64Array) => Array.from(a);

describe('weight-magnitude criteria', () => {
  // W [fanIn = 3][width = 2]: neuron 0's incoming column is (1, -2, 2), neuron 1's is (0, 3, -4)
  const W = [1, 0, -2, 3, 2, -4];

  it('incoming L1 and L2 norms are the column norms', () => {
    expect(list(incomingNorm(W, 3, 2, 1))).toEqual([5, 7]);
    expect(list(incomingNorm(W, 3, 2, 2))).toEqual([3, 5]);
  });

  it('outgoing L2 norm is the row norm', () => {
    // the same numbers read as W [width = 3][fanOut = 2]: rows (1, 0), (-2, 3), (2, -4)
    const norms = list(outgoingNorm(W, 3, 2));
    expect(norms[0]).toBe(1);
    expect(norms[1]).toBeCloseTo(Math.sqrt(13), 12);
    expect(norms[2]).toBeCloseTo(Math.sqrt(20), 12);
  });

  it('the incoming norm of W is the outgoing norm of its transpose', () => {
    const shape = fc.record({
      rows: fc.integer({ min: 1, max: 6 }),
      cols: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(
        shape.chain(({ rows, cols }) =>
          fc.tuple(
            fc.constant(rows),
            fc.constant(cols),
            fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
              minLength: rows * cols,
              maxLength: rows * cols,
            }),
          ),
        ),
        ([rows, cols, w]) => {
          const transposed = Array.from({ length: rows * cols }, (_, q) => {
            const j = Math.floor(q / rows);
            const i = q % rows;
            return w[i * cols + j];
          });
          const a = list(incomingNorm(w, rows, cols, 2));
          const b = list(outgoingNorm(transposed, cols, rows));
          for (const [j, v] of a.entries()) expect(v).toBeCloseTo(b[j], 9);
        },
      ),
    );
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => incomingNorm([1, 2, 3], 2, 2, 1)).toThrow(/3 entries, expected 4/);
    expect(() => outgoingNorm([1, 2, 3], 2, 2)).toThrow(/expected 4/);
  });
});

describe('activation criteria', () => {
  // outputs [samples = 4][width = 3]
  const relu = [0, 1, 2, 0, 0, 4, 3, 0, 0, 0, 0, 2];
  const sigmoid = [0.1, 0.6, 0.5, 0.2, 0.49, 0.9, 0.7, 0.3, 0.51, 0.4, 0.8, 0.2];

  it('mean activation averages each neuron over the samples', () => {
    expect(list(meanActivation(relu, 4, 3))).toEqual([0.75, 0.25, 2]);
  });

  it('APoZ counts exact zeros for ReLU', () => {
    expect(list(apoz(relu, 4, 3, 'relu'))).toEqual([0.75, 0.75, 0.25]);
  });

  it('APoZ counts outputs below the quantiser threshold for sigmoid (0.5 itself is on)', () => {
    expect(list(apoz(sigmoid, 4, 3, 'sigmoid'))).toEqual([0.75, 0.5, 0.25]);
    expect(list(apoz(sigmoid, 4, 3, 'sigmoid', 0.85))).toEqual([1, 1, 0.75]);
  });

  it('APoZ lies in [0, 1] and ReLU APoZ of positive outputs is 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (t) => {
          expect(list(apoz(t, 3, 2, 'relu'))).toEqual([0, 0]);
          for (const v of apoz(t, 3, 2, 'sigmoid')) expect(v >= 0 && v <= 1).toBe(true);
        },
      ),
    );
  });
});

describe('first-order Taylor criterion', () => {
  it('is the mean of |t * dL/dt| over samples', () => {
    const t = [1, 2, 0.5, -1];
    const g = [-3, 1, 2, 0.25];
    // neuron 0: (|1 * -3| + |0.5 * 2|) / 2 = 2; neuron 1: (|2 * 1| + |-1 * 0.25|) / 2 = 1.125
    expect(list(taylor(t, g, 2, 2))).toEqual([2, 1.125]);
  });

  it('is zero for a neuron that is always off or never moves the loss', () => {
    expect(list(taylor([0, 5, 0, 7], [9, 0, 4, 0], 2, 2))).toEqual([0, 0]);
  });

  it('refuses gradients of another shape than the outputs', () => {
    expect(() => taylor([1, 2], [1], 1, 2)).toThrow(/gradients has 1 entries/);
  });
});
