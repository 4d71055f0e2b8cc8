/**
 * Which classes the neurons of a layer speak for (docs/method.md §9): the specific-information
 * spectrum S_c(T) = D(P_{T|Y=c} || P_T) of eq. (5) per neuron, its arg-max class, how evenly those
 * classes are spread, a heatmap order, the class-covering pruning order, and worst-class accuracy.
 *
 * Spectra are [neurons][classes] row-major, as `specificInformationSpectrum` (measures.ts) returns
 * them; S_c = NaN marks a class without samples, which every function here skips.
 */

export { specificInformationSpectrum } from './measures';

/** Arg-max class of a neuron whose spectrum is all 0 (e.g. a constant or dead neuron): no class. */
export const NO_CLASS = -1;

/** Unevenness of the arg-max classes of a layer. */
export interface ClassUnevenness {
  /** Neurons with an arg-max class (NO_CLASS excluded). */
  neurons: number;
  /** Pearson's chi^2 = sum_c (n_c - E)^2 / E against the uniform E = neurons / classes. */
  chiSquare: number;
  /** classes - 1. */
  degreesOfFreedom: number;
  /** Largest share n_c / neurons over classes. */
  maxShare: number;
  /** Smallest share n_c / neurons over classes (0 when a class has no neuron). */
  minShare: number;
  /** maxShare / minShare; Infinity when a class has no neuron, NaN when no neuron has a class. */
  maxMinRatio: number;
}

/**
 * Arg-max class of each neuron, [neurons]: argmax_c S_c (KL selectivity's class, eq. 5), ties to the
 * lower class, NaN classes skipped; NO_CLASS when max_c S_c = 0 (the neuron carries no information).
 */
export function argmaxClasses(
  spectrum: ArrayLike<number>,
  neurons: number,
  classes: number,
): Int32Array {
  checkSpectrum(spectrum, neurons, classes);
  const best = new Int32Array(neurons);
  for (let j = 0; j < neurons; j++) {
    let arg = NO_CLASS;
    let top = 0;
    for (let c = 0; c < classes; c++) {
      const s = spectrum[j * classes + c];
      if (s > top) {
        top = s;
        arg = c;
      }
    }
    best[j] = arg;
  }
  return best;
}

/** How many neurons have each arg-max class, [classes]; NO_CLASS neurons are not counted. */
export function argmaxClassCounts(argmax: ArrayLike<number>, classes: number): Int32Array {
  const counts = new Int32Array(classes);
  for (let j = 0; j < argmax.length; j++) {
    const c = argmax[j];
    if (c === NO_CLASS) continue;
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new RangeError(`arg-max class ${c} of neuron ${j} is not in 0..${classes - 1}`);
    }
    counts[c] += 1;
  }
  return counts;
}

/**
 * Unevenness of arg-max class counts (H1, "arg-max classes are spread unevenly"): Pearson's chi^2
 * against the uniform spread and the max/min share. Under a uniform multinomial the chi^2 has mean
 * classes - 1 (9 for MNIST) and a 5% critical value of 16.92 for 9 degrees of freedom; neurons of one
 * network are not independent draws, so read it as a descriptive statistic, not a test.
 */
export function classUnevenness(counts: ArrayLike<number>): ClassUnevenness {
  const classes = counts.length;
  if (classes < 1) throw new RangeError('no classes');
  let neurons = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let c = 0; c < classes; c++) {
    const n = counts[c];
    if (!(n >= 0 && Number.isFinite(n)))
      throw new RangeError(`count ${n} of class ${c} is invalid`);
    neurons += n;
    max = Math.max(max, n);
    min = Math.min(min, n);
  }
  const expected = neurons / classes;
  let chiSquare = 0;
  if (neurons > 0)
    for (let c = 0; c < classes; c++) chiSquare += (counts[c] - expected) ** 2 / expected;
  const maxShare = neurons > 0 ? max / neurons : Number.NaN;
  const minShare = neurons > 0 ? min / neurons : Number.NaN;
  return {
    neurons,
    chiSquare,
    degreesOfFreedom: classes - 1,
    maxShare,
    minShare,
    maxMinRatio: neurons > 0 ? (min > 0 ? max / min : Number.POSITIVE_INFINITY) : Number.NaN,
  };
}

/**
 * Heatmap row order: neurons sorted by arg-max class ascending (NO_CLASS last), then by KL
 * selectivity max_c S_c descending, then by neuron index.
 */
