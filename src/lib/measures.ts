/**
 * The importance measures of one neuron (docs/method.md §3), from its joint count table n(c, t) of eq. (2).
 * All logarithms are base 2 (bits), arithmetic is float64, and 0 log(0 / x) := 0.
 *
 * Every probability ratio is formed from counts, e.g. P(c,t) / (P_Y(c) P_T(t)) = n(c,t) N / (n_c n_t):
 * for integer counts numerator and denominator are exact, so an independent table gives exactly 0.
 *
 * Edge cases (docs/method.md §3): classes without samples are skipped in every max; a constant neuron, a single
 * class and an all-zero table give 0 for every measure, never NaN.
 */
import type { JointCounts } from './joint-counts';
import { tableOf } from './joint-counts';

/** The five measures of one neuron, in bits. */
export interface NeuronMeasures {
  /** H(T), eq. (3). */
  entropy: number;
  /** I(T; Y), eq. (4). */
  mutualInformation: number;
  /** KLsel(T) = max_c S_c, eq. (5). */
  klSelectivity: number;
  /** JSsep(T) = max_A I(T; 1[Y in A]), eqs. (13), (14a). */
  jsSeparation: number;
  /** LMI(T) = max_c I(T; 1[Y = c]), eq. (16). */
  labeledMutualInformation: number;
}

export type MeasureName = keyof NeuronMeasures;

/** Every measure name, in the order the paper introduces them. */
export const measureNames: readonly MeasureName[] = [
  'entropy',
  'mutualInformation',
  'klSelectivity',
  'jsSeparation',
  'labeledMutualInformation',
];

/** eq. (3): H(T) = -sum_t P_T(t) log P_T(t). */
export function entropy(counts: ArrayLike<number>, classes: number, bins: number): number {
  const { total, binTotals } = marginals(counts, classes, bins);
  let h = 0;
  for (let t = 0; t < bins; t++) {
    const n = binTotals[t];
    if (n > 0) h -= (n / total) * Math.log2(n / total);
  }
  return h;
}

/** eq. (4): I(T; Y) = sum_{c,t} P(c,t) log( P(c,t) / (P_Y(c) P_T(t)) ). */
export function mutualInformation(
  counts: ArrayLike<number>,
  classes: number,
  bins: number,
): number {
  const { total, classTotals, binTotals } = marginals(counts, classes, bins);
  let information = 0;
  for (let c = 0; c < classes; c++) {
    for (let t = 0; t < bins; t++) {
      const n = counts[c * bins + t];
      if (n > 0)
        information += (n / total) * Math.log2((n * total) / (classTotals[c] * binTotals[t]));
    }
  }
  return Math.max(0, information);
}

/**
 * Specific information of every class, [classes]: S_c = D(P_{T|Y=c} || P_T) (docs/method.md §3, M3), NaN for a
 * class with no samples. Finite otherwise, since P_T(t) >= P_Y(c) P(t|c).
 */
export function specificInformation(
  counts: ArrayLike<number>,
  classes: number,
  bins: number,
): Float64Array {
  const { total, classTotals, binTotals } = marginals(counts, classes, bins);
  const specific = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    const nc = classTotals[c];
    if (!(nc > 0)) {
      specific[c] = Number.NaN;
      continue;
    }
    let divergence = 0;
    for (let t = 0; t < bins; t++) {
      const n = counts[c * bins + t];
      if (n > 0) divergence += (n / nc) * Math.log2((n * total) / (nc * binTotals[t]));
    }
    specific[c] = Math.max(0, divergence);
  }
  return specific;
}

/** eq. (5): KLsel(T) = max over classes with samples of S_c; 0 when no class has samples. */
export function klSelectivity(counts: ArrayLike<number>, classes: number, bins: number): number {
  const specific = specificInformation(counts, classes, bins);
  let best = 0;
  for (const s of specific) if (s > best) best = s;
  return best;
}

/**
 * eqs. (13), (14a): JSsep(T) = max over nonempty proper class subsets A of
 * JS_{pi_A}(P_{T|A} || P_{T|A^c}) = max_A I(T; 1[Y in A]) (Lemma 3). Exact, O(2^C |T|).
 * Classes without samples change no term, so only the classes present are partitioned. Since
 * I(T; 1[Y in A]) = I(T; 1[Y in A^c]), only subsets holding the first present class are visited,
 * in Gray-code order so that each step adds or removes one class row.
 */
export function jsSubsetSeparation(
  counts: ArrayLike<number>,
  classes: number,
  bins: number,
): number {
  const { total, classTotals, binTotals } = marginals(counts, classes, bins);
  const present = presentClasses(classTotals);
  if (present.length < 2) return 0;
  const free = present.length - 1;
  if (free > 30)
    throw new RangeError(`${present.length} classes are too many to enumerate subsets`);
  const inSubset = new Float64Array(bins); // n(A, t)
  addRow(inSubset, counts, present[0], bins, 1);
  const subsets = 2 ** free;
  const everyClass = subsets - 1;
  let gray = 0;
  let best = 0;
  for (let g = 0; g < subsets; g++) {
    if (g > 0) {
      const bit = 31 - Math.clz32(g & -g);
      addRow(inSubset, counts, present[1 + bit], bins, (gray >> bit) & 1 ? -1 : 1);
      gray ^= 1 << bit;
    }
    if (gray !== everyClass) best = Math.max(best, splitInformation(inSubset, binTotals, total));
  }
  return best;
}

