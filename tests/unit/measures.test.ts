import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jointCounts } from '../../src/lib/joint-counts';
import {
  entropy,
  jsSubsetSeparation,
  klSelectivity,
  labeledMutualInformation,
  layerMeasures,
  type MeasureName,
  measureNames,
  mutualInformation,
  type NeuronMeasures,
  neuronMeasures,
  specificInformation,
  specificInformationSpectrum,
} from '../../src/lib/measures';
import { quantizeLayer } from '../../src/lib/quantize';
import { createRandom } from '../../src/lib/random';
import {
  binProbabilities,
  classProbabilities,
  collapse,
  conditional,
  countTable,
  cyclicTable,
  D,
  H,
  h2,
  independentTable,
  mergeBins,
  properSubsets,
  range,
  referenceMutualInformation,
  referenceSplitInformation,
  relabel,
  rowSum,
  subsetProbability,
  type Table,
  total,
} from './information-reference';

const EPS = 1e-9;

const measuresOf = (table: Table): NeuronMeasures =>
  neuronMeasures(table.counts, table.classes, table.bins);
const specificOf = (table: Table): Float64Array =>
  specificInformation(table.counts, table.classes, table.bins);
const miOf = (table: Table): number => mutualInformation(table.counts, table.classes, table.bins);
const presentSpecific = (table: Table): number[] =>
  Array.from(specificOf(table)).filter((s, c) => rowSum(table, c) > 0 && !Number.isNaN(s));

describe('hand-computed values', () => {
  it('a uniform one-bit neuron that copies a two-class label carries 1 bit in every measure', () => {
    const m = measuresOf({ classes: 2, bins: 2, counts: [1, 0, 0, 1] });
    for (const name of measureNames) expect(m[name]).toBeCloseTo(1, 12);
  });

  it('H(1/2, 1/2) = 1 bit and H of a uniform 4-bin neuron = 2 bits', () => {
    expect(entropy([3, 3], 1, 2)).toBe(1);
    expect(entropy([1, 2, 3, 4, 4, 3, 2, 1], 2, 4)).toBeCloseTo(2, 12);
  });

  it('P6 counterexample: S_0 = S_1 = I = KLsel = 1 - h2(0.1) = 0.53100 bits, although I > 0', () => {
    // C = 2, P_Y = (1/2, 1/2), P(T|Y=0) = (0.9, 0.1), P(T|Y=1) = (0.1, 0.9)
    const counts = [9, 1, 1, 9];
    const expected = 1 - h2(0.1);
    expect(expected).toBeCloseTo(0.531, 5);
    const [s0, s1] = specificInformation(counts, 2, 2);
    expect(s0).toBeCloseTo(expected, 12);
    expect(s1).toBeCloseTo(expected, 12);
    expect(mutualInformation(counts, 2, 2)).toBeCloseTo(expected, 12);
    expect(klSelectivity(counts, 2, 2)).toBeCloseTo(expected, 12);
  });

  it('P12 (i): T = 1[Y = 0] with 10 uniform classes has H = I = JSsep = LMI = h2(0.1) < KLsel = log 10', () => {
    const counts = range(10).flatMap((c) => (c === 0 ? [0, 1] : [1, 0]));
    const m = neuronMeasures(counts, 10, 2);
    expect(h2(0.1)).toBeCloseTo(0.469, 5);
    expect(m.entropy).toBeCloseTo(0.469, 5);
    expect(m.mutualInformation).toBeCloseTo(h2(0.1), 12);
    expect(m.jsSeparation).toBeCloseTo(h2(0.1), 12);
    expect(m.labeledMutualInformation).toBeCloseTo(h2(0.1), 12);
    expect(m.klSelectivity).toBeCloseTo(Math.log2(10), 12);
    expect(m.klSelectivity).toBeCloseTo(3.32193, 5);
    expect(m.klSelectivity).toBeGreaterThan(m.entropy);
  });

  it('P12 (ii): T independent of Y with P_T = (1/2, 1/2) has H = 1 > KLsel = 0', () => {
    const counts = range(10).flatMap(() => [2, 2]);
    const m = neuronMeasures(counts, 10, 2);
    expect(m.entropy).toBe(1);
    expect(m.klSelectivity).toBe(0);
    expect(m.mutualInformation).toBe(0);
  });
});

