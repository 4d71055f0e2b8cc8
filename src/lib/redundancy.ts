/**
 * Pairwise information of one-bit neurons (docs/method.md §9): the joint count tables
 * n(c, t_i, t_j) of every pair of a layer, the conditional mutual information I(T_j; Y | T_s), the
 * joint mutual information I(T_i, T_j; Y), and the CMIM (Fleuret, JMLR 2004) and JMI (Yang & Moody
 * 1999) selection orders.
 * All logarithms are base 2 (bits), arithmetic is float64, and 0 log(0 / x) := 0.
 *
 * Estimator: plain plug-in, as for eq. (2) — every probability is a count over N, and every ratio is
 * formed from integer counts, so exact copies and exactly independent tables give exactly 0.
 * Plug-in mutual information is biased upwards by about (rows - 1)(columns - 1) / (2 N ln 2) bits
 * when the variables are independent (Miller-Madow). For a one-bit neuron (10 x 2 table) that is
 * 9 / (2 N ln 2) = 6.5e-4 bits at N = 10,000; for the joint I(T_i, T_j; Y) (10 x 4 table) it is
 * (4 - 1)(10 - 1) / (2 N ln 2) = 1.9e-3 bits; for I(T_j; Y | T_s) (a 10 x 2 table per value of T_s)
 * it is 2 (10 - 1) / (2 N ln 2) = 1.3e-3 bits. Not corrected: late CMIM picks, whose conditional
 * informations are of that size, are ordered by sampling noise as much as by the network.
 *
 * Pair order: pairs (i, j) with i < j, lexicographic — (0,1), (0,2), ..., (0,n-1), (1,2), ... —
 * index k = i n - i (i + 1) / 2 + (j - i - 1), n (n - 1) / 2 pairs in all (`pairIndex`).
 */
import type { JointCounts } from './joint-counts';
import { tableOf } from './joint-counts';
import { mutualInformation } from './measures';

/** Cells of one pair table: [classes][2][2], cell c * 4 + 2 t_i + t_j. */
const CELLS = 4;

/** The pairwise count tables of one layer of one-bit neurons. */
export interface PairwiseCounts {
  classes: number;
  neurons: number;
  /** n(c, t_i, t_j) for every pair i < j in `pairIndex` order: [pairs][classes][2][2] row-major. */
  counts: Float64Array;
  /** The single-neuron tables n(c, t) of eq. (2), bins = 2, from the same samples. */
  single: JointCounts;
}

/** A greedy selection (CMIM, JMI): neurons most important first, and the score each had when
 * selected. */
export interface CmimSelection {
  /** Neuron indices in selection order (most important first). */
  order: Int32Array;
  /** score[k]: I(T;Y) for k = 0, else CMIM's min over earlier picks s of I(T_order[k]; Y | T_s),
   * or JMI's sum over them of I(T_order[k], T_s; Y). */
  score: Float64Array;
}

