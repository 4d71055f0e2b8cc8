import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jointCounts } from '../../src/lib/joint-counts';
import { mutualInformation } from '../../src/lib/measures';
import { createRandom } from '../../src/lib/random';
import { ablationOrder } from '../../src/lib/ranking';
import {
  cmimAblationOrder,
  cmimSelection,
  conditionalMutualInformation,
  conditionalMutualInformationOf,
  jmiAblationOrder,
  jmiSelection,
  jointMutualInformation,
  jointMutualInformationOf,
  pairIndex,
  pairList,
  pairTable,
  pairwiseCounts,
} from '../../src/lib/redundancy';
import { pairEntropy, pairTables, range, swapAxes } from './information-reference';

const EPS = 1e-12;

/** A one-bit layer with labels: [samples, neurons] bits, some neurons reading the label. */
function randomLayer(seed: number, samples: number, neurons: number, classes: number) {
  const random = createRandom(seed);
  const labels = Uint8Array.from({ length: samples }, () => random.nextInt(classes));
  const threshold = Array.from({ length: neurons }, () => random.nextInt(classes + 1));
  const noise = Array.from({ length: neurons }, () => random.next() * 0.5);
  const binned = Uint8Array.from({ length: samples * neurons }, (_, e) => {
    const l = Math.floor(e / neurons);
    const j = e % neurons;
    const signal = labels[l] < threshold[j] ? 1 : 0;
    return random.next() < noise[j] ? random.nextInt(2) : signal;
  });
  return { binned, labels };
}

// I(T_b; Y | T_a) = H(Y, T_a) + H(T_a, T_b) - H(T_a) - H(Y, T_a, T_b).
function referenceConditional(counts: number[], classes: number): number {
  return (
    pairEntropy(counts, classes, (c, a) => `${c},${a}`) +
    pairEntropy(counts, classes, (_, a, b) => `${a},${b}`) -
    pairEntropy(counts, classes, (_, a) => `${a}`) -
    pairEntropy(counts, classes, (c, a, b) => `${c},${a},${b}`)
  );
}

// I(T_a, T_b; Y) = H(Y) + H(T_a, T_b) - H(Y, T_a, T_b).
function referenceJoint(counts: number[], classes: number): number {
  return (
    pairEntropy(counts, classes, (c) => `${c}`) +
    pairEntropy(counts, classes, (_, a, b) => `${a},${b}`) -
    pairEntropy(counts, classes, (c, a, b) => `${c},${a},${b}`)
  );
}

/**
 * A greedy order by its definition, every score recomputed at every step from scratch: the first
 * pick by I(T_j; Y), each next by `score(j, kept)` over the neurons kept so far.
 */
function referenceGreedy(
  pc: ReturnType<typeof pairwiseCounts>,
  score: (j: number, kept: number[]) => number,
): number[] {
  const n = pc.neurons;
  const mi = range(n).map((j) =>
    mutualInformation(
      pc.single.counts.subarray(j * pc.classes * 2, (j + 1) * pc.classes * 2),
      pc.classes,
      2,
    ),
  );
  const order: number[] = [];
  while (order.length < n) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (order.includes(j)) continue;
      const value = order.length === 0 ? mi[j] : score(j, order);
      if (value > bestScore) {
        best = j;
        bestScore = value;
      }
    }
    order.push(best);
  }
  return order;
}

// CMIM: the smallest conditional information given any kept neuron.
const referenceCmim = (pc: ReturnType<typeof pairwiseCounts>) =>
  referenceGreedy(pc, (j, kept) =>
    Math.min(...kept.map((s) => conditionalMutualInformationOf(pc, j, s))),
  );

// JMI: the sum of the joint information with each kept neuron.
const referenceJmi = (pc: ReturnType<typeof pairwiseCounts>) =>
  referenceGreedy(pc, (j, kept) =>
    kept.reduce((sum, s) => sum + jointMutualInformationOf(pc, j, s), 0),
  );

