/**
 * Data-free neuron merging of Srinivas & Babu [22] (docs/method.md §5), in its plain form: it looks only at
 * the weights, never at data. For hidden layer i with n neurons:
 * - incoming vector v_j = [W^(i-1)[:, j]; b^(i)_j] (bias appended unless includeBias is false),
 * - outgoing vector a_j = W^(i)[j, :],
 * - saliency of the ordered pair (i kept, j removed): s[i, j] = <a_j^2> ||v_i - v_j||^2, with
 *   <a_j^2> the mean of a_j's squared entries. Not symmetric, and comparable only within a layer.
 * Greedy selection: merge the pair of least saliency, remove j, and with "surgery" add a_j to a_i
 * (exact when v_i = v_j, since then neuron i computes what j did). Repeat on the survivors.
 */

/** One greedy step: neuron `removed` is merged into neuron `kept`. */
export interface MergeStep {
  kept: number;
  removed: number;
  /** s[kept, removed] when the pair was chosen. */
  saliency: number;
  /**
   * The removed neuron's outgoing vector a_j at the time of the merge, [m] (it includes earlier
   * surgery into j). Applied to the next layer's pre-activation as a rank-one change: removal
   * subtracts t_removed a_j, surgery also adds t_kept a_j.
   */
  outgoing: Float32Array;
}

export interface MergeOptions {
  /** Add the removed neuron's outgoing weights to the kept neuron's ("surgery"). */
  surgery: boolean;
  /** Append the bias to the incoming vector (default true; docs/method.md §5 is unsure which [22] does). */
  includeBias?: boolean;
  /** Number of merges, 0..n-1 (default n - 1). The sequence is nested: k steps = first k of n - 1. */
  steps?: number;
}

/**
 * The greedy merge sequence of one hidden layer.
 * `incoming` = W^(i-1), [nPrev][n] row-major; `bias` = b^(i), [n]; `outgoing` = W^(i), [n][m] row-major.
 * Ties in saliency go to the smallest (kept, removed) pair lexicographically (docs/method.md §5).
 * Cost: O(n^2 nPrev) once for the distances, then O(n^2) per step.
 */
export function mergeSequence(
  incoming: Float32Array,
  bias: Float32Array,
  outgoing: Float32Array,
  nPrev: number,
  n: number,
  m: number,
  options: MergeOptions,
): MergeStep[] {
  checkShapes(incoming, bias, outgoing, nPrev, n, m);
  const steps = options.steps ?? n - 1;
  if (!Number.isInteger(steps) || steps < 0 || steps > Math.max(0, n - 1)) {
    throw new RangeError(`steps must be an integer in 0..${Math.max(0, n - 1)}, got ${steps}`);
  }
  // Surgery changes outgoing weights only, so the incoming distances are computed once.
  const distances = incomingDistances(incoming, bias, nPrev, n, options.includeBias ?? true);
  const weights = Float64Array.from(outgoing); // A, [n][m]: the outgoing vectors as merging goes on
  const meanSquare = new Float64Array(n); // <a_j^2>
  for (let j = 0; j < n; j++) meanSquare[j] = meanSquareOf(weights, j, m);
  const alive = new Uint8Array(n).fill(1);
  const sequence: MergeStep[] = [];
  for (let step = 0; step < steps; step++) {
    // argmin over alive i != j of s[i, j]; strict < keeps the lexicographically smallest pair.
    let best = Number.POSITIVE_INFINITY;
    let kept = -1;
    let removed = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        if (j === i || !alive[j]) continue;
        const s = distances[row + j] * meanSquare[j];
        if (s < best) {
          best = s;
          kept = i;
          removed = j;
        }
      }
    }
    if (kept < 0) throw new RangeError('no finite saliency: the weights hold NaN or overflow');
    sequence.push({
      kept,
      removed,
      saliency: best,
      outgoing: Float32Array.from(weights.subarray(removed * m, (removed + 1) * m)),
    });
    if (options.surgery) {
      // a_i <- a_i + a_j: only <a_i^2>, i.e. column i of the saliency matrix, changes.
      for (let k = 0; k < m; k++) weights[kept * m + k] += weights[removed * m + k];
      meanSquare[kept] = meanSquareOf(weights, kept, m);
    }
    weights.fill(0, removed * m, (removed + 1) * m);
    meanSquare[removed] = 0;
    alive[removed] = 0;
  }
  return sequence;
}

/**
 * The initial saliency matrix s[i, j] = <a_j^2> ||v_i - v_j||^2, [n][n] row-major (kept i, removed j),
 * with NaN on the diagonal. Same arguments as `mergeSequence`.
 */
export function saliencyMatrix(
  incoming: Float32Array,
  bias: Float32Array,
  outgoing: Float32Array,
  nPrev: number,
  n: number,
  m: number,
  includeBias = true,
): Float64Array {
  checkShapes(incoming, bias, outgoing, nPrev, n, m);
  const saliency = incomingDistances(incoming, bias, nPrev, n, includeBias);
  const weights = Float64Array.from(outgoing);
  for (let j = 0; j < n; j++) {
    const meanSquare = meanSquareOf(weights, j, m);
    for (let i = 0; i < n; i++)
      saliency[i * n + j] = i === j ? Number.NaN : saliency[i * n + j] * meanSquare;
  }
  return saliency;
}

// Dm[i, j] = ||v_i - v_j||^2 over the incoming weights (column i of W^(i-1)) and optionally the bias.
function incomingDistances(
  incoming: Float32Array,
  bias: Float32Array,
  nPrev: number,
  n: number,
  includeBias: boolean,
): Float64Array {
  const distances = new Float64Array(n * n);
  for (let p = 0; p < nPrev; p++) addSquaredDifferences(distances, incoming, p * n, n);
  if (includeBias) addSquaredDifferences(distances, bias, 0, n);
  return distances;
}

// distances[i, j] += (x_i - x_j)^2 for the length-n vector x = values[offset .. offset + n).
function addSquaredDifferences(
  distances: Float64Array,
  values: Float32Array,
  offset: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const xi = values[offset + i];
    for (let j = i + 1; j < n; j++) {
      const d = (xi - values[offset + j]) ** 2;
      distances[i * n + j] += d;
      distances[j * n + i] += d;
    }
  }
}

// <a_j^2> = (1/m) sum_k A[j, k]^2
function meanSquareOf(weights: Float64Array, j: number, m: number): number {
  if (m === 0) return 0;
  let sum = 0;
  for (let k = 0; k < m; k++) sum += weights[j * m + k] ** 2;
  return sum / m;
}

// The flat buffers must match the stated layer sizes.
function checkShapes(
  incoming: Float32Array,
  bias: Float32Array,
  outgoing: Float32Array,
  nPrev: number,
  n: number,
  m: number,
): void {
  for (const size of [nPrev, n, m]) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad layer size ${size}`);
  }
  if (incoming.length !== nPrev * n) {
    throw new RangeError(`incoming has length ${incoming.length}, expected ${nPrev} x ${n}`);
  }
  if (bias.length !== n) throw new RangeError(`bias has length ${bias.length}, expected ${n}`);
  if (outgoing.length !== n * m) {
    throw new RangeError(`outgoing has length ${outgoing.length}, expected ${n} x ${m}`);
  }
}
