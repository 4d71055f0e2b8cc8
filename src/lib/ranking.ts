/**
 * Ablation orders (docs/method.md §4): which neuron is ablated first, second, ... Scores are computed once on
 * the validation set in the intact network and never recomputed during ablation.
 *
 * Whole-network ranking: concatenate the layer scores, layer 1 first ([n1 + n2] scores), and call
 * `ablationOrder` on them; an index k < n1 is neuron k of layer 1, an index k >= n1 is neuron k - n1 of
 * layer 2. Raw scores, no per-layer normalisation [paper, Sec. 5.2].
 */
import { createRandom, permutation } from './random';

/** 'low' ablates the lowest score first (ascending); 'high' the highest first (descending). */
export type AblationDirection = 'low' | 'high';

/**
 * Neuron indices in ablation order. Ties are broken by neuron index ascending in both directions
 * (docs/method.md §4), so 'high' is the reverse of 'low' only when no scores tie. NaN scores are refused.
 */
export function ablationOrder(scores: ArrayLike<number>, direction: AblationDirection): Int32Array {
  const n = scores.length;
  for (let j = 0; j < n; j++) {
    if (Number.isNaN(scores[j])) throw new RangeError(`score of neuron ${j} is NaN`);
  }
  const sign = direction === 'low' ? 1 : -1;
  const order = Array.from({ length: n }, (_, j) => j);
  order.sort((i, j) => sign * compare(scores[i], scores[j]) || i - j);
  return Int32Array.from(order);
}

/** The random baseline: a uniform permutation of 0..n-1 drawn from `seed`. */
export function randomOrder(n: number, seed: number): Int32Array {
  return permutation(n, createRandom(seed));
}

// Three-way comparison that keeps infinities ordered (a - b would give NaN for two equal infinities).
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
