/**
 * Williams-Beer partial information decomposition (PID) of I(T_i, T_j; Y) for two one-bit neurons
 * and the class (docs/method.md §9). With S_c(T) = D(P_{T|Y=c} || P_T), the specific information of
 * eq. (5):
 *   Red   = I_min = sum_c P_Y(c) min( S_c(T_i), S_c(T_j) )
 *   Unq_i = I(T_i; Y) - Red,   Unq_j = I(T_j; Y) - Red
 *   Syn   = I(T_i, T_j; Y) - I(T_i; Y) - I(T_j; Y) + Red
 * The four parts are non-negative and sum to I(T_i, T_j; Y). They are computed class by class
 * (Unq_i = sum_c P_Y(c) (S_c(T_i) - min), Syn = sum_c P_Y(c) (S_c(T_i, T_j) - max), using eq. (12)),
 * so each is a sum of non-negative terms up to rounding; Syn is clamped at 0.
 *
 * Interaction information, sign convention: II = I(T_i; T_j | Y) - I(T_i; T_j) = Syn - Red.
 * Positive II means synergy dominates (XOR gives +1 bit), negative II means redundancy dominates (a
 * copy of a 1-bit neuron gives -1 bit). It is computed from the table on its own, as a cross-check.
 *
 * Known limitation of I_min (Harder, Salge & Polani 2013): it counts "same amount of information
 * about each class" as redundant, so two independent bits that each copy a different bit of a 2-bit
 * label get Red = Syn = 1 bit and Unq = 0, not Unq = 1 bit each (see tests/unit/synergy.test.ts).
 *
 * All logarithms base 2, plug-in estimates (see redundancy.ts for the bias: the joint term carries
 * about 1.9e-3 bits at N = 10,000; on independent random bits and labels the mean Syn of a pair
 * is about 9e-4 bits, so a Syn of that size is sampling noise, not synergy).
 */

import { mutualInformation, specificInformation, specificInformationSpectrum } from './measures';
import { type PairwiseCounts, pairList } from './redundancy';

const CELLS = 4;

/** The decomposition of one pair, in bits. */
export interface PartialInformation {
  /** Red = I_min. */
  redundancy: number;
  /** Unq_i = I(T_i; Y) - Red. */
  uniqueI: number;
  /** Unq_j = I(T_j; Y) - Red. */
  uniqueJ: number;
  /** Syn = I(T_i, T_j; Y) - I(T_i; Y) - I(T_j; Y) + Red. */
  synergy: number;
  /** I(T_i, T_j; Y). */
  joint: number;
  /** II = I(T_i; T_j | Y) - I(T_i; T_j) = Syn - Red. */
  interaction: number;
}

/** The decomposition of every pair i < j of a layer, each a Float64Array in `pairIndex` order. */
export interface LayerPartialInformation {
  neurons: number;
  /** first[k] < second[k]: the neurons of pair k (lexicographic, see redundancy.ts). */
  first: Int32Array;
  second: Int32Array;
  redundancy: Float64Array;
  uniqueI: Float64Array;
  uniqueJ: Float64Array;
  synergy: Float64Array;
  joint: Float64Array;
  interaction: Float64Array;
}

/**
 * The PID of one pair from its table n(c, t_i, t_j), [classes][2][2] with T_i on the first bit axis.
 * Classes without samples are skipped.
 */
export function partialInformation(counts: ArrayLike<number>, classes: number): PartialInformation {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`bad class count ${classes}`);
  if (counts.length !== classes * CELLS) {
    throw new RangeError(`pair table has length ${counts.length}, expected ${classes} x 2 x 2`);
  }
  const first = new Float64Array(classes * 2);
  const second = new Float64Array(classes * 2);
  for (let c = 0; c < classes; c++) {
    const base = c * CELLS;
    first[2 * c] = counts[base] + counts[base + 1];
    first[2 * c + 1] = counts[base + 2] + counts[base + 3];
    second[2 * c] = counts[base] + counts[base + 2];
    second[2 * c + 1] = counts[base + 1] + counts[base + 3];
  }
  const result = {} as PartialInformation;
  decompose(
    Float64Array.from(counts),
    classes,
    specificInformation(first, classes, 2),
    0,
    specificInformation(second, classes, 2),
    0,
    result,
  );
  return result;
}

/**
 * The PID of every pair i < j of a layer, from `pairwiseCounts`; entry k of each array belongs to
 * the pair (first[k], second[k]) = the k-th pair in lexicographic order, n (n - 1) / 2 in all.
 */
