import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutualInformation, specificInformation } from '../../src/lib/measures';
import { createRandom } from '../../src/lib/random';
import {
  jointMutualInformation,
  pairIndex,
  pairTable,
  pairwiseCounts,
} from '../../src/lib/redundancy';
import {
  layerPartialInformation,
  type PartialInformation,
  partialInformation,
} from '../../src/lib/synergy';
import { pairEntropy, pairTables, range, swapAxes } from './information-reference';

const EPS = 1e-12;
const parts = ['redundancy', 'uniqueI', 'uniqueJ', 'synergy', 'joint', 'interaction'] as const;

// The single-neuron table n(c, t) of axis 0 (T_i) or 1 (T_j).
function marginal(counts: number[], classes: number, axis: 0 | 1): number[] {
  return range(classes).flatMap((c) =>
    [0, 1].map((t) =>
      [0, 1].reduce((sum, u) => sum + counts[c * 4 + (axis === 0 ? 2 * t + u : 2 * u + t)], 0),
    ),
  );
}

// Reference I_min = sum_c P_Y(c) min(S_c(T_i), S_c(T_j)), from the probability-based D.
function referenceRedundancy(counts: number[], classes: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const si = specificInformation(marginal(counts, classes, 0), classes, 2);
  const sj = specificInformation(marginal(counts, classes, 1), classes, 2);
  let red = 0;
  for (let c = 0; c < classes; c++) {
    const nc = counts.slice(c * 4, c * 4 + 4).reduce((a, b) => a + b, 0);
    if (nc > 0) red += (nc / total) * Math.min(si[c], sj[c]);
  }
  return red;
}

// II = I(T_i; T_j | Y) - I(T_i; T_j) = H(Y,T_i) + H(Y,T_j) - H(Y) - H(Y,T_i,T_j) - I(T_i; T_j).
function referenceInteraction(counts: number[], classes: number): number {
  const h = (keep: (c: number, a: number, b: number) => string) =>
    pairEntropy(counts, classes, keep);
  const conditional =
    h((c, a) => `${c},${a}`) +
    h((c, _, b) => `${c},${b}`) -
    h((c) => `${c}`) -
    h((c, a, b) => `${c},${a},${b}`);
  const pairwise = h((_, a) => `${a}`) + h((_, __, b) => `${b}`) - h((_, a, b) => `${a},${b}`);
  return conditional - pairwise;
}

const pidOf = ({ classes, counts }: { classes: number; counts: number[] }) =>
  partialInformation(counts, classes);
const miOf = (counts: number[], classes: number, axis: 0 | 1) =>
  mutualInformation(marginal(counts, classes, axis), classes, 2);