describe('edge cases', () => {
  it('a constant neuron scores 0 in every measure', () => {
    const counts = [0, 5, 0, 0, 17, 0, 0, 1, 0]; // 3 classes, everything in bin 1
    const m = neuronMeasures(counts, 3, 3);
    for (const name of measureNames) expect(m[name]).toBe(0);
    expect(Array.from(specificInformation(counts, 3, 3))).toEqual([0, 0, 0]);
  });

  it('a class with no samples gets S_c = NaN and changes no measure', () => {
    const withEmpty = [4, 1, 0, 0, 2, 6, 3, 3]; // class 1 has no samples
    const without = [4, 1, 2, 6, 3, 3];
    const s = specificInformation(withEmpty, 4, 2);
    expect(Number.isNaN(s[1])).toBe(true);
    expect([s[0], s[2], s[3]]).toEqual(Array.from(specificInformation(without, 3, 2)));
    const a = neuronMeasures(withEmpty, 4, 2);
    const b = neuronMeasures(without, 3, 2);
    for (const name of measureNames) {
      expect(Number.isFinite(a[name])).toBe(true);
      expect(a[name]).toBeCloseTo(b[name], 14);
    }
  });

  it('a single class leaves H(T) but makes I, KLsel, JSsep and LMI 0', () => {
    const m = neuronMeasures([3, 1], 1, 2);
    expect(m.entropy).toBeCloseTo(h2(0.25), 14);
    expect(m.mutualInformation).toBe(0);
    expect(m.klSelectivity).toBe(0);
    expect(m.jsSeparation).toBe(0);
    expect(m.labeledMutualInformation).toBe(0);
    // two classes of which one is empty behave the same
    expect(neuronMeasures([3, 1, 0, 0], 2, 2)).toEqual(m);
  });

  it('empty bins change no measure', () => {
    const compact = [4, 1, 2, 6, 3, 3];
    const padded = [0, 4, 0, 1, 0, 2, 0, 6, 0, 3, 0, 3]; // bins 0 and 2 empty
    const a = neuronMeasures(compact, 3, 2);
    const b = neuronMeasures(padded, 3, 4);
    for (const name of measureNames) expect(b[name]).toBeCloseTo(a[name], 14);
  });

  it('an all-zero table gives 0 in every measure and NaN specific information', () => {
    const m = neuronMeasures(new Float64Array(6), 3, 2);
    for (const name of measureNames) expect(m[name]).toBe(0);
    expect(Array.from(specificInformation(new Float64Array(6), 3, 2)).every(Number.isNaN)).toBe(
      true,
    );
  });

  it('refuses a table of the wrong length or with negative counts', () => {
    expect(() => entropy([1, 2, 3], 2, 2)).toThrow(RangeError);
    expect(() => mutualInformation([1, -1, 2, 2], 2, 2)).toThrow(RangeError);
  });
});

describe('agreement with the probability-based reference', () => {
  it('H and I match H(P_T) and H(P_T) + H(P_Y) - H(P_YT)', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const m = measuresOf(table);
        expect(m.entropy).toBeCloseTo(H(binProbabilities(table)), 9);
        expect(m.mutualInformation).toBeCloseTo(referenceMutualInformation(table), 9);
      }),
    );
  });

  it('S_c = D(P_{T|Y=c} || P_T) for every class with samples', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const s = specificOf(table);
        const pT = binProbabilities(table);
        for (let c = 0; c < table.classes; c++) {
          const given = conditional(
            table,
            range(table.classes).map((k) => k === c),
          );
          if (given) expect(s[c]).toBeCloseTo(D(given, pT), 9);
          else expect(s[c]).toBeNaN();
        }
      }),
    );
  });
});