export function heatmapOrder(
  spectrum: ArrayLike<number>,
  neurons: number,
  classes: number,
): Int32Array {
  const argmax = argmaxClasses(spectrum, neurons, classes);
  const selectivity = (j: number) =>
    argmax[j] === NO_CLASS ? 0 : spectrum[j * classes + argmax[j]];
  const group = (j: number) => (argmax[j] === NO_CLASS ? classes : argmax[j]);
  const order = Array.from({ length: neurons }, (_, j) => j);
  order.sort(
    (i, j) => group(i) - group(j) || compareDescending(selectivity(i), selectivity(j)) || i - j,
  );
  return Int32Array.from(order);
}

/**
 * Class-covering keep order (most kept first): round-robin over classes. In round r = 0, 1, ..., each
 * class c = 0..C-1 in turn picks, among the neurons not yet picked, the one with the largest S_c (ties
 * to the lower index), which is then its (r+1)-th pick; classes without samples never pick. Rounds
 * repeat until every neuron is picked. Round 0 thus keeps each class's most specific neuron (when
 * two classes share one, the later class takes its best remaining neuron).
 */
export function classCoveringKeepOrder(
  spectrum: ArrayLike<number>,
  neurons: number,
  classes: number,
): Int32Array {
  checkSpectrum(spectrum, neurons, classes);
  // Per class, neurons by S_c descending (ties by index); a pointer skips those already picked.
  const ranked: Int32Array[] = [];
  for (let c = 0; c < classes; c++) {
    let present = false;
    for (let j = 0; j < neurons; j++) if (!Number.isNaN(spectrum[j * classes + c])) present = true;
    if (!present) continue;
    const byClass = Array.from({ length: neurons }, (_, j) => j);
    byClass.sort(
      (i, j) => compareDescending(spectrum[i * classes + c], spectrum[j * classes + c]) || i - j,
    );
    ranked.push(Int32Array.from(byClass));
  }
  const order = new Int32Array(neurons);
  if (ranked.length === 0) {
    for (let j = 0; j < neurons; j++) order[j] = j;
    return order;
  }
  const picked = new Uint8Array(neurons);
  const pointer = new Int32Array(ranked.length);
  let k = 0;
  while (k < neurons) {
    for (let r = 0; r < ranked.length && k < neurons; r++) {
      const list = ranked[r];
      while (picked[list[pointer[r]]]) pointer[r]++;
      const j = list[pointer[r]];
      picked[j] = 1;
      order[k++] = j;
    }
  }
  return order;
}

/** Class-covering pruning order (removed first first): the reverse of `classCoveringKeepOrder`. */
export function classCoveringPruningOrder(
  spectrum: ArrayLike<number>,
  neurons: number,
  classes: number,
): Int32Array {
  return classCoveringKeepOrder(spectrum, neurons, classes).reverse();
}

/** Correct predictions and test images per class, from predicted and true labels. */
export function classAccuracyCounts(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): { correct: Int32Array; totals: Int32Array } {
  if (predicted.length !== labels.length) {
    throw new RangeError(`${predicted.length} predictions for ${labels.length} labels`);
  }
  const correct = new Int32Array(classes);
  const totals = new Int32Array(classes);
  for (let l = 0; l < labels.length; l++) {
    const c = labels[l];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new RangeError(`label ${c} of sample ${l} is not in 0..${classes - 1}`);
    }
    totals[c] += 1;
    if (predicted[l] === c) correct[c] += 1;
  }
  return { correct, totals };
}

/**
 * Worst-class accuracy: min over classes with test images of correct_c / total_c (a fraction in
 * [0, 1]); NaN when no class has test images.
 */
export function worstClassAccuracy(correct: ArrayLike<number>, totals: ArrayLike<number>): number {
  if (correct.length !== totals.length) {
    throw new RangeError(`${correct.length} correct counts for ${totals.length} class totals`);
  }
  let worst = Number.NaN;
  for (let c = 0; c < totals.length; c++) {
    if (!(totals[c] > 0)) continue;
    if (!(correct[c] >= 0 && correct[c] <= totals[c])) {
      throw new RangeError(`class ${c} has ${correct[c]} correct of ${totals[c]}`);
    }
    const accuracy = correct[c] / totals[c];
    if (!(accuracy >= worst)) worst = accuracy;
  }
  return worst;
}

// Descending three-way comparison that keeps infinities ordered.
function compareDescending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

// A spectrum must be [neurons][classes].
function checkSpectrum(spectrum: ArrayLike<number>, neurons: number, classes: number): void {
  if (!Number.isInteger(neurons) || !Number.isInteger(classes) || neurons < 0 || classes < 1) {
    throw new RangeError(`bad spectrum shape [${neurons}, ${classes}]`);
  }
  if (spectrum.length !== neurons * classes) {
    throw new RangeError(
      `spectrum has length ${spectrum.length}, expected ${neurons} x ${classes}`,
    );
  }
}
