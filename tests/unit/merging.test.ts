import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MergeStep, mergeSequence, saliencyMatrix } from '../../src/lib/merging';
import { createRandom, type Random } from '../../src/lib/random';

/** A hidden layer i with its incoming W^(i-1) [nPrev][n], bias b^(i) [n] and outgoing W^(i) [n][m]. */
interface Layer {
  nPrev: number;
  n: number;
  m: number;
  incoming: Float32Array;
  bias: Float32Array;
  outgoing: Float32Array;
}

const randomLayer = (random: Random, nPrev: number, n: number, m: number): Layer => ({
  nPrev,
  n,
  m,
  incoming: Float32Array.from({ length: nPrev * n }, () => random.normal()),
  bias: Float32Array.from({ length: n }, () => 0.5 * random.normal()),
  outgoing: Float32Array.from({ length: n * m }, () => random.normal()),
});

const sequenceOf = (layer: Layer, surgery: boolean, steps?: number, includeBias?: boolean) =>
  mergeSequence(layer.incoming, layer.bias, layer.outgoing, layer.nPrev, layer.n, layer.m, {
    surgery,
    steps,
    includeBias,
  });

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The layer outputs t = sigmoid(x W^(i-1) + b) for one input x, [n]. */
function hiddenOutputs(layer: Layer, x: number[]): number[] {
  return Array.from({ length: layer.n }, (_, j) => {
    let z = layer.bias[j];
    for (let p = 0; p < layer.nPrev; p++) z += x[p] * layer.incoming[p * layer.n + j];
    return sigmoid(z);
  });
}

/** The next layer's pre-activation t W^(i) for given outputs t and outgoing weights, [m]. */
function nextPreActivation(t: number[], outgoing: ArrayLike<number>, m: number): number[] {
  return Array.from({ length: m }, (_, k) =>
    t.reduce((sum, tj, j) => sum + tj * outgoing[j * m + k], 0),
  );
}

/** Brute force: s[i, j] = mean_k A[j, k]^2 * ||v_i - v_j||^2 straight from the definition. */
function bruteSaliency(layer: Layer, A: Float64Array, i: number, j: number, includeBias = true) {
  let distance = includeBias ? (layer.bias[i] - layer.bias[j]) ** 2 : 0;
  for (let p = 0; p < layer.nPrev; p++) {
    distance += (layer.incoming[p * layer.n + i] - layer.incoming[p * layer.n + j]) ** 2;
  }
  let meanSquare = 0;
  for (let k = 0; k < layer.m; k++) meanSquare += A[j * layer.m + k] ** 2 / layer.m;
  return meanSquare * distance;
}

/** A copy of `layer` whose neuron `copy` has the incoming vector and bias of neuron `original`. */
function withDuplicate(layer: Layer, original: number, copy: number): Layer {
  const incoming = Float32Array.from(layer.incoming);
  for (let p = 0; p < layer.nPrev; p++)
    incoming[p * layer.n + copy] = incoming[p * layer.n + original];
  const bias = Float32Array.from(layer.bias);
  bias[copy] = bias[original];
  return { ...layer, incoming, bias };
}

describe('T4: a duplicated neuron', () => {
  const base = randomLayer(createRandom(1), 6, 5, 4);
  const layer = withDuplicate(base, 1, 3); // same v, different a
  const inputs = Array.from({ length: 20 }, (_, l) => {
    const random = createRandom(100 + l);
    return Array.from({ length: layer.nPrev }, () => random.normal());
  });

  it('has saliency 0 in both orders and is merged first', () => {
    const s = saliencyMatrix(layer.incoming, layer.bias, layer.outgoing, 6, 5, 4);
    expect(s[1 * 5 + 3]).toBe(0);
    expect(s[3 * 5 + 1]).toBe(0);
    const [first] = sequenceOf(layer, true);
    expect(first).toMatchObject({ kept: 1, removed: 3, saliency: 0 }); // (1, 3) < (3, 1)
    expect(Array.from(first.outgoing)).toEqual(Array.from(layer.outgoing.subarray(3 * 4, 4 * 4)));
  });

  it('with surgery leaves the next layer unchanged, as a rank-one update and as a pruned net', () => {
    const [step] = sequenceOf(layer, true, 1);
    const pruned = Float64Array.from(layer.outgoing);
    for (let k = 0; k < layer.m; k++) {
      pruned[step.kept * layer.m + k] += pruned[step.removed * layer.m + k];
      pruned[step.removed * layer.m + k] = 0;
    }
    for (const x of inputs) {
      const t = hiddenOutputs(layer, x);
      const intact = nextPreActivation(t, layer.outgoing, layer.m);
      const rankOne = intact.map(
        (z, k) => z + (t[step.kept] - t[step.removed]) * step.outgoing[k], // surgery + removal
      );
      const deleted = nextPreActivation(t, pruned, layer.m);
      for (let k = 0; k < layer.m; k++) {
        expect(Math.abs(rankOne[k] - intact[k])).toBeLessThan(1e-5);
        expect(Math.abs(deleted[k] - intact[k])).toBeLessThan(1e-5);
      }
    }
  });

  it('without surgery picks the same pair but removal changes the next layer', () => {
    const [step] = sequenceOf(layer, false, 1);
    expect(step).toMatchObject({ kept: 1, removed: 3, saliency: 0 });
    const t = hiddenOutputs(layer, inputs[0]);
    const intact = nextPreActivation(t, layer.outgoing, layer.m);
    const removed = intact.map((z, k) => z - t[step.removed] * step.outgoing[k]);
    expect(Math.max(...removed.map((z, k) => Math.abs(z - intact[k])))).toBeGreaterThan(1e-3);
  });

  it('counts the bias in the incoming vector unless includeBias is false', () => {
    const shifted = { ...layer, bias: Float32Array.from(layer.bias) };
    shifted.bias[3] += 1;
    expect(sequenceOf(shifted, true, 1, false)[0]).toMatchObject({
      kept: 1,
      removed: 3,
      saliency: 0,
    });
    expect(sequenceOf(shifted, true, 1, true)[0].saliency).toBeGreaterThan(0);
  });
});

