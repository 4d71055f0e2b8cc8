/**
 * Fig. 15's arithmetic that the engine, the hypotheses and the rerun form share (docs/method.md §10):
 * how many steps a fine-tuning budget is, and the share of fine-tuning's gain that bias balancing
 * recovers without training. Pure.
 */

/** Steps of a budget of `epochs` epochs over `samples` images at `batchSize`: at least one. */
export const fineTuneSteps = ({
  samples,
  batchSize,
  epochs,
}: {
  samples: number;
  batchSize: number;
  epochs: number;
}) => Math.max(1, Math.round((epochs * samples) / batchSize));

/** Pruned totals up to which the recovered share sums (H6). */
export const RECOVERED_UP_TO = 75;

/**
 * Sum over 0 < k <= RECOVERED_UP_TO of (bb - zero) over the same sum of (zeroFt - zero): the
 * gain-weighted mean of the per-k share. `x` holds the pruned totals, the others accuracy per x.
 */
export function recoveredShare(
  x: readonly number[],
  zero: readonly number[],
  bb: readonly number[],
  zeroFt: readonly number[],
): number {
  let recovered = 0;
  let gained = 0;
  for (const [i, k] of x.entries()) {
    if (k === 0 || k > RECOVERED_UP_TO) continue;
    recovered += bb[i] - zero[i];
    gained += zeroFt[i] - zero[i];
  }
  return recovered / gained;
}

/**
 * What bias balancing is worth in fine-tuning steps: the step at which fine-tuning from zero first
 * reaches the accuracy that bias balancing has before any training, interpolated linearly between
 * checkpoints. A network whose fine-tuning never gets there within the budget counts at the
 * budget's total, a lower bound.
 */
export function stepsWorth(
  steps: readonly number[],
  fromZero: readonly number[],
  target: number,
): number {
  if (fromZero[0] >= target) return 0;
  for (let i = 1; i < steps.length; i++) {
    if (fromZero[i] >= target) {
      const t = (target - fromZero[i - 1]) / (fromZero[i] - fromZero[i - 1]);
      return steps[i - 1] + t * (steps[i] - steps[i - 1]);
    }
  }
  return steps[steps.length - 1];
}