/** Position of the pair (i, j), i < j, in the lexicographic pair order of n neurons. */
export function pairIndex(i: number, j: number, neurons: number): number {
  if (!(Number.isInteger(i) && Number.isInteger(j) && 0 <= i && i < j && j < neurons)) {
    throw new RangeError(`(${i}, ${j}) is not a pair i < j of neurons 0..${neurons - 1}`);
  }
  return i * neurons - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The pairs of n neurons in lexicographic order: first[k] < second[k] for pair k. */
export function pairList(neurons: number): { first: Int32Array; second: Int32Array } {
  const pairs = (neurons * (neurons - 1)) / 2;
  const first = new Int32Array(pairs);
  const second = new Int32Array(pairs);
  let k = 0;
  for (let i = 0; i < neurons; i++) {
    for (let j = i + 1; j < neurons; j++) {
      first[k] = i;
      second[k] = j;
      k++;
    }
  }
  return { first, second };
}

/**
 * n(c, t_i, t_j) = #{l : y_l = c, Q(t_i(x_l)) = t_i, Q(t_j(x_l)) = t_j} for every pair i < j of a
 * layer. `binned` is the one-bit quantized layer, row-major [samples, neurons] with entries 0/1 (from
 * `quantizeLayer` with bins = 2), `labels` is [samples]. The samples of each class are packed into
 * bit sets per neuron, so n(c, 1, 1) is a popcount of an AND; the other three cells follow from the
 * single-neuron counts.
 */
export function pairwiseCounts(
  binned: Uint8Array,
  labels: Uint8Array,
  samples: number,
  neurons: number,
  classes: number,
): PairwiseCounts {
  if (!Number.isInteger(samples) || !Number.isInteger(neurons) || samples < 0 || neurons < 0) {
    throw new RangeError(`bad shape [${samples}, ${neurons}]`);
  }
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`bad class count ${classes}`);
  if (binned.length !== samples * neurons) {
    throw new RangeError(`binned has length ${binned.length}, expected ${samples} x ${neurons}`);
  }
  if (labels.length !== samples) {
    throw new RangeError(`labels has length ${labels.length}, expected ${samples}`);
  }
  const classTotals = new Float64Array(classes);
  for (let l = 0; l < samples; l++) {
    const c = labels[l];
    if (c >= classes) throw new RangeError(`label ${c} of sample ${l} is not below ${classes}`);
    classTotals[c] += 1;
  }
  // Word layout of one neuron's bit set: class c occupies words wordStart[c] .. wordStart[c + 1] - 1.
  const wordStart = new Int32Array(classes + 1);
  for (let c = 0; c < classes; c++)
    wordStart[c + 1] = wordStart[c] + Math.ceil(classTotals[c] / 32);
  const words = wordStart[classes];
  const bits = new Int32Array(neurons * words);
  const single = new Float64Array(neurons * classes * 2);
  const position = new Int32Array(classes);
  for (let l = 0; l < samples; l++) {
    const c = labels[l];
    const p = position[c]++;
    const word = wordStart[c] + (p >>> 5);
    const mask = 1 << (p & 31);
    const row = l * neurons;
    for (let j = 0; j < neurons; j++) {
      const t = binned[row + j];
      if (t > 1) throw new RangeError(`bin ${t} of sample ${l} is not a single bit`);
      single[(j * classes + c) * 2 + t] += 1;
      if (t === 1) bits[j * words + word] |= mask;
    }
  }
  const counts = new Float64Array(((neurons * (neurons - 1)) / 2) * classes * CELLS);
  let cell = 0;
  for (let i = 0; i < neurons; i++) {
    const bi = i * words;
    for (let j = i + 1; j < neurons; j++) {
      const bj = j * words;
      for (let c = 0; c < classes; c++) {
        let both = 0;
        for (let w = wordStart[c]; w < wordStart[c + 1]; w++)
          both += popcount(bits[bi + w] & bits[bj + w]);
        const onI = single[(i * classes + c) * 2 + 1];
        const onJ = single[(j * classes + c) * 2 + 1];
        counts[cell] = classTotals[c] - onI - onJ + both; // n(c, 0, 0)
        counts[cell + 1] = onJ - both; // n(c, 0, 1)
        counts[cell + 2] = onI - both; // n(c, 1, 0)
        counts[cell + 3] = both; // n(c, 1, 1)
        cell += CELLS;
      }
    }
  }
  return { classes, neurons, counts, single: { classes, bins: 2, neurons, counts: single } };
}

/** The table n(c, t_i, t_j) of neurons i != j, [classes][2][2] with T_i on the first bit axis (a copy). */
export function pairTable(pc: PairwiseCounts, i: number, j: number): Float64Array {
  const size = pc.classes * CELLS;
  const swap = i > j;
  const start = (swap ? pairIndex(j, i, pc.neurons) : pairIndex(i, j, pc.neurons)) * size;
  const stored = pc.counts.subarray(start, start + size);
  if (!swap) return Float64Array.from(stored);
  const table = new Float64Array(size);
  for (let c = 0; c < pc.classes; c++) {
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) table[c * CELLS + 2 * a + b] = stored[c * CELLS + 2 * b + a];
    }
  }
  return table;
}

/**
 * I(T_j; Y | T_s) = H(T_j | T_s) - H(T_j | T_s, Y) = sum P(c, s, j) log( P(c, s, j) P(s) /
 * (P(c, s) P(s, j)) ) >= 0, from a table n(c, t_s, t_j), [classes][2][2] with T_s (the condition)
 * on the first bit axis.
 */
export function conditionalMutualInformation(counts: ArrayLike<number>, classes: number): number {
  checkPairTable(counts, classes);
  return conditionalInformationAt(counts, 0, classes, false);
}

/** I(T_j; Y | T_s) for neurons j != s of a layer (docs/method.md §9). */
export function conditionalMutualInformationOf(pc: PairwiseCounts, j: number, s: number): number {
  const size = pc.classes * CELLS;
  // The stored pair (min, max) has the lower index on the first axis; the condition s must be there.
  if (s < j)
    return conditionalInformationAt(
      pc.counts,
      pairIndex(s, j, pc.neurons) * size,
      pc.classes,
      false,
    );
  return conditionalInformationAt(pc.counts, pairIndex(j, s, pc.neurons) * size, pc.classes, true);
}

/** I(T_i, T_j; Y) = H(Y) - H(Y | T_i, T_j), eq. (4) with the pair (T_i, T_j) as one 4-valued T. */
export function jointMutualInformation(counts: ArrayLike<number>, classes: number): number {
  checkPairTable(counts, classes);
  return mutualInformation(counts, classes, CELLS);
}

/** I(T_i, T_j; Y) for neurons i != j of a layer. */
export function jointMutualInformationOf(pc: PairwiseCounts, i: number, j: number): number {
  const size = pc.classes * CELLS;
  const start = pairIndex(Math.min(i, j), Math.max(i, j), pc.neurons) * size;
  return mutualInformation(pc.counts.subarray(start, start + size), pc.classes, CELLS);
}

/**
 * CMIM (Fleuret, JMLR 2004; docs/method.md §9): S_1 = argmax_j I(T_j; Y), then
 * S_{k+1} = argmax over j not selected of min over selected s of I(T_j; Y | T_s); ties go to the lower
 * neuron index. A running minimum per candidate is updated with the newest pick only, so the whole
 * order costs n (n - 1) / 2 conditional informations in all. (Fleuret's fast
 * implementation starts the running minimum at I(T_j; Y), which also caps it; we follow the
 * definition as stated, without that cap.)
 */