export function layerPartialInformation(pc: PairwiseCounts): LayerPartialInformation {
  const { neurons, classes } = pc;
  const { first, second } = pairList(neurons);
  const pairs = first.length;
  const spectrum = specificInformationSpectrum(pc.single);
  const out: LayerPartialInformation = {
    neurons,
    first,
    second,
    redundancy: new Float64Array(pairs),
    uniqueI: new Float64Array(pairs),
    uniqueJ: new Float64Array(pairs),
    synergy: new Float64Array(pairs),
    joint: new Float64Array(pairs),
    interaction: new Float64Array(pairs),
  };
  const one = {} as PartialInformation;
  const size = classes * CELLS;
  for (let k = 0; k < pairs; k++) {
    const table = pc.counts.subarray(k * size, (k + 1) * size);
    decompose(table, classes, spectrum, first[k] * classes, spectrum, second[k] * classes, one);
    out.redundancy[k] = one.redundancy;
    out.uniqueI[k] = one.uniqueI;
    out.uniqueJ[k] = one.uniqueJ;
    out.synergy[k] = one.synergy;
    out.joint[k] = one.joint;
    out.interaction[k] = one.interaction;
  }
  return out;
}

// The PID of one table [classes][2][2], given S_c(T_i) at si[oi + c] and S_c(T_j) at sj[oj + c].
function decompose(
  table: Float64Array,
  classes: number,
  si: Float64Array,
  oi: number,
  sj: Float64Array,
  oj: number,
  out: PartialInformation,
): void {
  const sij = specificInformation(table, classes, CELLS);
  let total = 0;
  for (let e = 0; e < table.length; e++) total += table[e];
  let redundancy = 0;
  let uniqueI = 0;
  let uniqueJ = 0;
  let synergy = 0;
  for (let c = 0; c < classes; c++) {
    const base = c * CELLS;
    const nc = table[base] + table[base + 1] + table[base + 2] + table[base + 3];
    if (!(nc > 0)) continue;
    const p = nc / total;
    const a = si[oi + c];
    const b = sj[oj + c];
    const low = Math.min(a, b);
    redundancy += p * low;
    uniqueI += p * (a - low);
    uniqueJ += p * (b - low);
    synergy += p * (sij[c] - Math.max(a, b));
  }
  out.redundancy = redundancy;
  out.uniqueI = uniqueI;
  out.uniqueJ = uniqueJ;
  out.synergy = Math.max(0, synergy);
  out.joint = mutualInformation(table, classes, CELLS);
  out.interaction = total > 0 ? interactionInformation(table, classes, total) : 0;
}

// II = I(T_i; T_j | Y) - I(T_i; T_j) from one table [classes][2][2] with N = total.
function interactionInformation(table: Float64Array, classes: number, total: number): number {
  let conditional = 0; // N I(T_i; T_j | Y)
  let m00 = 0;
  let m01 = 0;
  let m10 = 0;
  let m11 = 0;
  for (let c = 0; c < classes; c++) {
    const base = c * CELLS;
    const n00 = table[base];
    const n01 = table[base + 1];
    const n10 = table[base + 2];
    const n11 = table[base + 3];
    conditional += pairTerms(n00, n01, n10, n11);
    m00 += n00;
    m01 += n01;
    m10 += n10;
    m11 += n11;
  }
  const pairwise = pairTerms(m00, m01, m10, m11); // N I(T_i; T_j)
  return (Math.max(0, conditional) - Math.max(0, pairwise)) / total;
}

// n I(A; B) for the 2 x 2 count table [[n00, n01], [n10, n11]] with n = its sum.
function pairTerms(n00: number, n01: number, n10: number, n11: number): number {
  const n = n00 + n01 + n10 + n11;
  const a0 = n00 + n01;
  const a1 = n10 + n11;
  const b0 = n00 + n10;
  const b1 = n01 + n11;
  let sum = 0;
  if (n00 > 0) sum += n00 * Math.log2((n00 * n) / (a0 * b0));
  if (n01 > 0) sum += n01 * Math.log2((n01 * n) / (a0 * b1));
  if (n10 > 0) sum += n10 * Math.log2((n10 * n) / (a1 * b0));
  if (n11 > 0) sum += n11 * Math.log2((n11 * n) / (a1 * b1));
  return sum;
}