describe('hand-computed examples', () => {
  it('Example 3: Y = T_i xor T_j with independent fair bits has Syn = 1 bit, Red = Unq = 0, II = +1', () => {
    // [c][t_i][t_j]: Y = 0 for (0,0), (1,1); Y = 1 for (0,1), (1,0); 25 samples each
    const counts = [25, 0, 0, 25, 0, 25, 25, 0];
    expect(miOf(counts, 2, 0)).toBe(0);
    expect(miOf(counts, 2, 1)).toBe(0);
    const pid = partialInformation(counts, 2);
    expect(pid.redundancy).toBe(0);
    expect(pid.uniqueI).toBe(0);
    expect(pid.uniqueJ).toBe(0);
    expect(pid.synergy).toBeCloseTo(1, 14);
    expect(pid.joint).toBeCloseTo(1, 14);
    expect(pid.interaction).toBeCloseTo(1, 14);
  });

  it('Example 2: a copy of a 1-bit neuron has Red = 1 bit, Unq = Syn = 0, II = -1', () => {
    // 10 classes of 10 samples, T_i = T_j = 1[Y >= 5]
    const counts = range(10).flatMap((c) => (c >= 5 ? [0, 0, 0, 10] : [10, 0, 0, 0]));
    const pid = partialInformation(counts, 10);
    expect(pid.redundancy).toBeCloseTo(1, 14);
    expect(pid.uniqueI).toBe(0);
    expect(pid.uniqueJ).toBe(0);
    expect(pid.synergy).toBe(0);
    expect(pid.joint).toBeCloseTo(1, 14);
    expect(pid.interaction).toBeCloseTo(-1, 14);
  });

  it('two independent bits that each copy one bit of a 2-bit label are purely unique', () => {
    // Y = 2 T_i + T_j, uniform: I(T_i; Y) = I(T_j; Y) = 1, joint = 2
    const counts = range(4).flatMap((y) => [0, 1, 2, 3].map((e) => (e === y ? 5 : 0)));
    const pid = partialInformation(counts, 4);
    // I_min is not zero here: S_c(T_i) = S_c(T_j) = 1 for every class (the known I_min artefact)
    expect(pid.redundancy).toBeCloseTo(1, 14);
    expect(pid.uniqueI).toBeCloseTo(0, 14);
    expect(pid.uniqueJ).toBeCloseTo(0, 14);
    expect(pid.synergy).toBeCloseTo(1, 14);
    expect(pid.joint).toBeCloseTo(2, 14);
    expect(pid.interaction).toBeCloseTo(0, 14);
  });

  it('refuses a table of the wrong length or with negative counts', () => {
    expect(() => partialInformation([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => partialInformation([1, 2, 3, -1], 1)).toThrow(RangeError);
  });

  it('an all-zero table decomposes into zeros', () => {
    const pid = partialInformation(new Array(8).fill(0), 2);
    for (const part of parts) expect(pid[part]).toBe(0);
  });
});

describe('properties of the decomposition (docs/method.md §9)', () => {
  it('the four parts are >= 0 and sum to I(T_i, T_j; Y); Red <= min(I(T_i; Y), I(T_j; Y))', () => {
    fc.assert(
      fc.property(pairTables(), (table) => {
        const pid = pidOf(table);
        const { classes, counts } = table;
        for (const part of ['redundancy', 'uniqueI', 'uniqueJ', 'synergy'] as const) {
          expect(pid[part]).toBeGreaterThanOrEqual(-EPS);
        }
        const sum = pid.redundancy + pid.uniqueI + pid.uniqueJ + pid.synergy;
        expect(Math.abs(sum - pid.joint)).toBeLessThan(1e-9);
        expect(Math.abs(pid.joint - jointMutualInformation(counts, classes))).toBe(0);
        const mi = miOf(counts, classes, 0);
        const mj = miOf(counts, classes, 1);
        expect(pid.redundancy).toBeLessThanOrEqual(Math.min(mi, mj) + EPS);
        expect(Math.abs(pid.redundancy + pid.uniqueI - mi)).toBeLessThan(1e-9);
        expect(Math.abs(pid.redundancy + pid.uniqueJ - mj)).toBeLessThan(1e-9);
        expect(Math.abs(pid.redundancy - referenceRedundancy(counts, classes))).toBeLessThan(1e-12);
      }),
    );
  });

  it('interaction information I(T_i; T_j | Y) - I(T_i; T_j) equals Syn - Red', () => {
    fc.assert(
      fc.property(pairTables(), (table) => {
        const pid = pidOf(table);
        expect(Math.abs(pid.interaction - (pid.synergy - pid.redundancy))).toBeLessThan(1e-9);
        expect(
          Math.abs(pid.interaction - referenceInteraction(table.counts, table.classes)),
        ).toBeLessThan(1e-9);
      }),
    );
  });

  it('is symmetric in (i, j): swapping the neurons swaps Unq_i and Unq_j only', () => {
    fc.assert(
      fc.property(pairTables(), (table) => {
        const a = pidOf(table);
        const b = partialInformation(swapAxes(table.counts, table.classes), table.classes);
        expect(Math.abs(a.redundancy - b.redundancy)).toBeLessThan(EPS);
        expect(Math.abs(a.uniqueI - b.uniqueJ)).toBeLessThan(EPS);
        expect(Math.abs(a.uniqueJ - b.uniqueI)).toBeLessThan(EPS);
        expect(Math.abs(a.synergy - b.synergy)).toBeLessThan(EPS);
        expect(Math.abs(a.joint - b.joint)).toBeLessThan(EPS);
        expect(Math.abs(a.interaction - b.interaction)).toBeLessThan(EPS);
      }),
    );
  });

  it('is invariant under relabelling classes and flipping the bit values of either neuron', () => {
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
        .map(([classOrder, flipI, flipJ]) => ({
          table,
          moved: {
            classes: table.classes,
            counts: classOrder.flatMap((c) =>
              [0, 1, 2, 3].map((e) => {
                const a = (e >> 1) ^ (flipI ? 1 : 0);
                const b = (e & 1) ^ (flipJ ? 1 : 0);
                return table.counts[c * 4 + 2 * a + b];
              }),
            ),
          },
        })),
    );
    fc.assert(
      fc.property(moved, ({ table, moved }) => {
        const a = pidOf(table);
        const b = pidOf(moved);
        for (const part of parts) expect(Math.abs(a[part] - b[part])).toBeLessThan(1e-12);
      }),
    );
  });
});

describe('all pairs of a layer', () => {
  const layer = (seed: number, samples: number, neurons: number, classes: number) => {
    const random = createRandom(seed);
    const labels = Uint8Array.from({ length: samples }, () => random.nextInt(classes));
    const binned = Uint8Array.from({ length: samples * neurons }, (_, e) => {
      const y = labels[Math.floor(e / neurons)];
      const j = e % neurons;
      if (j % 3 === 0) return random.nextInt(2);
      if (j % 3 === 1) return (y >> (j % 2)) & 1;
      return random.next() < 0.3 ? random.nextInt(2) : (y % 2) ^ ((y >> 1) & 1);
    });
    return pairwiseCounts(binned, labels, samples, neurons, classes);
  };

  it('agrees with the single-pair decomposition, in lexicographic pair order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 10 }),
        (seed, neurons, classes) => {
          const pc = layer(seed, 200, neurons, classes);
          const all = layerPartialInformation(pc);
          const pairs = neurons < 2 ? 0 : (neurons * (neurons - 1)) / 2;
          for (const part of parts) expect(all[part].length).toBe(pairs);
          for (let i = 0; i < neurons; i++) {
            for (let j = i + 1; j < neurons; j++) {
              const k = pairIndex(i, j, neurons);
              expect([all.first[k], all.second[k]]).toEqual([i, j]);
              const one: PartialInformation = partialInformation(pairTable(pc, i, j), classes);
              for (const part of parts) expect(all[part][k]).toBe(one[part]);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
