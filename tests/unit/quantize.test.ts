import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activation, layerMaxima, quantizeLayer } from '../../src/lib/quantize';

const column = (values: number[], activation: Activation, bins: number): number[] =>
  Array.from(quantizeLayer(Float32Array.from(values), values.length, 1, activation, bins));

describe('one-bit quantizer (the paper thresholds)', () => {
  it('sigmoid: t >= 0.5 -> 1, so 0.5 itself goes to bin 1', () => {
    expect(column([0, 0.25, 0.4999, 0.5, 0.5001, 1], 'sigmoid', 2)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('a moved sigmoid threshold (rerun option) splits there; 0.5 equals the uniform B = 2 bins', () => {
    const values = Float32Array.from([0, 0.29, 0.3, 0.5, 0.7, 1]);
    expect(Array.from(quantizeLayer(values, 6, 1, 'sigmoid', 2, { threshold: 0.3 }))).toEqual([
      0, 0, 1, 1, 1, 1,
    ]);
    fc.assert(
      fc.property(fc.array(fc.float({ min: -1, max: 2, noNaN: true }), { minLength: 1 }), (v) => {
        const outputs = Float32Array.from(v);
        const oneBit = quantizeLayer(outputs, v.length, 1, 'sigmoid', 2, { threshold: 0.5 });
        // the B-bin rule min(floor(B t), B - 1) at B = 2, written out
        const uniform = Array.from(outputs, (t) =>
          t <= 0 ? 0 : t >= 1 ? 1 : Math.min(Math.floor(2 * t), 1),
        );
        expect(Array.from(oneBit)).toEqual(uniform);
      }),
    );
  });

  it('relu: t > 0 -> 1, so an exact 0 stays in bin 0', () => {
    expect(column([-1, 0, 1e-7, 0.3, 12], 'relu', 2)).toEqual([0, 0, 1, 1, 1]);
  });

  it('a moved ReLU threshold (rerun option) splits strictly above it, leaves sigmoid and B > 2 alone', () => {
    // float32 outputs: thresholds of exact float32 values, so that "at the threshold" is exact
    const values = Float32Array.from([0, 0.125, 0.25, 0.3, 3]);
    const q = (activation: Activation, bins: number, reluThreshold: number) =>
      Array.from(quantizeLayer(values, 5, 1, activation, bins, { reluThreshold }));
    expect(q('relu', 2, 0.25)).toEqual([0, 0, 0, 1, 1]);
    expect(q('relu', 2, 0)).toEqual([0, 1, 1, 1, 1]);
    expect(q('sigmoid', 2, 0.25)).toEqual(q('sigmoid', 2, 0));
    expect(q('relu', 4, 0.25)).toEqual(q('relu', 4, 0));
  });
});

describe('B-bin quantizer', () => {
  it('sigmoid: uniform bins on [0, 1], min(floor(B t), B - 1), clamped', () => {
    expect(column([-0.2, 0, 0.24, 0.25, 0.5, 0.74, 0.75, 0.999, 1, 1.3], 'sigmoid', 4)).toEqual([
      0, 0, 0, 1, 2, 2, 3, 3, 3, 3,
    ]);
  });

  it('relu: bin 0 for t <= 0, then B - 1 uniform bins over (0, tmax_j] per neuron', () => {
    // B = 5, tmax = 2: 1 + min(floor(4 t / 2), 3)
    expect(column([0, 0.1, 0.49, 0.5, 1, 1.5, 1.99, 2], 'relu', 5)).toEqual([
      0, 1, 1, 2, 3, 4, 4, 4,
    ]);
  });

  it('relu ranges are per neuron; a dead neuron puts every sample in bin 0', () => {
    // [samples = 3, neurons = 3]: neuron 0 has tmax 4, neuron 1 is dead, neuron 2 has tmax 1
    const outputs = Float32Array.from([4, 0, 1, 2, -0.5, 0.5, 0, 0, 0.1]);
    expect(Array.from(layerMaxima(outputs, 3, 3))).toEqual([4, 0, 1]);
    expect(Array.from(quantizeLayer(outputs, 3, 3, 'relu', 3))).toEqual([
      2, 0, 2, 2, 0, 2, 0, 0, 1,
    ]);
  });

  it('relu accepts a shared range (e.g. per layer) instead of the per-neuron maxima', () => {
    const outputs = Float32Array.from([1, 4]);
    expect(Array.from(quantizeLayer(outputs, 1, 2, 'relu', 5, { maxima: [4, 4] }))).toEqual([2, 4]);
  });

  it('refuses NaN outputs, bad bin counts and mismatched shapes', () => {
    expect(() => column([0.2, Number.NaN], 'sigmoid', 2)).toThrow(RangeError);
    expect(() => column([0.2], 'sigmoid', 1)).toThrow(RangeError);
    expect(() => column([0.2], 'sigmoid', 257)).toThrow(RangeError);
    expect(() => quantizeLayer(new Float32Array(5), 2, 3, 'relu', 2)).toThrow(RangeError);
  });
});

describe('nesting: Q_2 is a function of Q_B', () => {
  const outputsOf = (activation: Activation) =>
    fc.array(
      activation === 'sigmoid'
        ? fc.float({ min: 0, max: 1, noNaN: true })
        : fc.oneof(fc.constant(0), fc.float({ min: -1, max: 10, noNaN: true })),
      { minLength: 1, maxLength: 200 },
    );

  // The Q_B -> Q_2 map read off the samples; undefined when one Q_B bin holds both Q_2 values.
  const inducedMap = (values: number[], activation: Activation, bins: number) => {
    const fine = column(values, activation, bins);
    const coarse = column(values, activation, 2);
    const map = new Map<number, number>();
    for (let l = 0; l < values.length; l++) {
      if (map.has(fine[l]) && map.get(fine[l]) !== coarse[l]) return undefined;
      map.set(fine[l], coarse[l]);
    }
    return map;
  };

  it('for relu and every B', () => {
    fc.assert(
      fc.property(outputsOf('relu'), fc.integer({ min: 2, max: 40 }), (values, bins) => {
        expect(inducedMap(values, 'relu', bins)).toBeDefined();
      }),
    );
  });

  it('for sigmoid and even B', () => {
    fc.assert(
      fc.property(outputsOf('sigmoid'), fc.integer({ min: 1, max: 20 }), (values, half) => {
        expect(inducedMap(values, 'sigmoid', 2 * half)).toBeDefined();
      }),
    );
  });

  it('but not for sigmoid and odd B (the middle bin straddles 0.5)', () => {
    expect(inducedMap([0.4, 0.6], 'sigmoid', 3)).toBeUndefined();
  });
});
