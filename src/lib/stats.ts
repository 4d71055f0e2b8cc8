/**
 * Statistics over seeds (networks) and over neurons: curve means with a +-1 sd band, medians,
 * quantiles, the AUC used by the checkable claims (docs/method.md §7) and Spearman rank correlation.
 */

/**
 * Pointwise mean and sample standard deviation (n - 1 in the denominator) over seeds.
 * `perSeed` is [seed][x index], all rows of equal length; sd is 0 for a single seed.
 */
export function meanAndSd(perSeed: readonly (readonly number[])[]): {
  mean: number[];
  sd: number[];
} {
  const seeds = perSeed.length;
  if (seeds === 0) throw new RangeError('meanAndSd needs at least one seed');
  const length = perSeed[0].length;
  for (const row of perSeed) {
    if (row.length !== length) throw new RangeError('every seed needs a curve of the same length');
  }
  const mean: number[] = [];
  const sd: number[] = [];
  for (let x = 0; x < length; x++) {
    let sum = 0;
    for (const row of perSeed) sum += row[x];
    const m = sum / seeds;
    let squares = 0;
    for (const row of perSeed) squares += (row[x] - m) ** 2;
    mean.push(m);
    sd.push(seeds > 1 ? Math.sqrt(squares / (seeds - 1)) : 0);
  }
  return { mean, sd };
}

/**
 * Mean and standard error of the mean (sample sd, n - 1, over sqrt(n)) of one value per seed; the
 * SE is 0 for a single seed. The claims' estimates (src/lib/claims/verdict.ts) use the same rule.
 */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) throw new RangeError('meanAndSe needs at least one value');
  const m = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean: m, se: 0 };
  const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
  return { mean: m, se: Math.sqrt(variance / n) };
}

/**
 * The q-quantile, q in [0, 1], by linear interpolation between order statistics (the R-7 / numpy
 * default / d3.quantile rule). NaN for no values.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs q in [0, 1], got ${q}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** The median: the 0.5-quantile. NaN for no values. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * AUC[from, to] of a curve (docs/method.md §7): the mean of y over the points whose x is an integer in
 * [from, to]. NaN when no point falls in the window.
 */
export function auc(x: readonly number[], y: readonly number[], from: number, to: number): number {
  if (x.length !== y.length) throw new RangeError('x and y need the same length');
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isInteger(x[i]) && x[i] >= from && x[i] <= to) {
      sum += y[i];
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

/**
 * Spearman rank correlation: Pearson correlation of the ranks, tied values sharing their average rank.
 * NaN when either side is constant or has fewer than two values.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('spearman needs two samples of the same length');
  if (a.length < 2) return Number.NaN;
  return pearson(averageRanks(a), averageRanks(b));
}

// Ranks 1..n; each group of tied values gets the mean of the ranks it spans.
function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

// Pearson correlation; NaN when a side has zero variance.
function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < n; i++) {
    sumA += a[i];
    sumB += b[i];
  }
  const meanA = sumA / n;
  const meanB = sumB / n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let i = 0; i < n; i++) {
    covariance += (a[i] - meanA) * (b[i] - meanB);
    varianceA += (a[i] - meanA) ** 2;
    varianceB += (b[i] - meanB) ** 2;
  }
  if (varianceA === 0 || varianceB === 0) return Number.NaN;
  return covariance / Math.sqrt(varianceA * varianceB);
}
