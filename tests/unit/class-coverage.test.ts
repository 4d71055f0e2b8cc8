import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argmaxClassCounts,
  argmaxClasses,
  classAccuracyCounts,
  classCoveringKeepOrder,
  classCoveringPruningOrder,
  classUnevenness,
  heatmapOrder,
  NO_CLASS,
  specificInformationSpectrum,
  worstClassAccuracy,
} from '../../src/lib/class-coverage';
import { jointCounts } from '../../src/lib/joint-counts';
import { klSelectivity } from '../../src/lib/measures';
import { createRandom } from '../../src/lib/random';
import { range } from './information-reference';

/** A spectrum [neurons][classes] of small non-negative values with ties likely. */
const spectrumArbitrary = fc
  .record({ neurons: fc.integer({ min: 0, max: 25 }), classes: fc.integer({ min: 1, max: 10 }) })
  .chain(({ neurons, classes }) =>
    fc
      .array(fc.integer({ min: 0, max: 6 }), {
        minLength: neurons * classes,
        maxLength: neurons * classes,
      })
      .map((values) => ({ neurons, classes, spectrum: Float64Array.from(values, (v) => v / 4) })),
  );

const isPermutation = (order: Int32Array, n: number) =>
  order.length === n && [...order].sort((a, b) => a - b).every((j, k) => j === k);