describe('properties of docs/method.md §3', () => {
  it('P1 ordering (19): H >= I >= JSsep >= LMI >= 0', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const m = measuresOf(table);
        expect(m.entropy).toBeGreaterThanOrEqual(m.mutualInformation - EPS);
        expect(m.mutualInformation).toBeGreaterThanOrEqual(m.jsSeparation - EPS);
        expect(m.jsSeparation).toBeGreaterThanOrEqual(m.labeledMutualInformation - EPS);
        expect(m.labeledMutualInformation).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('P2 bounds: H <= log|T|, I <= min(H(T), H(Y)), every S_c >= 0', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const m = measuresOf(table);
        expect(m.entropy).toBeLessThanOrEqual(Math.log2(table.bins) + EPS);
        expect(m.mutualInformation).toBeLessThanOrEqual(
          Math.min(m.entropy, H(classProbabilities(table))) + EPS,
        );
        for (const s of presentSpecific(table)) expect(s).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('P3 Lemma 2: KLsel >= I', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const m = measuresOf(table);
        expect(m.klSelectivity).toBeGreaterThanOrEqual(m.mutualInformation - EPS);
      }),
    );
  });

  it('P4 eq. (12): I = sum_c P_Y(c) S_c', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const pY = classProbabilities(table);
        const s = specificOf(table);
        const weighted = pY.reduce((sum, p, c) => (p > 0 ? sum + p * s[c] : sum), 0);
        expect(Math.abs(miOf(table) - weighted)).toBeLessThan(EPS);
      }),
    );
  });

  it('P5 zero cases: n(c,t) = r_c s_t gives I = KLsel = JSsep = LMI = 0 and all S_c = 0', () => {
    fc.assert(
      fc.property(independentTable(), (table) => {
        const m = measuresOf(table);
        expect(m.mutualInformation).toBeLessThan(EPS);
        expect(m.klSelectivity).toBeLessThan(EPS);
        expect(m.jsSeparation).toBeLessThan(EPS);
        expect(m.labeledMutualInformation).toBeLessThan(EPS);
        for (const s of presentSpecific(table)) expect(s).toBeLessThan(EPS);
      }),
    );
  });

  it('P5 zero cases: I = 0 <=> KLsel = 0 <=> all S_c = 0 (to tolerances that follow from eq. 12)', () => {
    // I = sum_c P_Y(c) S_c gives max_c S_c <= I / min_c P_Y(c) and I <= KLsel.
    fc.assert(
      fc.property(fc.oneof(countTable(), independentTable()), (table) => {
        const m = measuresOf(table);
        const s = presentSpecific(table);
        const minP = Math.min(...classProbabilities(table).filter((p) => p > 0));
        if (m.klSelectivity < EPS) expect(m.mutualInformation).toBeLessThan(EPS);
        if (m.mutualInformation < EPS) {
          expect(m.klSelectivity).toBeLessThan(EPS / minP);
          expect(Math.max(...s)).toBeLessThan(EPS / minP);
        }
        expect(m.klSelectivity).toBe(Math.max(0, ...s));
      }),
    );
  });

  it('P6 corrected equality clause: |KLsel - I| small <=> max_c S_c - min_c S_c small', () => {
    // KLsel - I = sum_c P_Y(c) (max S - S_c) lies between min_c P_Y(c) * spread and spread.
    fc.assert(
      fc.property(fc.oneof(countTable(), cyclicTable(), independentTable()), (table) => {
        const m = measuresOf(table);
        const s = presentSpecific(table);
        const spread = Math.max(...s) - Math.min(...s);
        const gap = Math.abs(m.klSelectivity - m.mutualInformation);
        const minP = Math.min(...classProbabilities(table).filter((p) => p > 0));
        if (spread < EPS) expect(gap).toBeLessThan(EPS);
        if (gap < EPS) expect(spread).toBeLessThan(EPS / minP);
      }),
    );
  });

  it('P6: equal S_c with I > 0 exists (cyclic rows), so KLsel = I does not imply I = 0', () => {
    fc.assert(
      fc.property(cyclicTable(), (table) => {
        const m = measuresOf(table);
        expect(Math.abs(m.klSelectivity - m.mutualInformation)).toBeLessThan(EPS);
      }),
    );
    const m = neuronMeasures([5, 1, 1, 5], 2, 2);
    expect(m.mutualInformation).toBeGreaterThan(0.3);
    expect(m.klSelectivity).toBeCloseTo(m.mutualInformation, 12);
  });

  it('P7 Lemma 1: max over subsets A with pi_A > 0 of D(P_{T|A} || P_T) equals KLsel', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const pT = binProbabilities(table);
        let best = 0;
        for (let mask = 1; mask < 2 ** table.classes; mask++) {
          const given = conditional(
            table,
            range(table.classes).map((c) => ((mask >> c) & 1) === 1),
          );
          if (given) best = Math.max(best, D(given, pT));
        }
        expect(Math.abs(measuresOf(table).klSelectivity - best)).toBeLessThan(EPS);
      }),
    );
  });

  it('P8 Lemma 3: JS via (13a) = via (13b) = H(T) - H(T | 1[Y in A]) for every A', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        for (const inA of properSubsets(table.classes)) {
          const pi = subsetProbability(table, inA);
          const p1 = conditional(table, inA);
          const p2 = conditional(
            table,
            inA.map((x) => !x),
          );
          const viaEntropy = referenceSplitInformation(table, inA);
          if (!p1 || !p2) {
            expect(Math.abs(viaEntropy)).toBeLessThan(EPS);
            continue;
          }
          const mixture = p1.map((x, t) => pi * x + (1 - pi) * p2[t]);
          const via13a = pi * D(p1, mixture) + (1 - pi) * D(p2, mixture);
          const via13b = H(mixture) - pi * H(p1) - (1 - pi) * H(p2);
          expect(Math.abs(via13a - via13b)).toBeLessThan(EPS);
          expect(Math.abs(via13a - viaEntropy)).toBeLessThan(EPS);
          expect(Math.abs(via13a - miOf(collapse(table, inA)))).toBeLessThan(EPS);
        }
      }),
    );
  });

  it('P8 JSsep (Gray-code enumeration from the first present class) = max over all proper subsets', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const best = Math.max(
          ...properSubsets(table.classes).map((inA) => referenceSplitInformation(table, inA)),
        );
        expect(Math.abs(measuresOf(table).jsSeparation - best)).toBeLessThan(EPS);
      }),
    );
  });

  it('P9 identity (17): I(T; 1[Y=c]) = P_Y(c) S_c + (1 - P_Y(c)) D(P_{T|Y!=c} || P_T)', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const pY = classProbabilities(table);
        const pT = binProbabilities(table);
        const s = specificOf(table);
        for (let c = 0; c < table.classes; c++) {
          if (pY[c] === 0) continue;
          const others = conditional(
            table,
            range(table.classes).map((k) => k !== c),
          );
          const right = pY[c] * s[c] + (others ? (1 - pY[c]) * D(others, pT) : 0);
          const isC = range(table.classes).map((k) => k === c);
          expect(Math.abs(miOf(collapse(table, isC)) - right)).toBeLessThan(EPS);
        }
      }),
    );
  });

  it('P9 LMI is the largest of the labelled informations I(T; 1[Y=c])', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const best = Math.max(
          ...range(table.classes).map((c) =>
            referenceSplitInformation(
              table,
              range(table.classes).map((k) => k === c),
            ),
          ),
        );
        expect(Math.abs(measuresOf(table).labeledMutualInformation - best)).toBeLessThan(EPS);
      }),
    );
  });

  it('P10 eqs. (15), (18): JSsep <= max_A h2(pi_A), LMI <= max_c h2(P_Y(c))', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const m = measuresOf(table);
        const subsetCap = Math.max(
          ...properSubsets(table.classes).map((inA) => h2(subsetProbability(table, inA))),
        );
        const classCap = Math.max(...classProbabilities(table).map(h2));
        expect(m.jsSeparation).toBeLessThanOrEqual(subsetCap + EPS);
        expect(m.labeledMutualInformation).toBeLessThanOrEqual(classCap + EPS);
      }),
    );
  });

  it('P11 S_c <= log(1/P_Y(c)), so KLsel <= log(1/min_c P_Y(c))', () => {
    fc.assert(
      fc.property(countTable(), (table) => {
        const pY = classProbabilities(table);
        const s = specificOf(table);
        for (let c = 0; c < table.classes; c++) {
          if (pY[c] > 0) expect(s[c]).toBeLessThanOrEqual(Math.log2(1 / pY[c]) + EPS);
        }
        const minP = Math.min(...pY.filter((p) => p > 0));
        expect(measuresOf(table).klSelectivity).toBeLessThanOrEqual(Math.log2(1 / minP) + EPS);
      }),
    );
  });

  it('P13 permuting class labels or bin labels leaves all five measures unchanged', () => {
    const relabelled = countTable().chain((table) =>
      fc
        .tuple(
          fc.shuffledSubarray(range(table.classes), {
            minLength: table.classes,
            maxLength: table.classes,
          }),
          fc.shuffledSubarray(range(table.bins), { minLength: table.bins, maxLength: table.bins }),
        )
        .map(([classOrder, binOrder]) => ({ table, moved: relabel(table, classOrder, binOrder) })),
    );
    fc.assert(
      fc.property(relabelled, ({ table, moved }) => {
        const a = measuresOf(table);
        const b = measuresOf(moved);
        for (const name of measureNames) expect(Math.abs(a[name] - b[name])).toBeLessThan(EPS);
      }),
    );
  });

  it('P14 merging two bins never increases H, I, KLsel, JSsep or LMI', () => {
    const coarsened = countTable().chain((table) =>
      fc
        .tuple(
          fc.integer({ min: 0, max: table.bins - 1 }),
          fc.integer({ min: 0, max: table.bins - 1 }),
        )
        .filter(([t1, t2]) => t1 !== t2)
        .map(([t1, t2]) => ({ table, coarse: mergeBins(table, t1, t2) })),
    );
    fc.assert(
      fc.property(coarsened, ({ table, coarse }) => {
        expect(total(coarse)).toBe(total(table));
        const fine = measuresOf(table);
        const merged = measuresOf(coarse);
        for (const name of measureNames) expect(merged[name]).toBeLessThanOrEqual(fine[name] + EPS);
      }),
    );
  });

  it('P14 measures of Q_B are >= those of Q_2 when Q_2 is a function of Q_B', () => {
    const layers = fc.record({
      activation: fc.constantFrom('sigmoid' as const, 'relu' as const),
      half: fc.integer({ min: 2, max: 10 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
    });
    fc.assert(
      fc.property(layers, ({ activation, half, seed }) => {
        const bins = activation === 'sigmoid' ? 2 * half : half + 1; // even B for sigmoid
        const samples = 300;
        const neurons = 4;
        const classes = 3;
        const random = createRandom(seed);
        const labels = Uint8Array.from({ length: samples }, () => random.nextInt(classes));
        const outputs = Float32Array.from({ length: samples * neurons }, (_, e) => {
          const shift = labels[Math.floor(e / neurons)] / classes;
          return activation === 'sigmoid' ? (random.next() + shift) / 2 : random.normal() + shift;
        });
        const coarse = layerMeasures(
          jointCounts(
            quantizeLayer(outputs, samples, neurons, activation, 2),
            labels,
            samples,
            neurons,
            classes,
            2,
          ),
        );
        const fine = layerMeasures(
          jointCounts(
            quantizeLayer(outputs, samples, neurons, activation, bins),
            labels,
            samples,
            neurons,
            classes,
            bins,
          ),
        );
        for (const name of measureNames) {
          for (let j = 0; j < neurons; j++) {
            expect(fine[name][j]).toBeGreaterThanOrEqual(coarse[name][j] - EPS);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('per-layer helpers', () => {
  const random = createRandom(7);
  const samples = 500;
  const neurons = 6;
  const classes = 4;
  const bins = 3;
  const labels = Uint8Array.from({ length: samples }, () => random.nextInt(classes));
  // neuron 0 reads only the label parity; the others add noise on top of it
  const binned = Uint8Array.from({ length: samples * neurons }, (_, e) =>
    Math.min(
      bins - 1,
      random.nextInt(bins) * (e % neurons === 0 ? 0 : 1) + (labels[Math.floor(e / neurons)] % 2),
    ),
  );
  const jc = jointCounts(binned, labels, samples, neurons, classes, bins);
  const perNeuron = (j: number) => jc.counts.subarray(j * classes * bins, (j + 1) * classes * bins);

  it('layerMeasures equals neuronMeasures neuron by neuron', () => {
    const layer = layerMeasures(jc);
    for (let j = 0; j < neurons; j++) {
      const m = neuronMeasures(perNeuron(j), classes, bins);
      for (const name of measureNames) expect(layer[name][j]).toBe(m[name]);
    }
  });

  it('layerMeasures leaves measures that were not asked for as NaN', () => {
    const which: MeasureName[] = ['entropy', 'klSelectivity'];
    const layer = layerMeasures(jc, which);
    for (const name of measureNames) {
      expect(layer[name].every((v) => Number.isNaN(v))).toBe(!which.includes(name));
    }
    expect(layer.klSelectivity[2]).toBe(klSelectivity(perNeuron(2), classes, bins));
  });

  it('specificInformationSpectrum holds S_c row by row, and JSsep/LMI match the single-neuron calls', () => {
    const spectrum = specificInformationSpectrum(jc);
    expect(spectrum.length).toBe(neurons * classes);
    for (let j = 0; j < neurons; j++) {
      expect(Array.from(spectrum.subarray(j * classes, (j + 1) * classes))).toEqual(
        Array.from(specificInformation(perNeuron(j), classes, bins)),
      );
      expect(layerMeasures(jc, ['jsSeparation']).jsSeparation[j]).toBe(
        jsSubsetSeparation(perNeuron(j), classes, bins),
      );
      expect(layerMeasures(jc, ['labeledMutualInformation']).labeledMutualInformation[j]).toBe(
        labeledMutualInformation(perNeuron(j), classes, bins),
      );
    }
  });
});