/** eq. (16): LMI(T) = max over classes with samples of I(T; 1[Y = c]); 0 with fewer than 2 classes. */
export function labeledMutualInformation(
  counts: ArrayLike<number>,
  classes: number,
  bins: number,
): number {
  const { total, classTotals, binTotals } = marginals(counts, classes, bins);
  const present = presentClasses(classTotals);
  if (present.length < 2) return 0;
  const row = new Float64Array(bins);
  let best = 0;
  for (const c of present) {
    row.fill(0);
    addRow(row, counts, c, bins, 1);
    best = Math.max(best, splitInformation(row, binTotals, total));
  }
  return best;
}

/** All five measures of one neuron. */
export function neuronMeasures(
  counts: ArrayLike<number>,
  classes: number,
  bins: number,
): NeuronMeasures {
  return {
    entropy: entropy(counts, classes, bins),
    mutualInformation: mutualInformation(counts, classes, bins),
    klSelectivity: klSelectivity(counts, classes, bins),
    jsSeparation: jsSubsetSeparation(counts, classes, bins),
    labeledMutualInformation: labeledMutualInformation(counts, classes, bins),
  };
}

const measureFunctions: Record<
  MeasureName,
  (counts: ArrayLike<number>, classes: number, bins: number) => number
> = {
  entropy,
  mutualInformation,
  klSelectivity,
  jsSeparation: jsSubsetSeparation,
  labeledMutualInformation,
};

/**
 * The requested measures for every neuron of a layer, each a Float64Array [neurons].
 * `which` defaults to all five; a measure not requested is left as NaN (so JSsep's 2^C cost is paid
 * only when asked for).
 */
export function layerMeasures(
  jc: JointCounts,
  which: readonly MeasureName[] = measureNames,
): Record<MeasureName, Float64Array> {
  const result = {} as Record<MeasureName, Float64Array>;
  for (const name of measureNames) result[name] = new Float64Array(jc.neurons).fill(Number.NaN);
  for (const name of new Set(which)) {
    const measure = measureFunctions[name];
    const values = result[name];
    for (let j = 0; j < jc.neurons; j++) values[j] = measure(tableOf(jc, j), jc.classes, jc.bins);
  }
  return result;
}

/** S_c for every neuron and class of a layer, [neurons][classes] row-major (NaN: class without samples). */
export function specificInformationSpectrum(jc: JointCounts): Float64Array {
  const spectrum = new Float64Array(jc.neurons * jc.classes);
  for (let j = 0; j < jc.neurons; j++) {
    spectrum.set(specificInformation(tableOf(jc, j), jc.classes, jc.bins), j * jc.classes);
  }
  return spectrum;
}

// Class totals n_c, bin totals n_t and N of a count table, after checking its shape and entries.
function marginals(counts: ArrayLike<number>, classes: number, bins: number) {
  if (!Number.isInteger(classes) || !Number.isInteger(bins) || classes < 1 || bins < 1) {
    throw new RangeError(`bad table shape [${classes}, ${bins}]`);
  }
  if (counts.length !== classes * bins) {
    throw new RangeError(`count table has length ${counts.length}, expected ${classes} x ${bins}`);
  }
  const classTotals = new Float64Array(classes);
  const binTotals = new Float64Array(bins);
  let total = 0;
  for (let c = 0; c < classes; c++) {
    for (let t = 0; t < bins; t++) {
      const n = counts[c * bins + t];
      if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) {
        throw new RangeError(`count n(${c}, ${t}) = ${n} is not a finite non-negative number`);
      }
      classTotals[c] += n;
      binTotals[t] += n;
      total += n;
    }
  }
  return { total, classTotals, binTotals };
}

// Indices of the classes with at least one sample.
function presentClasses(classTotals: Float64Array): number[] {
  const present: number[] = [];
  for (let c = 0; c < classTotals.length; c++) if (classTotals[c] > 0) present.push(c);
  return present;
}

// row += sign * n(c, .)
function addRow(
  row: Float64Array,
  counts: ArrayLike<number>,
  c: number,
  bins: number,
  sign: number,
): void {
  for (let t = 0; t < bins; t++) row[t] += sign * counts[c * bins + t];
}

// Lemma 3: I(T; 1[Y in A]) from n(A, t), n_t and N; 0 when A or its complement is empty.
function splitInformation(inSubset: Float64Array, binTotals: Float64Array, total: number): number {
  let nA = 0;
  for (const n of inSubset) nA += n;
  const nB = total - nA;
  if (!(nA > 0 && nB > 0)) return 0;
  let information = 0;
  for (let t = 0; t < inSubset.length; t++) {
    const a = inSubset[t];
    const b = binTotals[t] - a;
    if (a > 0) information += (a / total) * Math.log2((a * total) / (nA * binTotals[t]));
    if (b > 0) information += (b / total) * Math.log2((b * total) / (nB * binTotals[t]));
  }
  return Math.max(0, information);
}
