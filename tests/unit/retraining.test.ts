/**
 * Fig. 15's step arithmetic (src/lib/retraining.ts, workers/engine/figures/retraining.ts): panel
 * (c)'s checkpoints, and what bias balancing is worth in fine-tuning steps.
 */
import { describe, expect, it } from 'vitest';
import { stepsWorth } from '../../src/lib/retraining';
import { checkpointSteps } from '../../workers/engine/figures/retraining';

describe("Fig. 15's fine-tuning steps", () => {
  it('checks the fixed steps below the budget, then the budget itself', () => {
    expect(checkpointSteps(1563)).toEqual([0, 10, 30, 100, 300, 1000, 1563]);
    expect(checkpointSteps(1000)).toEqual([0, 10, 30, 100, 300, 1000]);
    expect(checkpointSteps(8)).toEqual([0, 8]);
  });

  it('finds the step at which fine-tuning from zero reaches bias balancing, between checkpoints', () => {
    const steps = [0, 10, 30, 100];
    // from 54 % to 94 % in 10 steps; bias balancing's 85 % is reached 31/40 of the way
    expect(stepsWorth(steps, [54, 94, 95, 96], 85)).toBeCloseTo(7.75, 10);
    expect(stepsWorth(steps, [54, 80, 90, 96], 85)).toBeCloseTo(20, 10);
    expect(stepsWorth(steps, [86, 90, 90, 90], 85)).toBe(0);
    // never reached within the budget: the budget, a lower bound
    expect(stepsWorth(steps, [54, 60, 70, 80], 85)).toBe(100);
  });
});