describe('T5: saliency against brute force', () => {
  const layers = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    nPrev: fc.integer({ min: 1, max: 5 }),
    n: fc.integer({ min: 2, max: 8 }),
    m: fc.integer({ min: 1, max: 4 }),
    includeBias: fc.boolean(),
  });

  it('the initial matrix matches the definition and is not symmetric', () => {
    const layer = randomLayer(createRandom(2), 4, 6, 3);
    const s = saliencyMatrix(layer.incoming, layer.bias, layer.outgoing, 4, 6, 3);
    const A = Float64Array.from(layer.outgoing);
    let asymmetric = false;
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        if (i === j) {
          expect(s[i * 6 + j]).toBeNaN();
          continue;
        }
        expect(s[i * 6 + j]).toBeCloseTo(bruteSaliency(layer, A, i, j), 10);
        if (Math.abs(s[i * 6 + j] - s[j * 6 + i]) > 1e-6) asymmetric = true;
      }
    }
    expect(asymmetric).toBe(true);
  });

  for (const surgery of [true, false]) {
    it(`every greedy step is the brute-force argmin over alive pairs (surgery ${surgery})`, () => {
      fc.assert(
        fc.property(layers, ({ seed, nPrev, n, m, includeBias }) => {
          const layer = randomLayer(createRandom(seed), nPrev, n, m);
          const sequence = sequenceOf(layer, surgery, undefined, includeBias);
          expect(sequence.length).toBe(n - 1);
          const A = Float64Array.from(layer.outgoing);
          const alive = new Array<boolean>(n).fill(true);
          for (const step of sequence) {
            let best = { s: Number.POSITIVE_INFINITY, i: -1, j: -1 };
            for (let i = 0; i < n; i++) {
              for (let j = 0; j < n; j++) {
                if (i === j || !alive[i] || !alive[j]) continue;
                const s = bruteSaliency(layer, A, i, j, includeBias);
                if (s < best.s) best = { s, i, j };
              }
            }
            expect(step.kept).toBe(best.i);
            expect(step.removed).toBe(best.j);
            expect(Math.abs(step.saliency - best.s)).toBeLessThanOrEqual(1e-12 * (1 + best.s));
            const outgoing = Float32Array.from(
              A.subarray(step.removed * m, (step.removed + 1) * m),
            );
            expect(step.outgoing).toEqual(outgoing);
            for (let k = 0; k < m; k++) {
              if (surgery) A[step.kept * m + k] += A[step.removed * m + k];
              A[step.removed * m + k] = 0;
            }
            alive[step.removed] = false;
          }
          expect(alive.filter(Boolean).length).toBe(1);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('greedy sequence', () => {
  it('is nested: k steps are the first k of the full sequence', () => {
    const layer = randomLayer(createRandom(3), 5, 9, 3);
    const full = sequenceOf(layer, true);
    const strip = (steps: MergeStep[]) => steps.map(({ kept, removed }) => [kept, removed]);
    for (const k of [0, 1, 4, 8])
      expect(strip(sequenceOf(layer, true, k))).toEqual(strip(full.slice(0, k)));
  });

  it('breaks exact ties by the smallest (kept, removed) pair', () => {
    // all neurons identical: every saliency is 0, so neuron 0 absorbs 1, 2, 3 in turn
    const layer: Layer = {
      nPrev: 2,
      n: 4,
      m: 2,
      incoming: new Float32Array(8).fill(0.3),
      bias: new Float32Array(4).fill(-0.1),
      outgoing: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    };
    const sequence = sequenceOf(layer, true);
    expect(sequence.map(({ kept, removed }) => [kept, removed])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    expect(Array.from(sequence[2].outgoing)).toEqual([7, 8]);
  });

  it('surgery carries earlier merges in the removed outgoing vector', () => {
    // neurons 1 and 2 identical: 2 merges into 1 first, then 1 (now carrying a_1 + a_2) into 0
    const layer: Layer = {
      nPrev: 1,
      n: 3,
      m: 1,
      incoming: Float32Array.from([0, 1, 1]),
      bias: new Float32Array(3),
      outgoing: Float32Array.from([10, 1, 2]),
    };
    const [first, second] = sequenceOf(layer, true);
    expect(first).toMatchObject({ kept: 1, removed: 2, saliency: 0 });
    // s[0, 1] = <a_1^2> * 1 = 9 < s[1, 0] = 100
    expect(second).toMatchObject({ kept: 0, removed: 1, saliency: 9 });
    expect(Array.from(second.outgoing)).toEqual([3]);
  });

  it('refuses a step count outside 0..n-1 and mismatched shapes', () => {
    const layer = randomLayer(createRandom(4), 2, 3, 2);
    expect(() => sequenceOf(layer, true, 3)).toThrow(RangeError);
    expect(sequenceOf(layer, true, 0)).toEqual([]);
    expect(() =>
      mergeSequence(layer.incoming, layer.bias, layer.outgoing, 2, 3, 3, { surgery: true }),
    ).toThrow(RangeError);
  });
});