describe('pair order', () => {
  it('pairIndex enumerates i < j lexicographically and pairList inverts it', () => {
    for (const n of [0, 1, 2, 5, 100]) {
      const { first, second } = pairList(n);
      expect(first.length).toBe(n < 2 ? 0 : (n * (n - 1)) / 2);
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          expect(pairIndex(i, j, n)).toBe(k);
          expect([first[k], second[k]]).toEqual([i, j]);
          k++;
        }
      }
    }
    expect(() => pairIndex(2, 2, 5)).toThrow(RangeError);
    expect(() => pairIndex(3, 1, 5)).toThrow(RangeError);
    expect(() => pairIndex(1, 5, 5)).toThrow(RangeError);
  });
});

describe('pairwise counts', () => {
  it('equal a naive count of n(c, t_i, t_j), and their marginals equal jointCounts', () => {
    // 77 samples over 3 classes: class sizes that do not fill 32-bit words
    for (const [seed, samples, neurons, classes] of [
      [1, 77, 5, 3],
      [2, 1000, 7, 10],
      [3, 33, 4, 1],
      [4, 0, 3, 2],
    ]) {
      const { binned, labels } = randomLayer(seed, samples, neurons, classes);
      const pc = pairwiseCounts(binned, labels, samples, neurons, classes);
      for (let i = 0; i < neurons; i++) {
        for (let j = 0; j < neurons; j++) {
          if (i === j) continue;
          const naive = new Float64Array(classes * 4);
          for (let l = 0; l < samples; l++) {
            naive[labels[l] * 4 + 2 * binned[l * neurons + i] + binned[l * neurons + j]] += 1;
          }
          expect(Array.from(pairTable(pc, i, j))).toEqual(Array.from(naive));
        }
      }
      expect(pc.single).toEqual(jointCounts(binned, labels, samples, neurons, classes, 2));
    }
  });

  it('refuses bins other than 0/1, labels out of range and wrong lengths', () => {
    expect(() => pairwiseCounts(Uint8Array.from([0, 2]), Uint8Array.from([0]), 1, 2, 2)).toThrow(
      RangeError,
    );
    expect(() => pairwiseCounts(Uint8Array.from([0, 1]), Uint8Array.from([2]), 1, 2, 2)).toThrow(
      RangeError,
    );
    expect(() => pairwiseCounts(Uint8Array.from([0, 1, 1]), Uint8Array.from([0]), 1, 2, 2)).toThrow(
      RangeError,
    );
  });
});