export const cmimSelection = (pc: PairwiseCounts): CmimSelection =>
  greedySelection(pc, (running, j, pick, first) => {
    const conditional = conditionalMutualInformationOf(pc, j, pick);
    return first ? conditional : Math.min(running, conditional);
  });

/** The CMIM ablation order: the reverse of the selection order, least important first. */
export function cmimAblationOrder(pc: PairwiseCounts): Int32Array {
  return cmimSelection(pc).order.reverse();
}

/**
 * JMI (Yang & Moody 1999; Brown et al., JMLR 2012, who recommend it as the best trade-off;
 * docs/method.md §9): S_1 = argmax_j I(T_j; Y), then S_{k+1} = argmax over j not selected of the sum
 * over selected s of I(T_j, T_s; Y); ties go to the lower neuron index. Where CMIM keeps a candidate's
 * worst case (its least new information given any one kept neuron), JMI adds up what it says about
 * the class jointly with each kept neuron, so a copy of one kept neuron can still rank high when it
 * pairs well with the others. A running sum per candidate grows by the newest pick only.
 */
export const jmiSelection = (pc: PairwiseCounts): CmimSelection =>
  greedySelection(pc, (running, j, pick, first) => {
    const joint = jointMutualInformationOf(pc, j, pick);
    return first ? joint : running + joint;
  });

/**
 * The greedy forward selection CMIM and JMI share: S_1 = argmax_j I(T_j; Y); after each pick, every
 * candidate's running score is updated with that pick alone (`update(running, j, pick, first)`, with
 * `first` at the first pick, which replaces I(T_j; Y)); the next pick is the candidate of largest
 * score, ties to the lower index.
 */
function greedySelection(
  pc: PairwiseCounts,
  update: (running: number, j: number, pick: number, first: boolean) => number,
): CmimSelection {
  const n = pc.neurons;
  const order = new Int32Array(n);
  const score = new Float64Array(n);
  if (n === 0) return { order, score };
  const selected = new Uint8Array(n);
  const running = new Float64Array(n);
  for (let j = 0; j < n; j++) running[j] = mutualInformation(tableOf(pc.single, j), pc.classes, 2);
  for (let k = 0; k < n; k++) {
    let best = -1;
    for (let j = 0; j < n; j++) {
      if (!selected[j] && (best < 0 || running[j] > running[best])) best = j;
    }
    order[k] = best;
    score[k] = running[best];
    selected[best] = 1;
    for (let j = 0; j < n; j++) if (!selected[j]) running[j] = update(running[j], j, best, k === 0);
  }
  return { order, score };
}

/** The JMI ablation order: the reverse of the selection order, least important first. */
export function jmiAblationOrder(pc: PairwiseCounts): Int32Array {
  return jmiSelection(pc).order.reverse();
}

// I(T_j; Y | T_s) from the table at `start`; `swap` = T_s is on the second bit axis.
function conditionalInformationAt(
  counts: ArrayLike<number>,
  start: number,
  classes: number,
  swap: boolean,
): number {
  // Marginals n(s) and n(s, j) over classes.
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let c = 0; c < classes; c++) {
    const base = start + c * CELLS;
    n00 += counts[base];
    n01 += counts[base + (swap ? 2 : 1)];
    n10 += counts[base + (swap ? 1 : 2)];
    n11 += counts[base + 3];
  }
  const total = n00 + n01 + n10 + n11;
  if (!(total > 0)) return 0;
  const nS0 = n00 + n01;
  const nS1 = n10 + n11;
  let information = 0;
  for (let c = 0; c < classes; c++) {
    const base = start + c * CELLS;
    const c00 = counts[base];
    const c01 = counts[base + (swap ? 2 : 1)];
    const c10 = counts[base + (swap ? 1 : 2)];
    const c11 = counts[base + 3];
    const cS0 = c00 + c01;
    const cS1 = c10 + c11;
    if (c00 > 0) information += c00 * Math.log2((c00 * nS0) / (cS0 * n00));
    if (c01 > 0) information += c01 * Math.log2((c01 * nS0) / (cS0 * n01));
    if (c10 > 0) information += c10 * Math.log2((c10 * nS1) / (cS1 * n10));
    if (c11 > 0) information += c11 * Math.log2((c11 * nS1) / (cS1 * n11));
  }
  return Math.max(0, information / total);
}

// A pair table must be [classes][2][2] of finite non-negative counts.
function checkPairTable(counts: ArrayLike<number>, classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`bad class count ${classes}`);
  if (counts.length !== classes * CELLS) {
    throw new RangeError(`pair table has length ${counts.length}, expected ${classes} x 2 x 2`);
  }
  for (let e = 0; e < counts.length; e++) {
    const n = counts[e];
    if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`count ${e} = ${n} is not a finite non-negative number`);
    }
  }
}

// Number of set bits of a 32-bit integer.
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}