describe('spectrum and arg-max classes', () => {
  // 10 classes of 50 samples; neuron j (j < 10) fires for class j only; neuron 10 is constant;
  // neuron 11 fires for classes 0..4; neuron 12 is a noisy detector of class 3
  const samples = 500;
  const neurons = 13;
  const classes = 10;
  const random = createRandom(5);
  const labels = Uint8Array.from({ length: samples }, (_, l) => l % classes);
  const binned = Uint8Array.from({ length: samples * neurons }, (_, e) => {
    const y = labels[Math.floor(e / neurons)];
    const j = e % neurons;
    if (j < 10) return y === j ? 1 : 0;
    if (j === 10) return 1;
    if (j === 11) return y < 5 ? 1 : 0;
    return random.next() < 0.2 ? 1 - Number(y === 3) : Number(y === 3);
  });
  const jc = jointCounts(binned, labels, samples, neurons, classes, 2);
  const spectrum = specificInformationSpectrum(jc);

  it('a one-class detector has S_c = log 10 for its class; its arg-max class is that class', () => {
    for (let j = 0; j < 10; j++) expect(spectrum[j * classes + j]).toBeCloseTo(Math.log2(10), 12);
    const argmax = argmaxClasses(spectrum, neurons, classes);
    expect(Array.from(argmax.subarray(0, 10))).toEqual(range(10));
    expect(argmax[10]).toBe(NO_CLASS); // constant: every S_c = 0
    expect(argmax[11]).toBe(0); // S_0 = ... = S_4 = 1: ties to the lower class
    expect(argmax[12]).toBe(3);
    // the heatmap's within-class key is KL selectivity, eq. (5)
    expect(spectrum[12 * classes + 3]).toBe(
      klSelectivity(jc.counts.subarray(12 * 20, 13 * 20), 10, 2),
    );
    expect(Array.from(argmaxClassCounts(argmax, classes))).toEqual([2, 1, 1, 2, 1, 1, 1, 1, 1, 1]);
  });

  it('heatmap order groups by arg-max class, then KL selectivity descending, unassigned last', () => {
    // class 0: neuron 0 (log 10) before neuron 11 (1 bit); class 3: neuron 3 before the noisy 12
    expect(Array.from(heatmapOrder(spectrum, neurons, classes))).toEqual([
      0, 11, 1, 2, 3, 12, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('heatmap order is a permutation sorted by (class, -KLsel) on random spectra', () => {
    fc.assert(
      fc.property(spectrumArbitrary, ({ neurons, classes, spectrum }) => {
        const order = heatmapOrder(spectrum, neurons, classes);
        expect(isPermutation(order, neurons)).toBe(true);
        const argmax = argmaxClasses(spectrum, neurons, classes);
        const key = (j: number) => (argmax[j] === NO_CLASS ? classes : argmax[j]);
        for (let k = 1; k < neurons; k++) {
          const [a, b] = [order[k - 1], order[k]];
          expect(key(a)).toBeLessThanOrEqual(key(b));
          if (key(a) === key(b)) {
            const sel = (j: number) =>
              Math.max(0, ...spectrum.subarray(j * classes, (j + 1) * classes));
            expect(sel(a)).toBeGreaterThanOrEqual(sel(b));
            if (sel(a) === sel(b)) expect(a).toBeLessThan(b);
          }
        }
      }),
    );
  });

  it('arg-max class is the first class reaching KL selectivity max_c S_c', () => {
    fc.assert(
      fc.property(spectrumArbitrary, ({ neurons, classes, spectrum }) => {
        const argmax = argmaxClasses(spectrum, neurons, classes);
        for (let j = 0; j < neurons; j++) {
          const row = Array.from(spectrum.subarray(j * classes, (j + 1) * classes));
          const top = Math.max(...row);
          expect(argmax[j]).toBe(top > 0 ? row.indexOf(top) : NO_CLASS);
        }
      }),
    );
  });

  it('skips classes with NaN specific information (no samples)', () => {
    const s = Float64Array.from([Number.NaN, 0.5, 2, Number.NaN, 0.1, 0.3]); // 2 neurons x 3 classes
    expect(Array.from(argmaxClasses(s, 2, 3))).toEqual([2, 2]);
    expect(Array.from(classCoveringKeepOrder(s, 2, 3))).toEqual([0, 1]);
  });
});

describe('class-covering order', () => {
  it('hand-computed: round-robin over classes, each taking its most specific unpicked neuron', () => {
    // 5 neurons x 2 classes: S_0 = (3, 2, 0, 1, 0), S_1 = (3, 0, 2, 0, 1)
    const spectrum = Float64Array.from([3, 3, 2, 0, 0, 2, 1, 0, 0, 1]);
    // round 0: class 0 takes 0, class 1 takes 2 (0 is gone); round 1: class 0 takes 1, class 1
    // takes 4; round 2: class 0 takes 3
    expect(Array.from(classCoveringKeepOrder(spectrum, 5, 2))).toEqual([0, 2, 1, 4, 3]);
    expect(Array.from(classCoveringPruningOrder(spectrum, 5, 2))).toEqual([3, 4, 1, 2, 0]);
  });

  it('is a permutation, and the pruning order is the keep order reversed', () => {
    fc.assert(
      fc.property(spectrumArbitrary, ({ neurons, classes, spectrum }) => {
        const keep = classCoveringKeepOrder(spectrum, neurons, classes);
        expect(isPermutation(keep, neurons)).toBe(true);
        expect(Array.from(classCoveringPruningOrder(spectrum, neurons, classes))).toEqual(
          Array.from(keep).reverse(),
        );
      }),
    );
  });

  it('keeps each class its most specific neuron until the last 10 removals when the 10 are distinct', () => {
    const tops = fc
      .record({
        extra: fc.integer({ min: 0, max: 40 }),
        seed: fc.integer({ min: 0, max: 2 ** 31 }),
      })
      .map(({ extra, seed }) => {
        const classes = 10;
        const neurons = classes + extra;
        const random = createRandom(seed);
        const spectrum = Float64Array.from({ length: neurons * classes }, () => random.next());
        // a random set of 10 distinct neurons, one per class, made the most specific of its class
        const owners = range(neurons)
          .map((j) => ({ j, r: random.next() }))
          .sort((a, b) => a.r - b.r)
          .slice(0, classes)
          .map(({ j }) => j);
        owners.forEach((j, c) => {
          spectrum[j * classes + c] = 2;
        });
        return { neurons, classes, spectrum, owners };
      });
    fc.assert(
      fc.property(tops, ({ neurons, classes, spectrum, owners }) => {
        const pruning = classCoveringPruningOrder(spectrum, neurons, classes);
        expect(Array.from(pruning.subarray(neurons - classes))).toEqual([...owners].reverse());
      }),
    );
  });
});

describe('unevenness and worst-class accuracy', () => {
  it('chi^2 against uniform and max/min share', () => {
    const even = classUnevenness([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(even).toEqual({
      neurons: 100,
      chiSquare: 0,
      degreesOfFreedom: 9,
      maxShare: 0.1,
      minShare: 0.1,
      maxMinRatio: 1,
    });
    const uneven = classUnevenness([30, 10, 10, 10, 10, 10, 10, 5, 5, 0]);
    // E = 10: (400 + 0 * 6 + 25 + 25 + 100) / 10 = 55
    expect(uneven.chiSquare).toBeCloseTo(55, 12);
    expect(uneven.maxShare).toBeCloseTo(0.3, 12);
    expect(uneven.minShare).toBe(0);
    expect(uneven.maxMinRatio).toBe(Number.POSITIVE_INFINITY);
    expect(classUnevenness([6, 2]).maxMinRatio).toBe(3);
    expect(classUnevenness([0, 0]).maxMinRatio).toBeNaN();
    expect(() => classUnevenness([1, -1])).toThrow(RangeError);
  });

  it('chi^2 is 0 exactly for equal counts and grows when a neuron moves to the largest class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 2, maxLength: 10 }),
        (counts) => {
          const base = classUnevenness(counts).chiSquare;
          const largest = counts.indexOf(Math.max(...counts));
          const smallest = counts.indexOf(Math.min(...counts));
          if (largest === smallest) return;
          const moved = [...counts];
          moved[largest] += 1;
          moved[smallest] -= 1;
          expect(classUnevenness(moved).chiSquare).toBeGreaterThan(base);
          expect(classUnevenness(counts.map(() => 7)).chiSquare).toBe(0);
        },
      ),
    );
  });

  it('worst-class accuracy is the minimum over classes with test images', () => {
    expect(worstClassAccuracy([9, 5, 0], [10, 10, 0])).toBe(0.5);
    expect(worstClassAccuracy([0, 0], [0, 0])).toBeNaN();
    expect(() => worstClassAccuracy([11], [10])).toThrow(RangeError);
    const predicted = [0, 1, 1, 2, 2, 2, 0];
    const labels = [0, 1, 0, 2, 2, 1, 0];
    const { correct, totals } = classAccuracyCounts(predicted, labels, 3);
    expect(Array.from(correct)).toEqual([2, 1, 2]);
    expect(Array.from(totals)).toEqual([3, 2, 2]);
    expect(worstClassAccuracy(correct, totals)).toBe(0.5);
  });
});