describe('conditional and joint mutual information', () => {
  it('hand-computed: T_j copies Y when T_s = 1 and is noise when T_s = 0, so I(T_j; Y | T_s) = 1/2 bit', () => {
    // [c][t_s][t_j]: c = 0: (s0: 1, 1; s1: 2, 0), c = 1: (s0: 1, 1; s1: 0, 2)
    const counts = [1, 1, 2, 0, 1, 1, 0, 2];
    expect(conditionalMutualInformation(counts, 2)).toBeCloseTo(0.5, 14);
    // I(T_s; Y | T_j): given T_j the bit T_s says little; by the reference formula
    expect(conditionalMutualInformation(swapAxes(counts, 2), 2)).toBeCloseTo(
      referenceConditional(swapAxes(counts, 2), 2),
      12,
    );
    // I(T_s, T_j; Y) = I(T_s; Y) + I(T_j; Y | T_s) = 0 + 1/2
    expect(jointMutualInformation(counts, 2)).toBeCloseTo(0.5, 14);
  });

  it('agree with the entropy-based reference and are >= 0', () => {
    fc.assert(
      fc.property(pairTables(), ({ classes, counts }) => {
        const cmi = conditionalMutualInformation(counts, classes);
        expect(cmi).toBeGreaterThanOrEqual(-EPS);
        expect(Math.abs(cmi - referenceConditional(counts, classes))).toBeLessThan(1e-9);
        const joint = jointMutualInformation(counts, classes);
        expect(Math.abs(joint - referenceJoint(counts, classes))).toBeLessThan(1e-9);
        expect(
          Math.abs(joint - jointMutualInformation(swapAxes(counts, classes), classes)),
        ).toBeLessThan(1e-9);
      }),
    );
  });

  it('chain rule: I(T_a, T_b; Y) = I(T_a; Y) + I(T_b; Y | T_a), and I(T_b; Y | T_a) <= H(T_b | T_a)', () => {
    fc.assert(
      fc.property(pairTables(), ({ classes, counts }) => {
        const first = range(classes).flatMap((c) => [
          counts[c * 4] + counts[c * 4 + 1],
          counts[c * 4 + 2] + counts[c * 4 + 3],
        ]);
        const chain =
          mutualInformation(first, classes, 2) + conditionalMutualInformation(counts, classes);
        expect(Math.abs(jointMutualInformation(counts, classes) - chain)).toBeLessThan(1e-9);
        const hbGivenA =
          pairEntropy(counts, classes, (_, a, b) => `${a},${b}`) -
          pairEntropy(counts, classes, (_, a) => `${a}`);
        expect(conditionalMutualInformation(counts, classes)).toBeLessThanOrEqual(hbGivenA + 1e-9);
      }),
    );
  });

  it('are invariant under relabelling classes and flipping either bit', () => {
    const moved = pairTables().chain((table) =>
      fc
        .tuple(
          fc.shuffledSubarray(range(table.classes), {
            minLength: table.classes,
            maxLength: table.classes,
          }),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([classOrder, flipA, flipB]) => ({
          table,
          moved: classOrder.flatMap((c) =>
            [0, 1, 2, 3].map((e) => {
              const a = (e >> 1) ^ (flipA ? 1 : 0);
              const b = (e & 1) ^ (flipB ? 1 : 0);
              return table.counts[c * 4 + 2 * a + b];
            }),
          ),
        })),
    );
    fc.assert(
      fc.property(moved, ({ table, moved }) => {
        const { classes, counts } = table;
        expect(
          Math.abs(
            conditionalMutualInformation(counts, classes) -
              conditionalMutualInformation(moved, classes),
          ),
        ).toBeLessThan(1e-12);
        expect(
          Math.abs(
            jointMutualInformation(counts, classes) - jointMutualInformation(moved, classes),
          ),
        ).toBeLessThan(1e-12);
      }),
    );
  });

  it('the layer versions take the condition from the right axis', () => {
    const { binned, labels } = randomLayer(9, 500, 6, 4);
    const pc = pairwiseCounts(binned, labels, 500, 6, 4);
    for (let j = 0; j < 6; j++) {
      for (let s = 0; s < 6; s++) {
        if (j === s) continue;
        const table = Array.from(pairTable(pc, s, j));
        expect(conditionalMutualInformationOf(pc, j, s)).toBeCloseTo(
          referenceConditional(table, 4),
          12,
        );
        expect(jointMutualInformationOf(pc, j, s)).toBeCloseTo(referenceJoint(table, 4), 12);
      }
    }
  });

  it('a copy carries no information given the original: I(T; Y | T) = 0 exactly', () => {
    const counts = [3, 0, 0, 5, 7, 0, 0, 1, 2, 0, 0, 9];
    expect(conditionalMutualInformation(counts, 3)).toBe(0);
  });

  it('refuses a table of the wrong length or with negative counts', () => {
    expect(() => conditionalMutualInformation([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => jointMutualInformation([1, 2, 3, -1], 1)).toThrow(RangeError);
  });
});

describe('CMIM', () => {
  it('equals the definition (every minimum recomputed) on random layers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, neurons) => {
          const { binned, labels } = randomLayer(seed, 300, neurons, 5);
          const pc = pairwiseCounts(binned, labels, 300, neurons, 5);
          const selection = cmimSelection(pc);
          expect(Array.from(selection.order)).toEqual(referenceCmim(pc));
          expect(Array.from(cmimAblationOrder(pc))).toEqual(Array.from(selection.order).reverse());
          // the first score is I(T; Y) of the first pick, later ones the running minimum
          const first = selection.order[0];
          expect(selection.score[0]).toBe(
            mutualInformation(pc.single.counts.subarray(first * 10, first * 10 + 10), 5, 2),
          );
          for (let k = 1; k < neurons; k++) {
            const j = selection.order[k];
            const min = Math.min(
              ...Array.from(selection.order.subarray(0, k)).map((s) =>
                conditionalMutualInformationOf(pc, j, s),
              ),
            );
            expect(selection.score[k]).toBe(min);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('Example 2: two copies of a 1-bit neuron rank on top by MI; CMIM picks one first, the other last', () => {
    const samples = 1000;
    const classes = 10;
    const neurons = 6;
    const random = createRandom(11);
    const labels = Uint8Array.from({ length: samples }, (_, l) => l % classes);
    const binned = new Uint8Array(samples * neurons);
    for (let l = 0; l < samples; l++) {
      const y = labels[l];
      const flip = (bit: number, p: number) => (random.next() < p ? 1 - bit : bit);
      const row = [
        y >= 5 ? 1 : 0, // 0: the original, I(T; Y) = 1 bit
        flip(y % 2, 0.1), // 1: parity, noisy
        flip(y === 3 || y === 7 ? 1 : 0, 0.05), // 2
        y >= 5 ? 1 : 0, // 3: the copy
        flip(y < 2 ? 1 : 0, 0.2), // 4
        random.nextInt(2), // 5: noise
      ];
      binned.set(row, l * neurons);
    }
    const pc = pairwiseCounts(binned, labels, samples, neurons, classes);
    const mi = range(neurons).map((j) =>
      mutualInformation(pc.single.counts.subarray(j * 20, j * 20 + 20), classes, 2),
    );
    expect(mi[0]).toBeCloseTo(1, 12);
    expect(mi[3]).toBeCloseTo(1, 12);
    expect(Array.from(ablationOrder(mi, 'high').subarray(0, 2))).toEqual([0, 3]);
    expect(conditionalMutualInformationOf(pc, 3, 0)).toBe(0);
    const { order } = cmimSelection(pc);
    expect(order[0]).toBe(0);
    expect(order[neurons - 1]).toBe(3);
    expect(cmimAblationOrder(pc)[0]).toBe(3);
  });

  it('handles a layer of one neuron and of none', () => {
    const one = pairwiseCounts(Uint8Array.from([0, 1, 1]), Uint8Array.from([0, 1, 1]), 3, 1, 2);
    expect(Array.from(cmimSelection(one).order)).toEqual([0]);
    const none = pairwiseCounts(new Uint8Array(0), Uint8Array.from([0, 1]), 2, 0, 2);
    expect(cmimSelection(none).order.length).toBe(0);
  });
});

describe('JMI', () => {
  it('equals the definition (every sum recomputed) on random layers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, neurons) => {
          const { binned, labels } = randomLayer(seed, 300, neurons, 5);
          const pc = pairwiseCounts(binned, labels, 300, neurons, 5);
          const selection = jmiSelection(pc);
          expect(Array.from(selection.order)).toEqual(referenceJmi(pc));
          expect(Array.from(jmiAblationOrder(pc))).toEqual(Array.from(selection.order).reverse());
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps a copy that pairs well where CMIM prefers a weak neuron that adds a little (hand-built)', () => {
    // Four classes y = 2 y1 + y2, four samples each. A = y1, B = a copy of A, C = y2, E = y1 xor y2
    // flipped in one sample of four: I(E; Y | A) = I(E; Y | C) = 1 - H(1/4) = 0.189 bit.
    const labels: number[] = [];
    const binned: number[] = [];
    for (let y = 0; y < 4; y++) {
      const [y1, y2] = [y >> 1, y & 1];
      for (let r = 0; r < 4; r++) {
        labels.push(y);
        binned.push(y1, y1, y2, y1 ^ y2 ^ (r === 0 ? 1 : 0));
      }
    }
    const pc = pairwiseCounts(Uint8Array.from(binned), Uint8Array.from(labels), 16, 4, 4);
    expect(conditionalMutualInformationOf(pc, 1, 0)).toBe(0);
    expect(conditionalMutualInformationOf(pc, 3, 0)).toBeCloseTo(1 - 0.8112781244591328, 12);
    // both pick A (ties go to the lower index), then C, which completes the class
    expect(Array.from(cmimSelection(pc).order)).toEqual([0, 2, 3, 1]);
    // JMI: B scores I(B, A; Y) + I(B, C; Y) = 1 + 2 bits, E only 2 (1 + 0.189) = 2.38
    const jmi = jmiSelection(pc);
    expect(Array.from(jmi.order)).toEqual([0, 2, 1, 3]);
    expect(jmi.score[2]).toBeCloseTo(3, 12);
    expect(Array.from(jmiAblationOrder(pc))).toEqual([3, 1, 2, 0]);
  });
});
